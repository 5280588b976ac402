// The notifier: one producer per topic of server/topics.ts, which builds the topic's value from the state (server/views.ts)
// and sends it on subscribe and on change to exactly the channels the topic table derives for it. A change arrives as
// the list of topics it touched (publish). Room views go out as patches against the last view this process sent, or as
// snapshots when it has none. The watching screens' cut (phones' room views, projectors' and phones' leaderboards) gets a
// revealed result only once the room's projector has shown it: until then it keeps the view from before the reveal
// (server/views.ts, heldView), then a timer releases it.
import type { Server } from 'socket.io';
import { judgeRooms, type EventConfig, type Room } from '../shared/domain';
import type {
  AuditView, ClientToServerEvents, Role, RoomPatch, RoomView, ServerToClientEvents, SocketData,
} from '../shared/protocol';
import type { AppSocket } from './handlers/command';
import type { AuditEntry, RoomRecord, Store } from './store/index';
import { channelOf, channelsFor, FOLLOWS, subscriptions, type Follow, type Topic, type Touch } from './topics';
import { ownSheet, Views } from './views';
import { voterView, votingView } from './voting';
import { welcomeAuth, type AudienceWelcomes } from './welcome';

export type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The channels that are not topics. */
export const channels = {
  /** Every socket authenticated with one token: to drop them when it is revoked, and to tell a judge's tablets which one is active. */
  token: (hash: string) => `tok:${hash}`,
};

/** Shallow difference of two room views: the top-level fields whose JSON changed. */
export function diffRoomView(prev: RoomView, next: RoomView): Partial<RoomView> {
  const set: Record<string, unknown> = {};
  for (const key of Object.keys(next) as Array<keyof RoomView>) {
    if (JSON.stringify(prev[key]) !== JSON.stringify(next[key])) set[key] = next[key];
  }
  return set as Partial<RoomView>;
}

/** An audit entry as supervisors receive it: without the chain's back link. */
export function auditView(e: AuditEntry): AuditView {
  const { prev: _prev, ...view } = e;
  return view;
}

/** Reads each room's record once for one publish, so the topics built from it agree. */
type Records = (roomId: string) => Promise<RoomRecord>;

/**
 * A subscribing socket, its event, its own rooms (a host's or display's room, every room a judge sits on the panel of;
 * none for a role that follows the whole event) and how it follows the topic.
 */
interface Subscriber { socket: AppSocket; ev: EventConfig; rooms: readonly Room[]; follow: Follow }

/** One topic's producer: its current value for a subscribing socket, and a change of one key to whoever may see it. */
interface Producer<T extends Touch> {
  current(s: Subscriber): Promise<void>;
  changed(ev: EventConfig, touch: T, records: Records): Promise<void>;
}

/**
 * At most one run per key and `ms`: the first call runs at once; calls during the next `ms` are folded into one run at
 * its end (which opens a new interval), so the last change is always sent, no later than `ms` after it.
 */
export class Coalesce {
  private readonly timers = new Map<string, { again: (() => Promise<void>) | null; timer?: ReturnType<typeof setTimeout> }>();

  constructor(private readonly ms: number) {}

  /** Drops the runs still to come (the server is closing). */
  close(): void {
    for (const slot of this.timers.values()) clearTimeout(slot.timer);
    this.timers.clear();
  }

  async run(key: string, task: () => Promise<void>): Promise<void> {
    const pending = this.timers.get(key);
    if (pending) {
      pending.again = task;
      return;
    }
    const slot: { again: (() => Promise<void>) | null; timer?: ReturnType<typeof setTimeout> } = { again: null };
    this.timers.set(key, slot);
    const tick = () => {
      if (this.timers.get(key) !== slot) return; // closed meanwhile
      slot.timer = setTimeout(() => {
        const again = slot.again;
        if (!again) {
          this.timers.delete(key);
          return;
        }
        slot.again = null;
        void again().catch((err: unknown) => console.error('coalesced update failed:', err)).finally(tick);
      }, this.ms).unref();
    };
    try {
      await task();
    } finally {
      tick();
    }
  }
}

