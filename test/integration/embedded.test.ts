// The embedded default: a private redis-server with AOF (fsync always) whose data survives a stop, a crash and a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { readHealth } from '../../server/app';
import { findRedisServer, startEmbeddedRedis } from '../../server/redis/embedded';

const dir = mkdtempSync(join(tmpdir(), 'fs-embedded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('embedded redis-server', () => {
  it('is found on PATH', () => {
    expect(findRedisServer()).toMatch(/redis-server$/);
  });

  it('runs with AOF on and appendfsync always, on loopback only, and keeps its data across a restart', async () => {
    const first = await startEmbeddedRedis({ dataDir: dir, log: () => undefined });
    const a = new Redis(first.url);
    const health = await readHealth(a);
    expect(health).toMatchObject({ ok: true, redis: { connected: true, aof: true, appendfsync: 'always' } });
    expect(await a.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    await a.set('kept', '85.13');
    a.disconnect();
    await first.stop();

    const second = await startEmbeddedRedis({ dataDir: dir, log: () => undefined });
    const b = new Redis(second.url);
    expect(await b.get('kept')).toBe('85.13');
    b.disconnect();
    await second.stop();
  });

  it('after a crash of its parent, the next start adopts the running server instead of starting a second one', async () => {
    const orphan = await startEmbeddedRedis({ dataDir: dir, log: () => undefined });
    const lines: string[] = [];
    const adopted = await startEmbeddedRedis({ dataDir: dir, log: (l) => lines.push(l) });
    expect(adopted.pid).toBe(orphan.pid);
    expect(lines.join('\n')).toMatch(/adopting/);
    await adopted.stop();
  });

  it('survives kill -9 of redis-server: an acknowledged write is on disk (AOF, fsync always)', async () => {
    const srv = await startEmbeddedRedis({ dataDir: dir, log: () => undefined });
    const c = new Redis(srv.url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
    c.on('error', () => undefined);
    for (let i = 0; i < 200; i++) await c.hset('sheets', `j${i}`, String(i));
    process.kill(srv.pid, 'SIGKILL');
    c.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    const again = await startEmbeddedRedis({ dataDir: dir, log: () => undefined });
    expect(again.pid).not.toBe(srv.pid);
    const d = new Redis(again.url);
    expect(await d.hlen('sheets')).toBe(200);
    d.disconnect();
    await again.stop();
  });
});
