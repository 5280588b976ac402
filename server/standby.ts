// The standby machine (docs/deploy.md): where the server finds Redis (REDIS_SENTINELS + REDIS_SENTINEL_NAME: through
// Redis Sentinel, which promotes the replica when the primary dies; or REDIS_URL; or none: the embedded one), and the
// other machine's public address (STANDBY) that the links carry and the pages may connect to.
import type { RedisOptions } from 'ioredis';

/** One sentinel's address. */
export interface SentinelAddress { host: string; port: number }

/** Where Redis is: through sentinels, at a URL, or the private embedded redis-server (none given). */
export type RedisTarget =
  | { kind: 'sentinel'; sentinels: SentinelAddress[]; name: string; password?: string }
  | { kind: 'url'; url: string }
  | { kind: 'embedded' };

/** Reads `host:port,host:port` (an IPv6 host in brackets: `[::1]:26379`); throws a sentence naming the bad entry. */
export function parseSentinels(list: string): SentinelAddress[] {
  const out = list.split(',').map((s) => s.trim()).filter(Boolean).map((entry) => {
    const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(entry);
    const port = m ? Number(m[3]) : 0;
    if (!m || port < 1 || port > 65535) throw new Error(`REDIS_SENTINELS: "${entry}" is not host:port`);
    return { host: (m[1] ?? m[2])!, port };
  });
  if (out.length === 0) throw new Error('REDIS_SENTINELS: no sentinel given (host:port,host:port)');
  return out;
}

/**
 * The Redis the environment names: REDIS_SENTINELS (with REDIS_SENTINEL_NAME, default `finals`, and the Redis servers'
 * REDIS_PASSWORD if they have one) before REDIS_URL.
 */
export function redisTarget(env: NodeJS.ProcessEnv): RedisTarget {
  if (env.REDIS_SENTINELS) {
    const name = env.REDIS_SENTINEL_NAME || 'finals';
    if (!/^[\w.-]{1,64}$/.test(name)) throw new Error(`REDIS_SENTINEL_NAME: "${name}" is not a master name`);
    const password = env.REDIS_PASSWORD || undefined;
    return { kind: 'sentinel', sentinels: parseSentinels(env.REDIS_SENTINELS), name, ...(password ? { password } : {}) };
  }
  if (env.REDIS_URL) return { kind: 'url', url: env.REDIS_URL };
  return { kind: 'embedded' };
}

/** ioredis's options for a sentinel target: it asks the sentinels for the master, and asks again when it is lost. */
export function sentinelOptions(target: Extract<RedisTarget, { kind: 'sentinel' }>): RedisOptions {
  return {
    sentinels: target.sentinels, name: target.name, role: 'master', ...(target.password ? { password: target.password } : {}),
    // The sentinels are asked again quickly: a takeover should take seconds, not the backoff's minutes.
    sentinelRetryStrategy: (attempt) => Math.min(100 * attempt, 1000),
    // And the master is tried again as often: the promoted replica is named within seconds of the old master's loss.
    retryStrategy: (attempt) => Math.min(100 * attempt, 1000),
    // Not ioredis's failoverDetector: its disconnect on +switch-master, arriving while a reconnection is resolving the
    // master, ends the connection for good ("Connection is closed", status end): seen in the failover drill.
  };
}

/** The other machine's public address (STANDBY), as an origin (`http://192.168.1.24:3000`); null when none. */
export function standbyAddress(env: NodeJS.ProcessEnv): string | null {
  const raw = env.STANDBY?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`STANDBY: "${raw}" is not an address like http://192.168.1.24:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`STANDBY: "${raw}" must start with http:// or https://`);
  return url.origin;
}

/** The WebSocket twin of an http(s) origin (ws://, wss://), for the pages' connect-src. */
export function websocketOrigin(origin: string): string {
  return origin.replace(/^http/, 'ws');
}

/** How long a sheet waits for the replica (REDIS_WAIT_MS, default 1000 ms) before the judge is told "on this machine only". */
export function waitTimeout(env: NodeJS.ProcessEnv): number {
  const raw = env.REDIS_WAIT_MS ?? '1000';
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1 || ms > 60_000) throw new Error(`REDIS_WAIT_MS: "${raw}" is not a whole number of milliseconds (1 to 60000)`);
  return ms;
}