/** Sends each topic to whoever may see it: its current value on subscribe, its new value on change. */
export class Notifier {
  /** How many have voted reaches hosts and supervisors at most once a second per track (thousands of ballots a minute). */
  private readonly voterCounts = new Coalesce(1000);
  private readonly lastRoomView = new Map<string, RoomView>();
  /** The last view of each room sent to the held cut (the phones). */
  private readonly lastPublicView = new Map<string, RoomView>();

  /** The pending release of each room's held reveal (by event/room), on this process. */
  private readonly releases = new Map<string, ReturnType<typeof setTimeout>>();

  /** One producer per topic of server/topics.ts. */
  private readonly producers: { [K in Topic]: Producer<Extract<Touch, { topic: K }>> } = {
    room: {
      current: async ({ socket, ev, rooms: own, follow }) => {
        const rooms = follow.snapshot === 'event' ? ev.rooms : own;
        for (const view of await Promise.all(rooms.map((r) => this.views.room(ev, r)))) socket.emit('room:snapshot', view);
      },
      changed: (ev, t, records) => this.inRoom(ev, t.roomId, records, (room, record) => this.room(ev, room, record, t)),
    },
    panel: {
      current: async ({ socket, ev, rooms: own, follow }) => {
        const rooms = follow.snapshot === 'event' ? ev.rooms : own;
        for (const r of rooms) socket.emit('room:panel', await this.views.panel(ev, r, await this.connectedJudges(ev.id, r.id)));
      },
      changed: (ev, t, records) => this.inRoom(ev, t.roomId, records, async (room, record) => {
        const panel = await this.views.panel(ev, room, await this.connectedJudges(ev.id, room.id), record);
        this.io.to(channelsFor(ev.id, 'panel', room.id).whole).emit('room:panel', panel);
      }),
    },
    judge: {
      // One judge:state per room whose panel the judge sits on.
      current: async ({ socket, ev, rooms }) => {
        const { judgeId } = socket.data;
        if (judgeId) for (const room of rooms) socket.emit('judge:state', await this.views.judge(ev, room, judgeId));
      },
      changed: (ev, t, records) => this.inRoom(ev, t.roomId, records, async (room, record) => {
        for (const judgeId of t.judges ?? room.panel) {
          this.io.to(channelsFor(ev.id, 'judge', judgeId).whole).emit('judge:state', await this.views.judge(ev, room, judgeId, record));
        }
      }),
    },
    board: {
      current: async ({ socket, ev, rooms, follow }) => {
        const tracks = follow.snapshot === 'event' ? ev.tracks.map((t) => t.id) : [...new Set(rooms.flatMap((r) => r.trackIds))];
        const held = follow.cut === 'held' ? await this.views.heldTeams(ev, Date.now()) : new Map<string, number>();
        for (const trackId of tracks) socket.emit('board:leaderboard', await this.views.board(ev, trackId, held));
      },
      changed: (ev, t) => this.board(ev, t.trackId),
    },
    sheets: {
      current: async ({ socket, ev }) => {
        socket.emit('supervisor:sheets', await this.views.supervisor(ev));
      },
      // One team's sheets: a partial supervisor:sheets (merge by team).
      changed: async (ev, t) => {
        const stored = await this.store.sheets(ev.id, t.teamId);
        const sheets = { [t.teamId]: Object.fromEntries(Object.entries(stored).map(([j, s]) => [j, ownSheet(t.teamId, s)])) };
        this.io.to(channelsFor(ev.id, 'sheets', t.teamId).whole).emit('supervisor:sheets', { eventId: ev.id, sheets, ...await this.views.supervisorWhole(ev) });
      },
    },
    special: {
      current: async ({ socket, ev, rooms, follow }) => {
        const tracks = follow.snapshot === 'event' ? ev.tracks.map((t) => t.id) : [...new Set(rooms.flatMap((r) => r.trackIds))];
        for (const trackId of tracks) socket.emit('special:state', await this.views.specialView(ev, trackId));
      },
      changed: async (ev, t) => {
        this.io.to(channelsFor(ev.id, 'special', t.trackId).whole).emit('special:state', await this.views.specialView(ev, t.trackId));
      },
    },
    ballot: {
      // The ballots of every track of the rooms whose panel the judge sits on.
      current: async ({ socket, ev, rooms }) => {
        const { judgeId } = socket.data;
        if (!judgeId) return;
        for (const trackId of new Set(rooms.flatMap((r) => r.trackIds))) {
          const view = await this.views.ballotView(ev, trackId, judgeId);
          if (view) socket.emit('judge:ballot', view);
        }
      },
      changed: async (ev, t) => {
        const panel = new Set(ev.rooms.filter((r) => r.trackIds.includes(t.trackId)).flatMap((r) => r.panel));
        for (const judgeId of t.judges ?? panel) {
          const view = await this.views.ballotView(ev, t.trackId, judgeId);
          if (view) this.io.to(channelsFor(ev.id, 'ballot', judgeId).whole).emit('judge:ballot', view);
        }
      },
    },
    audit: {
      // Supervisors read the log with audit:read; they follow only its new entries.
      current: async () => undefined,
      changed: async (ev, t) => {
        const entry = (await this.store.audit(ev.id, t.auditId, t.auditId))[0];
        if (entry) this.io.to(channelsFor(ev.id, 'audit', t.auditId).whole).emit('audit:entry', auditView(entry));
      },
    },
    voting: {
      // A host: its room's tracks with how many have voted; supervisors: every track; voters (held cut): no counts.
      current: async ({ socket, ev, rooms, follow }) => {
        const trackIds = follow.keys === 'own' ? rooms.flatMap((r) => r.trackIds) : undefined;
        socket.emit('voting:state', await votingView(this.store, ev, { trackIds, counts: follow.cut === 'whole' }));
      },
      changed: async (ev, t) => {
        // A ballot changes only the counts: those who see them hear of it at most once a second per track (the last
        // run reads the event and the counts as they are then); any other change goes to everyone at once.
        if (!t.countsOnly) return this.sendVoting(ev, t.trackId, true);
        return this.voterCounts.run(`${ev.id}:${t.trackId}`, async () => {
          const now = await this.store.getEvent(ev.id);
          if (now) await this.sendVoting(now, t.trackId, false);
        });
      },
    },
    voter: {
      current: async ({ socket, ev }) => {
        if (socket.data.voterId) socket.emit('voter:state', await voterView(this.store, ev, socket.data.voterId));
      },
      changed: async (ev, t) => {
        this.io.to(channelsFor(ev.id, 'voter', t.voterId).whole).emit('voter:state', await voterView(this.store, ev, t.voterId));
      },
    },
  };

