// Whether this process reaches its storage (Redis) now, since when, and how often the embedded one was restarted: what
// `/api/health` reports, what the `storage:status` topic tells every screen, and the gate that answers UNAVAILABLE
// ("not saved") at once while Redis is away, instead of letting a judge wait on a command that cannot be stored.
import type { Redis } from 'ioredis';
import type { StorageStatus } from '../shared/protocol';

/** Where the Redis comes from: the private redis-server this process supervises, or one given by REDIS_URL. */
export type StorageMode = 'embedded' | 'external';

/** What `/api/health` says about the storage. */
export interface StorageHealth {
  mode: StorageMode;
  state: StorageStatus['state'];
  /** ISO time of the last change of state. */
  since: string;
  /** How many times the embedded redis-server died and was restarted by this process. */
  restarts: number;
}

/** The answer to every command while Redis is away: nothing was stored, and the client may send it again later. */
export const STORAGE_AWAY = 'not saved: the server is reconnecting to its storage; send it again in a moment';

/** The delay before ioredis tries again: at once and often for the private Redis on loopback, with backoff for another. */
export function reconnectDelay(mode: StorageMode, attempt: number): number {
  if (mode === 'embedded') return 100;
  const base = Math.min(100 * 2 ** Math.max(0, attempt - 1), 5000);
  return Math.round(base * (0.8 + Math.random() * 0.4)); // jitter: several servers do not retry in step
}

/** True for the errors ioredis gives a command when the connection is gone (as opposed to an error of the command). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'MaxRetriesPerRequestError' || /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|EPIPE/.test(err.message);
}

/** Follows one ioredis connection (the main one) and tells listeners when its state changes. */
export class StorageMonitor {
  private state: StorageStatus['state'] = 'ok';
  private since = Date.now();
  private restartCount = 0;
  private readonly listeners = new Set<(status: StorageStatus) => void>();

  /** Watches `redis`: a closed connection is `reconnecting` until it is ready again. Starts `ok` (a first connect queues). */
  constructor(redis: Redis, readonly mode: StorageMode = 'external') {
    redis.on('close', () => this.set('reconnecting'));
    redis.on('end', () => this.set('reconnecting'));
    redis.on('ready', () => this.set('ok'));
  }

  /** Commands can be stored now. */
  get ok(): boolean {
    return this.state === 'ok';
  }

  /** What the screens are told. */
  status(): StorageStatus {
    return { state: this.state, since: this.since };
  }

  /** What `/api/health` says. */
  health(): StorageHealth {
    return { mode: this.mode, state: this.state, since: new Date(this.since).toISOString(), restarts: this.restartCount };
  }

  /** The supervisor restarted the embedded redis-server. */
  restarted(): void {
    this.restartCount += 1;
  }

  /** Calls `listener` on every change of state. */
  onChange(listener: (status: StorageStatus) => void): void {
    this.listeners.add(listener);
  }

  private set(state: StorageStatus['state']): void {
    if (state === this.state) return;
    this.state = state;
    this.since = Date.now();
    for (const l of this.listeners) l(this.status());
  }
}
