// `npm run bench`: submit→ack latency with 17 rooms x 9 judges scoring while N audience sockets watch; reveal→received
// by every display and audience socket at N = 1,000 / 5,000 / 10,000 against the floor (a bare ws server sending the
// same bytes to the same N sockets); server memory per audience socket; the same on two server processes (Redis adapter).
// Clients run in separate processes on loopback. Options: --sizes 1000,5000,10000  --workers 4  --rounds 6
// --reveals 17  --no-two  --write (put the figures into BENCHMARKS.md between its bench markers)  --profile (CPU
// profiles of each server process while the phones connect and over the spread submit rounds, in .tmp/)  --no-nginx
// (skip the run of 3 processes behind nginx at the largest N)  --no-flood (skip the flood section)  --heartbeat 25000
// (the servers' ping interval, LIMITS.heartbeat: what the phones' heartbeat costs the judges). Every goal of issue 18 is
// read as a ratio to its floor in the same run (the goals table at the end).
// The flood section (issue 12): a judge's submit→ack with no flood, then while 1 and 50 audience sockets flood invalid
// commands from another process, then while 2,000 phones connect and drop; each p99 against the no-flood p99 of the
// same run. Options: --only flood (this section alone)  --flood-ms 8000 (each phase)  --churn 2000.
// The voters section (issue 16): the judges' submit→ack while 5,000 voters connect and cast their ballots within 60 s,
// against phases without voters; every ballot checked counted once. Options: --only voters  --voters 5000
// --vote-ms 60000  --vote-rounds 2.
// The visit section (test/bench/visit.ts), alone with --only visit: a phone's first and repeat visit to /live/<event>
// in Chromium, in bytes on the wire. The pub/sub section (test/bench/pubsub.ts), alone with --only pubsub: what one
// broadcast through the Redis adapter costs Redis and the processes, with 2 to 50 subscribers.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { Tokens } from '../../server/auth';
import { freePort } from '../../server/redis/embedded';
import { BROTLI_STATIC_MODULE, nginxConf, writeNginxPrefix } from '../../server/cli/nginx-conf';
import { Store } from '../../server/store/index';
import { eventKeys } from '../../server/store/keys';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { Child } from './lib/child';
import { ROOT, sleep, TestRedisProcess } from './lib/procs';
import { measurePubsub, pubsubReport } from './pubsub';
import { measureVisits, visitReport } from './visit';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
}
const SIZES = option('sizes', '1000,5000,10000').split(',').map(Number);
const WORKERS = Number(option('workers', '4'));
const ROUNDS = Number(option('rounds', '6'));
const WINDOW_MS = Number(option('window-ms', '10000'));
const ROOMS = 17;
const JUDGES = 9;
const REVEALS = Math.min(ROOMS, Number(option('reveals', String(ROOMS))));
const TWO = !process.argv.includes('--no-two');
/** A run of 3 server processes behind nginx (deploy/nginx.conf) at the largest N. */
const NGINX = !process.argv.includes('--no-nginx');
/** The flood section after the runs (skip it with --no-flood). */
const FLOOD = !process.argv.includes('--no-flood');
const WRITE = process.argv.includes('--write');
/** Writes CPU profiles of each server process (the phones connecting; the spread submit rounds) to .tmp/. */
const PROFILE = process.argv.includes('--profile');
/** The servers' heartbeat interval in ms (--heartbeat), or theirs (LIMITS.heartbeat). */
const HEARTBEAT = process.argv.includes('--heartbeat') ? String(Number(process.argv[process.argv.indexOf('--heartbeat') + 1])) : '';
const ONLY = option('only', '');
const FLOOD_MS = Number(option('flood-ms', '8000'));
const CHURN = Number(option('churn', '2000'));
/** How many times the flood section runs its sequence of attacks (each between phases of no attack). */
const FLOOD_ROUNDS = Number(option('flood-rounds', '3'));
const VOTERS = Number(option('voters', '5000'));
const VOTE_MS = Number(option('vote-ms', '60000'));
const VOTE_ROUNDS = Number(option('vote-rounds', '2'));
const log = (line: string) => console.log(line);
const LOAD_START = loadavg().map((x) => x.toFixed(1)).join(' / ');

/** Nearest-rank percentile of a sorted list. */
function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p99: pct(s, 99), max: s.at(-1) ?? NaN };
};
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** What one run measured. */
interface Run {
  label: string;
  n: number;
  processes: number;
  /** Per reveal: p50, p99, max over every receiving socket, ms. */
  reveals: Array<{ p50: number; p99: number; max: number; receivers: number }>;
  ack?: { n: number; p50: number; p99: number; max: number; refused: number; burst: { n: number; p50: number; p99: number; max: number };
    /** One sheet from every judge during the first WINDOW_MS of the N phones connecting. */
    storm: { n: number; p50: number; p99: number; max: number };
    /** The floor of a judge's wait: a bare SET of the same bytes to the same Redis (same fsync), from the judges' process. */
    floor: { n: number; p50: number; p99: number; max: number };
    /** The same floor during the first WINDOW_MS of the N phones connecting. */
    stormFloor: { n: number; p50: number; p99: number; max: number };
    /**
     * The floor of a server between a tablet and Redis: the same bytes through a bare socket.io server that SETs them
     * and acknowledges (hop-server.ts, no phones), at moments of their own in the same spread windows.
     */
    hop: { n: number; p50: number; p99: number; max: number } };
  memory?: { rssPerSocket: number; heapPerSocket: number; externalPerSocket: number; rssBefore: number; rssAfter: number };
  connectMs: number;
  /** The floor's only: the time to connect as many phones to the hop server, a bare socket.io server (ms). */
  hopConnectMs?: number;
  /** Sockets the server dropped during the run (missed heartbeats under load). */
  lost?: number;
  /** The busiest server process's CPU use during the spread submit rounds (1 = one core). */
  serverBusy?: number;
  /** The busiest server process's event-loop delay and GC pauses during the spread submit rounds (ms). */
  serverLoop?: { p99: number; max: number; gcCount: number; gcMax: number };
  /** The server's own time per sheet (packet read → ack handed back), over the spread rounds (ms; busiest process). */
  serverSubmit?: { n: number; p50: number; p99: number; max: number };
  /**
   * The slowest 1 % of sheets in the server: how many, how many spent most of their time in the store's call (Redis),
   * how many fell in a second with an AOF fsync over 2 ms, and the most GC pause time within one of them (ms).
   */
  slowest?: { n: number; inStore: number; withFsync: number; gcMax: number };
}

const ev = makeEvent({ id: 'bench', rooms: ROOMS, teams: 8, judges: JUDGES });
/** A phone's handshake as the live page sends it on a first visit: its welcome asked for packed (display/live/welcome.ts). */
const PHONE = { audience: ev.id, welcome: { deflate: true, have: null } };
let redis: TestRedisProcess;
let store: Store;
let tokens: Tokens;
let runIndex = 0;
const teamCursor = new Array<number>(ROOMS).fill(0);

function sheet(seed: number) {
  let x = (seed * 2654435761) % 4294967296;
  const next = (max: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x % (max + 1)) * 1000;
  };
  return { criteria: { solution: next(25), model: next(20), effect: next(25), promotion: next(15), ip: next(5), defense: next(10) } };
}

async function command(socket: Client, name: string, payload: unknown): Promise<void> {
  const emit = socket.timeout(60_000).emitWithAck as unknown as (n: string, p: unknown) => Promise<Ack<unknown>>;
  const ack = await emit.call(socket, name, payload);
  if (!ack.ok) throw new Error(`${name}: ${ack.error.code} ${ack.error.message}`);
}

