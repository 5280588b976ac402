// A real, private redis-server per test file (the embedded launcher on its own temp dir), torn down after the file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../server/redis/embedded';

/** A started private Redis and a client to it, ready in beforeAll. */
export interface TestRedis {
  server: EmbeddedRedis;
  redis: Redis;
  dir: string;
  /** Another connection to the same Redis, closed with the file. */
  connect(): Redis;
}

/** Starts a private Redis for the current test file; the returned object is filled in before the first test. */
export function useRealRedis(): TestRedis {
  const ctx = {} as TestRedis;
  const extra: Redis[] = [];
  beforeAll(async () => {
    ctx.dir = mkdtempSync(join(tmpdir(), 'fs-test-'));
    ctx.server = await startEmbeddedRedis({ dataDir: ctx.dir, log: () => undefined });
    ctx.redis = new Redis(ctx.server.url);
    ctx.connect = () => {
      const r = new Redis(ctx.server.url);
      extra.push(r);
      return r;
    };
  });
  afterAll(async () => {
    for (const r of extra) r.disconnect();
    ctx.redis?.disconnect();
    await ctx.server?.stop();
    if (ctx.dir) rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}
