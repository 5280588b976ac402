// The embedded default: a private redis-server child process (loopback, AOF with fsync on every write) under DATA_DIR.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';

/** A running private Redis: its URL, and how to stop it. */
export interface EmbeddedRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Where redis-server is, or null when it is not on PATH. */
export function findRedisServer(): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'redis-server');
    if (dir && existsSync(candidate)) return candidate;
  }
  for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server']) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const HOW_TO = 'Install it (Debian/Ubuntu: sudo apt-get install -y redis-server; macOS: brew install redis) '
  + 'or point the server at an existing Redis with REDIS_URL=redis://host:6379.';

/**
 * Finds redis-server, installing it with apt-get when this is Debian/Ubuntu and we are root;
 * otherwise throws with a message that says how to get it.
 */
export function ensureRedisServer(log: (line: string) => void = console.log): string {
  const found = findRedisServer();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/etc/debian_version')) {
    log('redis-server is not installed: installing it with apt-get install -y redis-server …');
    let r = spawnSync('apt-get', ['install', '-y', '-q', 'redis-server'], { stdio: 'inherit' });
    if (r.status !== 0) {
      spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit' });
      r = spawnSync('apt-get', ['install', '-y', '-q', 'redis-server'], { stdio: 'inherit' });
    }
    const installed = findRedisServer();
    if (r.status === 0 && installed) return installed;
  }
  throw new Error(`redis-server was not found on PATH. ${HOW_TO}`);
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function ping(port: number, timeoutMs: number): Promise<boolean> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitUntilGone(pid: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (isAlive(pid) && Date.now() < until) await sleep(25);
}

/**
 * Starts a private redis-server with its data in `dataDir` (AOF on, appendfsync always, loopback only),
 * or adopts the one a previous run left behind on the same directory (after a crash), so two never share the files.
 */
export async function startEmbeddedRedis(opts: {
  dataDir: string; log?: (line: string) => void;
  /** The port to listen on (default: a free one); a restart on the same port lets connected clients find it again. */
  port?: number;
}): Promise<EmbeddedRedis> {
  const log = opts.log ?? console.log;
  const dir = opts.dataDir;
  mkdirSync(dir, { recursive: true });
  const stateFile = join(dir, 'embedded.json');
  if (existsSync(stateFile)) {
    const prev = JSON.parse(readFileSync(stateFile, 'utf8')) as { pid: number; port: number };
    if (isAlive(prev.pid) && (await ping(prev.port, 1000))) {
      log(`Redis: adopting the private redis-server left running on port ${prev.port} (pid ${prev.pid})`);
      return handle(prev.port, prev.pid, null, stateFile);
    }
    if (isAlive(prev.pid)) {
      // Alive but not answering as our Redis: make sure it is not writing to our files before starting another.
      try { process.kill(prev.pid, 'SIGKILL'); } catch { /* already gone */ }
      await waitUntilGone(prev.pid, 3000);
    }
  }
  const bin = ensureRedisServer(log);
  const port = opts.port ?? await freePort();
  const child = spawn(bin, [
    '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes',
    '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '',
    '--daemonize', 'no', '--logfile', '', '--loglevel', 'warning',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  child.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}:\n${output}`);
    if (await ping(port, 500)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port} within 15 s:\n${output}`);
    }
    await sleep(50);
  }
  writeFileSync(stateFile, JSON.stringify({ pid: child.pid, port }));
  void exited;
  return handle(port, child.pid!, child, stateFile);
}

function handle(port: number, pid: number, child: ChildProcess | null, stateFile: string): EmbeddedRedis {
  let stopping: Promise<void> | null = null;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid,
    stop() {
      stopping ??= (async () => {
        // SIGTERM: Redis flushes the AOF and exits cleanly.
        try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
        await waitUntilGone(pid, 10_000);
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
        child?.removeAllListeners();
        rmSync(stateFile, { force: true });
      })();
      return stopping;
    },
  };
}