function connectHost(url: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const s: Client = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

/**
 * Splits `n` audience sockets (plus `extra` watchers, each for one room or for all) over the workers; worker w connects
 * to urls[w % urls.length] from 200 loopback addresses of its own.
 */
async function connectAudience(workers: Child[], group: string, urls: string[], n: number, auth: Record<string, unknown>,
  extra: (w: number) => Array<{ auth: Record<string, unknown>; room: string | null }>) {
  runIndex += 1;
  const t0 = Date.now();
  await Promise.all(workers.map((w, i) => {
    const count = Math.floor(n / workers.length) + (i < n % workers.length ? 1 : 0);
    const auths = [...Array.from({ length: count }, () => auth), ...extra(i).map((x) => x.auth)];
    const rooms = [...Array.from({ length: count }, () => null), ...extra(i).map((x) => x.room)];
    return w.ask({ type: 'watch', group, url: urls[i % urls.length], auths, rooms, localAddress: `127.${10 + runIndex}.${i + 1}.*`, concurrency: 16 }, 900_000);
  }));
  return Date.now() - t0;
}

/** Arms every worker for `team`, runs `fire`, and waits until every connected socket that should have the reveal has it. */
async function measureReveal(workers: Child[], group: string, team: string, room: string | null, fire: () => Promise<bigint>) {
  await Promise.all(workers.map((w) => w.ask({ type: 'arm', team, room, group })));
  const t0 = await fire();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const counts = await Promise.all(workers.map((w) => w.ask<{ count: number; expected: number; lost: number }>({ type: 'collect' })));
    if (counts.every((c) => c.count >= c.expected) || Date.now() > deadline) {
      const answers = await Promise.all(workers.map((w) => w.ask<{ received: string[]; frame: string | null; expected: number; lost: number }>({ type: 'collect', full: true })));
      const received = answers.flatMap((a) => a.received);
      const ms = received.map((r) => Number(BigInt(r) - t0) / 1e6);
      return { ...stats(ms), receivers: received.length, expected: answers.reduce((a, x) => a + x.expected, 0),
        lost: answers.reduce((a, x) => a + x.lost, 0), frame: answers.find((a) => a.frame)?.frame ?? null };
    }
    await sleep(50);
  }
}

async function serverMemory(servers: Child[]) {
  const ms = await Promise.all(servers.map((s) => s.ask<{ rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number; clients: number }>({ type: 'mem' })));
  return ms.reduce((a, m) => ({ rss: a.rss + m.rss, heap: a.heap + m.heapUsed, heapTotal: a.heapTotal + m.heapTotal, external: a.external + m.external, clients: a.clients + m.clients }),
    { rss: 0, heap: 0, heapTotal: 0, external: 0, clients: 0 });
}

/**
 * Our server (1 or 2 processes) with N audience sockets, 17 displays, 153 judges and 17 hosts; with `withFloor`, the
 * floor server too, with N + 1 sockets of the same client processes: each reveal is followed at once by the floor
 * sending the same bytes, so both are measured under the same load of a shared machine.
 */