  constructor(private readonly io: Io, private readonly store: Store, readonly views: Views, private readonly welcomes: AudienceWelcomes) {}

  /** A track's voting windows and counts to the hosts of its rooms and the roles that follow every track; with `held`, the voters' cut (no counts) too. */
  private async sendVoting(ev: EventConfig, trackId: string, held: boolean): Promise<void> {
    for (const room of ev.rooms.filter((r) => r.trackIds.includes(trackId))) {
      this.io.to(channelOf(ev.id, 'host', 'voting', room.id)).emit('voting:state', await votingView(this.store, ev, { trackIds: room.trackIds, counts: true }));
    }
    const to = { whole: [] as string[], held: [] as string[] };
    for (const [role, follow] of Object.entries(FOLLOWS) as Array<[Role, Partial<Record<Topic, Follow>>]>) {
      if (follow.voting?.keys === 'event') to[follow.voting.cut].push(channelOf(ev.id, role, 'voting'));
    }
    this.io.to(to.whole).emit('voting:state', await votingView(this.store, ev, { counts: true }));
    if (held) this.io.to(to.held).emit('voting:state', await votingView(this.store, ev, { counts: false }));
  }

  /** The judges of a room connected to any server process now (those following its room view). */
  async connectedJudges(eventId: string, roomId: string): Promise<Set<string>> {
    const sockets = await this.io.in(channelOf(eventId, 'judge', 'room', roomId)).fetchSockets();
    return new Set(sockets.map((s) => s.data.judgeId).filter((j): j is string => j !== null));
  }

