// A bench server process: the app factory as server/index.ts builds it (Redis adapter on), on REDIS_URL and PORT,
// answering memory and CPU questions over IPC. Run with --expose-gc so the figures are taken after a full collection.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { createApp } from '../../../server/app';
import { Store } from '../../../server/store/index';
import { serve } from './child';

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 3 });
const store = new Store(redis);
const { http, io } = createApp({ redis, store, staticDir: '/nonexistent', shareWithOtherProcesses: process.env.SHARE !== '0' });
await new Promise<void>((ok) => http.listen(Number(process.env.PORT), '127.0.0.1', ok));

const gc = (globalThis as { gc?: () => void }).gc;
// How long the event loop was held (a sheet waits that long), and the garbage collector's pauses, since the last 'loop'.
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let gcPauses: number[] = [];
/** Moments the event loop was held over 30 ms (wall clock at the end of the hold, and how long), since the last 'loop'. */
let stalls: Array<{ at: number; ms: number }> = [];
let tick = performance.now();
setInterval(() => {
  const t = performance.now();
  if (t - tick > 40) stalls.push({ at: Date.now(), ms: Math.round(t - tick - 10) });
  tick = t;
}, 10).unref();
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcPauses.push(e.duration); }).observe({ entryTypes: ['gc'] });
// The server's own share of a judge's wait: from the moment a score:submit packet is read off the socket to the moment
// its ack is handed back to socket.io (validation, Redis with its fsync, the reply), since the last 'loop'.
let submits: number[] = [];
// Within it, the store's call: one Lua script in Redis, with the AOF fsync before Redis replies.
let stored: number[] = [];
const submitSheet = store.submitSheet.bind(store);
store.submitSheet = async (req) => {
  const t0 = performance.now();
  try {
    return await submitSheet(req);
  } finally {
    stored.push(performance.now() - t0);
  }
};
io.on('connection', (socket) => {
  socket.use((packet, next) => {
    const ack = packet.at(-1);
    if (packet[0] === 'score:submit' && typeof ack === 'function') {
      const t0 = performance.now();
      packet[packet.length - 1] = (...args: unknown[]) => {
        submits.push(performance.now() - t0);
        (ack as (...a: unknown[]) => void)(...args);
      };
    }
    next();
  });
});

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
    const percentiles = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
      return { n: sorted.length, p50: at(50), p99: at(99), max: sorted.at(-1) ?? NaN };
    };
    const out = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6,
      gcCount: gcPauses.length, gcTotal: gcPauses.reduce((a, b) => a + b, 0), gcMax: Math.max(0, ...gcPauses), stalls,
      submit: percentiles(submits), stored: percentiles(stored) };
    submits = [];
    stored = [];
    loop.reset();
    gcPauses = [];
    stalls = [];
    return out;
  }
  throw new Error(`unknown request ${req.type}`);
});
process.on('SIGTERM', () => process.exit(0)); // a normal exit, so --cpu-prof can write its profile
process.send!({ type: 'ready' });