async function runOurs(n: number, processes: number, workers: Child[], judgeWorker: Child, withFloor: boolean, viaNginx = false): Promise<Run[]> {
  const label = processes === 1 ? 'socket.io server' : viaNginx ? `socket.io, ${processes} processes behind nginx` : `socket.io, ${processes} processes (Redis adapter)`;
  log(`\n${label}, N = ${n}`);
  const servers: Child[] = [];
  const ports: number[] = [];
  for (let p = 0; p < processes; p++) {
    const port = await freePort();
    servers.push(Child.start(`server-${p}`, 'bench-server.ts', { REDIS_URL: redis.url, PORT: String(port), SHARE: '1', TRUST_PROXY: viaNginx ? '127.0.0.1' : '', HEARTBEAT_MS: HEARTBEAT }, ['--expose-gc']));
    ports.push(port);
  }
  // The hop server, beside ours for the whole run: the floor of a server in the judges' path (hop-server.ts).
  const hop = Child.start('hop', 'hop-server.ts', { REDIS_URL: redis.url, HEARTBEAT_MS: HEARTBEAT });
  await Promise.all([...servers.map((s) => s.ready), hop.ready]);
  const proxy = viaNginx ? await startNginx(ports) : null;
  // Behind nginx every client goes to nginx, which keeps each address on one process; else to the processes in turn.
  const urls = proxy ? [proxy.url] : ports.map((port) => `http://127.0.0.1:${port}`);
  const hosts: Client[] = [];
  let floor: Child | null = null;
  let floorHost: WebSocket | null = null;
  try {
    for (const room of ev.rooms) hosts.push(await connectHost(urls[0]!, await tokens.ensure(ev.id, 'host', room.id)));
    const judgeIds = ev.rooms.flatMap((r) => r.panel);
    // Judges alternate between the processes (their sheets' broadcasts then start on either).
    const judgeAuths = await Promise.all(judgeIds.map(async (j) => ({ token: await tokens.ensure(ev.id, 'judge', j) })));
    const parts = urls.length;
    for (let u = 0; u < parts; u++) {
      // Behind nginx the tablets come from addresses of their own (nginx spreads them over the processes).
      await judgeWorker.ask({ type: 'judges', url: urls[u], auths: judgeAuths.filter((_, i) => i % parts === u), ...(proxy ? { localAddress: `127.9.${runIndex + 1}.*` } : {}) });
    }
    await judgeWorker.ask({ type: 'hops', url: `http://127.0.0.1:${(await hop.ready).port as number}`, count: judgeIds.length });
    const judgeOrder = Array.from({ length: parts }, (_, u) => judgeIds.filter((_, i) => i % parts === u)).flat();
    // Every room calls its next team and opens scoring.
    const teams = ev.rooms.map((_, r) => `r${r + 1}t${++teamCursor[r]!}`);
    for (const [r, host] of hosts.entries()) {
      await command(host, 'room:call', { team: teams[r] });
      await command(host, 'room:open-scoring', {});
    }
    let random = 12345;
    const rand = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
    /** One sheet from every judge, each at a random moment of a WINDOW_MS window (or all at once). */
    const roundItems = (r: number, spread: boolean) => judgeOrder.map((j, i) => {
      const room = Number(/^r(\d+)j/.exec(j)![1]) - 1;
      return { judge: i, sid: `bench-${runIndex}-${r}-${j}`, team: teams[room], room: ev.rooms[room]!.id,
        values: sheet(runIndex * 100_000 + r * 1000 + i),
        delayMs: spread ? Math.floor(rand() * WINDOW_MS) : 0 };
    });
    await sleep(1000);
    const before = await serverMemory(servers);
    // Worker 0 also holds the 17 displays (one per room), after its audience sockets. While the N phones connect (each
    // is sent the rooms and boards), every judge sends one sheet at a random moment of the storm's first WINDOW_MS.
    const displayAuths = await Promise.all(ev.rooms.map(async (r) => ({ auth: { token: await tokens.ensure(ev.id, 'display', r.id) }, room: r.id })));
    if (PROFILE) await Promise.all(servers.map((s) => s.ask({ type: 'profile', action: 'start' })));
    // Beside them, the floor: the same bytes SET straight into Redis at moments of their own in the same window.
    const stormItems = roundItems(ROUNDS + 1, true);
    const stormFloorItems = stormItems.map((it) => ({ ...it, sid: `${it.sid}-floor`, delayMs: Math.floor(rand() * WINDOW_MS), floor: redis.url }));
    const storm = judgeWorker.ask<{ results: Array<{ ms: number; ok: boolean; code: string | null; floor?: boolean }> }>(
      { type: 'submit', items: [...stormItems, ...stormFloorItems] }, 900_000);
    const connectMs = await connectAudience(workers, 'ours', urls, n, PHONE, (w) => (w === 0 ? displayAuths : []));
    const stormResults = (await storm).results;
    const stormAcks = stormResults.filter((x) => !x.floor);
    const stormFloor = stats(stormResults.filter((x) => x.floor).map((x) => x.ms));
    if (PROFILE) {
      await Promise.all(servers.map((s, p) => s.ask({ type: 'profile', action: 'stop', file: resolve(ROOT, '.tmp', `server-${n}-${processes}p-${p}-connect.cpuprofile`) })));
    }
    log(`  submit→ack while the phones connect (${stormAcks.length} sheets in the first ${WINDOW_MS / 1000} s): p50 ${f1(stats(stormAcks.map((x) => x.ms)).p50)} ms, p99 ${f1(stats(stormAcks.map((x) => x.ms)).p99)} ms, max ${f1(stats(stormAcks.map((x) => x.ms)).max)} ms; the floor p50 ${f1(stormFloor.p50)} ms, p99 ${f1(stormFloor.p99)} ms${stormAcks.some((x) => !x.ok) ? ` (refused: ${stormAcks.filter((x) => !x.ok).map((x) => x.code).join(', ')}!)` : ''}`);
    await sleep(3000);
    const after = await serverMemory(servers);
    const memory = {
      rssPerSocket: (after.rss - before.rss) / n, heapPerSocket: (after.heap - before.heap) / n,
      externalPerSocket: (after.external - before.external) / n, rssBefore: before.rss, rssAfter: after.rss,
    };
    log(`  ${after.clients} sockets connected in ${(connectMs / 1000).toFixed(1)} s; server memory +${(memory.rssPerSocket / 1024).toFixed(1)} KB RSS, +${(memory.heapPerSocket / 1024).toFixed(1)} KB heap (+${((after.heapTotal - before.heapTotal) / n / 1024).toFixed(1)} KB reserved) per audience socket`);

    // (a) Spread rounds: every judge sends one sheet at a random moment of a WINDOW_MS window (153 sheets in 10 s:
    // every room's panel scoring at once). Then one burst: all 153 in the same instant, the worst case.
    let refused = 0;
    const round = async (r: number, spread: boolean): Promise<number[]> => {
      const items = roundItems(r, spread);
      // In a spread round, the floor's writes go at moments of their own in the same window, one per sheet.
      const floorItems = spread ? items.map((it) => ({ ...it, sid: `${it.sid}-floor`, delayMs: Math.floor(rand() * WINDOW_MS), floor: redis.url })) : [];
      // And through the hop server, at moments of their own too.
      const hopItems = spread ? items.map((it) => ({ ...it, sid: `${it.sid}-hop`, delayMs: Math.floor(rand() * WINDOW_MS), hop: true })) : [];
      const { results } = await judgeWorker.ask<{ results: Array<{ ms: number; ok: boolean; at: number; floor?: boolean; hop?: boolean }> }>(
        { type: 'submit', items: [...items, ...floorItems, ...hopItems] });
      const sheets = results.filter((x) => !x.floor && !x.hop);
      hopAcks.push(...results.filter((x) => x.hop).map((x) => x.ms));
      refused += sheets.filter((x) => !x.ok).length;
      if (spread) slowAcks.push(...sheets.filter((x) => x.ms > 30));
      floorAcks.push(...results.filter((x) => x.floor).map((x) => x.ms));
      await sleep(500);
      return sheets.map((x) => x.ms);
    };
    const spreadAcks: number[] = [];
    const floorAcks: number[] = [];
    const hopAcks: number[] = [];
    const slowAcks: Array<{ ms: number; at: number }> = [];
    type Loop = { p50: number; p99: number; max: number; gcCount: number; gcTotal: number; gcMax: number; stalls: Array<{ at: number; ms: number }>;
      submit: { n: number; p50: number; p99: number; max: number }; stored: { n: number; p50: number; p99: number; max: number };
      slowest: Array<{ at: number; ms: number; store: number; gc: number; gcInStore: number }> };
    await Promise.all(servers.map((s) => s.ask({ type: 'loop' })));
    if (PROFILE) await Promise.all(servers.map((s) => s.ask({ type: 'profile', action: 'start' })));
    await store.redis.call('LATENCY', 'RESET');
    const cpu0 = await Promise.all(servers.map((s) => s.ask<{ user: number; system: number }>({ type: 'cpu' })));
    const wall0 = Date.now();
    for (let r = 0; r < ROUNDS; r++) spreadAcks.push(...await round(r, true));
    const cpu1 = await Promise.all(servers.map((s) => s.ask<{ user: number; system: number }>({ type: 'cpu' })));
    /** The busiest server process's CPU time over the spread rounds, as a share of one core. */
    const serverBusy = Math.max(...cpu1.map((c, i) => (c.user + c.system - cpu0[i]!.user - cpu0[i]!.system) / 1000 / (Date.now() - wall0)));
    if (PROFILE) {
      await Promise.all(servers.map((s, p) => s.ask({ type: 'profile', action: 'stop', file: resolve(ROOT, '.tmp', `server-${n}-${processes}p-${p}-rounds.cpuprofile`) })));
    }
    const loops = await Promise.all(servers.map((s) => s.ask<Loop>({ type: 'loop' })));
    const serverLoop = { p99: Math.max(...loops.map((l) => l.p99)), max: Math.max(...loops.map((l) => l.max)),
      gcCount: Math.max(...loops.map((l) => l.gcCount)), gcMax: Math.max(...loops.map((l) => l.gcMax)) };
    const slow = (await store.redis.call('LATENCY', 'LATEST')) as Array<[string, number, number, number]>;
    // The longest AOF fsync of each second that had one over 2 ms, by Unix second.
    const fsyncs = new Map(((await store.redis.call('LATENCY', 'HISTORY', 'aof-fsync-always')) as Array<[number, number]>));
    const slowSheets = loops.flatMap((l) => l.slowest).sort((a, b) => b.ms - a.ms);
    const slowest = { n: slowSheets.length, inStore: slowSheets.filter((x) => x.store >= x.ms / 2).length,
      withFsync: slowSheets.filter((x) => fsyncs.has(Math.floor(x.at / 1000))).length, gcMax: Math.max(0, ...slowSheets.map((x) => x.gc)) };
    log(`  the slowest 1 % of sheets in the server (total: store's call, GC pauses within it and within the whole, longest fsync over 2 ms in that second): ${
      slowSheets.map((x) => `${f1(x.ms)}: ${f1(x.store)}, GC ${f1(x.gcInStore)} / ${f1(x.gc)}, fsync ${fsyncs.get(Math.floor(x.at / 1000)) ?? '–'}`).join('; ')}`);
    await store.redis.call('LATENCY', 'RESET');
    log(`  Redis events over 2 ms during the spread rounds (latest / longest, ms): ${slow.map(([e, , last, max]) => `${e} ${last} / ${max}`).join(', ') || 'none'}`);
    const stalls = loops.flatMap((l) => l.stalls).map((x) => `${((x.at - wall0) / 1000).toFixed(1)} s: ${x.ms} ms`);
    log(`  server event loop held over 30 ms at (seconds into the rounds): ${stalls.join(', ') || 'never'}`);
    log(`  sheets acknowledged after more than 30 ms, sent at: ${slowAcks.map((x) => `${((x.at - wall0) / 1000).toFixed(1)} s: ${f1(x.ms)} ms`).join(', ') || 'none'}`);
    const busiest = loops.reduce((a, b) => (b.submit.p99 > a.submit.p99 ? b : a));
    const serverSubmit = busiest.submit;
    log(`  server's own time per sheet (packet read → ack handed back; Redis and its fsync included): p50 ${f1(serverSubmit.p50)} ms, p99 ${f1(serverSubmit.p99)} ms, max ${f1(serverSubmit.max)} ms over ${loops.reduce((a, l) => a + l.submit.n, 0)} sheets; of which the store's Lua script (round trip, fsync included): p50 ${f1(busiest.stored.p50)} ms, p99 ${f1(busiest.stored.p99)} ms, max ${f1(busiest.stored.max)} ms`);
    log(`  server during the spread rounds: CPU ${Math.round(serverBusy * 100)} %, event-loop delay p99 ${f1(serverLoop.p99)} ms, max ${f1(serverLoop.max)} ms; ${serverLoop.gcCount} GC pauses, longest ${f1(serverLoop.gcMax)} ms`);
    const burstAcks = await round(ROUNDS, false);
    const ack = { ...stats(spreadAcks), refused, burst: stats(burstAcks), floor: stats(floorAcks), hop: stats(hopAcks), storm: stats(stormAcks.map((x) => x.ms)), stormFloor };
    log(`  submit→ack, ${ack.n} sheets spread over ${ROUNDS} x ${WINDOW_MS / 1000} s: p50 ${f1(ack.p50)} ms, p99 ${f1(ack.p99)} ms, max ${f1(ack.max)} ms${refused ? ` (${refused} refused!)` : ''}`);
    log(`  floor, the same bytes SET straight into Redis from the judges' process at moments of their own in the same windows: p50 ${f1(ack.floor.p50)} ms, p99 ${f1(ack.floor.p99)} ms, max ${f1(ack.floor.max)} ms`);
    log(`  the hop's floor, the same bytes through a bare socket.io server that SETs them (no phones), in the same windows: p50 ${f1(ack.hop.p50)} ms, p99 ${f1(ack.hop.p99)} ms, max ${f1(ack.hop.max)} ms`);
    log(`  submit→ack, all 153 at once: p50 ${f1(ack.burst.p50)} ms, p99 ${f1(ack.burst.p99)} ms, max ${f1(ack.burst.max)} ms`);

    // (b) Close and reveal room by room; the reveal is timed from the host's command to each socket's room:patch.
    let floorConnectMs = 0;
    if (withFloor) {
      const port = await freePort();
      floor = Child.start('floor', 'floor-server.ts', { PORT: String(port) });
      await floor.ready;
      floorConnectMs = await connectAudience(workers, 'floor', [`http://127.0.0.1:${port}`], n, {}, (w) => (w === 0 ? [{ auth: {}, room: null }] : []));
      floorHost = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket&host=1`);
      await new Promise((ok) => floorHost!.once('open', ok));
      log(`  floor: ${n + 1} sockets connected in ${(floorConnectMs / 1000).toFixed(1)} s`);
      await sleep(2000);
    }
    const reveals: Run['reveals'] = [];
    const floorReveals: Run['reveals'] = [];
    let lost = 0;
    for (const [r, host] of hosts.entries()) {
      await command(host, 'room:close-scoring', {});
      await sleep(300);
      if (r >= REVEALS) {
        await command(host, 'room:reveal', {});
        continue;
      }
      const m = await measureReveal(workers, 'ours', teams[r]!, `room${r + 1}`, async () => {
        const t0 = process.hrtime.bigint();
        void command(host, 'room:reveal', {});
        return t0;
      });
      reveals.push({ p50: m.p50, p99: m.p99, max: m.max, receivers: m.receivers });
      lost = Math.max(lost, m.lost);
      if (m.receivers < m.expected) log(`  reveal ${r + 1}: only ${m.receivers} of ${m.expected} connected sockets got it within 30 s`);
      await sleep(700);
      if (floorHost && m.frame) {
        const f = await measureReveal(workers, 'floor', teams[r]!, null, async () => {
          const t0 = process.hrtime.bigint();
          floorHost!.send(`T4${m.frame}`);
          return t0;
        });
        floorReveals.push({ p50: f.p50, p99: f.p99, max: f.max, receivers: f.receivers });
        await sleep(700);
      }
    }
    // Then, the floor's phones gone, as many phones connect to the hop server: a bare socket.io server's time for them.
    let hopConnectMs = 0;
    if (withFloor) {
      await Promise.all(workers.map((w) => w.ask({ type: 'drop', group: 'floor' })));
      await sleep(2000);
      hopConnectMs = await connectAudience(workers, 'hop', [`http://127.0.0.1:${(await hop.ready).port as number}`], n, {}, () => []);
      log(`  the hop server (bare socket.io): ${n} sockets connected in ${(hopConnectMs / 1000).toFixed(1)} s`);
      await Promise.all(workers.map((w) => w.ask({ type: 'drop', group: 'hop' })));
    }
    const med = { p50: median(reveals.map((x) => x.p50)), p99: median(reveals.map((x) => x.p99)), max: median(reveals.map((x) => x.max)) };
    log(`  reveal→received (median of ${reveals.length} reveals): p50 ${f1(med.p50)} ms, p99 ${f1(med.p99)} ms, max ${f1(med.max)} ms${lost ? `; ${lost} sockets dropped during the run` : ''}`);
    const out: Run[] = [{ label, n, processes, reveals, ack, memory, connectMs, lost, serverBusy, serverLoop, serverSubmit, slowest }];
    if (floorReveals.length) {
      const fm = { p50: median(floorReveals.map((x) => x.p50)), p99: median(floorReveals.map((x) => x.p99)), max: median(floorReveals.map((x) => x.max)) };
      log(`  floor, same bytes to ${n + 1} sockets right after each reveal: p50 ${f1(fm.p50)} ms, p99 ${f1(fm.p99)} ms, max ${f1(fm.max)} ms; p99 ratio ${(med.p99 / fm.p99).toFixed(2)}`);
      out.push({ label: 'floor (bare ws)', n, processes: 1, reveals: floorReveals, connectMs: floorConnectMs, hopConnectMs });
    }
    return out;
  } finally {
    floorHost?.close();
    await floor?.ask({ type: 'close' }).catch(() => undefined);
    await floor?.stop();
    for (const h of hosts) h.disconnect();
    await Promise.all([...workers, judgeWorker].map((w) => w.ask({ type: 'close' })));
    await Promise.all(servers.map((s) => s.stop()));
    await hop.ask({ type: 'close' }).catch(() => undefined);
    await hop.stop();
    await proxy?.stop();
    await sleep(1000);
  }
}

