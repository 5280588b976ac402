// What one address, socket or request may cost the server: failed handshakes are slowed down (never valid ones), a phone
// may send only what the live page sends, at a small rate, one address may hold only so many phones, and an HTTP
// request has a size and a time limit. A socket over its
// budget is answered with a ready-made refusal, then disconnected; the operators' roles (judge, host, supervisor,
// admin) have no budget: their commands are never throttled.
import { COMMAND_ROLES, type CommandName, type ErrorBody, type Role } from '../shared/protocol';
import { SCRYPT_COST, type BackoffRules } from './auth';

/** A socket's command budget: a bucket of `burst` commands refilled at `perSecond`. */
export interface Budget {
  burst: number;
  perSecond: number;
}

/** The server's limits; tests may lower them (createApp's `limits`). */
export interface Limits {
  /** Failed handshakes (a wrong or revoked token): their answers are delayed, per address and in all. */
  handshakeFailures: BackoffRules;
  /**
   * Handshakes held at once (failed ones, phones from a flooding address); past it, a failure is answered at once and a
   * phone refused with RATE_LIMITED (memory stays bounded).
   */
  heldFailures: number;
  /**
   * Phones dropped for going over their budget, per address: once past the free ones, a new phone from that address is
   * held for the backoff before its handshake goes on (never refused), so a flooder reconnecting at once slows down.
   */
  phoneDrops: BackoffRules;
  /** Audience sockets one address may hold at once: far above a venue's NAT (its phones share one address). */
  audiencePerAddress: number;
  /**
   * New phones admitted, from every address together: a bucket of `burst` refilled at `perSecond`; past it a phone's
   * handshake waits its turn (first come, first served), and past `queue` waiting ones it is refused with RATE_LIMITED.
   * Thousands of phones reconnecting at once (the venue's Wi-Fi came back) then take the CPU a little at a time, and
   * the judges' and hosts' commands, which never wait here, keep theirs.
   */
  phoneAdmissions: {
    perSecond: number; burst: number; queue: number;
    /**
     * Faster while the server keeps up: every quarter of a second the pace grows by half (up to `maxPerSecond`) while
     * the event loop's delay p99 stays within `loopDelayMs`, and halves (down to `perSecond`) when it does not. The
     * judges' commands wait in that loop: the phones come in as fast as it stays free for them, no faster.
     */
    adaptive?: { maxPerSecond: number; loopDelayMs: number };
  };
  /**
   * Engine.IO's heartbeat, for every socket: a ping every `intervalMs`, answered within `timeoutMs`, so a tablet or
   * screen that vanished without closing (its Wi-Fi gone) is known gone after about their sum (docs/protocol.md). Each
   * ping is a write to the socket: with 10,000 phones, 1,000 writes a second at 10 s.
   */
  heartbeat: { intervalMs: number; timeoutMs: number };
  /** Command budgets by role; null: no budget. */
  budgets: Record<Role, Budget | null>;
  /**
   * A judge's tablet reports (judge:status), per socket: sent on a change and every ~15 s; past the budget a report is
   * refused (status-too-often), the socket stays (a judge's other commands are never throttled).
   */
  tabletStatus: Budget;
  /** What a command the role may not send (or a packet that is no command) takes from the bucket. */
  invalidCost: number;
  /** scrypt's cost (N) of the admin password set from now on (server/auth.ts `SCRYPT_COST`). */
  passwordCost: number;
  /** HTTP: the largest bodies (bytes), and how long a client may take to send its headers, and its whole request (ms). */
  http: { jsonBytes: number; importBytes: number; headersTimeoutMs: number; requestTimeoutMs: number };
}

export const LIMITS: Limits = {
  handshakeFailures: { freePerKey: 30, freeInAll: 1000, baseMs: 200, maxMs: 10_000, windowMs: 60_000 },
  heldFailures: 2000,
  phoneDrops: { freePerKey: 3, freeInAll: 1000, baseMs: 500, maxMs: 10_000, windowMs: 60_000 },
  audiencePerAddress: 10_000,
  phoneAdmissions: { perSecond: 200, burst: 20, queue: 20_000, adaptive: { maxPerSecond: 2000, loopDelayMs: 10 } },
  heartbeat: { intervalMs: 10_000, timeoutMs: 8_000 },
  budgets: {
    // A phone sends three time:pings on connecting and a room:sync when it misses a patch: 50 at once, 2 a second.
    audience: { burst: 50, perSecond: 2 },
    // A projector sends the same as a phone; its token is a credential, so a little more room.
    display: { burst: 100, perSecond: 10 },
    // A voter's phone sends what the live page sends, and a ballot or score now and then.
    voter: { burst: 50, perSecond: 2 },
    judge: null,
    host: null,
    supervisor: null,
    admin: null,
  },
  tabletStatus: { burst: 10, perSecond: 0.5 },
  invalidCost: 10,
  passwordCost: SCRYPT_COST,
  // A 5 MB spreadsheet over a slow venue Wi-Fi still fits in a minute; headers come in one packet from any real client.
  http: { jsonBytes: 2 * 1024 * 1024, importBytes: 5 * 1024 * 1024, headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 },
};

/** The answers of a refused packet, built once: an over-budget socket costs no message building. */
const OVER_BUDGET: { ok: false; error: ErrorBody } = Object.freeze({
  ok: false, error: Object.freeze({ code: 'RATE_LIMITED', message: 'too many messages: this connection is closed' }),
}) as { ok: false; error: ErrorBody };
const FORBIDDEN = new Map<Role, { ok: false; error: ErrorBody }>();

