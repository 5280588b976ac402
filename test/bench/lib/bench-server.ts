// A bench server process: the app factory as server/index.ts builds it (Redis adapter on), on REDIS_URL and PORT,
// answering memory and CPU questions over IPC. Run with --expose-gc so the figures are taken after a full collection.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createApp } from '../../../server/app';
import { LIMITS } from '../../../server/budgets';
import { Store } from '../../../server/store/index';
import { serve } from './child';

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 3 });
const store = new Store(redis);
// The bench times the fan-out of a reveal, not the show's pace: the phones' hold until the projector has shown the
// result (server/views.ts) is played at once, through the same release path.
// Behind nginx (TRUST_PROXY, as server/index.ts reads it), each phone is counted by the address nginx forwards.
const trustProxy = (process.env.TRUST_PROXY ?? '').split(',').map((a) => a.trim()).filter(Boolean);
// Another heartbeat than the servers' (HEARTBEAT_MS, the bench's --heartbeat): the ping interval, answered within 80 % of it.
const beat = Number(process.env.HEARTBEAT_MS || 0);
const limits = beat > 0 ? { ...LIMITS, heartbeat: { intervalMs: beat, timeoutMs: Math.round(beat * 0.8) } } : LIMITS;
const { http, io } = createApp({ redis, store, staticDir: '/nonexistent', shareWithOtherProcesses: process.env.SHARE !== '0', revealSpeed: 1e6, trustProxy, limits });
await new Promise<void>((ok) => http.listen(Number(process.env.PORT), '127.0.0.1', ok));

const gc = (globalThis as { gc?: () => void }).gc;
// How long the event loop was held (a sheet waits that long), and the garbage collector's pauses, since the last 'loop'.
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
/** GC pauses since the last 'loop': when each began and ended (performance.now()). */
let gcPauses: Array<{ start: number; end: number }> = [];
/** Moments the event loop was held over 30 ms (wall clock at the end of the hold, and how long), since the last 'loop'. */
let stalls: Array<{ at: number; ms: number }> = [];
let tick = performance.now();
setInterval(() => {
  const t = performance.now();
  if (t - tick > 40) stalls.push({ at: Date.now(), ms: Math.round(t - tick - 10) });
  tick = t;
}, 10).unref();
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, end: e.startTime + e.duration });
}).observe({ entryTypes: ['gc'] });
// The server's own share of a judge's wait: from the moment a score:submit packet is read off the socket to the moment
// its ack is handed back to socket.io (validation, Redis with its fsync, the reply), since the last 'loop'; and within
// it, the store's call (one Lua script in Redis, with the AOF fsync before Redis replies), by submission id.
interface Timed { start: number; end: number }
let submits: Array<Timed & { sid: string }> = [];
let stored = new Map<string, Timed>();
const submitSheet = store.submitSheet.bind(store);
store.submitSheet = async (req) => {
  const start = performance.now();
  try {
    return await submitSheet(req);
  } finally {
    stored.set(req.sid, { start, end: performance.now() });
  }
};
io.on('connection', (socket) => {
  socket.use((packet, next) => {
    const ack = packet.at(-1);
    if (packet[0] === 'score:submit' && typeof ack === 'function') {
      const start = performance.now();
      const sid = String((packet[1] as { sid?: unknown } | undefined)?.sid);
      packet[packet.length - 1] = (...args: unknown[]) => {
        submits.push({ sid, start, end: performance.now() });
        (ack as (...a: unknown[]) => void)(...args);
      };
    }
    next();
  });
});

let profiler: Session | undefined;

/** Nearest-rank percentiles of a list of durations (ms). */
function percentiles(xs: number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? NaN };
}

/** How much of [start, end] GC pauses took (ms). */
const gcWithin = (t: Timed) => gcPauses.reduce((a, g) => a + Math.max(0, Math.min(g.end, t.end) - Math.max(g.start, t.start)), 0);

serve(async (req) => {
  if (req.type === 'mem') {
    for (let i = 0; i < 3; i++) {
      gc?.();
      await new Promise((r) => setTimeout(r, 100));
    }
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers,
      clients: io.engine.clientsCount, gc: gc !== undefined };
  }
  if (req.type === 'cpu') {
    const c = process.cpuUsage();
    return { user: c.user, system: c.system };
  }
  if (req.type === 'loop') {
    // Event-loop delay in ms (p50, p99, max), GC pauses (count, total, longest) and the server's time per sheet since
    // the previous 'loop'.
    const durations = gcPauses.map((g) => g.end - g.start);
    // The slowest 1 % of sheets, each split into the store's call, the GC pauses within the whole, and the rest.
    const slowest = [...submits].sort((a, b) => (b.end - b.start) - (a.end - a.start)).slice(0, Math.ceil(submits.length / 100))
      .map((x) => {
        const call = stored.get(x.sid);
        return { at: performance.timeOrigin + x.start, ms: x.end - x.start, store: call ? call.end - call.start : NaN, gc: gcWithin(x), gcInStore: call ? gcWithin(call) : NaN };
      });
    const out = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6,
      gcCount: durations.length, gcTotal: durations.reduce((a, b) => a + b, 0), gcMax: Math.max(0, ...durations), stalls,
      submit: percentiles(submits.map((x) => x.end - x.start)), stored: percentiles([...stored.values()].map((x) => x.end - x.start)), slowest };
    submits = [];
    stored = new Map();
    loop.reset();
    gcPauses = [];
    stalls = [];
    return out;
  }
  if (req.type === 'profile') {
    // A CPU profile of a stretch of the run (--profile): started, then stopped and written to req.file.
    if (req.action === 'start') {
      profiler ??= new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
      return {};
    }
    const { profile } = await profiler!.post('Profiler.stop');
    mkdirSync(dirname(String(req.file)), { recursive: true });
    writeFileSync(String(req.file), JSON.stringify(profile));
    profiler!.disconnect();
    return {};
  }
  throw new Error(`unknown request ${req.type}`);
});
process.on('SIGTERM', () => process.exit(0)); // a normal exit, so --cpu-prof can write its profile
process.send!({ type: 'ready' });
