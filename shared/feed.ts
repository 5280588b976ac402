// Following the rooms one socket may see, for every app and the demo's simulated judges alike: the connection and who
// the server says we are, the room views (snapshots and patches by revision; a reconnect is reset + snapshot; a patch
// that does not follow asks for a fresh room:sync), the server's storage, and what a refusal means: a handshake or a
// sync refused with INTERNAL, RATE_LIMITED or UNAVAILABLE is tried again after a backoff, a bad link or an unknown event
// is a problem to show, and a revoked link ends the feed. Pure TypeScript over a structural socket (socket.io-client's
// Socket fits it, in the browser and in Node) and injected timers: no window, process or Node import. A phone's packed
// welcome (PackedWelcome) is opened by an injected keeper, maybe asynchronously; the messages that come meanwhile wait
// for it, so every message applies in the order the server sent it.
import { RoomMirror } from './mirror';
import type { Ack, AudienceWelcome, PackedWelcome, RoomPatch, RoomView, SessionHello, StorageStatus } from './protocol';

/** What the feed listens to on its socket: socket.io's own connection events and the room topics. */
export interface FeedListeners {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (err: Error) => void;
  'session:hello': (hello: SessionHello) => void;
  'session:revoked': (info: { message: string }) => void;
  'storage:status': (status: StorageStatus) => void;
  'room:snapshot': (view: RoomView) => void;
  'room:patch': (patch: RoomPatch) => void;
  /** A phone's snapshots on connect, in one message (its boards are the live page's business). */
  'audience:welcome': (welcome: AudienceWelcome) => void;
  /** The same, packed, to a phone whose keeper asked for it so in the handshake. */
  'audience:welcome-packed': (packed: PackedWelcome) => void;
}

/**
 * A phone's keeper of its welcome (the live page's, over the browser's storage and DecompressionStream): it says in the
 * handshake what it can open and which welcome it has, opens what the server packed, and keeps each welcome applied.
 */
export interface WelcomeKeeper {
  /**
   * The welcome a packed message stands for: inflated (a promise), the keeper's own copy when `unchanged` names it,
   * or null when it cannot (then it has forgotten its copy and asks for a plain welcome next time).
   */
  open(packed: PackedWelcome): AudienceWelcome | Promise<AudienceWelcome> | null;
  /** Keeps the welcome just applied (for the next visit's handshake). */
  keep(welcome: AudienceWelcome): void;
}

/** The part of a socket.io-client Socket the feed uses (its listeners are typed by FeedListeners, where they are made). */
export interface FeedSocket {
  /** False once the server refused the handshake: socket.io then does not try again by itself. */
  readonly active: boolean;
  on(event: keyof FeedListeners, listener: FeedListeners[keyof FeedListeners]): unknown;
  off(event: keyof FeedListeners, listener: FeedListeners[keyof FeedListeners]): unknown;
  connect(): unknown;
  disconnect(): unknown;
  timeout(ms: number): { emitWithAck(event: 'room:sync', payload: Record<string, never>): Promise<Ack<RoomView[]>> };
}

/** The clock the feed waits with (globalThis in an app or in Node; a fake one in tests). */
export interface FeedTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Why the feed cannot follow the event: a link the server does not know, an event it does not know, a revoked link. */
export type FeedProblem = 'badLink' | 'notFound' | 'revoked';

/** What an app shows of the connection; the feed writes it (hand it a reactive object to have the writes tracked). */
export interface FeedState {
  connected: boolean;
  /** Connected at least once: before that a screen says "connecting", after it keeps showing what it had. */
  everConnected: boolean;
  hello: SessionHello | null;
  /** `reconnecting` while the server's Redis is away (the views stay, and the screen says so). */
  storage: StorageStatus['state'];
  /** Set when the server refused us for good; a revoked link also ends the feed. */
  problem: FeedProblem | null;
}

/** What happened, as the feed reports it after updating its state and rooms. */
export type FeedEvent =
  /** A connection is up: the rooms were forgotten (reset) and the server's snapshots follow. */
  | { type: 'connected' }
  | { type: 'disconnected'; reason: string }
  | { type: 'hello' }
  | { type: 'storage' }
  /** A room view was taken or patched (or every view replaced by a sync). */
  | { type: 'rooms' }
  /** A phone's welcome was applied (its rooms are in the feed's; its boards are the page's). */
  | { type: 'welcome'; welcome: AudienceWelcome }
  /** The server refused the handshake or a sync, which is tried again in `retryInMs` (null: not tried again). */
  | { type: 'refused'; what: 'handshake' | 'sync'; code: string; message: string; retryInMs: number | null }
  /** The server refused us for good (`message`: its refusal code, or the words it sent with a revocation). */
  | { type: 'problem'; problem: FeedProblem; message: string };

