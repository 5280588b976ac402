// Real processes for benchmarks and fault tests: a private redis-server on its own directory and `node server/index.ts`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startEmbeddedRedis, type EmbeddedRedis } from '../../../server/redis/embedded';

/** The repository's root, where `server/index.ts` is. */
export const ROOT = resolve(import.meta.dirname, '..', '..', '..');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A private Redis (AOF, fsync always) in a fresh temporary directory; it can be killed and restarted on the same port. */
export class TestRedisProcess {
  private constructor(readonly dir: string, public server: EmbeddedRedis) {}

  static async start(): Promise<TestRedisProcess> {
    const dir = mkdtempSync(join(tmpdir(), 'fs-chaos-'));
    return new TestRedisProcess(dir, await startEmbeddedRedis({ dataDir: dir, log: () => undefined }));
  }

  get url(): string {
    return this.server.url;
  }

  /** kill -9: no chance to flush anything that is not already on disk. */
  kill9(): void {
    process.kill(this.server.pid, 'SIGKILL');
  }

  /** Starts redis-server again on the same directory and port (it replays the AOF). */
  async restart(): Promise<void> {
    this.server = await startEmbeddedRedis({ dataDir: this.dir, port: this.server.port, log: () => undefined });
  }

  async stop(): Promise<void> {
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One `node --import tsx server/index.ts` process. */
export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** What it printed (stdout and stderr), for the report when something fails. */
  output(): string;
  /** Whether it is still running. */
  alive(): boolean;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts a server process on REDIS_URL and waits until it listens. */
export async function spawnServer(opts: { redisUrl: string; port?: number; env?: Record<string, string> }): Promise<ServerProcess> {
  const port = opts.port ?? await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), REDIS_URL: opts.redisUrl, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-20_000); });
  child.stderr!.on('data', (d: Buffer) => { out = (out + d.toString()).slice(-20_000); });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const until = Date.now() + 60_000;
  while (!out.includes('Listening on')) {
    if (child.exitCode !== null || Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${out}`);
    }
    await sleep(25);
  }
  return {
    url: `http://127.0.0.1:${port}`, port, child,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