  /** After a change to an event (or its id): each touched topic, in order, to the channels of the roles that may see it. */
  async publish(event: EventConfig | string, touched: readonly Touch[]): Promise<void> {
    const ev = typeof event === 'string' ? await this.store.getEvent(event) : event;
    if (!ev) return;
    const read = new Map<string, Promise<RoomRecord>>();
    const records: Records = (roomId) => {
      let r = read.get(roomId);
      if (!r) {
        r = this.store.readRoom(ev.id, roomId);
        read.set(roomId, r);
      }
      return r;
    };
    for (const t of touched) await (this.producers[t.topic] as Producer<Touch>).changed(ev, t, records);
  }

  /**
   * A socket's subscription: joins the channels of every topic its role follows (all of them before any value is read,
   * so no change falls between), then sends each topic's current value as the table says. Returns the socket's own rooms.
   */
  async subscribe(socket: AppSocket): Promise<Room[]> {
    const { role, eventId, judgeId, voterId } = socket.data;
    if (!eventId) return [];
    const follows = Object.entries(FOLLOWS[role]) as Array<[Topic, Follow]>;
    if (follows.length > 0 && follows.every(([, f]) => f.snapshot === 'welcome')) {
      // The phones: the handshake has just checked the event; the batched build reads it again (a phone costs no read).
      await socket.join(subscriptions(eventId, role, { roomIds: [], judgeId, voterId })!);
      await this.welcomes.send(eventId, socket.id, welcomeAuth(socket.handshake.auth));
      return [];
    }
    const ev = await this.store.getEvent(eventId);
    if (!ev) return [];
    const rooms = ownRooms(ev, socket.data);
    const joins = subscriptions(ev.id, role, { roomIds: rooms.map((r) => r.id), judgeId: rooms.length ? judgeId : null, voterId });
    if (!joins) return [];
    await socket.join(joins);
    for (const [topic, follow] of follows) {
      if (follow.snapshot !== 'none' && follow.snapshot !== 'welcome') await this.producers[topic].current({ socket, ev, rooms, follow });
    }
    // A voter's phone: its live page's part comes in the phones' one batched welcome.
    if (follows.some(([, f]) => f.snapshot === 'welcome')) await this.welcomes.send(eventId, socket.id, welcomeAuth(socket.handshake.auth));
    return rooms;
  }

  /** Runs `send` with a room of the event and its record (read once per publish); nothing if the room is gone. */
  private async inRoom(ev: EventConfig, roomId: string, records: Records, send: (room: Room, record: RoomRecord) => Promise<void>) {
    const room = ev.rooms.find((r) => r.id === roomId);
    if (room) await send(room, await records(room.id));
  }

  /**
   * The room view: a patch against the last view sent from this process, a snapshot when there is none or `snapshot`
   * is asked for, nothing when a view as new already went out. The held cut hears of everything but single sheets, at
   * once, except a result the projector is still revealing; while its copy is in step with the whole cut's, one
   * broadcast (one encoding) serves both.
   */
  private async room(ev: EventConfig, room: Room, record: RoomRecord, opts: { snapshot?: boolean; sheet?: boolean }): Promise<void> {
    const view = await this.views.room(ev, room, record);
    const key = `${ev.id}/${room.id}`;
    const prev = this.lastRoomView.get(key);
    const publicPrev = this.lastPublicView.get(key);
    const sheet = opts.sheet === true;
    const publicView = this.views.forAudience(view, record, Date.now());
    const held = publicView !== view;
    if (held) this.scheduleRelease(ev.id, room.id, this.views.releaseAt(view, record)!);
    const together = !sheet && !held && publicPrev?.rev === prev?.rev;
    const to = channelsFor(ev.id, 'room', room.id);
    const out = this.io.to([...to.whole, ...(together ? to.held : [])]);
    if (!prev || opts.snapshot) {
      this.lastRoomView.set(key, view);
      out.emit('room:snapshot', view);
    } else if (prev.rev < view.rev) {
      this.lastRoomView.set(key, view);
      out.emit('room:patch', { roomId: room.id, baseRev: prev.rev, rev: view.rev, set: diffRoomView(prev, view) } satisfies RoomPatch);
    }
    if (together) this.lastPublicView.set(key, this.lastRoomView.get(key)!);
    else if (!sheet) this.toHeld(ev.id, room.id, publicView, opts.snapshot);
  }

