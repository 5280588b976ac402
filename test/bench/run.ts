// `npm run bench`: submit→ack latency with 17 rooms x 9 judges scoring while N audience sockets watch; reveal→received
// by every display and audience socket at N = 1,000 / 5,000 / 10,000 against the floor (a bare ws server sending the
// same bytes to the same N sockets); server memory per audience socket; the same on two server processes (Redis adapter).
// Clients run in separate processes on loopback. Options: --sizes 1000,5000,10000  --workers 4  --rounds 3
// --reveals 17  --no-two  --write (put the figures into BENCHMARKS.md between its bench markers).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { execSync } from 'node:child_process';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { Tokens } from '../../server/auth';
import { freePort } from '../../server/redis/embedded';
import { Store } from '../../server/store/index';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { Child } from './lib/child';
import { ROOT, sleep, TestRedisProcess } from './lib/procs';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
}
const SIZES = option('sizes', '1000,5000,10000').split(',').map(Number);
const WORKERS = Number(option('workers', '4'));
const ROUNDS = Number(option('rounds', '3'));
const WINDOW_MS = Number(option('window-ms', '10000'));
const ROOMS = 17;
const JUDGES = 9;
const REVEALS = Math.min(ROOMS, Number(option('reveals', String(ROOMS))));
const TWO = !process.argv.includes('--no-two');
const WRITE = process.argv.includes('--write');
const log = (line: string) => console.log(line);

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
  ack?: { n: number; p50: number; p99: number; max: number; refused: number; burst: { n: number; p50: number; p99: number; max: number } };
  memory?: { rssPerSocket: number; heapPerSocket: number; externalPerSocket: number; rssBefore: number; rssAfter: number };
  connectMs: number;
}

const ev = makeEvent({ id: 'bench', rooms: ROOMS, teams: 8, judges: JUDGES });
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

/** Splits `n` audience sockets over the workers; worker w connects to urls[w % urls.length] from its own loopback address. */
async function connectAudience(workers: Child[], urls: string[], n: number, auth: Record<string, unknown>, extra: (w: number) => Array<Record<string, unknown>>) {
  runIndex += 1;
  const t0 = Date.now();
  await Promise.all(workers.map((w, i) => {
    const count = Math.floor(n / workers.length) + (i < n % workers.length ? 1 : 0);
    const auths = [...Array.from({ length: count }, () => auth), ...extra(i)];
    return w.ask({ type: 'watch', url: urls[i % urls.length], auths, localAddress: `127.${10 + runIndex}.${i + 1}.1`, concurrency: 16 }, 900_000);
  }));
  return Date.now() - t0;
}

/** Arms every worker for `team`, runs `fire`, and waits until `expected` sockets have the reveal; latencies in ms. */
async function measureReveal(workers: Child[], team: string, expected: number, fire: () => Promise<bigint>) {
  await Promise.all(workers.map((w) => w.ask({ type: 'arm', team })));
  const t0 = await fire();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const counts = await Promise.all(workers.map((w) => w.ask<{ count: number }>({ type: 'collect' })));
    if (counts.reduce((a, c) => a + c.count, 0) >= expected || Date.now() > deadline) {
      const answers = await Promise.all(workers.map((w) => w.ask<{ received: string[]; frame: string | null }>({ type: 'collect', full: true })));
      const received = answers.flatMap((a) => a.received);
      const ms = received.map((r) => Number(BigInt(r) - t0) / 1e6);
      return { ...stats(ms), receivers: received.length, frame: answers.find((a) => a.frame)?.frame ?? null };
    }
    await sleep(50);
  }
}

async function serverMemory(servers: Child[]) {
  const ms = await Promise.all(servers.map((s) => s.ask<{ rss: number; heapUsed: number; external: number; arrayBuffers: number; clients: number }>({ type: 'mem' })));
  return ms.reduce((a, m) => ({ rss: a.rss + m.rss, heap: a.heap + m.heapUsed, external: a.external + m.external, clients: a.clients + m.clients }),
    { rss: 0, heap: 0, external: 0, clients: 0 });
}

