// Entry point: connects to Redis (through Sentinel with REDIS_SENTINELS, or REDIS_URL, or a private embedded
// redis-server under DATA_DIR, kept running by its supervisor), then serves on PORT; with a standby machine (STANDBY,
// docs/deploy.md) every sheet waits for the replica (WAIT, REDIS_WAIT_MS) and the links carry the other address.
// The built pages are served from ./dist (STATIC_DIR: another folder). SIGINT and SIGTERM stop everything, the private
// Redis included, within 5 s.
import { resolve } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { createApp, readHealth } from './app';
import { embeddedRedisDir, superviseEmbeddedRedis, type SupervisedRedis } from './redis/embedded';
import { redisTarget, sentinelOptions, standbyAddress, waitTimeout } from './standby';
import { isConnectionError, reconnectDelay, StorageMonitor, type StorageMode } from './storage';
import { Store } from './store/index';

/** The longest a stop may take before the process ends regardless (the goal is 5 s in every state). */
const STOP_LIMIT_MS = 4500;

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  const target = redisTarget(process.env);
  const standby = standbyAddress(process.env);
  const mode: StorageMode = target.kind === 'embedded' ? 'embedded' : 'external';
  let embedded: SupervisedRedis | null = null;
  let storage: StorageMonitor | null = null;
  let stop: (why: string, code: number) => Promise<void> = async (_why, code) => process.exit(code);
  let url = target.kind === 'url' ? target.url : '';
  if (target.kind === 'embedded') {
    const redisDir = embeddedRedisDir(dataDir);
    embedded = await superviseEmbeddedRedis({
      dataDir: redisDir,
      onRestarted: () => storage?.restarted(),
      onGiveUp: (message) => {
        console.error(message);
        void stop('Redis keeps dying', 1);
      },
    });
    url = embedded.url;
    console.log(`Redis: private redis-server on ${url}, data in ${redisDir} (AOF, fsync always)`);
  } else if (target.kind === 'url') {
    console.log(`Redis: using REDIS_URL ${url.replace(/\/\/[^@]*@/, '//***@')}`);
  } else {
    url = `the master "${target.name}" of the sentinels ${target.sentinels.map((s) => `${s.host}:${s.port}`).join(', ')}`;
    console.log(`Redis: through Sentinel: ${url}`);
  }
  const options: RedisOptions = { maxRetriesPerRequest: 3, retryStrategy: (attempt) => reconnectDelay(mode, attempt) };
  const redis = target.kind === 'sentinel' ? new Redis({ ...options, ...sentinelOptions(target) }) : new Redis(url, options);
  storage = new StorageMonitor(redis, mode);
  // One line per change, not one per failed attempt (every 100 ms while the private Redis is being restarted).
  let lastError = '';
  redis.on('error', (err) => {
    if (err.message !== lastError) console.error(`Redis: ${err.message}`);
    lastError = err.message;
  });
  storage.onChange((s) => {
    if (s.state === 'ok') lastError = '';
    console.log(s.state === 'ok' ? 'Redis: connected again; commands are served'
      : 'Redis: connection lost; every command is answered UNAVAILABLE (not saved) until it is back');
  });
  const health = await readHealth(redis);
  if (!health.redis.connected) throw new Error(`cannot reach Redis at ${url}`);
  if (!health.redis.aof) {
    console.warn('WARNING: this Redis has AOF persistence off: a crash can lose acknowledged scores. '
      + 'Turn it on (appendonly yes, appendfsync always) or run without REDIS_URL.');
  }
  // With a standby (or sentinels: a replica), a sheet's receipt says whether the replica has it too.
  const replicated = standby !== null || target.kind === 'sentinel';
  const store = new Store(redis, replicated ? { timeoutMs: waitTimeout(process.env) } : undefined);
  if (standby) console.log(`Standby: the other machine is ${standby}; the links carry it`);
  // Behind nginx (docs/deploy.md): its addresses, so that each client is counted as itself.
  const trustProxy = (process.env.TRUST_PROXY ?? '').split(',').map((a) => a.trim()).filter(Boolean);
  const { http, ctx, close } = createApp({
    redis, store, shareWithOtherProcesses: true, storage, trustProxy, standby, staticDir: process.env.STATIC_DIR || undefined,
  });
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
  // Stopping closes the Redis connections, which rejects what waited on them (the adapter's unsubscribe and publishes,
  // which nobody awaits): that is no error. Anything else unhandled ends the process, as Node itself would.
  process.on('unhandledRejection', (err) => {
    if (stopping && isConnectionError(err)) return;
    console.error('unhandled rejection:', err);
    process.exit(1);
  });
  stop = async (why, code) => {
    if (stopping) return;
    stopping = true;
    console.log(`${why}: stopping`);
    // Whatever hangs (a socket, a Redis that does not answer), the process ends in time and takes its Redis with it.
    setTimeout(() => {
      console.error('stopping took too long: exiting now');
      try { if (embedded) process.kill(embedded.pid(), 'SIGKILL'); } catch { /* already gone */ }
      process.exit(code);
    }, STOP_LIMIT_MS).unref();
    const closing = close();
    http.closeAllConnections();
    await closing;
    store.disconnect();
    redis.disconnect(); // not quit(): a quit waits for a Redis that may be gone
    await embedded?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
