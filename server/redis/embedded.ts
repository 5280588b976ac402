// The embedded default: a private redis-server child process (loopback, AOF with fsync on every write) under DATA_DIR,
// and its supervisor: when it dies it is started again on the same directory and port (AOF replay), unless it keeps dying.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';

/** The private Redis's directory under a server's data directory (DATA_DIR/redis). */
export function embeddedRedisDir(dataDir: string): string {
  return join(dataDir, 'redis');
}

/** The file a running private Redis's process id and port are written to, in its directory; removed when it stops. */
export function embeddedStateFile(dir: string): string {
  return join(dir, 'embedded.json');
}

/**
 * The process id, port and URL of the private Redis that runs (or ran, and crashed) in `dir`, from its state file;
 * null when there is none; throws when the file cannot be read as one.
 */
export function readEmbeddedState(dir: string): { pid: number; port: number; url: string } | null {
  const file = embeddedStateFile(dir);
  if (!existsSync(file)) return null;
  const { pid, port } = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; port?: unknown };
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535 || typeof pid !== 'number') {
    throw new Error(`${file} names no process and port`);
  }
  return { pid, port, url: urlOf(port) };
}

const urlOf = (port: number): string => `redis://127.0.0.1:${port}`;

/** A running private Redis: its URL, how it ended, and how to stop it. */
export interface EmbeddedRedis {
  url: string;
  port: number;
  pid: number;
  /** Its log file (under the data directory). */
  logFile: string;
  /** Resolves when the process is gone, with how it ended ("was killed by SIGKILL", "exited with code 1"). */
  exited: Promise<string>;
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
  const stateFile = embeddedStateFile(dir);
  const logFile = join(dir, 'redis.log');
  const prev = readEmbeddedState(dir);
  if (prev) {
    if (isAlive(prev.pid) && (await ping(prev.port, 1000))) {
      log(`Redis: adopting the private redis-server left running on port ${prev.port} (pid ${prev.pid})`);
      return handle(prev.port, prev.pid, null, stateFile, logFile);
    }
    if (isAlive(prev.pid)) {
      // Alive but not answering as our Redis: make sure it is not writing to our files before starting another.
      try { process.kill(prev.pid, 'SIGKILL'); } catch { /* already gone */ }
      await waitUntilGone(prev.pid, 3000);
    }
  }
  const bin = ensureRedisServer(log);
  const port = opts.port ?? await freePort();
  // Its own process group (detached): a Ctrl-C in the terminal reaches the server, which stops Redis itself, in order.
  const child = spawn(bin, [
    '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes',
    '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '',
    '--daemonize', 'no', '--logfile', logFile, '--loglevel', 'notice',
  ], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  child.stderr?.on('data', (d: Buffer) => { output = (output + d.toString()).slice(-4000); });
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`redis-server ${ended(child.exitCode, child.signalCode)} at start:\n${output}${tailOf(logFile)}`);
    }
    if (await ping(port, 500)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port} within 15 s:\n${output}${tailOf(logFile)}`);
    }
    await sleep(50);
  }
  writeFileSync(stateFile, JSON.stringify({ pid: child.pid, port }));
  return handle(port, child.pid!, child, stateFile, logFile);
}

/** How a process ended, in words. */
function ended(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

/** The last lines of a log file, or nothing when there is none. */
export function tailOf(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function handle(port: number, pid: number, child: ChildProcess | null, stateFile: string, logFile: string): EmbeddedRedis {
  let stopping: Promise<void> | null = null;
  const exited = child
    ? new Promise<string>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(ended(child.exitCode, child.signalCode));
      else child.once('exit', (code, signal) => resolve(ended(code, signal)));
    })
    : (async () => { // adopted: not our child, so no exit event; look every 200 ms
      while (isAlive(pid)) await sleep(200);
      return 'stopped';
    })();
  return {
    url: urlOf(port),
    port,
    pid,
    logFile,
    exited,
    stop() {
      stopping ??= (async () => {
        // SIGTERM: Redis flushes the AOF and exits cleanly; it has fsynced every write already, so SIGKILL after 3 s
        // loses nothing acknowledged and keeps the server's own stop within its 5 s.
        try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
        await waitUntilGone(pid, 3000);
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
        await waitUntilGone(pid, 1000);
        child?.removeAllListeners();
        rmSync(stateFile, { force: true });
      })();
      return stopping;
    },
  };
}

/** A private Redis kept running: its address stays the same across restarts. */
export interface SupervisedRedis {
  url: string;
  port: number;
  /** The current redis-server's process id. */
  pid(): number;
  /** Stops supervising, then stops the current redis-server. */
  stop(): Promise<void>;
}

/** How many deaths within WINDOW_MS make the supervisor give up. */
export const MAX_DEATHS = 5;
const WINDOW_MS = 60_000;

/**
 * Starts a private Redis (see startEmbeddedRedis) and starts it again, on the same directory and port, each time it
 * dies; after MAX_DEATHS deaths (or failed starts) within a minute it gives up and hands `onGiveUp` a message that
 * says why, with the last lines of Redis's log, and how to recover.
 */
export async function superviseEmbeddedRedis(opts: {
  dataDir: string;
  log?: (line: string) => void;
  /** Each time a restarted redis-server answers again. */
  onRestarted?: () => void;
  onGiveUp: (message: string) => void;
}): Promise<SupervisedRedis> {
  const log = opts.log ?? console.log;
  let current = await startEmbeddedRedis({ dataDir: opts.dataDir, log });
  const port = current.port;
  let stopping = false;
  let restarting: Promise<void> | null = null;
  const deaths: number[] = [];

  /** Records a death; true when that is one too many. */
  const tooMany = (): boolean => {
    const now = Date.now();
    deaths.push(now);
    while (deaths[0]! < now - WINDOW_MS) deaths.shift();
    return deaths.length >= MAX_DEATHS;
  };
  const giveUp = (why: string, logFile: string): void => {
    const tail = tailOf(logFile);
    opts.onGiveUp([
      `Redis: the private redis-server died ${deaths.length} times within a minute (the last time: ${why}); `
        + 'the server stops rather than run without its storage.',
      tail ? `The last lines of its log (${logFile}):\n${tail.replace(/^/gm, '  ')}` : `Its log (${logFile}) is empty.`,
      'To recover: find the cause in that log (a full disk, too little memory, another program killing redis-server); '
        + `if it names a damaged append-only file, repair it with: redis-check-aof --fix ${join(opts.dataDir, 'appendonlydir')}/*.manifest; `
        + `then start the server again. Every acknowledged score is kept in ${opts.dataDir}.`,
    ].join('\n'));
  };
  const restart = async (why: string): Promise<void> => {
    let reason = why;
    for (;;) {
      if (stopping) return;
      if (tooMany()) return giveUp(reason, current.logFile);
      log(`Redis: the private redis-server ${reason}; starting it again on port ${port} (AOF replay)`);
      try {
        const next = await startEmbeddedRedis({ dataDir: opts.dataDir, port, log });
        if (stopping) return next.stop();
        current = next;
        watch(next);
        opts.onRestarted?.();
        log(`Redis: restarted (pid ${next.pid})`);
        return;
      } catch (err) {
        reason = `could not be started: ${(err as Error).message.split('\n')[0]}`;
        await sleep(200);
      }
    }
  };
  const watch = (r: EmbeddedRedis): void => {
    void r.exited.then((why) => {
      if (stopping || r !== current) return;
      restarting = restart(why).finally(() => { restarting = null; });
    });
  };
  watch(current);

  return {
    url: current.url,
    port,
    pid: () => current.pid,
    async stop() {
      stopping = true;
      await restarting;
      await current.stop();
    },
  };
}