/** The waits before trying a refusal again, by code: the first, doubled after each refusal in a row up to the last. */
export const RETRY_BACKOFF = {
  /** The server's Redis is away or being restarted: the server answers at once, and will soon again. */
  UNAVAILABLE: { firstMs: 1000, maxMs: 1000 },
  INTERNAL: { firstMs: 2000, maxMs: 30_000 },
  /** Too many phones connecting at once: come back later, not all together. */
  RATE_LIMITED: { firstMs: 60_000, maxMs: 120_000 },
} as const;

/** How long to wait a room:sync answer. */
export const SYNC_TIMEOUT_MS = 8000;

/** A state before any connection. */
export function initialFeedState(): FeedState {
  return { connected: false, everConnected: false, hello: null, storage: 'ok', problem: null };
}

/** The wait before the `attempt`-th try (1-based) after a refusal with `code`, spread by ±20% so clients do not come back together. */
export function retryDelay(code: keyof typeof RETRY_BACKOFF, attempt: number, random: () => number): number {
  const { firstMs, maxMs } = RETRY_BACKOFF[code];
  return Math.round(Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt - 1)) * (0.8 + 0.4 * random()));
}

const isRetried = (code: string): code is keyof typeof RETRY_BACKOFF => Object.hasOwn(RETRY_BACKOFF, code);

/** A room feed over one socket: binds its listeners once, at construction, until stop() (or a revoked link). */
export class RoomFeed {
  readonly state: FeedState;
  private readonly mirror = new RoomMirror();
  private readonly listeners: { [E in keyof FeedListeners]: FeedListeners[E] };
  private handshakeRefusals = 0;
  private syncRefusals = 0;
  private retryTimer: unknown = null;
  private syncTimer: unknown = null;
  private syncing: Promise<void> | null = null;
  private stopped = false;
  /** While a packed welcome is being opened: the messages after it, waiting their turn (see inOrder). */
  private queue: Promise<void> | null = null;
  /** Connections so far: a welcome opened after its connection ended is dropped. */
  private connections = 0;

  constructor(private readonly socket: FeedSocket, private readonly opts: {
    timers: FeedTimers;
    /** Where the state is written (default: a new plain object). */
    state?: FeedState;
    onEvent?: (event: FeedEvent) => void;
    /** For the retry spread (default Math.random). */
    random?: () => number;
    /** A phone's keeper of its welcome (without one, a packed welcome is not asked for, and not opened). */
    welcomes?: WelcomeKeeper;
  }) {
    this.state = opts.state ?? initialFeedState();
    this.listeners = {
      connect: () => {
        this.clear('retryTimer');
        this.handshakeRefusals = 0;
        this.syncRefusals = 0;
        this.state.connected = true;
        this.state.everConnected = true;
        this.state.problem = null;
        this.state.storage = 'ok'; // a handshake passes only while the server reaches its storage
        this.connections += 1;
        this.mirror.reset();
        this.report({ type: 'connected' });
      },
      disconnect: (reason) => {
        this.state.connected = false;
        this.clear('syncTimer');
        this.report({ type: 'disconnected', reason });
      },
      connect_error: (err) => this.refusedHandshake(err),
      'session:hello': (hello) => {
        this.state.hello = hello;
        this.report({ type: 'hello' });
      },
      'session:revoked': ({ message }) => this.end('revoked', message),
      'storage:status': (status) => {
        this.state.storage = status.state;
        this.report({ type: 'storage' });
      },
      'room:snapshot': (view) => this.inOrder(() => {
        if (this.mirror.snapshot(view) === 'applied') this.report({ type: 'rooms' });
      }),
      'room:patch': (patch) => this.inOrder(() => {
        const result = this.mirror.patch(patch);
        if (result === 'applied') this.report({ type: 'rooms' });
        else if (result === 'needs-sync') void this.sync();
      }),
      'audience:welcome': (welcome) => this.inOrder(() => this.welcome(welcome)),
      'audience:welcome-packed': (packed) => this.inOrder(() => {
        const connection = this.connections;
        const opened = this.opts.welcomes?.open(packed) ?? null;
        if (opened === null) return this.askAgain();
        if (!(opened instanceof Promise)) return this.welcome(opened);
        return opened.then((welcome) => {
          if (connection === this.connections && !this.stopped) this.welcome(welcome);
        }, () => {
          if (connection === this.connections && !this.stopped) this.askAgain();
        });
      }),
    };
    for (const name of Object.keys(this.listeners) as Array<keyof FeedListeners>) this.socket.on(name, this.listeners[name]);
  }

  /** The room views by room id. */
  get rooms(): ReadonlyMap<string, RoomView> {
    return this.mirror.rooms;
  }

  /**
   * Runs `run` now, or, while a packed welcome is being opened, after it and whatever came before: the page's own
   * listeners of the welcome's other topics (the boards) go through here too.
   */
  inOrder(run: () => void | Promise<void>): void {
    const next = this.queue ? this.queue.then(run) : run();
    if (!next) return;
    const settled = next.catch(() => undefined);
    this.queue = settled;
    void settled.then(() => {
      if (this.queue === settled) this.queue = null;
    });
  }

