// Two machines on one, as docs/deploy.md sets up two laptops: the sentinel rig (a primary Redis, its replica, 3
// sentinels) and two server processes on it, a primary and a standby, each naming the other (STANDBY); the test's own
// Redis connection through the sentinels; kill -9 of the primary machine. For the failover drill (test/bench/failover.ts)
// and the pages' failover in Chromium (test/e2e/failover.test.ts).
import { Redis } from 'ioredis';
import { Tokens } from '../../../server/auth';
import { freePort } from '../../../server/redis/embedded';
import { sentinelOptions } from '../../../server/standby';
import { Store } from '../../../server/store/index';
import { spawnServer, type ServerProcess } from './procs';
import { MASTER_NAME, SentinelRig } from './sentinel';

/** The running pair; `primaryUrl` and `standbyUrl` are the two machines' addresses (what STANDBY names). */
export interface TwoMachines {
  rig: SentinelRig;
  primary: ServerProcess;
  standby: ServerProcess;
  primaryUrl: string;
  standbyUrl: string;
  /** The test's view of the data, through the sentinels as the servers see it (it follows the failover). */
  store: Store;
  tokens: Tokens;
  /** kill -9 of the primary machine: its redis-server, then its server process. */
  killPrimary(): Promise<void>;
  /** Stops the servers (SIGTERM), the Redis processes and sentinels, and closes the test's connection. */
  stop(): Promise<void>;
}

/** Starts the rig and both servers; `env`: more of the servers' environment (REDIS_WAIT_MS, STATIC_DIR…). */
export async function startTwoMachines(opts: { env?: Record<string, string> } = {}): Promise<TwoMachines> {
  const rig = await SentinelRig.start();
  const redis = new Redis({
    ...sentinelOptions({ kind: 'sentinel', sentinels: rig.sentinels.map((s) => ({ host: '127.0.0.1', port: s.port })), name: MASTER_NAME }),
    maxRetriesPerRequest: null,
  });
  redis.on('error', () => undefined);
  const store = new Store(redis);
  const [pPort, sPort] = [await freePort(), await freePort()];
  const [primaryUrl, standbyUrl] = [`http://127.0.0.1:${pPort}`, `http://127.0.0.1:${sPort}`];
  const env = (other: string) => ({
    REDIS_URL: '', REDIS_SENTINELS: rig.sentinelList, REDIS_SENTINEL_NAME: MASTER_NAME, STANDBY: other, ...opts.env,
  });
  const started = await Promise.allSettled([spawnServer({ redisUrl: '', port: pPort, env: env(standbyUrl) }),
    spawnServer({ redisUrl: '', port: sPort, env: env(primaryUrl) })]);
  const stop = async () => {
    await Promise.all(started.map((s) => s.status === 'fulfilled' && s.value.kill('SIGTERM')));
    redis.disconnect();
    await rig.stop();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const [primary, standby] = started.map((s) => (s as PromiseFulfilledResult<ServerProcess>).value) as [ServerProcess, ServerProcess];
  return {
    rig, primary, standby, primaryUrl, standbyUrl, store, tokens: new Tokens(redis),
    async killPrimary() {
      rig.killPrimary();
      await primary.kill('SIGKILL');
    },
    stop,
  };
}