/** The ready-made FORBIDDEN answer for a role (one object per role, not per packet). */
function forbidden(role: Role): { ok: false; error: ErrorBody } {
  let answer = FORBIDDEN.get(role);
  if (!answer) {
    answer = { ok: false, error: { code: 'FORBIDDEN', message: `a ${role} may send only ${allowed(role).join(', ')}` } };
    FORBIDDEN.set(role, answer);
  }
  return answer;
}

const ALLOWED = new Map<Role, CommandName[]>();
/** The commands a role may send (COMMAND_ROLES, the one table of it). */
function allowed(role: Role): CommandName[] {
  let names = ALLOWED.get(role);
  if (!names) {
    names = (Object.keys(COMMAND_ROLES) as CommandName[]).filter((n) => COMMAND_ROLES[n].includes(role));
    ALLOWED.set(role, names);
  }
  return names;
}

/** The verdict on one incoming packet. */
export type Verdict = { pass: true } | { pass: false; answer: { ok: false; error: ErrorBody }; close: boolean };

/** A bucket of `burst` tokens refilled at `perSecond`. */
export class Bucket {
  private tokens: number;
  private at: number;

  constructor(private readonly budget: Budget, private readonly now: () => number = Date.now) {
    this.tokens = budget.burst;
    this.at = now();
  }

  /** Takes `cost` tokens; false when the bucket is now overdrawn. */
  take(cost = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.budget.burst, this.tokens + ((t - this.at) / 1000) * this.budget.perSecond);
    this.at = t;
    this.tokens -= cost;
    return this.tokens >= 0;
  }
}

/** One socket's bucket: `check` each incoming packet before any handler runs. */
export class SocketBudget {
  private readonly bucket: Bucket;
  private readonly allowed: ReadonlySet<string>;

  constructor(private readonly role: Role, budget: Budget, private readonly invalidCost: number, now: () => number = Date.now) {
    this.bucket = new Bucket(budget, now);
    this.allowed = new Set(allowed(role));
  }

  /** Takes the packet's cost from the bucket: a command of the role costs 1, anything else `invalidCost`. */
  check(name: unknown, hasAck: boolean): Verdict {
    const valid = typeof name === 'string' && hasAck && this.allowed.has(name);
    if (!this.bucket.take(valid ? 1 : this.invalidCost)) return { pass: false, answer: OVER_BUDGET, close: true };
    return valid ? { pass: true } : { pass: false, answer: forbidden(this.role), close: false };
  }
}

/** Live sockets per address, for the cap on phones per address. */
export class AddressCount {
  private readonly counts = new Map<string, number>();

  /** The live sockets of `address`. */
  count(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  /** One more socket of `address`. */
  add(address: string): void {
    this.counts.set(address, this.count(address) + 1);
  }

  /** One socket of `address` is gone. */
  release(address: string): void {
    const n = (this.counts.get(address) ?? 1) - 1;
    if (n <= 0) this.counts.delete(address);
    else this.counts.set(address, n);
  }
}

/** The phones' turns to connect (Limits.phoneAdmissions): a bucket shared by every address, and a queue in front of it. */
export class Admissions {
  private tokens: number;
  private at: number;
  /** The pace now (phones a second): `perSecond`, or faster while the server keeps up (`adaptive`). */
  private rate: number;
  private adjustedAt: number;
  private readonly waiting: Array<{ alive: () => boolean; go: (admitted: boolean) => void }> = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `lag`: the event loop's delay p99 (ms) since it was last asked (server/realtime.ts measures it); needed by `adaptive`. */
  constructor(private readonly rules: Limits['phoneAdmissions'], private readonly now: () => number = Date.now,
    private readonly lag: () => number = () => 0) {
    this.tokens = rules.burst;
    this.at = now();
    this.adjustedAt = this.at;
    this.rate = rules.perSecond;
  }

  /** The pace now, phones a second. */
  get pace(): number {
    return this.rate;
  }

  /**
   * Resolves true when the phone's turn has come; false at once when the queue is full, or at its turn when it is no
   * longer `alive` (it gave up waiting: its turn goes to the next one).
   */
  take(alive: () => boolean = () => true): Promise<boolean> {
    this.refill();
    if (this.waiting.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve(true);
    }
    if (this.waiting.length >= this.rules.queue) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.waiting.push({ alive, go: resolve });
      this.schedule();
    });
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.rules.burst, this.tokens + ((t - this.at) / 1000) * this.rate);
    this.at = t;
    const fast = this.rules.adaptive;
    if (fast && t - this.adjustedAt >= 250) {
      const free = this.lag() <= fast.loopDelayMs;
      this.rate = free ? Math.min(fast.maxPerSecond, this.rate * 1.5) : Math.max(this.rules.perSecond, this.rate / 2);
      this.adjustedAt = t;
    }
  }

  private schedule(): void {
    if (this.timer) return;
    // At least 10 ms apart: the tokens gathered meanwhile (up to `burst`) all go at once, so a fast pace is not lost to
    // the timers' resolution (20 every 10 ms is 2,000 a second).
    const ms = Math.max(10, Math.ceil(((1 - this.tokens) / this.rate) * 1000));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refill();
      while (this.waiting.length > 0 && this.tokens >= 1) {
        const phone = this.waiting.shift()!;
        const alive = phone.alive();
        if (alive) this.tokens -= 1;
        phone.go(alive);
      }
      if (this.waiting.length > 0) this.schedule();
    }, ms);
    this.timer.unref();
  }
}
