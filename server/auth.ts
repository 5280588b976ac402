// Who is who: unguessable role tokens (128+ bits, looked up by hash), the admin password (scrypt), admin sessions.
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Redis } from 'ioredis';
import type { Role } from '../shared/protocol';
import { eventKeys } from './store/keys';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, opts: { N: number }) => Promise<Buffer>;

/**
 * scrypt's cost (N) for the admin password: 2^14, with r = 8 (16 MiB and ~50 ms a check). The server's `Limits` carry it,
 * so a test that logs in hundreds of times may lower it; each stored hash keeps the cost it was made with.
 */
export const SCRYPT_COST = 2 ** 14;

/** Global keys of authentication (not per event). */
const TOKENS_KEY = 'fs:tokens';
const ADMIN_KEY = 'fs:admin';
const SESSIONS_KEY = 'fs:sessions';
const SESSION_TTL_MS = 24 * 3600 * 1000;

/** What a token grants. */
export interface Grant {
  role: Role;
  eventId: string | null;
  roomId: string | null;
  judgeId: string | null;
}

/** A new token: 160 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(20).toString('base64url');
}

/** The key a token is stored under: its SHA-256, so a lookup compares no secret byte by byte. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The kinds of role tokens an event hands out: a role's, or (overlay) a second display token per room, for the
 * livestream's overlays, which watches exactly as the projector does and is revoked apart from it.
 */
export type TokenKind = 'host' | 'display' | 'overlay' | 'judge' | 'supervisor';

/** Role tokens of events, in Redis. */
export class Tokens {
  constructor(private readonly redis: Redis) {}

  /** The grant behind a token, or null when it is unknown or revoked. */
  async lookup(token: string): Promise<Grant | null> {
    if (typeof token !== 'string' || token.length < 16 || token.length > 100) return null;
    const raw = await this.redis.hget(TOKENS_KEY, tokenHash(token));
    return raw ? (JSON.parse(raw) as Grant) : null;
  }

  /** The event's token for a role and subject (room id, judge id, or the event id for the supervisor), made once. */
  async ensure(eventId: string, kind: TokenKind, subject: string): Promise<string> {
    const field = `${kind}:${subject}`;
    const existing = await this.redis.hget(eventKeys(eventId).tokens, field);
    if (existing) return existing;
    const token = newToken();
    const won = await this.redis.hsetnx(eventKeys(eventId).tokens, field, token);
    if (!won) return (await this.redis.hget(eventKeys(eventId).tokens, field))!;
    await this.redis.hset(TOKENS_KEY, tokenHash(token), JSON.stringify(grantFor(eventId, kind, subject)));
    return token;
  }

  /** Revokes the current token of a role and subject and issues a new one; returns the old token's hash and the new token. */
  async regenerate(eventId: string, kind: TokenKind, subject: string): Promise<{ revokedHash: string | null; token: string }> {
    const field = `${kind}:${subject}`;
    const old = await this.redis.hget(eventKeys(eventId).tokens, field);
    const token = newToken();
    const multi = this.redis.multi();
    if (old) multi.hdel(TOKENS_KEY, tokenHash(old));
    multi.hset(eventKeys(eventId).tokens, field, token);
    multi.hset(TOKENS_KEY, tokenHash(token), JSON.stringify(grantFor(eventId, kind, subject)));
    await multi.exec();
    return { revokedHash: old ? tokenHash(old) : null, token };
  }
}

function grantFor(eventId: string, kind: TokenKind, subject: string): Grant {
  return {
    role: kind === 'overlay' ? 'display' : kind,
    eventId,
    roomId: kind === 'host' || kind === 'display' || kind === 'overlay' ? subject : null,
    judgeId: kind === 'judge' ? subject : null,
  };
}

/** The admin's password (scrypt, salted) and the admin's sessions. */
export class AdminAuth {
  /** `cost`: scrypt's N for a password set from now on (a stored one is checked with its own). */
  constructor(private readonly redis: Redis, private readonly cost: number) {}

  /** Whether a password has been set. */
  async hasPassword(): Promise<boolean> {
    return (await this.redis.hexists(ADMIN_KEY, 'hash')) === 1;
  }

  /** Sets the password; with `onlyIfUnset`, refuses (false) when one exists. */
  async setPassword(password: string, onlyIfUnset: boolean): Promise<boolean> {
    const salt = randomBytes(16);
    const hash = await scrypt(password, salt, 32, { N: this.cost });
    if (onlyIfUnset) {
      const won = await this.redis.hsetnx(ADMIN_KEY, 'hash', hash.toString('hex'));
      if (!won) return false;
      await this.redis.hset(ADMIN_KEY, 'salt', salt.toString('hex'), 'cost', String(this.cost));
      return true;
    }
    await this.redis.hset(ADMIN_KEY, 'hash', hash.toString('hex'), 'salt', salt.toString('hex'), 'cost', String(this.cost));
    return true;
  }

