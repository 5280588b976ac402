// A room's state feed for a livestream's scene switching: GET /api/rooms/<token>/state-feed, Server-Sent Events, with
// the room's display or overlay token. Each connection follows its room as a headless projector would: a socket.io
// client of this very server, authenticated with the same token, so it hears exactly what a display hears (the display
// role's topics of server/topics.ts: never a score before the reveal; a change made in another server process arrives
// through the Redis adapter like any broadcast; a revoked token ends it). From the room view and the leaderboards it
// derives the projector's scene and the overlay (shared/scene.ts), with the projector's reveal pacing, and sends a
// small JSON message whenever one of them changes: at once, in the tick the room's change arrives.
import type { Request, Response, Router } from 'express';
import express from 'express';
import { io as connect, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { ceremonySteps, roomTrackIds } from '../shared/ceremony';
import { RoomFeed, type FeedEvent } from '../shared/feed';
import { effectivePhase } from '../shared/phases';
import type { BoardView, ClientToServerEvents, RoomView, ServerToClientEvents } from '../shared/protocol';
import { overlayOf, sceneOf, type StateFeedMessage } from '../shared/scene';
import { revealOnScreenMs } from '../shared/timeline';
import type { Ctx } from './handlers/context';

/** A comment line this often keeps proxies and OBS from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

/** The address of this server as the request reached it (its own socket's local end): where the feed's client connects. */
function selfUrl(req: Request): string {
  const local = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  return `http://${local.includes(':') ? `[${local}]` : local}:${req.socket.localPort}`;
}

/** A link's token, as the route takes it: what server/auth.ts issues (URL-safe base64), nothing else is looked up. */
const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{16,100}$/);

/** Follows one room as its projector does and calls `send` with each new state (not again for the same one). */
export class RoomState {
  private readonly feed: RoomFeed;
  private readonly boards = new Map<string, BoardView>();
  private reveal: { team: string; over: boolean } | null = null;
  private revealTimer: ReturnType<typeof setTimeout> | undefined;
  private last = '';
  private seen = false;

  constructor(private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>, private readonly revealSpeed: number,
    private readonly send: (message: StateFeedMessage) => void, private readonly ended: (problem: string) => void) {
    this.feed = new RoomFeed(socket, { timers: globalThis, onEvent: (e) => this.onFeed(e) });
    socket.on('board:leaderboard', (board) => {
      this.boards.set(board.trackId, board);
      this.update();
    });
  }

  /** Stops following (the client went away). */
  stop(): void {
    clearTimeout(this.revealTimer);
    this.feed.stop();
    this.socket.disconnect();
  }

  private onFeed(e: FeedEvent): void {
    if (e.type === 'problem') this.ended(e.problem);
    else if (e.type === 'rooms') this.update();
  }

  private room(): RoomView | null {
    const roomId = this.feed.state.hello?.roomId;
    return roomId ? this.feed.rooms.get(roomId) ?? null : null;
  }

  /** The reveal's pacing, as on the projector: a reveal seen live plays, one found on connecting is shown settled. */
  private paceReveal(room: RoomView): void {
    const team = effectivePhase(room) === 'revealed' ? room.reveal?.team ?? null : null;
    if (team === null) {
      clearTimeout(this.revealTimer);
      this.reveal = null;
    } else if (this.reveal?.team !== team) {
      clearTimeout(this.revealTimer);
      const reveal = { team, over: false };
      this.reveal = reveal;
      this.revealTimer = setTimeout(() => {
        reveal.over = true;
        this.update();
      }, revealOnScreenMs(room.reveal!.judges.length, this.revealSpeed, this.seen));
    }
    this.seen = true;
  }

  private update(): void {
    const room = this.room();
    if (!room) return;
    this.paceReveal(room);
    const phase = effectivePhase(room);
    const boards = roomTrackIds(room).flatMap((id) => (this.boards.has(id) ? [this.boards.get(id)!] : []));
    const withRows = boards.filter((b) => b.rows.length > 0);
    const ceremonyStep = ceremonySteps(withRows)[room.ceremonyStep] !== undefined;
    const scene = sceneOf({
      phase, mode: room.displayMode, hasTeam: room.team !== null, hasReveal: room.reveal !== null, revealOver: this.reveal?.over ?? false,
      ceremonyStep, boardsWithRows: withRows.length > 0, drawn: room.drawSeed !== null,
    });
    const team = room.team && { id: room.team.id, project: room.team.project, name: room.team.name, leadOrg: room.team.leadOrg, trackName: room.team.trackName };
    const state: Omit<StateFeedMessage, 'serverNow'> = {
      eventId: room.eventId, roomId: room.roomId, roomName: room.roomName, rev: room.rev, phase: room.phase, effectivePhase: phase,
      displayMode: room.displayMode, scene, overlay: overlayOf(null, scene, { team: team !== null, board: boards.length > 0, ceremony: ceremonyStep }),
      team, timer: room.timer,
    };
    const key = JSON.stringify(state);
    if (key === this.last) return;
    this.last = key;
    this.send({ ...state, serverNow: Date.now() });
  }
}

/**
 * The state feed's route, over the server's shared parts; `revealSpeed`: the pace of the projectors' reveals. `close`
 * ends every open stream (the server is stopping).
 */
export function stateFeedRoutes(ctx: Ctx, revealSpeed: number): { router: Router; close(): void } {
  const router = express.Router();
  const open = new Set<Response>();
  router.get('/api/rooms/:token/state-feed', async (req: Request, res: Response) => {
    const parsed = tokenParam.safeParse(req.params.token);
    const token = parsed.success ? parsed.data : '';
    const grant = parsed.success ? await ctx.tokens.lookup(token) : null;
    if (grant?.role !== 'display' || !grant.roomId) {
      res.status(401).json({ ok: false, error: { code: 'UNAUTHORIZED', message: 'use the room’s projector or overlay link' } });
      return;
    }
    // no-transform: the compression middleware leaves the stream alone; nginx is told not to buffer it.
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no',
    });
    res.write('retry: 1000\n\n');
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(selfUrl(req), {
      auth: { token }, transports: ['websocket'], forceNew: true, reconnectionDelay: 250, reconnectionDelayMax: 1000,
    });
    const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
    const state = new RoomState(socket, revealSpeed, (message) => {
      res.write(`event: state\ndata: ${JSON.stringify(message)}\n\n`);
    }, (problem) => {
      res.write(`event: end\ndata: ${JSON.stringify({ problem })}\n\n`);
      res.end();
    });
    open.add(res);
    res.on('close', () => {
      open.delete(res);
      clearInterval(keepalive);
      state.stop();
    });
  });
  return {
    router,
    close: () => {
      for (const res of open) res.end();
    },
  };
}
