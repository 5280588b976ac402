// Two machines on one: a primary redis-server (AOF, fsync always), its replica and 3 Redis Sentinels (Debian's
// redis-sentinel) on loopback with free ports and temporary directories, as docs/deploy.md sets them up on two laptops
// (down-after-milliseconds 1000, so that a takeover is quick); for the failover drill (test/bench/failover.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { findRedisServer, freePort } from '../../../server/redis/embedded';
import { sleep } from './procs';

/** Debian's sentinel (a link to redis-server that starts in sentinel mode). */
export const REDIS_SENTINEL = '/usr/bin/redis-sentinel';
/** The master's name the sentinels watch (REDIS_SENTINEL_NAME). */
export const MASTER_NAME = 'finals';

/** One redis-server or redis-sentinel process. */
interface Proc { port: number; child: ChildProcess }

/** Starts a process and waits until it answers PING on `port`. */
async function startProc(bin: string, args: string[], port: number): Promise<Proc> {
  const child = spawn(bin, args, { stdio: 'ignore' });
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`${bin} ${args.join(' ')} exited with ${child.exitCode}`);
      try {
        if (probe.status !== 'ready') await probe.connect();
        if ((await probe.ping()) === 'PONG') return { port, child };
      } catch {
        if (i > 200) throw new Error(`${bin} did not answer on port ${port}`);
      }
      await sleep(25);
    }
  } finally {
    probe.disconnect();
  }
}

/** The sentinel rig: kill the primary's redis-server, ask who the master is, stop everything. */
export class SentinelRig {
  private constructor(readonly dir: string, readonly primary: Proc, readonly replica: Proc, readonly sentinels: Proc[]) {}

  /** `REDIS_SENTINELS` for the servers: `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`. */
  get sentinelList(): string {
    return this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
  }

  /** A primary, a replica of it and 3 sentinels watching it; resolves once the replica is in sync and every sentinel knows the others. */
  static async start(): Promise<SentinelRig> {
    const bin = findRedisServer();
    if (!bin) throw new Error('redis-server is not installed: apt-get install -y redis-server');
    const dir = mkdtempSync(join(tmpdir(), 'fs-failover-'));
    const redisArgs = (name: string, port: number) => {
      mkdirSync(join(dir, name));
      return ['--port', String(port), '--bind', '127.0.0.1', '--dir', join(dir, name), '--appendonly', 'yes', '--appendfsync', 'always',
        '--save', '', '--daemonize', 'no', '--logfile', join(dir, `${name}.log`)];
    };
    const [p, r] = [await freePort(), await freePort()];
    const primary = await startProc(bin, redisArgs('primary', p), p);
    const replica = await startProc(bin, [...redisArgs('replica', r), '--replicaof', '127.0.0.1', String(p)], r);
    const sentinels: Proc[] = [];
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(dir, `sentinel-${i}.conf`);
      writeFileSync(conf, [`port ${port}`, 'bind 127.0.0.1', `dir ${dir}`, `logfile ${join(dir, `sentinel-${i}.log`)}`,
        `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${p} 2`, `sentinel down-after-milliseconds ${MASTER_NAME} 1000`,
        `sentinel failover-timeout ${MASTER_NAME} 10000`, `sentinel parallel-syncs ${MASTER_NAME} 1`, ''].join('\n'));
      sentinels.push(await startProc(REDIS_SENTINEL, [conf], port));
    }
    const rig = new SentinelRig(dir, primary, replica, sentinels);
    await rig.ready();
    return rig;
  }

  /** Waits until the replica is in sync and each sentinel knows the replica and the 2 other sentinels. */
  private async ready(): Promise<void> {
    const until = Date.now() + 30_000;
    const replica = new Redis({ port: this.replica.port, host: '127.0.0.1' });
    const sentinels = this.sentinels.map((s) => new Redis({ port: s.port, host: '127.0.0.1' }));
    try {
      for (;;) {
        const synced = /master_link_status:up/.test(await replica.info('replication'));
        const known = await Promise.all(sentinels.map(async (s) => {
          const replicas = (await s.call('SENTINEL', 'REPLICAS', MASTER_NAME)) as unknown[];
          const others = (await s.call('SENTINEL', 'SENTINELS', MASTER_NAME)) as unknown[];
          return replicas.length === 1 && others.length === 2;
        }));
        if (synced && known.every(Boolean)) return;
        if (Date.now() > until) throw new Error('the replica or the sentinels did not get ready in 30 s');
        await sleep(100);
      }
    } finally {
      replica.disconnect();
      for (const s of sentinels) s.disconnect();
    }
  }

  /** The port of the redis-server the sentinels name as master now. */
  async masterPort(): Promise<number> {
    const s = new Redis({ port: this.sentinels[0]!.port, host: '127.0.0.1' });
    try {
      const [, port] = (await s.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)) as [string, string];
      return Number(port);
    } finally {
      s.disconnect();
    }
  }

  /** kill -9 of the primary's redis-server: nothing that is not on its disk survives there. */
  killPrimary(): void {
    this.primary.child.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    for (const p of [this.primary, this.replica, ...this.sentinels]) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        const exited = new Promise((r) => p.child.once('exit', r));
        p.child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