  /** At `at` (server time), sends the held cut the room's view and its tracks' boards as they may then see them. */
  private scheduleRelease(eventId: string, roomId: string, at: number): void {
    const key = `${eventId}/${roomId}`;
    clearTimeout(this.releases.get(key));
    const timer = setTimeout(() => {
      this.releases.delete(key);
      void this.release(eventId, roomId, at).catch((err: unknown) => console.error('reveal release failed:', err));
    }, Math.max(0, at - Date.now()));
    timer.unref();
    this.releases.set(key, timer);
  }

  private async release(eventId: string, roomId: string, at: number): Promise<void> {
    const ev = await this.store.getEvent(eventId);
    const room = ev?.rooms.find((r) => r.id === roomId);
    if (!ev || !room) return;
    const record = await this.store.readRoom(eventId, roomId);
    const now = Math.max(Date.now(), at); // a timer may fire a millisecond early
    this.toHeld(eventId, roomId, this.views.forAudience(await this.views.room(ev, room, record), record, now));
    for (const trackId of room.trackIds) await this.board(ev, trackId, now);
  }

  /** Stops the pending releases (the server is closing). */
  close(): void {
    for (const timer of this.releases.values()) clearTimeout(timer);
    this.releases.clear();
    this.voterCounts.close();
  }

  /** Sends the held cut a room's view now: a patch against the last view it was sent, or a snapshot. */
  private toHeld(eventId: string, roomId: string, view: RoomView, snapshot = false): void {
    const key = `${eventId}/${roomId}`;
    const prev = this.lastPublicView.get(key);
    const to = this.io.to(channelsFor(eventId, 'room', roomId).held);
    if (!prev || snapshot) {
      this.lastPublicView.set(key, view);
      to.emit('room:snapshot', view);
    } else if (prev.rev < view.rev) {
      this.lastPublicView.set(key, view);
      to.emit('room:patch', { roomId, baseRev: prev.rev, rev: view.rev, set: diffRoomView(prev, view) } satisfies RoomPatch);
    }
  }

  /** A track's leaderboard: the held cut without the results a projector is still revealing (sent again when released). */
  private async board(ev: EventConfig, trackId: string, now = Date.now()): Promise<void> {
    const to = channelsFor(ev.id, 'board', trackId);
    const held = await this.views.heldTeams(ev, now);
    const board = await this.views.board(ev, trackId);
    if (!board.rows.some((r) => held.has(r.team.id))) {
      this.io.to([...to.whole, ...to.held]).emit('board:leaderboard', board);
      return;
    }
    this.io.to(to.whole).emit('board:leaderboard', board);
    this.io.to(to.held).emit('board:leaderboard', await this.views.board(ev, trackId, held));
  }
}

/** A socket's own rooms: a judge's, every room whose panel they sit on (shared/domain.ts judgeRooms); a host's or display's, its room. */
export function ownRooms(ev: EventConfig, data: { role: string; roomId: string | null; judgeId: string | null }): Room[] {
  if (data.role === 'judge') return data.judgeId ? judgeRooms(ev, data.judgeId) : [];
  return ev.rooms.filter((r) => r.id === data.roomId);
}
