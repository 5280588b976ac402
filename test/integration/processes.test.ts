// Two server processes behind one Redis (socket.io Redis adapter): a host on process A reaches displays and the
// audience on process B, a judge on B (and its tablet's report) is seen by the host on A, and a reveal on A reaches B's leaderboards.
import { spawn, type ChildProcess } from 'node:child_process';
import { io as connect } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { Tokens } from '../../server/auth';
import { freePort } from '../../server/redis/embedded';
import { Store } from '../../server/store/index';
import { RoomMirror } from '../../shared/mirror';
import type { BoardView, PanelView } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { useRealRedis } from '../helpers/redis';
import { eventually, ok, type Client } from '../helpers/server';

const redis = useRealRedis();
const children: ChildProcess[] = [];
const sockets: Client[] = [];
afterAll(() => {
  for (const s of sockets) s.disconnect();
  for (const c of children) c.kill('SIGTERM');
});

async function startProcess(): Promise<string> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(port), REDIS_URL: redis.server.url }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const until = Date.now() + 30_000;
  while (!out.includes('Listening on')) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return `http://127.0.0.1:${port}`;
}

/** Connects, with listeners bound by `listen` before the first message can arrive. */
function client(url: string, auth: Record<string, unknown>, listen: (s: Client) => void = () => undefined): Promise<Client> {
  return new Promise((resolve, reject) => {
    const s: Client = connect(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(s);
    listen(s);
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

describe('two server processes on one Redis', () => {
  it('carry every topic across processes', async () => {
    const store = new Store(redis.connect());
    const ev = makeEvent({ id: 'two', teams: 2, judges: 3 });
    await store.saveEvent(ev);
    const tokens = new Tokens(store.redis);
    const [a, b] = await Promise.all([startProcess(), startProcess()]);

    const panels: PanelView[] = [];
    const host = await client(a, { token: await tokens.ensure(ev.id, 'host', 'room1') }, (s) => s.on('room:panel', (p) => panels.push(p)));
    const mirrors = [new RoomMirror(), new RoomMirror()];
    const boards: BoardView[] = [];
    const follow = (i: number) => (s: Client) => {
      s.on('room:snapshot', (v) => void mirrors[i]!.snapshot(v));
      s.on('room:patch', (p) => {
        if (mirrors[i]!.patch(p) === 'needs-sync') void ok(s, 'room:sync', {}).then((vs) => vs.forEach((v) => mirrors[i]!.snapshot(v)));
      });
      s.on('board:leaderboard', (v) => boards.push(v));
      s.on('audience:welcome', (w) => {
        w.rooms.forEach((v) => mirrors[i]!.snapshot(v));
        boards.push(...w.boards);
      });
    };
    await client(b, { token: await tokens.ensure(ev.id, 'display', 'room1') }, follow(0));
    await client(b, { audience: ev.id }, follow(1));
    await eventually(() => mirrors.forEach((m) => expect(m.rooms.get('room1')).toBeDefined()));

    await ok(host, 'room:call', { team: 'r1t1' });
    await eventually(() => mirrors.forEach((m) => expect(m.rooms.get('room1')).toMatchObject({ phase: 'on-stage', team: { id: 'r1t1' } })));

    const judges = await Promise.all(ev.rooms[0]!.panel.map(async (j) => client(b, { token: await tokens.ensure(ev.id, 'judge', j) })));
    await eventually(() => expect(panels.at(-1)?.judges.every((j) => j.connected)).toBe(true));
    await ok(host, 'room:open-scoring', {});
    for (const [i, judge] of judges.entries()) {
      await ok(judge, 'score:submit', { sid: `two-process-${i}`, team: 'r1t1', values: { criteria: {
        solution: 20000 + i * 1000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } } });
    }
    await eventually(() => expect(panels.at(-1)?.judges.filter((j) => j.submittedAt !== null)).toHaveLength(3));
    // The display follows every sheet; the audience hears of them with the close.
    await eventually(() => expect(mirrors[0]!.rooms.get('room1')!.progress).toEqual({ expected: 3, submitted: [1, 2, 3], recused: [] }));
    await ok(host, 'room:close-scoring', {});
    await eventually(() => expect(mirrors[1]!.rooms.get('room1')).toMatchObject({ phase: 'closed', progress: { expected: 3, submitted: [1, 2, 3] } }));
    await ok(host, 'room:reveal', {});
    // 77 + 78 + 79 over 3 judges (fewer than 5: nothing dropped) = 78.00; the audience on B gets it once the projector
    // has played the reveal (7.2 s at speed 1), released by A.
    await eventually(() => mirrors.forEach((m) => expect(m.rooms.get('room1')!.reveal).toMatchObject({ team: 'r1t1', score: '78.00', rank: 1 })), 15_000);
    await eventually(() => expect(boards.at(-1)?.rows.map((r) => [r.team.id, r.score])).toEqual([['r1t1', '78.00']]), 15_000);

    // A tablet's report on B reaches the host's panel board on A: it is kept in Redis, not in B's memory.
    await ok(judges[1]!, 'judge:status', { visible: false, team: 'r1t1', outbox: 1, battery: 0.1 });
    await eventually(() => expect(panels.at(-1)?.judges[1]?.tablet).toMatchObject({ visible: false, team: 'r1t1', outbox: 1, battery: 0.1 }));

    judges[0]!.disconnect();
    await eventually(() => expect(panels.at(-1)?.judges.filter((j) => j.connected)).toHaveLength(2));
    store.redis.disconnect();
  }, 60_000);
});
