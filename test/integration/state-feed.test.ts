// The room's state feed for a livestream's scene switching (GET /api/rooms/<token>/state-feed, Server-Sent Events),
// over a real server, a real Redis and a real host socket: it follows the host through a whole turn — each message
// carries the room's revision of the host's command that made it, and the scene and overlay the projector would show —
// the reveal is followed by the leaderboard at the projector's pace, never a score in any message; the overlay's token
// is revoked apart from the projector's, which ends its stream; a bad token is refused. The OBS scene switcher of the
// recipe (deploy/obs-scene-switcher.py, run here outside OBS) follows the feed to the scenes it is given.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventLinks } from '../../shared/protocol';
import type { StateFeedMessage } from '../../shared/scene';
import { revealOnScreenMs } from '../../shared/timeline';
import { makeEvent } from '../helpers/fixtures';
import { ok, useServer, type Client } from '../helpers/server';

const SPEED = 20;
const server = useServer({ revealSpeed: SPEED });
const ev = makeEvent({ id: 'state-feed', rooms: 2, teams: 3, judges: 5 });

/** One server-sent event, with the time it arrived here. */
interface Frame { at: number; event: string; data: unknown }

/** An open state feed: every event so far, a wait for the next one that matches, and closing it. */
interface Stream { status: number; frames: Frame[]; done: Promise<void>; next(match: (f: Frame) => boolean): Promise<Frame>; close(): void }

