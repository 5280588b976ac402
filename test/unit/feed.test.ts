// The one room feed (shared/feed.ts) over a fake socket and a fake clock: snapshots and patches by revision, reconnect
// = reset + snapshot, a sync when a patch does not follow, the retries after INTERNAL, RATE_LIMITED and UNAVAILABLE,
// connect_error, a revoked link ending the feed; and the views a screen keeps while a reconnect's snapshots come.
import { describe, expect, it } from 'vitest';
import { RETRY_BACKOFF, retryDelay, RoomFeed, shownRooms, SYNC_TIMEOUT_MS, type FeedEvent, type FeedListeners, type FeedSocket, type FeedTimers, type WelcomeKeeper } from '../../shared/feed';
import type { Ack, AudienceWelcome, RoomPatch, RoomView, SessionHello } from '../../shared/protocol';

/** A clock whose time moves only when the test says so. */
class FakeTimers implements FeedTimers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; run: () => void }>();

  setTimeout(run: () => void, ms: number): number {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, run });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }

  /** How many timers wait. */
  get pending(): number {
    return this.due.size;
  }

  /** Moves time forward by `ms`, running each timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const first = [...this.due.entries()].sort(([, a], [, b]) => a.at - b.at)[0];
      if (!first || first[1].at > until) break;
      this.due.delete(first[0]);
      this.now = first[1].at;
      first[1].run();
    }
    this.now = until;
  }
}

/** A socket the test drives: it delivers events, counts connects and holds each room:sync until answered. */
class FakeSocket implements FeedSocket {
  active = true;
  connects = 0;
  readonly syncs: Array<{ timeoutMs: number; answer: (ack: Ack<RoomView[]>) => void; fail: (err: Error) => void }> = [];
  private readonly handlers = new Map<string, Set<(...args: never[]) => void>>();

  on<E extends keyof FeedListeners>(event: E, listener: FeedListeners[E]): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(listener);
    return this;
  }

  off<E extends keyof FeedListeners>(event: E, listener: FeedListeners[E]): this {
    this.handlers.get(event)?.delete(listener);
    return this;
  }

  connect(): this {
    this.connects += 1;
    return this;
  }

  disconnects = 0;
  disconnect(): this {
    this.disconnects += 1;
    return this;
  }

  timeout(timeoutMs: number) {
    return {
      emitWithAck: (event: 'room:sync', _payload: Record<string, never>) => {
        expect(event).toBe('room:sync');
        return new Promise<Ack<RoomView[]>>((answer, fail) => this.syncs.push({ timeoutMs, answer, fail }));
      },
    };
  }

  /** Delivers an event to the listeners bound now. */
  emit<E extends keyof FeedListeners>(event: E, ...args: Parameters<FeedListeners[E]>): void {
    for (const listener of [...(this.handlers.get(event) ?? [])]) (listener as (...a: typeof args) => void)(...args);
  }

  /** How many listeners are bound, over every event. */
  get bound(): number {
    return [...this.handlers.values()].reduce((n, s) => n + s.size, 0);
  }

  /** The server refused the handshake: socket.io is no longer active, then reports the error. */
  refuse(code: string): void {
    this.active = false;
    this.emit('connect_error', new Error(code));
  }

  /** A handshake passed. */
  open(): void {
    this.active = true;
    this.emit('connect');
  }
}

const view = (roomId: string, rev: number, phase: RoomView['phase'] = 'idle'): RoomView => ({ roomId, rev, phase }) as RoomView;
const patch = (roomId: string, baseRev: number, rev: number, set: Partial<RoomView>): RoomPatch => ({ roomId, baseRev, rev, set });
const hello: SessionHello = { role: 'judge', eventId: 'e', roomId: 'r1', judgeId: 'j1', voterId: null, serverNow: 0 };
const flush = () => new Promise((r) => setTimeout(r, 0));

/** A feed over a fake socket and clock, its events recorded; the retry spread is off (random = 0.5: factor 1). */
function setup(welcomes?: WelcomeKeeper) {
  const socket = new FakeSocket();
  const timers = new FakeTimers();
  const events: FeedEvent[] = [];
  const feed = new RoomFeed(socket, { timers, onEvent: (e) => events.push(e), random: () => 0.5, welcomes });
  const revs = () => Object.fromEntries([...feed.rooms.values()].map((v) => [v.roomId, v.rev]));
  return { socket, timers, events, feed, revs };
}