  /** Checks a password in constant time. */
  async verify(password: string): Promise<boolean> {
    const [hashHex, saltHex, cost] = await this.redis.hmget(ADMIN_KEY, 'hash', 'salt', 'cost');
    if (!hashHex || !saltHex) return false;
    const expected = Buffer.from(hashHex, 'hex');
    // A hash stored before its cost was recorded was made with the production cost.
    const actual = await scrypt(password, Buffer.from(saltHex, 'hex'), expected.length, { N: cost ? Number(cost) : SCRYPT_COST });
    return timingSafeEqual(expected, actual);
  }

  /** A new admin session token, valid for a day. */
  async createSession(): Promise<string> {
    const token = newToken();
    await this.redis.hset(SESSIONS_KEY, tokenHash(token), String(Date.now() + SESSION_TTL_MS));
    return token;
  }

  /** Whether an admin session token is valid. */
  async checkSession(token: string): Promise<boolean> {
    if (typeof token !== 'string' || token.length < 16 || token.length > 100) return false;
    const exp = await this.redis.hget(SESSIONS_KEY, tokenHash(token));
    return exp !== null && Number(exp) > Date.now();
  }
}

/** A fixed-window rate limit per key (an IP address), kept in memory: the admin password's attempts per address. */
export class RateLimit {
  private readonly hits = new Map<string, { count: number; until: number }>();
  constructor(private readonly max: number, private readonly windowMs: number) {}

  /** Counts one attempt; false when the key has used up its window. */
  take(key: string): boolean {
    const now = Date.now();
    const entry = this.hits.get(key);
    if (!entry || entry.until < now) {
      this.hits.set(key, { count: 1, until: now + this.windowMs });
      if (this.hits.size > 10_000) this.prune(now);
      return true;
    }
    entry.count += 1;
    return entry.count <= this.max;
  }

  private prune(now: number): void {
    for (const [k, v] of this.hits) if (v.until < now) this.hits.delete(k);
  }
}

/** How failed handshakes are slowed down: free failures per address and in all, per window; then a doubling delay. */
export interface BackoffRules {
  /** Failures per address within a window answered at once. */
  freePerKey: number;
  /** Failures from every address together within a window answered at once. */
  freeInAll: number;
  /** The first delay past the free failures (ms); each further failure doubles it, up to `maxMs`. */
  baseMs: number;
  maxMs: number;
  windowMs: number;
}

/**
 * Slows down guessing without ever refusing a valid credential: only failures are counted, and a failure's answer is
 * held for a delay that doubles with each failure of its address (and of all addresses together) past a free number
 * per window. A success is never counted nor delayed, so a guessing script behind the venue's NAT slows only itself.
 */
export class FailureBackoff {
  private readonly perKey = new Map<string, { count: number; until: number }>();
  private readonly all = { count: 0, until: 0 };
  constructor(private readonly rules: BackoffRules, private readonly now: () => number = Date.now) {}

  /** Counts one failure of `key` (an address); returns how long to hold its answer (ms). */
  fail(key: string): number {
    const t = this.now();
    let entry = this.perKey.get(key);
    if (!entry || entry.until < t) {
      if (this.perKey.size >= 10_000) this.prune(t);
      entry = { count: 0, until: t + this.rules.windowMs };
      this.perKey.set(key, entry);
    }
    entry.count += 1;
    if (this.all.until < t) Object.assign(this.all, { count: 0, until: t + this.rules.windowMs });
    this.all.count += 1;
    return Math.max(this.delay(entry.count, this.rules.freePerKey), this.delay(this.all.count, this.rules.freeInAll));
  }

  /** The delay the failures of `key` have earned so far in the window (0 within the free ones), without counting one. */
  current(key: string): number {
    const t = this.now();
    const entry = this.perKey.get(key);
    const mine = entry && entry.until >= t ? entry.count : 0;
    const all = this.all.until >= t ? this.all.count : 0;
    return Math.max(this.delay(mine, this.rules.freePerKey), this.delay(all, this.rules.freeInAll));
  }

  private delay(count: number, free: number): number {
    if (count <= free) return 0;
    return Math.min(this.rules.maxMs, this.rules.baseMs * 2 ** Math.min(30, count - free - 1));
  }

  private prune(t: number): void {
    for (const [k, v] of this.perKey) if (v.until < t) this.perKey.delete(k);
  }
}