/**
 * Debian's nginx in front of the given processes, configured from deploy/nginx.conf as `npm run nginx-conf` does, with
 * room for the bench's sockets (two connections per phone: raised worker_connections and open files).
 */
async function startNginx(ports: number[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = '/usr/sbin/nginx';
  if (!existsSync(bin)) throw new Error(`nginx is not installed (${bin}): apt-get install nginx, or run with --no-nginx`);
  const prefix = mkdtempSync(join(tmpdir(), 'bench-nginx-'));
  chmodSync(prefix, 0o755); // started as root, nginx's workers run as nobody and must reach its tmp/
  mkdirSync(join(prefix, 'dist'));
  const port = await freePort();
  const conf = nginxConf({ servers: ports.map(String), listen: `127.0.0.1:${port}`, dist: join(prefix, 'dist'), brotli: existsSync(BROTLI_STATIC_MODULE) })
    .replace('worker_connections 8192;', 'worker_connections 30000;')
    .replace('worker_processes auto;', 'worker_processes auto;\nworker_rlimit_nofile 70000;');
  const path = writeNginxPrefix(prefix, conf);
  let out = '';
  const nginx: ChildProcess = spawn(bin, ['-p', prefix, '-c', path, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (nginx.exitCode !== null) throw new Error(`nginx stopped: ${out}`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (i > 100) throw new Error(`nginx did not answer: ${out}`);
    await sleep(100);
  }
  log(`  nginx on ${url} in front of ${ports.length} processes`);
  return {
    url,
    stop: async () => {
      if (nginx.exitCode === null) {
        const exited = new Promise((r) => nginx.once('exit', r));
        nginx.kill('SIGTERM');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** One phase of the flood section: what the judges measured while the attack ran, and what the attack did. */
interface FloodPhase {
  label: string; ack: { n: number; p50: number; p99: number; max: number }; refused: number; attack: Record<string, number>;
  /** The server process's CPU use over the phase (1 = one core), its event-loop delay p99 and its own time per sheet p99 (ms). */
  serverBusy: number; loopP99: number; serverP99: number;
  /** The attacker's and the judges' processes' CPU use over the phase (1 = one core): they share this machine's cores. */
  attackerBusy: number; judgesBusy: number;
  /** The floor in the same phase: the same bytes SET straight into the same Redis (same fsync) at moments of their own. */
  floor: { n: number; p50: number; p99: number; max: number };
  /** Redis's AOF fsyncs over 2 ms in the phase (LATENCY HISTORY aof-fsync-always: the slowest of each second) and the longest (ms). */
  fsyncStalls: number; fsyncMax: number;
  /** Redis's own CPU use over the phase (1 = one core) and the commands that took most of it (name: share of Redis's command time). */
  redisBusy: number; redisTop: string;
}

/** Redis's CPU time (s) and each command's total time (µs), from INFO: a phase's share is the difference. */
async function redisUsage(): Promise<{ cpu: number; commands: Map<string, number> }> {
  const info = await store.redis.info('all');
  const cpu = ['used_cpu_user', 'used_cpu_sys'].reduce((a, k) => a + Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0), 0);
  const commands = new Map([...info.matchAll(/^cmdstat_([^:]+):calls=\d+,usec=(\d+)/gm)].map((m) => [m[1]!, Number(m[2])]));
  return { cpu, commands };
}

/** Redis's CPU share between two readings, and its commands by their share of the command time, largest first. */
function redisDelta(a: Awaited<ReturnType<typeof redisUsage>>, b: Awaited<ReturnType<typeof redisUsage>>, ms: number) {
  const used = [...b.commands].map(([k, v]) => [k, v - (a.commands.get(k) ?? 0)] as const).filter(([, v]) => v > 0).sort((x, y) => y[1] - x[1]);
  const all = used.reduce((s, [, v]) => s + v, 0);
  return { busy: (b.cpu - a.cpu) / (ms / 1000), top: used.slice(0, 4).map(([k, v]) => `${k} ${Math.round((100 * v) / all)} %`).join(', ') };
}

/**
 * Judges score (each judge about one sheet a second, at random moments of each FLOOD_MS phase) on one server process
 * while another process attacks: nothing, 1 flooding socket, 50 flooding sockets, CHURN phones connecting and dropping.
 */
async function runFlood(judgeWorker: Child): Promise<FloodPhase[]> {
  log(`\nflood: judges' submit→ack while audience sockets attack (${FLOOD_MS / 1000} s per phase)`);
  const port = await freePort();
  const server = Child.start('server-flood', 'bench-server.ts', { REDIS_URL: redis.url, PORT: String(port), SHARE: '1' });
  const attacker = Child.start('attacker', 'flooder.ts');
  await Promise.all([server.ready, attacker.ready]);
  const url = `http://127.0.0.1:${port}`;
  const hosts: Client[] = [];
  const phases: FloodPhase[] = [];
  try {
    for (const room of ev.rooms) hosts.push(await connectHost(url, await tokens.ensure(ev.id, 'host', room.id)));
    const judgeIds = ev.rooms.flatMap((r) => r.panel);
    await judgeWorker.ask({ type: 'judges', url, auths: await Promise.all(judgeIds.map(async (j) => ({ token: await tokens.ensure(ev.id, 'judge', j) }))) });
    const teams = ev.rooms.map((_, r) => `r${r + 1}t${++teamCursor[r]!}`);
    for (const [r, host] of hosts.entries()) {
      await command(host, 'room:call', { team: teams[r] });
      await command(host, 'room:open-scoring', {});
    }
    let random = 777;
    const rand = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
    let round = 0;
    /** Every judge sends sheets at random moments of the phase, about one a second each, while `attack` runs. */
    const phase = async (label: string, attack: () => Promise<Record<string, number>>, ms = FLOOD_MS) => {
      round += 1;
      const perJudge = Math.max(1, Math.floor(ms / 1000) - 1);
      const items = judgeIds.flatMap((j, i) => Array.from({ length: perJudge }, (_, k) => ({
        judge: i, sid: `flood-${runIndex}-${round}-${j}-${k}`, team: teams[Number(/^r(\d+)j/.exec(j)![1]) - 1],
        room: ev.rooms[Number(/^r(\d+)j/.exec(j)![1]) - 1]!.id,
        values: sheet(round * 100_000 + i * 100 + k), delayMs: 500 + Math.floor(rand() * (ms - 1000)),
      })));
      // The floor: one bare SET of the same bytes per sheet, at a random moment of its own in the same phase.
      const floorItems = items.map((it) => ({ ...it, sid: `${it.sid}-floor`, delayMs: 500 + Math.floor(rand() * (ms - 1000)), floor: redis.url }));
      await server.ask({ type: 'loop' });
      await store.redis.call('LATENCY', 'RESET');
      const cpu0 = await server.ask<{ user: number; system: number }>({ type: 'cpu' });
      const [attacker0, judges0] = [attacker.cpuMs(), judgeWorker.cpuMs()];
      const redis0 = await redisUsage();
      const t0 = Date.now();
      if (PROFILE) await server.ask({ type: 'profile', action: 'start' });
      const [{ results }, { id: _, ...attacked }] = await Promise.all([
        judgeWorker.ask<{ results: Array<{ ms: number; ok: boolean; floor?: boolean }> }>({ type: 'submit', items: [...items, ...floorItems] }, 600_000), attack()]);
      if (PROFILE) await server.ask({ type: 'profile', action: 'stop', file: resolve(ROOT, '.tmp', `server-flood-${round}.cpuprofile`) });
      const cpu1 = await server.ask<{ user: number; system: number }>({ type: 'cpu' });
      const [attacker1, judges1] = [attacker.cpuMs(), judgeWorker.cpuMs()];
      const redisUse = redisDelta(redis0, await redisUsage(), Date.now() - t0);
      const loop = await server.ask<{ p99: number; submit: { p99: number } }>({ type: 'loop' });
      const fsyncs = (await store.redis.call('LATENCY', 'HISTORY', 'aof-fsync-always')) as Array<[number, number]>;
      const sheets = results.filter((x) => !x.floor);
      const ack = stats(sheets.map((x) => x.ms));
      const p: FloodPhase = { label, ack, refused: sheets.filter((x) => !x.ok).length, attack: attacked,
        serverBusy: (cpu1.user + cpu1.system - cpu0.user - cpu0.system) / 1000 / (Date.now() - t0), loopP99: loop.p99, serverP99: loop.submit.p99,
        attackerBusy: (attacker1 - attacker0) / (Date.now() - t0), judgesBusy: (judges1 - judges0) / (Date.now() - t0),
        floor: stats(results.filter((x) => x.floor).map((x) => x.ms)), fsyncStalls: fsyncs.length, fsyncMax: Math.max(0, ...fsyncs.map(([, ms]) => ms)),
        redisBusy: redisUse.busy, redisTop: redisUse.top };
      log(`  ${label}: ${ack.n} sheets, submit→ack p50 ${f1(ack.p50)} ms, p99 ${f1(ack.p99)} ms, max ${f1(ack.max)} ms${p.refused ? ` (${p.refused} refused!)` : ''}; `
        + `server CPU ${Math.round(p.serverBusy * 100)} %, loop delay p99 ${f1(p.loopP99)} ms, own time per sheet p99 ${f1(p.serverP99)} ms; floor p99 ${f1(p.floor.p99)} ms, fsyncs over 2 ms ${p.fsyncStalls} (longest ${p.fsyncMax} ms); Redis CPU ${Math.round(p.redisBusy * 100)} % (${p.redisTop}); attacker CPU ${Math.round(p.attackerBusy * 100)} %, judges' CPU ${Math.round(p.judgesBusy * 100)} %; attack ${JSON.stringify(attacked)}`);
      phases.push(p);
      await sleep(1000);
    };
    // Each attack from an address of its own (a new one each round): the server slows down the phones of an address
    // that keeps flooding.
    const flood = (sockets: number, localAddress: string) => () => attacker.ask<Record<string, number>>(
      { type: 'flood', url, auth: { audience: ev.id }, ms: FLOOD_MS, sockets, localAddress }, FLOOD_MS + 60_000);
    await phase('warm-up (not counted)', async () => ({}));
    phases.length = 0;
    if (ONLY === 'voters') return await votersPhases(phase, url, attacker, phases);
    // The attacks alternate with phases of no attack: the machine is shared, so each attack is compared with the median
    // of the no-flood phases around it all, not with one moment of the run.
    const calm = async () => ({});
    await phase('no flood', calm);
    for (let r = 0; r < FLOOD_ROUNDS; r++) {
      await phase('1 socket flooding', flood(1, `127.50.${r + 1}.1`));
      await phase('no flood', calm);
      await phase('50 sockets flooding', flood(50, `127.50.${r + 1}.2`));
      await phase('no flood', calm);
      // Phones connect 200 at a time, each dropping once its welcome has come, until CHURN have (or 4 phases' time).
      await phase(`${CHURN.toLocaleString('en')} phones connecting and dropping`, () => attacker.ask<Record<string, number>>(
        { type: 'churn', url, auth: PHONE, ms: 4 * FLOOD_MS, phones: CHURN, concurrency: 200, localAddress: `127.50.${r + 1}.3` }, 4 * FLOOD_MS + 60_000), 4 * FLOOD_MS);
      await phase('no flood', calm);
    }
    return phases;
  } finally {
    for (const h of hosts) h.disconnect();
    await judgeWorker.ask({ type: 'close' });
    await attacker.stop();
    await server.stop();
  }
}

/**
 * The voters section's phases: no voters, then VOTERS voters casting within VOTE_MS (new codes each round, the track's
 * window open), then no voters again; after each round every ballot must be in Redis exactly once.
 */
async function votersPhases(phase: (label: string, attack: () => Promise<Record<string, number>>, ms?: number) => Promise<void>, url: string,
  attacker: Child, phases: FloodPhase[]): Promise<FloodPhase[]> {
  const track = ev.tracks[0]!;
  await store.saveEvent({ ...ev, tracks: [{ ...track, mix: { panelPercent: 70, publicPercent: 30,
    public: { kind: 'votes', fullMarksMilli: 100_000, votesPerVoter: 1, imported: false, openByDevice: false } } }, ...ev.tracks.slice(1)] });
  await store.voters.setWindow(ev.id, track.id, 'idle', 'open');
  const teams = ev.teams.filter((t) => t.trackId === track.id).map((t) => t.id);
  const k = eventKeys(ev.id);
  await phase('no voters', async () => ({}), VOTE_MS);
  for (let r = 0; r < VOTE_ROUNDS; r++) {
    const before = new Set((await store.voters.codes(ev.id)).map((c) => c.code));
    const codes = (await store.voters.addCodes(ev.id, VOTERS)).map((c) => c.code).filter((c) => !before.has(c));
    const votes0 = Object.values(await store.redis.hgetall(k.pubVotes(track.id))).reduce((a, v) => a + Number(v), 0);
    let cast = 0;
    await phase(`${VOTERS.toLocaleString('en')} voters casting`, async () => {
      const out = await attacker.ask<Record<string, number>>({ type: 'vote', url, event: ev.id, track: track.id, teams, codes, ms: VOTE_MS,
        localAddress: `127.60.${r + 1}.1` }, VOTE_MS + 120_000);
      cast = out.cast!;
      return out;
    }, VOTE_MS);
    const votes1 = Object.values(await store.redis.hgetall(k.pubVotes(track.id))).reduce((a, v) => a + Number(v), 0);
    const ballots = await store.redis.hlen(k.ballots(track.id));
    log(`  round ${r + 1}: ${cast} ballots acknowledged, ${votes1 - votes0} votes counted, ${ballots} ballots recorded in all`);
    if (votes1 - votes0 !== cast) throw new Error(`voters: ${cast} ballots acknowledged but ${votes1 - votes0} votes counted`);
    await phase('no voters', async () => ({}), VOTE_MS);
  }
  return phases;
}

/** The voters section's table: each phase's judges' p99 as a ratio to the median p99 of the phases without voters. */
function votersReport(phases: FloodPhase[]): string {
  const base = median(phases.filter((p) => p.label === 'no voters').map((p) => p.ack.p99));
  const voting = phases.filter((p) => p.label !== 'no voters');
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}; load average ${LOAD_START} at the start, ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end. `
      + `Every one of 153 judges (17 rooms x 9) sends about one sheet a second at random moments of each ${VOTE_MS / 1000} s phase, on one server process; in the voting phases ${VOTERS.toLocaleString('en')} voters (one process, one socket each, their own codes and devices) connect and each cast one ballot at its own moment of the phase. Ratios are to the median p99 of the phases without voters (${f1(base)} ms). After each voting phase the votes counted in Redis equal the ballots acknowledged (checked, or the run fails).`,
    '',
    `- **judges' ack p99 with voters / without**: ${voting.map((p) => (p.ack.p99 / base).toFixed(2)).join(', ')} (median ${(median(voting.map((p) => p.ack.p99)) / base).toFixed(2)}x).`,
    '',
    '| phase | sheets | ack p50 | ack p99 | ack max | p99 / median p99 without voters | refused | server CPU | server loop delay p99 | floor p99 | Redis CPU | the voters |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const p of phases) {
    const a = p.attack;
    const voters = a.voters !== undefined ? `${a.cast!.toLocaleString('en')} of ${a.voters!.toLocaleString('en')} cast in ${a.seconds} s (${a.refused} refused, ${a.failed} not connected)` : '–';
    lines.push(`| ${p.label} | ${p.ack.n} | ${f1(p.ack.p50)} | ${f1(p.ack.p99)} | ${f1(p.ack.max)} | ${(p.ack.p99 / base).toFixed(2)} | ${p.refused} | ${Math.round(p.serverBusy * 100)} % | ${f1(p.loopP99)} | ${f1(p.floor.p99)} | ${Math.round(p.redisBusy * 100)} % | ${voters} |`);
  }
  return lines.join('\n');
}

/** The flood section's table, with each phase's p99 as a ratio to the median p99 of the no-flood phases. */
function floodReport(phases: FloodPhase[]): string {
  const base = median(phases.filter((p) => p.label === 'no flood').map((p) => p.ack.p99));
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}; load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end. `
      + `Every one of 153 judges (17 rooms x 9) sends about one sheet a second at random moments of each ${FLOOD_MS / 1000} s phase (the phones' phase: ${4 * FLOOD_MS / 1000} s); the attack runs in another process, over loopback, for the whole phase. Ratios are to the median p99 of the no-flood phases (${f1(base)} ms). The floor: in each phase, one bare SET of the same bytes per sheet into the same Redis (same fsync) at moments of its own; Redis's AOF fsyncs over 2 ms are counted (the slowest of each second), so a stall of the disk shows apart from the attack.`,
    '',
    '| phase | sheets | ack p50 | ack p99 | ack max | p99 / median no-flood p99 | refused | server CPU | server loop delay p99 | server\'s own time per sheet p99 | floor p99 | fsyncs over 2 ms (longest) | attacker CPU | judges\' CPU | the attack |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ];
  // Each attack ran FLOOD_ROUNDS times: the median of its phases' p99, against the median no-flood p99.
  const summary = [...new Set(phases.map((p) => p.label))].filter((l) => l !== 'no flood').map((label) => {
    const p99s = phases.filter((p) => p.label === label).map((p) => p.ack.p99);
    return `- **${label}**: the median of its ${p99s.length} phases' p99 (${p99s.map(f1).join(', ')} ms) is ${(median(p99s) / base).toFixed(2)}x the median no-flood p99.`;
  });
  lines.splice(1, 0, '', ...summary);
  for (const p of phases) {
    const a = p.attack;
    const attack = a.sent !== undefined
      ? `${a.sent!.toLocaleString('en')} invalid commands sent, ${a.answered!.toLocaleString('en')} answered, ${a.dropped} disconnects (then a new socket at once; the longest wait for one: ${((a.longestHandshake ?? 0) / 1000).toFixed(1)} s)`
      : a.connected !== undefined ? `${a.connected!.toLocaleString('en')} phones connected, welcomed (${Math.round(a.welcomeBytes! / 1024)} KB each) and dropped in ${a.seconds} s (${a.failed} refused)` : '–';
    lines.push(`| ${p.label} | ${p.ack.n} | ${f1(p.ack.p50)} | ${f1(p.ack.p99)} | ${f1(p.ack.max)} | ${(p.ack.p99 / base).toFixed(2)} | ${p.refused} | ${Math.round(p.serverBusy * 100)} % | ${f1(p.loopP99)} | ${f1(p.serverP99)} | ${f1(p.floor.p99)} | ${p.fsyncStalls}${p.fsyncStalls ? ` (${p.fsyncMax} ms)` : ''} | ${Math.round(p.attackerBusy * 100)} % | ${Math.round(p.judgesBusy * 100)} % | ${attack} |`);
  }
  return lines.join('\n');
}

/** Puts `text` between `<!-- name:start -->` and `<!-- name:end -->` in BENCHMARKS.md. */
function writeSection(name: string, text: string): void {
  const file = resolve(ROOT, 'BENCHMARKS.md');
  const doc = readFileSync(file, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  if (!doc.includes(start) || !doc.includes(end)) throw new Error(`BENCHMARKS.md has no ${name} markers`);
  writeFileSync(file, `${doc.slice(0, doc.indexOf(start) + start.length)}\n${text}\n${doc.slice(doc.indexOf(end))}`);
  log(`BENCHMARKS.md updated (${name})`);
}

function machine(): string {
  const cpu = cpus();
  let kernel = '';
  try {
    kernel = execSync('uname -sr').toString().trim();
  } catch { /* not a Unix */ }
  return `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${kernel}, Node ${process.version}`;
}

/**
 * Issue 18's goals, each as a ratio to its floor in the same run: a judge's submit→ack p99 over the bare SET's p99
 * (at most 1.5x), the same while the N phones connect (at most 2x), the time to connect the N phones over the bare ws
 * server's time for as many (at most 2x), the reveal's fan-out p99 over the floor's (at most 1.3x), heap per socket
 * (at most 20 KB). Runs of several processes are read against the one-process floors of the same N.
 */
function goalsTable(runs: Run[], floors: Map<number, Run>): string[] {
  const mark = (x: number, goal: number, digits = 2) => (Number.isFinite(x) ? `${x.toFixed(digits)}${x <= goal ? '' : ' ✗'}` : '–');
  const lines = [
    'The goals (issue 18), each a ratio to its floor measured in the same run (✗: over the goal):',
    '',
    '| N audience | server | submit→ack p99 / floor p99 (≤ 1.5) | (not a goal) submit→ack p99 / the hop\'s p99 | while the phones connect: p99 / floor p99 (≤ 2) | connecting N: time / floor\'s time (≤ 2) | (not a goal) a bare socket.io server\'s time / the floor\'s | reveal p99 / floor p99 (≤ 1.3) | heap per socket (≤ 20 KB) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of runs.filter((x) => x.ack)) {
    const fl = floors.get(r.n);
    // One process: the median of the reveal/floor pairs (each reveal followed at once by the floor's); several: the
    // median p99 over the one-process floor's of the same N, measured earlier in the run.
    const fan = !fl ? NaN : r.processes === 1 ? median(r.reveals.slice(0, fl.reveals.length).map((x, i) => x.p99 / fl.reveals[i]!.p99))
      : median(r.reveals.map((x) => x.p99)) / median(fl.reveals.map((x) => x.p99));
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.label} | ${mark(r.ack!.p99 / r.ack!.floor.p99, 1.5)} | ${(r.ack!.p99 / r.ack!.hop.p99).toFixed(2)} | ${mark(r.ack!.storm.p99 / r.ack!.stormFloor.p99, 2)} | `
      + `${fl ? mark(r.connectMs / fl.connectMs, 2) : '–'} (${(r.connectMs / 1000).toFixed(1)} s / ${fl ? (fl.connectMs / 1000).toFixed(1) : '–'} s) | ${fl?.hopConnectMs ? `${(fl.hopConnectMs / fl.connectMs).toFixed(2)} (${(fl.hopConnectMs / 1000).toFixed(1)} s)` : '–'} | ${mark(fan, 1.3)} | ${mark(r.memory!.heapPerSocket / 1024, 20, 1)} KB |`);
  }
  return lines;
}

function report(runs: Run[]): string {
  const lines: string[] = [];
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  lines.push(`Measured ${date} UTC on ${machine()}; ${WORKERS} client processes + 1 judge process, all on this machine; load average ${LOAD_START} at the start, ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end.`);
  lines.push('');
  lines.push('**Reveal → received** by every audience socket and the room\'s display (ms; median over the reveals of the run of each reveal\'s p50 / p99 / max):');
  lines.push('');
  lines.push('| N audience | server | reveals | p50 | p99 | max | floor p50 | floor p99 | floor max | p99 ratio to floor (median of the pairs) |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const floors = new Map(runs.filter((r) => r.label.startsWith('floor')).map((r) => [r.n, r]));
  const ratios = new Map<string, number>();
  for (const r of runs.filter((x) => !x.label.startsWith('floor'))) {
    const fl = floors.get(r.n);
    const m = (run: Run, k: 'p50' | 'p99' | 'max') => median(run.reveals.map((x) => x[k]));
    // Each reveal was followed at once by the floor's broadcast of the same bytes: the median of the pairs' ratios.
    const ratio = fl ? median(r.reveals.slice(0, fl.reveals.length).map((x, i) => x.p99 / fl.reveals[i]!.p99)) : NaN;
    ratios.set(`${r.processes}:${r.n}`, ratio);
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.label} | ${r.reveals.length} | ${f1(m(r, 'p50'))} | ${f1(m(r, 'p99'))} | ${f1(m(r, 'max'))} | ${fl ? f1(m(fl, 'p50')) : '–'} | ${fl ? f1(m(fl, 'p99')) : '–'} | ${fl ? f1(m(fl, 'max')) : '–'} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} |`);
  }
  lines.push('');
  lines.push(`**Submit → ack** (ms) with 17 rooms x 9 judges scoring while N audience sockets watch: ${ROUNDS} rounds of every judge sending one sheet at a random moment of a ${WINDOW_MS / 1000} s window, then one burst of all 153 at the same instant; and one sheet from every judge at a random moment of the first ${WINDOW_MS / 1000} s of the N phones connecting; and **server memory** per audience socket (after a full GC, (after − before) / N):`);
  lines.push('');
  lines.push('| N audience | server | sheets | ack p50 | ack p99 | ack max | floor p50 / p99 | hop p50 / p99 | server part p50 / p99 | while phones connect p50 / p99 | burst p50 | burst p99 | server CPU | server loop delay p99 / max | longest GC pause | RSS / socket | heap / socket | connect N | dropped |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs.filter((x) => x.ack)) {
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.label} | ${r.ack!.n} | ${f1(r.ack!.p50)} | ${f1(r.ack!.p99)} | ${f1(r.ack!.max)} | ${f1(r.ack!.floor.p50)} / ${f1(r.ack!.floor.p99)} | ${f1(r.ack!.hop.p50)} / ${f1(r.ack!.hop.p99)} | ${r.serverSubmit ? `${f1(r.serverSubmit.p50)} / ${f1(r.serverSubmit.p99)}` : '–'} | ${f1(r.ack!.storm.p50)} / ${f1(r.ack!.storm.p99)} | ${f1(r.ack!.burst.p50)} | ${f1(r.ack!.burst.p99)} | ${Math.round((r.serverBusy ?? 0) * 100)} % | ${r.serverLoop ? `${f1(r.serverLoop.p99)} / ${f1(r.serverLoop.max)}` : '–'} | ${r.serverLoop ? f1(r.serverLoop.gcMax) : '–'} | ${(r.memory!.rssPerSocket / 1024).toFixed(1)} KB | ${(r.memory!.heapPerSocket / 1024).toFixed(1)} KB | ${(r.connectMs / 1000).toFixed(1)} s | ${r.lost ?? 0} |`);
  }
  lines.push('');
  lines.push('Where the slowest 1 % of sheets spent their time in the server, during the spread rounds:');
  lines.push('');
  lines.push('| N audience | server | sheets | mostly in the store\'s call (Redis) | in a second with an AOF fsync over 2 ms | most GC pause within one (ms) |');
  lines.push('|---:|---|---:|---:|---:|---:|');
  for (const r of runs.filter((x) => x.slowest)) {
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.label} | ${r.slowest!.n} | ${r.slowest!.inStore} | ${r.slowest!.withFsync} | ${f1(r.slowest!.gcMax)} |`);
  }
  lines.push('');
  lines.push(...goalsTable(runs, floors));
  lines.push('');
  const big = Math.max(...SIZES);
  const r10 = ratios.get(`1:${big}`);
  if (big === 10_000 && r10 !== undefined) lines.push(`ratio to floor at 10,000 sockets: ${r10.toFixed(2)}`);
  const r10two = ratios.get(`2:${big}`);
  if (big === 10_000 && r10two !== undefined) {
    const two = runs.find((x) => x.processes === 2 && x.n === big)!;
    const fl = floors.get(big);
    if (fl) lines.push(`(two processes on the Redis adapter, p99 over the one-process floor of the same N measured earlier in the run: ${(median(two.reveals.map((x) => x.p99)) / median(fl.reveals.map((x) => x.p99))).toFixed(2)})`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (ONLY === 'visit') {
    const text = visitReport(ev, await measureVisits(ev), new Date().toISOString().slice(0, 16).replace('T', ' '), `${machine()}; load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end`);
    log(`\n${text}`);
    if (WRITE) writeSection('visit', text);
    return;
  }
  if (ONLY === 'pubsub') {
    const text = pubsubReport(await measurePubsub(), new Date().toISOString().slice(0, 16).replace('T', ' '), `${machine()}; load average ${loadavg().map((x) => x.toFixed(1)).join(' / ')} at the end`);
    log(`\n${text}`);
    if (WRITE) writeSection('pubsub', text);
    return;
  }
  log(`bench: N = ${SIZES.join(', ')}; ${WORKERS} client processes; ${ROUNDS} submit rounds; ${REVEALS} reveals per run${TWO ? '; then 2 server processes' : ''}`);
  redis = await TestRedisProcess.start();
  store = new Store(new Redis(redis.url));
  // Redis records every event over 2 ms (an fsync of the AOF, a slow command), for the report after the submit rounds.
  await store.redis.config('SET', 'latency-monitor-threshold', '2');
  tokens = new Tokens(store.redis);
  await store.saveEvent(ev);
  const workers = Array.from({ length: ONLY === 'flood' || ONLY === 'voters' ? 0 : WORKERS }, (_, i) => Child.start(`clients-${i}`, 'client-worker.ts'));
  const judgeWorker = Child.start('judges', 'client-worker.ts');
  await Promise.all([...workers, judgeWorker].map((w) => w.ready));
  const runs: Run[] = [];
  const stop = () => {
    void Promise.all([...workers, judgeWorker].map((w) => w.stop())).then(() => redis.stop()).finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let flood: FloodPhase[] = [];
  try {
    if (ONLY !== 'flood' && ONLY !== 'voters') {
      for (const n of SIZES) runs.push(...await runOurs(n, 1, workers, judgeWorker, true));
      if (TWO) runs.push(...await runOurs(Math.max(...SIZES), 2, workers, judgeWorker, false));
      if (NGINX) runs.push(...await runOurs(Math.max(...SIZES), 3, workers, judgeWorker, false, true));
    }
    if (FLOOD || ONLY === 'flood' || ONLY === 'voters') flood = await runFlood(judgeWorker);
  } finally {
    await Promise.all([...workers, judgeWorker].map((w) => w.stop()));
    store.redis.disconnect();
    await redis.stop();
  }
  mkdirSync(resolve(ROOT, '.tmp'), { recursive: true });
  if (ONLY === 'voters') {
    const text = votersReport(flood);
    log(`\n${text}`);
    if (WRITE) writeSection('voters', text);
    return;
  }
  if (flood.length) {
    const floodText = floodReport(flood);
    log(`\n${floodText}`);
    if (WRITE) writeSection('flood', floodText);
  }
  if (ONLY === 'flood') return;
  const text = report(runs);
  log(`\n${text}`);
  writeFileSync(resolve(ROOT, '.tmp', 'bench-latest.json'), JSON.stringify(runs, null, 1));
  if (WRITE) writeSection('bench', text);
}

await main();
process.exit(0);