/** Opens the feed of `token` and parses its events as they arrive (a real streaming HTTP response). */
async function open(token: string): Promise<Stream> {
  const abort = new AbortController();
  const res = await fetch(`${server.url}/api/rooms/${token}/state-feed`, { signal: abort.signal });
  const frames: Frame[] = [];
  const waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  const done = (async () => {
    if (!res.body || res.status !== 200) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          const frame = { at: Date.now(), event, data: JSON.parse(data) as unknown };
          frames.push(frame);
          for (const w of [...waiters]) {
            if (w.match(frame)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(frame);
            }
          }
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  })();
  return {
    status: res.status, frames, done,
    next: (match) => {
      const found = frames.find(match);
      return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => abort.abort(),
  };
}

const states = (s: Stream) => s.frames.filter((f) => f.event === 'state').map((f) => f.data as StateFeedMessage);

let links: EventLinks;
let host: Client;
let admin: Client;
let feed: Stream;
beforeAll(async () => {
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  admin = await server.client({ token: await server.app.ctx.admin.createSession() });
});
afterAll(() => feed?.close());

describe('the state feed', () => {
  it('follows the host through a turn: each message carries the revision of the command that made it', async () => {
    feed = await open(links.rooms[0]!.overlay.token);
    expect(feed.status).toBe(200);
    const first = (await feed.next((f) => f.event === 'state')).data as StateFeedMessage;
    expect(first).toMatchObject({ eventId: ev.id, roomId: 'room1', phase: 'idle', scene: 'welcome', overlay: null, team: null });

    /** Runs a host command and returns the feed's message for its revision, with how long after the ack it arrived. */
    const step = async (name: Parameters<typeof ok>[1], payload: object) => {
      const { rev } = await ok(host, name, payload) as { rev: number };
      const ackAt = Date.now();
      const frame = await feed.next((f) => f.event === 'state' && (f.data as StateFeedMessage).rev === rev);
      return { message: frame.data as StateFeedMessage, afterAckMs: frame.at - ackAt };
    };
    const called = await step('room:call', { team: 'r1t1' });
    expect(called.message).toMatchObject({ phase: 'on-stage', scene: 'stage', overlay: 'lower-third', team: { id: 'r1t1', project: ev.teams[0]!.project } });
    const presenting = await step('room:start-presentation', {});
    expect(presenting.message).toMatchObject({ phase: 'presenting', scene: 'stage', overlay: 'lower-third', timer: { kind: 'presentation' } });
    expect((await step('room:start-qa', {})).message).toMatchObject({ phase: 'qa', timer: { kind: 'qa' } });
    const paused = await step('room:pause', {});
    expect(paused.message).toMatchObject({ phase: 'paused', effectivePhase: 'qa', scene: 'stage' });
    await step('room:resume', {});
    expect((await step('room:open-scoring', {})).message).toMatchObject({ phase: 'scoring', scene: 'scoring', overlay: 'lower-third' });
    for (const judge of ['r1j1', 'r1j2', 'r1j3', 'r1j4', 'r1j5']) {
      const r = await server.store.submitSheet({ eventId: ev.id, roomId: 'room1', teamId: 'r1t1', judgeId: judge,
        sid: `feed-${judge}`, values: { criteria: { solution: 20_000, model: 15_000, effect: 20_000, promotion: 10_000, ip: 4_000, defense: 8_000 } }, actor: { id: judge, role: 'judge' } });
      expect(r.ok).toBe(true);
    }
    expect((await step('room:close-scoring', {})).message).toMatchObject({ phase: 'closed', scene: 'closed' });
    const revealed = await step('room:reveal', {});
    expect(revealed.message).toMatchObject({ phase: 'revealed', scene: 'reveal', overlay: 'reveal' });
    // Then the leaderboard, once the reveal has played and been held as on the projector (same rev: no host action).
    const board = (await feed.next((f) => (f.data as StateFeedMessage).scene === 'board')).data as StateFeedMessage;
    expect(board).toMatchObject({ rev: revealed.message.rev, phase: 'revealed', overlay: 'board' });
    expect(board.serverNow - revealed.message.serverNow).toBeGreaterThanOrEqual(revealOnScreenMs(5, SPEED) - 5);
    // The host picks a screen: the feed follows the display mode.
    expect((await step('display:set-mode', { mode: 'welcome' })).message).toMatchObject({ displayMode: 'welcome', scene: 'welcome', overlay: null });
    expect((await step('display:set-mode', { mode: 'leaderboard' })).message).toMatchObject({ scene: 'board', overlay: 'board' });
    await step('display:set-mode', { mode: 'auto' });
    for (const team of ['r1t2', 'r1t3']) {
      await ok(host, 'room:call', { team });
      await ok(host, 'room:mark-absent', { team, reason: '缺席（测试）' });
    }
    const finished = await step('room:finish', {});
    expect(finished.message).toMatchObject({ phase: 'finished', scene: 'ceremony', overlay: 'ceremony', team: null });

    // Every message names the phase and screen, and nothing of a score: no reveal, no totals, no rank.
    const all = states(feed);
    for (const m of all) {
      expect(Object.keys(m).sort()).toEqual(['displayMode', 'effectivePhase', 'eventId', 'overlay', 'phase', 'rev', 'roomId', 'roomName',
        'scene', 'serverNow', 'team', 'timer'].sort());
    }
    expect(JSON.stringify(all)).not.toMatch(/score|reveal"\s*:\s*\{|judges|rank/i);
    // Each change is sent once: no two messages in a row say the same.
    const keys = all.map(({ serverNow: _, ...rest }) => JSON.stringify(rest));
    expect(keys.every((k, i) => i === 0 || k !== keys[i - 1])).toBe(true);
    console.log(`state feed after the host's ack: at most ${Math.max(called.afterAckMs, presenting.afterAckMs, revealed.afterAckMs, finished.afterAckMs)} ms`);
  });

  it('takes the projector’s token too, and refuses any other', async () => {
    const projector = await open(links.rooms[0]!.display.token);
    expect(projector.status).toBe(200);
    expect(((await projector.next((f) => f.event === 'state')).data as StateFeedMessage).phase).toBe('finished');
    projector.close();
    for (const token of [links.rooms[0]!.host.token, links.supervisor.token, 'x'.repeat(27), 'not a token!']) {
      const res = await fetch(`${server.url}/api/rooms/${encodeURIComponent(token)}/state-feed`);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('ends when the overlay link is revoked, which leaves the projector’s link working', async () => {
    const old = links.rooms[0]!.overlay.token;
    const regenerated = await ok(admin, 'admin:regenerate-token', { eventId: ev.id, role: 'overlay', subject: 'room1' });
    expect(regenerated.url).toBe(`/overlay/${regenerated.token}`);
    const end = await feed.next((f) => f.event === 'end');
    expect(end.data).toEqual({ problem: 'revoked' });
    await feed.done;
    expect((await fetch(`${server.url}/api/rooms/${old}/state-feed`)).status).toBe(401);
    await expect(server.client({ token: old })).rejects.toThrow('UNAUTHORIZED');
    const overlay = await server.client({ token: regenerated.token });
    expect(await server.hello(overlay)).toMatchObject({ role: 'display', roomId: 'room1' });
    const projector = await server.client({ token: links.rooms[0]!.display.token });
    expect(await server.hello(projector)).toMatchObject({ role: 'display', roomId: 'room1' });
    const links2 = await ok(admin, 'admin:links', { eventId: ev.id });
    expect(links2.rooms[0]!.overlay.token).toBe(regenerated.token);
    expect(links2.rooms[0]!.display.token).toBe(links.rooms[0]!.display.token);
  });
});

describe('the OBS scene switcher of docs/obs.md', () => {
  it('follows the feed to the scene named for each overlay', async () => {
    const room2 = await server.client({ token: links.rooms[1]!.host.token });
    const script = resolve(import.meta.dirname, '..', '..', 'deploy', 'obs-scene-switcher.py');
    const child = spawn('python3', [script, `${server.url}/api/rooms/${links.rooms[1]!.overlay.token}/state-feed`,
      'none=全景', 'lower-third=台上+字幕', 'reveal=亮分', 'board=排行榜', 'ceremony=颁奖'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines: Array<{ rev: number; phase: string; overlay: string | null; scene: string }> = [];
    const waiting: Array<() => void> = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(JSON.parse(line) as (typeof lines)[number]);
      for (const w of waiting.splice(0)) w();
    });
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise<void>((r) => waiting.push(r));
    };
    const sceneAt = async (rev: number) => {
      await until(() => lines.some((l) => l.rev === rev));
      return lines.filter((l) => l.rev === rev).at(-1)!.scene;
    };
    try {
      await until(() => lines.length > 0);
      expect(lines[0]).toMatchObject({ phase: 'idle', overlay: null, scene: '全景' });
      expect(await sceneAt((await ok(room2, 'room:call', { team: 'r2t1' })).rev)).toBe('台上+字幕');
      expect(await sceneAt((await ok(room2, 'display:set-mode', { mode: 'leaderboard' })).rev)).toBe('排行榜');
      expect(await sceneAt((await ok(room2, 'display:set-mode', { mode: 'welcome' })).rev)).toBe('全景');
      expect(await sceneAt((await ok(room2, 'display:set-mode', { mode: 'auto' })).rev)).toBe('台上+字幕');
    } finally {
      child.kill();
    }
  });
});