describe('room feed: views', () => {
  it('takes snapshots and patches by revision, drops older ones, and asks for a sync when a patch does not follow', async () => {
    const { socket, events, feed, revs } = setup();
    socket.open();
    socket.emit('session:hello', hello);
    expect(feed.state).toMatchObject({ connected: true, everConnected: true, hello, storage: 'ok', problem: null });
    socket.emit('room:snapshot', view('r1', 3));
    socket.emit('room:patch', patch('r1', 3, 4, { phase: 'scoring' }));
    expect(feed.rooms.get('r1')).toMatchObject({ rev: 4, phase: 'scoring' });
    events.length = 0;
    socket.emit('room:snapshot', view('r1', 4)); // not newer: dropped
    socket.emit('room:patch', patch('r1', 3, 4, { phase: 'idle' }));
    expect(events).toEqual([]);
    expect(feed.rooms.get('r1')!.phase).toBe('scoring');

    socket.emit('room:patch', patch('r1', 5, 6, { phase: 'closed' })); // rev 5 was missed
    socket.emit('room:patch', patch('r1', 6, 7, {})); // a second gap while the sync runs: the same request
    expect(socket.syncs).toHaveLength(1);
    expect(socket.syncs[0]!.timeoutMs).toBe(SYNC_TIMEOUT_MS);
    socket.syncs[0]!.answer({ ok: true, data: [view('r1', 7, 'closed'), view('r2', 1)] });
    await flush();
    expect(revs()).toEqual({ r1: 7, r2: 1 });
    expect(events).toEqual([{ type: 'rooms' }]);
  });

  it('takes the rooms of a phone welcome, and hands the welcome to the page', () => {
    const { socket, events, revs } = setup();
    socket.open();
    const welcome = { rooms: [view('r1', 2), view('r2', 5)], boards: [], hash: 'h1' };
    socket.emit('audience:welcome', welcome);
    expect(revs()).toEqual({ r1: 2, r2: 5 });
    expect(events.slice(-2)).toEqual([{ type: 'rooms' }, { type: 'welcome', welcome }]);
  });

  it('applies the messages that come while a packed welcome is opened after it, in their order', async () => {
    let inflated!: (w: AudienceWelcome) => void;
    const kept: string[] = [];
    const keeper: WelcomeKeeper = {
      open: () => new Promise<AudienceWelcome>((resolve) => { inflated = resolve; }),
      keep: (w) => { kept.push(w.hash); },
    };
    const { socket, events, feed, revs } = setup(keeper);
    socket.open();
    socket.emit('audience:welcome-packed', { hash: 'h2', deflated: new Uint8Array([1]) });
    // A change made after the build: its patch (and a board of the page's) must not apply before the welcome.
    socket.emit('room:patch', patch('r1', 2, 3, { phase: 'on-stage' }));
    const order: string[] = [];
    feed.inOrder(() => { order.push('board'); });
    expect(revs()).toEqual({});
    expect(order).toEqual([]);
    inflated({ rooms: [view('r1', 2), view('r2', 5)], boards: [], hash: 'h2' });
    await flush();
    expect(revs()).toEqual({ r1: 3, r2: 5 });
    expect(order).toEqual(['board']);
    expect(kept).toEqual(['h2']);
    expect(socket.syncs).toHaveLength(0);
    expect(events.filter((e) => e.type === 'welcome')).toHaveLength(1);
    // Once opened, messages apply at once again.
    socket.emit('room:snapshot', view('r2', 6));
    expect(revs()).toEqual({ r1: 3, r2: 6 });
  });

  it('drops a welcome opened after its connection ended, and connects again when the keeper cannot open one', async () => {
    let inflated!: (w: AudienceWelcome) => void;
    let canOpen = true;
    const keeper: WelcomeKeeper = {
      open: () => (canOpen ? new Promise<AudienceWelcome>((resolve) => { inflated = resolve; }) : null),
      keep: () => undefined,
    };
    const { socket, revs } = setup(keeper);
    socket.open();
    socket.emit('audience:welcome-packed', { hash: 'old', deflated: new Uint8Array([1]) });
    socket.emit('disconnect', 'transport close');
    socket.open();
    socket.emit('room:snapshot', view('r1', 4));
    inflated({ rooms: [view('r1', 2), view('r2', 5)], boards: [], hash: 'old' });
    await flush();
    expect(revs()).toEqual({ r1: 4 });
    // An `unchanged` the keeper has no copy for: a new connection (which asks for the whole welcome).
    canOpen = false;
    const connects = socket.connects;
    socket.emit('audience:welcome-packed', { hash: 'h3', unchanged: true });
    expect(socket.disconnects).toBe(1);
    expect(socket.connects).toBe(connects + 1);
  });

  it('on a reconnect forgets every view (reset) and takes the snapshots that follow, even at a lower revision', () => {
    const { socket, events, feed, revs } = setup();
    socket.open();
    socket.emit('room:snapshot', view('r1', 9));
    socket.emit('disconnect', 'transport close');
    expect(feed.state.connected).toBe(false);
    expect(revs()).toEqual({ r1: 9 }); // kept while away
    socket.open();
    expect(revs()).toEqual({});
    expect(events.slice(-2)).toEqual([{ type: 'disconnected', reason: 'transport close' }, { type: 'connected' }]);
    socket.emit('room:snapshot', view('r1', 2)); // e.g. the event was replaced by a new rehearsal
    expect(revs()).toEqual({ r1: 2 });
  });

  it('retries a sync refused with INTERNAL, RATE_LIMITED or UNAVAILABLE, or not answered, with backoff; not another refusal', async () => {
    const { socket, timers, events, revs } = setup();
    socket.open();
    socket.emit('room:snapshot', view('r1', 1));
    socket.emit('room:patch', patch('r1', 2, 3, {}));
    socket.syncs[0]!.answer({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    await flush();
    expect(events.at(-1)).toEqual({ type: 'refused', what: 'sync', code: 'INTERNAL', message: 'boom', retryInMs: 2000 });
    timers.advance(1999);
    expect(socket.syncs).toHaveLength(1);
    timers.advance(1);
    expect(socket.syncs).toHaveLength(2);
    socket.syncs[1]!.fail(new Error('operation has timed out'));
    await flush();
    expect(events.at(-1)).toMatchObject({ code: 'INTERNAL', retryInMs: 4000 }); // doubled
    timers.advance(4000);
    socket.syncs[2]!.answer({ ok: false, error: { code: 'RATE_LIMITED', message: 'too many' } });
    await flush();
    expect(events.at(-1)).toMatchObject({ code: 'RATE_LIMITED', retryInMs: 120_000 }); // the third in a row: 4 min, capped at 2
    timers.advance(120_000);
    socket.syncs[3]!.answer({ ok: true, data: [view('r1', 3)] });
    await flush();
    expect(revs()).toEqual({ r1: 3 });

    // A success starts the count again; a refusal that trying again cannot cure is not retried.
    socket.emit('room:patch', patch('r1', 4, 5, {}));
    socket.syncs[4]!.answer({ ok: false, error: { code: 'UNAVAILABLE', message: 'storage away' } });
    await flush();
    expect(events.at(-1)).toMatchObject({ code: 'UNAVAILABLE', retryInMs: 1000 });
    timers.advance(1000);
    socket.syncs[5]!.answer({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
    await flush();
    expect(events.at(-1)).toMatchObject({ code: 'FORBIDDEN', retryInMs: null });
    expect(timers.pending).toBe(0);
  });

  it('does not retry a sync after the connection dropped (the reconnect brings snapshots)', async () => {
    const { socket, timers, events } = setup();
    socket.open();
    socket.emit('room:patch', patch('r1', 1, 2, {}));
    socket.emit('disconnect', 'transport close');
    socket.syncs[0]!.fail(new Error('socket has been disconnected'));
    await flush();
    expect(events.at(-1)).toMatchObject({ type: 'refused', what: 'sync', retryInMs: null });
    expect(timers.pending).toBe(0);
  });
});

describe('room feed: refused handshakes', () => {
  it('tries INTERNAL again with a doubling wait, capped, and counts again after a connection', () => {
    const { socket, timers, events, feed } = setup();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      socket.refuse('INTERNAL');
      const last = events.at(-1)!;
      expect(last).toMatchObject({ type: 'refused', what: 'handshake', code: 'INTERNAL' });
      waits.push((last as { retryInMs: number }).retryInMs);
      const before = socket.connects;
      timers.advance(waits.at(-1)! - 1);
      expect(socket.connects).toBe(before);
      timers.advance(1);
      expect(socket.connects).toBe(before + 1);
    }
    expect(waits).toEqual([2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(feed.state.connected).toBe(false);
    socket.open();
    socket.refuse('INTERNAL');
    expect(events.at(-1)).toMatchObject({ retryInMs: 2000 });
  });

  it('tries RATE_LIMITED again after a minute, then two', () => {
    const { socket, timers, events } = setup();
    socket.refuse('RATE_LIMITED');
    expect(events.at(-1)).toMatchObject({ code: 'RATE_LIMITED', retryInMs: 60_000 });
    timers.advance(60_000);
    expect(socket.connects).toBe(1);
    socket.refuse('RATE_LIMITED');
    expect(events.at(-1)).toMatchObject({ retryInMs: 120_000 });
    socket.refuse('RATE_LIMITED'); // a refusal while one waits replaces its timer
    expect(timers.pending).toBe(1);
  });

  it('says the storage is reconnecting on UNAVAILABLE and tries every second until a handshake passes', () => {
    const { socket, timers, events, feed } = setup();
    socket.refuse('UNAVAILABLE');
    expect(feed.state.storage).toBe('reconnecting');
    expect(events).toContainEqual({ type: 'storage' });
    timers.advance(1000);
    socket.refuse('UNAVAILABLE');
    timers.advance(1000);
    expect(socket.connects).toBe(2);
    socket.open();
    expect(feed.state.storage).toBe('ok');
    socket.emit('storage:status', { state: 'reconnecting', since: 1 });
    expect(feed.state.storage).toBe('reconnecting');
  });

  it('leaves a network error to socket.io, which is still trying', () => {
    const { socket, timers, events, feed } = setup();
    socket.open();
    socket.emit('disconnect', 'transport close');
    socket.emit('connect_error', new Error('websocket error')); // socket.active stays true
    expect(feed.state.connected).toBe(false);
    expect(timers.pending).toBe(0);
    expect(events.filter((e) => e.type === 'refused' || e.type === 'problem')).toEqual([]);
  });

  it('shows a bad link or an unknown event as a problem and does not try again; a later connection clears it', () => {
    const { socket, timers, events, feed } = setup();
    socket.refuse('UNAUTHORIZED');
    expect(feed.state.problem).toBe('badLink');
    expect(events.at(-1)).toEqual({ type: 'problem', problem: 'badLink', message: 'UNAUTHORIZED' });
    socket.refuse('NOT_FOUND');
    expect(feed.state.problem).toBe('notFound');
    expect(timers.pending).toBe(0);
    socket.open();
    expect(feed.state.problem).toBeNull();
  });

  it('spreads each wait by ±20%', () => {
    expect(retryDelay('INTERNAL', 1, () => 0)).toBe(1600);
    expect(retryDelay('INTERNAL', 1, () => 1)).toBe(2400);
    expect(retryDelay('RATE_LIMITED', 9, () => 0.5)).toBe(RETRY_BACKOFF.RATE_LIMITED.maxMs);
  });
});

describe('room feed: the end', () => {
  it('ends on session:revoked: the problem says so, every listener is unbound and no retry waits', async () => {
    const { socket, timers, events, feed, revs } = setup();
    socket.open();
    socket.emit('room:snapshot', view('r1', 1));
    socket.emit('room:patch', patch('r1', 2, 3, {}));
    socket.syncs[0]!.answer({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    await flush();
    expect(timers.pending).toBe(1);
    socket.emit('session:revoked', { message: 'This link was revoked' });
    expect(events.at(-1)).toEqual({ type: 'problem', problem: 'revoked', message: 'This link was revoked' });
    expect(feed.state).toMatchObject({ problem: 'revoked', connected: false });
    expect(socket.bound).toBe(0);
    expect(timers.pending).toBe(0);
    socket.emit('disconnect', 'io server disconnect');
    socket.emit('room:snapshot', view('r1', 5));
    expect(revs()).toEqual({ r1: 1 });
    expect(feed.state.problem).toBe('revoked');
  });

  it('stop() unbinds what the constructor bound and ignores a sync answered afterwards', async () => {
    const { socket, events, feed } = setup();
    expect(socket.bound).toBe(10);
    socket.open();
    const sync = feed.sync();
    feed.stop();
    expect(socket.bound).toBe(0);
    socket.syncs[0]!.answer({ ok: true, data: [view('r1', 1)] });
    await sync;
    expect(feed.rooms.size).toBe(0);
    expect(events).toEqual([{ type: 'connected' }]);
  });
});

describe('room feed: what a screen shows after a reconnect', () => {
  it('keeps the rooms not sent again yet while told to, in the order shown, new rooms last; then only the fresh ones', () => {
    const shown = [view('room2', 4), view('room1', 7)];
    expect(shownRooms([view('room3', 1), view('room1', 8)], shown, true).map((r) => [r.roomId, r.rev]))
      .toEqual([['room2', 4], ['room1', 8], ['room3', 1]]);
    expect(shownRooms([view('room1', 8)], shown, false).map((r) => [r.roomId, r.rev])).toEqual([['room1', 8]]);
    expect(shownRooms([], shown, true)).toEqual(shown);
    expect(shownRooms([], shown, false)).toEqual([]);
  });
});