/** Our server: 1 or 2 processes, N audience sockets, 17 displays, 153 judges, 17 hosts. */
async function runOurs(n: number, processes: number, workers: Child[], judgeWorker: Child): Promise<{ run: Run; frames: Array<{ team: string; frame: string }> }> {
  const label = processes === 1 ? 'socket.io server' : 'socket.io, 2 processes (Redis adapter)';
  log(`\n${label}, N = ${n}`);
  const servers: Child[] = [];
  const urls: string[] = [];
  for (let p = 0; p < processes; p++) {
    const port = await freePort();
    servers.push(Child.start(`server-${p}`, 'bench-server.ts', { REDIS_URL: redis.url, PORT: String(port), SHARE: '1' }, ['--expose-gc']));
    urls.push(`http://127.0.0.1:${port}`);
  }
  await Promise.all(servers.map((s) => s.ready));
  const hosts: Client[] = [];
  const frames: Array<{ team: string; frame: string }> = [];
  try {
    for (const room of ev.rooms) hosts.push(await connectHost(urls[0]!, await tokens.ensure(ev.id, 'host', room.id)));
    const judgeIds = ev.rooms.flatMap((r) => r.panel);
    // Judges alternate between the processes (their sheets' broadcasts then start on either).
    const judgeAuths = await Promise.all(judgeIds.map(async (j) => ({ token: await tokens.ensure(ev.id, 'judge', j) })));
    await judgeWorker.ask({ type: 'judges', url: urls[0], auths: judgeAuths.filter((_, i) => i % processes === 0) });
    if (processes > 1) await judgeWorker.ask({ type: 'judges', url: urls[1], auths: judgeAuths.filter((_, i) => i % processes === 1) });
    const judgeOrder = [...judgeIds.filter((_, i) => i % processes === 0), ...judgeIds.filter((_, i) => i % processes === 1)];
    await sleep(1000);
    const before = await serverMemory(servers);
    // Worker 0 also holds the 17 displays (one per room), after its audience sockets.
    const displayAuths = await Promise.all(ev.rooms.map(async (r) => ({ token: await tokens.ensure(ev.id, 'display', r.id) })));
    const connectMs = await connectAudience(workers, urls, n, { audience: ev.id }, (w) => (w === 0 ? displayAuths : []));
    await sleep(3000);
    const after = await serverMemory(servers);
    const memory = {
      rssPerSocket: (after.rss - before.rss) / n, heapPerSocket: (after.heap - before.heap) / n,
      externalPerSocket: (after.external - before.external) / n, rssBefore: before.rss, rssAfter: after.rss,
    };
    log(`  ${after.clients} sockets connected in ${(connectMs / 1000).toFixed(1)} s; server memory +${(memory.rssPerSocket / 1024).toFixed(1)} KB RSS, +${(memory.heapPerSocket / 1024).toFixed(1)} KB heap per audience socket`);

    // (a) Every room calls its next team and opens scoring; then rounds of all 153 judges submitting at once.
    const teams = ev.rooms.map((_, r) => `r${r + 1}t${++teamCursor[r]!}`);
    for (const [r, host] of hosts.entries()) {
      await command(host, 'room:call', { team: teams[r] });
      await command(host, 'room:open-scoring', {});
    }
    // Spread rounds: every judge sends one sheet at a random moment of a WINDOW_MS window (153 sheets in 10 s: every
    // room's panel scoring at once). Then one burst: all 153 in the same instant, the worst case.
    let refused = 0;
    let random = 12345;
    const rand = () => (random = (random * 1103515245 + 12345) % 2147483648) / 2147483648;
    const round = async (r: number, spread: boolean): Promise<number[]> => {
      const items = judgeOrder.map((j, i) => {
        const room = Number(/^r(\d+)j/.exec(j)![1]) - 1;
        return { judge: i, sid: `bench-${runIndex}-${r}-${j}`, team: teams[room], values: sheet(runIndex * 100_000 + r * 1000 + i),
          delayMs: spread ? Math.floor(rand() * WINDOW_MS) : 0 };
      });
      const { results } = await judgeWorker.ask<{ results: Array<{ ms: number; ok: boolean }> }>({ type: 'submit', items });
      refused += results.filter((x) => !x.ok).length;
      await sleep(500);
      return results.map((x) => x.ms);
    };
    const spreadAcks: number[] = [];
    for (let r = 0; r < ROUNDS; r++) spreadAcks.push(...await round(r, true));
    const burstAcks = await round(ROUNDS, false);
    const ack = { ...stats(spreadAcks), refused, burst: stats(burstAcks) };
    log(`  submit→ack, ${ack.n} sheets spread over ${ROUNDS} x ${WINDOW_MS / 1000} s: p50 ${f1(ack.p50)} ms, p99 ${f1(ack.p99)} ms, max ${f1(ack.max)} ms${refused ? ` (${refused} refused!)` : ''}`);
    log(`  submit→ack, all 153 at once: p50 ${f1(ack.burst.p50)} ms, p99 ${f1(ack.burst.p99)} ms, max ${f1(ack.burst.max)} ms`);

    // (b) Close and reveal room by room; the reveal is timed from the host's command to each socket's room:patch.
    const reveals: Run['reveals'] = [];
    for (const [r, host] of hosts.entries()) {
      await command(host, 'room:close-scoring', {});
      await sleep(300);
      if (r >= REVEALS) {
        await command(host, 'room:reveal', {});
        continue;
      }
      const m = await measureReveal(workers, teams[r]!, n + 1, async () => {
        const t0 = process.hrtime.bigint();
        void command(host, 'room:reveal', {});
        return t0;
      });
      reveals.push({ p50: m.p50, p99: m.p99, max: m.max, receivers: m.receivers });
      if (m.frame) frames.push({ team: teams[r]!, frame: m.frame });
      if (m.receivers < n + 1) log(`  reveal ${r + 1}: only ${m.receivers} of ${n + 1} sockets got it within 60 s`);
      await sleep(700);
    }
    const med = { p50: median(reveals.map((x) => x.p50)), p99: median(reveals.map((x) => x.p99)), max: median(reveals.map((x) => x.max)) };
    log(`  reveal→received (median of ${reveals.length} reveals): p50 ${f1(med.p50)} ms, p99 ${f1(med.p99)} ms, max ${f1(med.max)} ms`);
    return { run: { label, n, processes, reveals, ack, memory, connectMs }, frames };
  } finally {
    for (const h of hosts) h.disconnect();
    await Promise.all([...workers, judgeWorker].map((w) => w.ask({ type: 'close' })));
    await Promise.all(servers.map((s) => s.stop()));
    await sleep(1000);
  }
}

