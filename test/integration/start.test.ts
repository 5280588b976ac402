// `npm start`'s server process: with no REDIS_URL it brings up its own Redis under DATA_DIR, reports health, and a
// second start on the same DATA_DIR finds everything as it was; with REDIS_URL it uses that server.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/redis/embedded';
import { eventKeys } from '../../server/store/keys';
import { useRealRedis } from '../helpers/redis';

const dataDir = mkdtempSync(join(tmpdir(), 'fs-start-'));
const external = useRealRedis();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts `tsx server/index.ts` and resolves once it says it is listening. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: { ...process.env, PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const deadline = Date.now() + 30_000;
  while (!out.includes('Listening on')) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port, output: () => out };
}

async function stopServer(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('server start', () => {
  it('embedded: health says Redis connected with AOF on; the data survives a restart', async () => {
    const first = await startServer({ DATA_DIR: dataDir, REDIS_URL: '' });
    const health = await (await fetch(`http://127.0.0.1:${first.port}/api/health`)).json();
    expect(health).toEqual({
      ok: true, status: 'ok', redis: { connected: true, aof: true, appendfsync: 'always', version: expect.any(String) },
      storage: { mode: 'embedded', state: 'ok', since: expect.any(String), restarts: 0 },
    });
    const redisUrl = /private redis-server on (redis:\/\/[^\s,]+)/.exec(first.output())![1]!;
    const r = new Redis(redisUrl);
    await r.set(eventKeys('persist').event, '{"marker":1}');
    r.disconnect();
    expect(await stopServer(first.child)).toBe(0);

    const second = await startServer({ DATA_DIR: dataDir, REDIS_URL: '' });
    const url2 = /private redis-server on (redis:\/\/[^\s,]+)/.exec(second.output())![1]!;
    const r2 = new Redis(url2);
    expect(await r2.get(eventKeys('persist').event)).toBe('{"marker":1}');
    r2.disconnect();
    expect(await stopServer(second.child)).toBe(0);
  }, 90_000); // two server processes start one after the other: on a busy machine that alone can pass 30 s

  it('REDIS_URL: uses that Redis and starts none of its own', async () => {
    const srv = await startServer({ DATA_DIR: join(dataDir, 'unused'), REDIS_URL: external.server.url });
    expect(srv.output()).toContain('using REDIS_URL');
    expect(srv.output()).not.toContain('private redis-server');
    const health = await (await fetch(`http://127.0.0.1:${srv.port}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, status: 'ok', redis: { connected: true }, storage: { mode: 'external', state: 'ok' } });
    const missing = await fetch(`http://127.0.0.1:${srv.port}/api/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
    expect(await stopServer(srv.child)).toBe(0);
  });
});