  /** Replaces every view with the server's current ones; one request at a time (callers share it). */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    this.clear('syncTimer'); // a retry that waited is this request
    this.syncing = this.requestSync().finally(() => { this.syncing = null; });
    return this.syncing;
  }

  /** Unbinds the listeners and cancels the retries; the state stays as it is. */
  stop(): void {
    this.stopped = true;
    this.clear('retryTimer');
    this.clear('syncTimer');
    for (const name of Object.keys(this.listeners) as Array<keyof FeedListeners>) this.socket.off(name, this.listeners[name]);
  }

  /** Applies a phone's welcome: its rooms here, and all of it to the page (the boards) and to the keeper. */
  private welcome(welcome: AudienceWelcome): void {
    if (welcome.rooms.map((view) => this.mirror.snapshot(view)).includes('applied')) this.report({ type: 'rooms' });
    this.report({ type: 'welcome', welcome });
    this.opts.welcomes?.keep(welcome);
  }

  /** A packed welcome the keeper could not open: a new connection, which asks for a plain one. */
  private askAgain(): void {
    this.socket.disconnect();
    this.socket.connect();
  }

  private async requestSync(): Promise<void> {
    let ack: Ack<RoomView[]>;
    try {
      ack = await this.socket.timeout(SYNC_TIMEOUT_MS).emitWithAck('room:sync', {});
    } catch (err) {
      // No answer in time (or the connection dropped, and its reconnect brings fresh snapshots anyway).
      ack = { ok: false, error: { code: 'INTERNAL', message: (err as Error).message } };
    }
    if (this.stopped) return;
    if (ack.ok) {
      this.syncRefusals = 0;
      this.mirror.reset();
      for (const view of ack.data) this.mirror.snapshot(view);
      this.report({ type: 'rooms' });
      return;
    }
    const { code, message } = ack.error;
    let retryInMs: number | null = null;
    if (isRetried(code) && this.state.connected) {
      retryInMs = retryDelay(code, ++this.syncRefusals, this.opts.random ?? Math.random);
      this.clear('syncTimer');
      this.syncTimer = this.opts.timers.setTimeout(() => {
        this.syncTimer = null;
        if (this.state.connected) void this.sync();
      }, retryInMs);
    }
    this.report({ type: 'refused', what: 'sync', code, message, retryInMs });
  }

  /**
   * A failed connection attempt. While socket.io is still active it tries again by itself (a network error); a
   * handshake the server refused is not tried again by socket.io, so the feed does it for the passing reasons.
   */
  private refusedHandshake(err: Error): void {
    this.state.connected = false;
    if (this.socket.active) return;
    const code = err.message;
    if (code === 'UNAUTHORIZED' || code === 'NOT_FOUND') {
      this.state.problem = code === 'UNAUTHORIZED' ? 'badLink' : 'notFound';
      this.report({ type: 'problem', problem: this.state.problem, message: code });
      return;
    }
    if (code === 'UNAVAILABLE') {
      this.state.storage = 'reconnecting';
      this.report({ type: 'storage' });
    }
    // Any other refusal (INTERNAL, RATE_LIMITED, or one this client does not know) is tried again with INTERNAL's backoff.
    const retryInMs = retryDelay(isRetried(code) ? code : 'INTERNAL', ++this.handshakeRefusals, this.opts.random ?? Math.random);
    this.clear('retryTimer');
    this.retryTimer = this.opts.timers.setTimeout(() => {
      this.retryTimer = null;
      this.socket.connect();
    }, retryInMs);
    this.report({ type: 'refused', what: 'handshake', code, message: code, retryInMs });
  }

  /** A revoked link: the server closes the connection; the feed stops, saying why. */
  private end(problem: FeedProblem, message: string): void {
    this.stop();
    this.state.problem = problem;
    this.state.connected = false;
    this.report({ type: 'problem', problem, message });
  }

  private clear(timer: 'retryTimer' | 'syncTimer'): void {
    if (this[timer] !== null) this.opts.timers.clearTimeout(this[timer]);
    this[timer] = null;
  }

  private report(event: FeedEvent): void {
    this.opts.onEvent?.(event);
  }
}

/** How long after a reconnection a screen keeps the rooms the server has not sent again yet (their snapshots follow). */
export const KEEP_STALE_MS = 2000;

/**
 * The room views a screen shows: the feed's, and while `keepStale` (a reconnection's first moments) the last shown of
 * the rooms not sent again yet, so that the screen does not go blank while the snapshots come (a page moving to the
 * standby machine); in the order they were shown, new rooms last.
 */
export function shownRooms(fresh: Iterable<RoomView>, shown: readonly RoomView[], keepStale: boolean): RoomView[] {
  const views = [...fresh];
  const sent = new Set(views.map((r) => r.roomId));
  const stale = keepStale ? shown.filter((r) => !sent.has(r.roomId)) : [];
  const order = new Map(shown.map((r, i) => [r.roomId, i]));
  return [...views, ...stale].sort((a, b) => (order.get(a.roomId) ?? Infinity) - (order.get(b.roomId) ?? Infinity));
}
