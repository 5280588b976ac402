// Entry point: connects to Redis (REDIS_URL, or a private embedded redis-server under DATA_DIR), then serves on PORT.
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { createApp, readHealth } from './app';
import { startEmbeddedRedis, type EmbeddedRedis } from './redis/embedded';
import { Store } from './store/index';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  let embedded: EmbeddedRedis | null = null;
  let url = process.env.REDIS_URL;
  if (!url) {
    embedded = await startEmbeddedRedis({ dataDir: resolve(dataDir, 'redis') });
    url = embedded.url;
    console.log(`Redis: private redis-server on ${url}, data in ${resolve(dataDir, 'redis')} (AOF, fsync always)`);
  } else {
    console.log(`Redis: using REDIS_URL ${url.replace(/\/\/[^@]*@/, '//***@')}`);
  }
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => console.error(`Redis: ${err.message}`));
  const health = await readHealth(redis);
  if (!health.redis.connected) throw new Error(`cannot reach Redis at ${url}`);
  if (!health.redis.aof) {
    console.warn('WARNING: this Redis has AOF persistence off: a crash can lose acknowledged scores. '
      + 'Turn it on (appendonly yes, appendfsync always) or run without REDIS_URL.');
  }
  const store = new Store(redis);
  const { http, ctx, close } = createApp({ redis, store, shareWithOtherProcesses: true });
  if (process.env.ADMIN_PASSWORD) {
    const same = await ctx.admin.verify(process.env.ADMIN_PASSWORD);
    if (!same) await ctx.admin.setPassword(process.env.ADMIN_PASSWORD, false);
  } else if (!(await ctx.admin.hasPassword())) {
    console.log('No admin password yet: start with ADMIN_PASSWORD=… or set it once with POST /api/admin/setup.');
  }
  await new Promise<void>((ok) => http.listen(port, ok));
  const addr = http.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  console.log(`Listening on http://localhost:${actual}`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await close();
    http.closeAllConnections();
    await redis.quit().catch(() => undefined);
    await embedded?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