/** The floor: the same workers, N + 1 sockets, the same reveal frames sent by a bare ws server. */
async function runFloor(n: number, workers: Child[], frames: Array<{ team: string; frame: string }>): Promise<Run> {
  log(`\nfloor (bare ws), N = ${n}`);
  const port = await freePort();
  const floor = Child.start('floor', 'floor-server.ts', { PORT: String(port) });
  await floor.ready;
  const url = `http://127.0.0.1:${port}`;
  try {
    const connectMs = await connectAudience(workers, [url], n, {}, (w) => (w === 0 ? [{}] : []));
    const host = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket&host=1`);
    await new Promise((ok) => host.once('open', ok));
    await sleep(2000);
    const reveals: Run['reveals'] = [];
    for (const { team, frame } of frames) {
      const m = await measureReveal(workers, team, n + 1, async () => {
        const t0 = process.hrtime.bigint();
        host.send(`T4${frame}`);
        return t0;
      });
      reveals.push({ p50: m.p50, p99: m.p99, max: m.max, receivers: m.receivers });
      await sleep(700);
    }
    host.close();
    const med = { p50: median(reveals.map((x) => x.p50)), p99: median(reveals.map((x) => x.p99)), max: median(reveals.map((x) => x.max)) };
    log(`  same bytes to ${n + 1} sockets (median of ${reveals.length}): p50 ${f1(med.p50)} ms, p99 ${f1(med.p99)} ms, max ${f1(med.max)} ms`);
    return { label: 'floor (bare ws)', n, processes: 1, reveals, connectMs };
  } finally {
    await floor.ask({ type: 'close' }).catch(() => undefined);
    await Promise.all(workers.map((w) => w.ask({ type: 'close' })));
    await floor.stop();
    await sleep(1000);
  }
}

function machine(): string {
  const cpu = cpus();
  let kernel = '';
  try {
    kernel = execSync('uname -sr').toString().trim();
  } catch { /* not a Unix */ }
  return `${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB RAM, ${kernel}, Node ${process.version}`;
}

function report(runs: Run[]): string {
  const lines: string[] = [];
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  lines.push(`Measured ${date} UTC on ${machine()}; ${WORKERS} client processes + 1 judge process, all on this machine.`);
  lines.push('');
  lines.push('**Reveal → received** by every audience socket and the room\'s display (ms; median over the reveals of the run of each reveal\'s p50 / p99 / max):');
  lines.push('');
  lines.push('| N audience | server | reveals | p50 | p99 | max | floor p50 | floor p99 | floor max | p99 ratio to floor |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const floors = new Map(runs.filter((r) => r.label.startsWith('floor')).map((r) => [r.n, r]));
  const ratios = new Map<string, number>();
  for (const r of runs.filter((x) => !x.label.startsWith('floor'))) {
    const fl = floors.get(r.n);
    const m = (run: Run, k: 'p50' | 'p99' | 'max') => median(run.reveals.map((x) => x[k]));
    const ratio = fl ? m(r, 'p99') / m(fl, 'p99') : NaN;
    ratios.set(`${r.processes}:${r.n}`, ratio);
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.label} | ${r.reveals.length} | ${f1(m(r, 'p50'))} | ${f1(m(r, 'p99'))} | ${f1(m(r, 'max'))} | ${fl ? f1(m(fl, 'p50')) : '–'} | ${fl ? f1(m(fl, 'p99')) : '–'} | ${fl ? f1(m(fl, 'max')) : '–'} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} |`);
  }
  lines.push('');
  lines.push(`**Submit → ack** (ms) with 17 rooms x 9 judges scoring while N audience sockets watch: ${ROUNDS} rounds of every judge sending one sheet at a random moment of a ${WINDOW_MS / 1000} s window, then one burst of all 153 at the same instant; and **server memory** per audience socket (after a full GC, (after − before) / N):`);
  lines.push('');
  lines.push('| N audience | server | sheets | ack p50 | ack p99 | ack max | burst p50 | burst p99 | RSS / socket | heap / socket | connect N |');
  lines.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of runs.filter((x) => x.ack)) {
    lines.push(`| ${r.n.toLocaleString('en')} | ${r.label} | ${r.ack!.n} | ${f1(r.ack!.p50)} | ${f1(r.ack!.p99)} | ${f1(r.ack!.max)} | ${f1(r.ack!.burst.p50)} | ${f1(r.ack!.burst.p99)} | ${(r.memory!.rssPerSocket / 1024).toFixed(1)} KB | ${(r.memory!.heapPerSocket / 1024).toFixed(1)} KB | ${(r.connectMs / 1000).toFixed(1)} s |`);
  }
  lines.push('');
  const big = Math.max(...SIZES);
  const r10 = ratios.get(`1:${big}`);
  if (big === 10_000 && r10 !== undefined) lines.push(`ratio to floor at 10,000 sockets: ${r10.toFixed(2)}`);
  const r10two = ratios.get(`2:${big}`);
  if (big === 10_000 && r10two !== undefined && Number.isFinite(r10two)) lines.push(`(two processes on the Redis adapter: ratio to the one-process floor at 10,000 sockets: ${r10two.toFixed(2)})`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  log(`bench: N = ${SIZES.join(', ')}; ${WORKERS} client processes; ${ROUNDS} submit rounds; ${REVEALS} reveals per run${TWO ? '; then 2 server processes' : ''}`);
  redis = await TestRedisProcess.start();
  store = new Store(new Redis(redis.url));
  tokens = new Tokens(store.redis);
  await store.saveEvent(ev);
  const workers = Array.from({ length: WORKERS }, (_, i) => Child.start(`clients-${i}`, 'client-worker.ts'));
  const judgeWorker = Child.start('judges', 'client-worker.ts');
  await Promise.all([...workers, judgeWorker].map((w) => w.ready));
  const runs: Run[] = [];
  try {
    for (const n of SIZES) {
      const ours = await runOurs(n, 1, workers, judgeWorker);
      runs.push(ours.run);
      runs.push(await runFloor(n, workers, ours.frames));
    }
    if (TWO) runs.push((await runOurs(Math.max(...SIZES), 2, workers, judgeWorker)).run);
  } finally {
    await Promise.all([...workers, judgeWorker].map((w) => w.stop()));
    store.redis.disconnect();
    await redis.stop();
  }
  const text = report(runs);
  log(`\n${text}`);
  mkdirSync(resolve(ROOT, '.tmp'), { recursive: true });
  writeFileSync(resolve(ROOT, '.tmp', 'bench-latest.json'), JSON.stringify(runs, null, 1));
  if (WRITE) {
    const file = resolve(ROOT, 'BENCHMARKS.md');
    const doc = readFileSync(file, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    if (!doc.includes(start) || !doc.includes(end)) throw new Error('BENCHMARKS.md has no bench markers');
    writeFileSync(file, `${doc.slice(0, doc.indexOf(start) + start.length)}\n${text}\n${doc.slice(doc.indexOf(end))}`);
    log('BENCHMARKS.md updated');
  }
}

await main();
process.exit(0);
