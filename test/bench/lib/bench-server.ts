// A bench server process: the app factory as server/index.ts builds it (Redis adapter on), on REDIS_URL and PORT,
// answering memory and CPU questions over IPC. Run with --expose-gc so the figures are taken after a full collection.
import { Redis } from 'ioredis';
import { createApp } from '../../../server/app';
import { Store } from '../../../server/store/index';
import { serve } from './child';

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 3 });
const store = new Store(redis);
const { http, io } = createApp({ redis, store, staticDir: '/nonexistent', shareWithOtherProcesses: process.env.SHARE !== '0' });
await new Promise<void>((ok) => http.listen(Number(process.env.PORT), '127.0.0.1', ok));

const gc = (globalThis as { gc?: () => void }).gc;

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
  throw new Error(`unknown request ${req.type}`);
});
process.on('SIGTERM', () => process.exit(0)); // a normal exit, so --cpu-prof can write its profile
process.send!({ type: 'ready' });
