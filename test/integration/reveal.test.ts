// The reveal as the audience lives it, over real sockets and a real Redis: phones (and a phone that connects or syncs
// in the middle) receive a team's final score, rank and prize only once the room's projector has shown them on its
// reveal timeline (shared/timeline.ts), and every slot of the panel is on the reveal, numbered the same for every team.
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventConfig } from '../../shared/domain';
import type { BoardView, RevealView, RoomView } from '../../shared/protocol';
import { revealShownAt } from '../../shared/timeline';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, useServer, type Client } from '../helpers/server';

const SPEED = 4;
const server = useServer({ revealSpeed: SPEED });
const sockets: Client[] = [];
afterAll(() => { for (const s of sockets) s.disconnect(); });

/** Every message a socket receives, with the time it arrived. */
type Frame = { at: number; name: string; payload: unknown };

async function connect(auth: Record<string, unknown>): Promise<{ socket: Client; frames: Frame[] }> {
  const socket: Client = io(server.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
  sockets.push(socket);
  const frames: Frame[] = [];
  socket.onAny((name: string, payload: unknown) => frames.push({ at: Date.now(), name, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
    socket.connect();
  });
  return { socket, frames };
}

/** Whether a message tells anything final about `team`: its score, rank or prize (a reveal, or a board row). */
function tellsResult(name: string, payload: unknown, team: string): boolean {
  const reveals: Array<RevealView | null | undefined> = [];
  const boards: BoardView[] = [];
  if (name === 'room:snapshot') reveals.push((payload as RoomView).reveal);
  if (name === 'room:patch') reveals.push((payload as { set: Partial<RoomView> }).set.reveal);
  if (name === 'audience:welcome') {
    const w = payload as { rooms: RoomView[]; boards: BoardView[] };
    reveals.push(...w.rooms.map((r) => r.reveal));
    boards.push(...w.boards);
  }
  if (name === 'board:leaderboard') boards.push(payload as BoardView);
  return reveals.some((r) => r?.team === team) || boards.some((b) => b.rows.some((r) => r.team.id === team));
}

function firstResult(frames: Frame[], team: string): number | null {
  return frames.find((f) => tellsResult(f.name, f.payload, team))?.at ?? null;
}

/** Calls `team`, has the panel's judges listed in `totals` (by judge id, milli-points) score it, and closes scoring. */
async function scoreTeam(ev: EventConfig, host: Client, team: string, totals: Record<string, number>): Promise<void> {
  await ok(host, 'room:call', { team });
  await ok(host, 'room:open-scoring', {});
  for (const [judge, total] of Object.entries(totals)) {
    const r = await server.store.submitSheet({ eventId: ev.id, roomId: 'room1', teamId: team, judgeId: judge,
      sid: `${ev.id}-${team}-${judge}`, values: { total }, actor: { id: judge, role: 'judge' } });
    expect(r.ok).toBe(true);
  }
  await ok(host, 'room:close-scoring', { reason: '测试：一位评委未评分' });
}

function singleTotal(id: string): EventConfig {
  const ev = makeEvent({ id, teams: 3, judges: 5, track: { criteria: [], total: { maxMilli: 100_000, stepMilli: 10 } } });
  ev.tracks[0]!.rules.criteriaOrder = [];
  ev.recusals = [{ team: 'r1t1', judge: 'r1j3', reason: '同单位' }];
  return ev;
}

describe('the reveal to the audience', () => {
  it('reaches phones (connected before, connecting and syncing mid-reveal) only when the projector has shown it', async () => {
    const ev = singleTotal('reveal-pace');
    const links = await server.setup(ev);
    const host = (await connect({ token: links.rooms[0]!.host.token })).socket;
    const display = await connect({ token: links.rooms[0]!.display.token });
    const early = await connect({ audience: ev.id });
    await scoreTeam(ev, host, 'r1t1', { r1j1: 81_230, r1j2: 77_770, r1j4: 68_880, r1j5: 85_550 });

    const sentAt = Date.now();
    await ok(host, 'room:reveal', {});
    // The projector's timeline starts when its display receives the reveal.
    await eventually(() => expect(firstResult(display.frames, 'r1t1')).not.toBeNull());
    const frame = display.frames.find((f) => f.name === 'room:patch' && tellsResult(f.name, f.payload, 'r1t1'))!;
    const projectorAt = frame.at;
    const reveal = (frame.payload as { set: Partial<RoomView> }).set.reveal!;
    const shownAt = projectorAt + revealShownAt(reveal.judges.length, SPEED);
    expect(shownAt - projectorAt).toBeGreaterThan(1000);

    // Halfway through the projector's reveal: a phone connects, and the early phone asks for a fresh sync.
    await new Promise((r) => setTimeout(r, (shownAt - Date.now()) / 2));
    const late = await connect({ audience: ev.id });
    const syncAt = Date.now();
    const synced = await ok(early.socket, 'room:sync', {});
    const syncedBack = Date.now();
    await eventually(() => expect(late.frames.some((f) => f.name === 'audience:welcome')).toBe(true));
    expect(syncedBack).toBeLessThan(shownAt);
    expect(synced.every((v) => v.reveal === null && v.phase === 'closed')).toBe(true);
    expect(syncAt).toBeGreaterThan(sentAt);

    // Both phones get the result, neither before the projector shows it (its score, then its rank and prize).
    for (const phone of [early, late]) {
      await eventually(() => {
        expect(firstResult(phone.frames, 'r1t1')).not.toBeNull();
        const room = [...phone.frames].reverse().find((f) => f.name === 'room:patch' || f.name === 'audience:welcome');
        expect(room).toBeDefined();
      }, 10_000);
      expect(firstResult(phone.frames, 'r1t1')!).toBeGreaterThanOrEqual(sentAt + revealShownAt(reveal.judges.length, SPEED));
      expect(firstResult(phone.frames, 'r1t1')!).toBeGreaterThanOrEqual(shownAt - 500);
    }
    // Every phone ends on the same reveal and board as the host, who saw them at once.
    await eventually(() => {
      const patch = early.frames.filter((f) => f.name === 'room:patch').map((f) => f.payload as { set: Partial<RoomView> });
      expect(patch.some((p) => p.set.reveal?.score === reveal.score)).toBe(true);
      const board = early.frames.filter((f) => f.name === 'board:leaderboard').at(-1)?.payload as BoardView | undefined;
      expect(board?.rows.map((r) => r.team.id)).toEqual(['r1t1']);
    }, 10_000);
  });

  it('shows every slot of the panel: a recused judge as recused, a missing one as missing, numbered the same for every team', async () => {
    const ev = singleTotal('reveal-slots');
    const links = await server.setup(ev);
    const host = (await connect({ token: links.rooms[0]!.host.token })).socket;
    await scoreTeam(ev, host, 'r1t1', { r1j1: 81_230, r1j2: 77_770, r1j4: 68_880 });
    const scoring = server.app.ctx.views;
    const closed = await scoring.room(ev, ev.rooms[0]!);
    expect(closed.progress).toEqual({ expected: 4, submitted: [1, 2, 4], recused: [3] });
    await ok(host, 'room:reveal', {});
    const first = (await scoring.room(ev, ev.rooms[0]!)).reveal!;
    expect(first.judges.map((j) => [j.slot, j.status, j.total])).toEqual([
      [1, 'scored', '81.23'], [2, 'scored', '77.77'], [3, 'recused', null], [4, 'scored', '68.88'], [5, 'missing', null],
    ]);
    expect(first.final).toBe(false);

    await scoreTeam(ev, host, 'r1t2', { r1j1: 70_010, r1j2: 71_110, r1j3: 72_220, r1j4: 73_330, r1j5: 74_440 });
    await ok(host, 'room:reveal', {});
    const second = (await scoring.room(ev, ev.rooms[0]!)).reveal!;
    // 评委 3 is r1j3 here too: its total, in slot 3.
    expect(second.judges.map((j) => [j.slot, j.total])).toEqual([[1, '70.01'], [2, '71.11'], [3, '72.22'], [4, '73.33'], [5, '74.44']]);
    expect(second.final).toBe(false);

    await scoreTeam(ev, host, 'r1t3', { r1j1: 60_010, r1j2: 61_110, r1j3: 62_220, r1j4: 63_330, r1j5: 64_440 });
    await ok(host, 'room:reveal', {});
    // The track's last team: its rank and the board are final.
    expect((await scoring.room(ev, ev.rooms[0]!)).reveal!.final).toBe(true);
    expect((await scoring.board(ev, 'T01')).final).toBe(true);
  });
});
