// The notifier: one producer per topic, emitted to the socket.io rooms (channels) of the roles that may see it.
// Room views go out as patches against the last view this process sent, or as snapshots when it has none. The audience
// (phones) and the leaderboards of the watching screens get a revealed result only once the room's projector has shown
// it: until then they keep the view from before the reveal (server/views.ts, heldView), then a timer releases it.
import type { Server } from 'socket.io';
import type { EventConfig, Room } from '../shared/domain';
import type {
  AuditView, ClientToServerEvents, RoomPatch, RoomView, ServerToClientEvents, SocketData,
} from '../shared/protocol';
import type { AuditEntry, Store } from './store/index';
import { ownSheet, Views } from './views';

export type Io = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The socket.io rooms ("channels") a socket joins, by what it may receive. */
export const channels = {
  /** Host, displays and judges of one room: its room view. */
  room: (e: string, r: string) => `e:${e}:r:${r}`,
  /** The host of one room: its panel board. */
  host: (e: string, r: string) => `e:${e}:r:${r}:host`,
  /** The judges of one room connected now (presence). */
  judges: (e: string, r: string) => `e:${e}:r:${r}:judges`,
  /** One judge: their own state and sheets. */
  judge: (e: string, j: string) => `e:${e}:j:${j}`,
  /** The audience of an event: every room view. */
  public: (e: string) => `e:${e}:public`,
  /** The staff who see an event's leaderboards at once (hosts, supervisors). */
  boards: (e: string) => `e:${e}:boards`,
  /** The watching screens (projectors, phones): the leaderboards without the results a projector is still revealing. */
  watchers: (e: string) => `e:${e}:watchers`,
  /** The supervisors (and notaries) of an event: everything, including every sheet and the audit log. */
  supervisor: (e: string) => `e:${e}:sup`,
  /** Every socket authenticated with one token, to drop them when it is revoked. */
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

/** Emits each topic to whoever may see it. */
export class Notifier {
  private readonly lastRoomView = new Map<string, RoomView>();
  /** The last view of each room sent to the audience (public channel). */
  private readonly lastPublicView = new Map<string, RoomView>();

  /** The pending release of each room's held reveal (by event/room), on this process. */
  private readonly releases = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly io: Io, private readonly store: Store, readonly views: Views) {}

  /** The judges of a room connected to any server process now. */
  async connectedJudges(eventId: string, roomId: string): Promise<Set<string>> {
    const sockets = await this.io.in(channels.judges(eventId, roomId)).fetchSockets();
    return new Set(sockets.map((s) => s.data.judgeId).filter((j): j is string => j !== null));
  }

  /**
   * After any change in a room: the room view (a patch against the last view sent from this process, a snapshot when
   * there is none or `snapshot` is asked for, nothing when a view as new already went out), then always the panel
   * board and the panel judges' states, which a concurrent change may have altered.
   */
  async roomChanged(ev: EventConfig, room: Room, opts: {
    judges?: 'all' | string[]; snapshot?: boolean;
    /**
     * A stored sheet: the audience does not hear of it. Phones follow the room's phases and results, not each sheet,
     * so that thousands of them never stand between a judge and the next acknowledgement; the next host command
     * brings them up to date in one patch.
     */
    sheet?: boolean;
    /** The caller sends the panel board itself (after its ack). */
    withoutPanel?: boolean;
  } = {}): Promise<void> {
    const record = await this.store.readRoom(ev.id, room.id);
    const view = await this.views.room(ev, room, record);
    const key = `${ev.id}/${room.id}`;
    const prev = this.lastRoomView.get(key);
    // The audience hears of everything but single sheets, at once, except a result the projector is still revealing.
    // While its copy is in step with the room's, one broadcast (one encoding) serves both.
    const publicPrev = this.lastPublicView.get(key);
    const sheet = opts.sheet === true;
    const now = Date.now();
    const publicView = this.views.forAudience(view, record, now);
    const held = publicView !== view;
    if (held) this.scheduleRelease(ev.id, room.id, this.views.releaseAt(view, record)!);
    const together = !sheet && !held && publicPrev?.rev === prev?.rev;
    const rooms = [channels.room(ev.id, room.id), channels.supervisor(ev.id), ...(together ? [channels.public(ev.id)] : [])];
    const to = this.io.to(rooms);
    if (!prev || opts.snapshot) {
      this.lastRoomView.set(key, view);
      to.emit('room:snapshot', view);
    } else if (prev.rev < view.rev) {
      this.lastRoomView.set(key, view);
      to.emit('room:patch', { roomId: room.id, baseRev: prev.rev, rev: view.rev, set: diffRoomView(prev, view) } satisfies RoomPatch);
    }
    if (together) this.lastPublicView.set(key, this.lastRoomView.get(key)!);
    else if (!sheet) this.toAudience(ev.id, room.id, publicView, opts.snapshot);
    if (!opts.withoutPanel) await this.panelChanged(ev, room);
    const judges = opts.judges === 'all' || opts.judges === undefined ? room.panel : opts.judges;
    for (const judgeId of judges) {
      this.io.to(channels.judge(ev.id, judgeId)).emit('judge:state', await this.views.judge(ev, room, judgeId, record));
    }
  }

  /** At `at` (server time), sends the audience the room's view and its tracks' boards as they may then see them. */
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
    this.toAudience(eventId, roomId, this.views.forAudience(await this.views.room(ev, room, record), record, now));
    for (const trackId of room.trackIds) await this.boardChanged(ev, trackId, now);
  }

  /** Stops the pending releases (the server is closing). */
  close(): void {
    for (const timer of this.releases.values()) clearTimeout(timer);
    this.releases.clear();
  }

  /** Sends the audience a room's view now: a patch against the last view it was sent, or a snapshot. */
  private toAudience(eventId: string, roomId: string, view: RoomView, snapshot = false): void {
    const key = `${eventId}/${roomId}`;
    const prev = this.lastPublicView.get(key);
    const to = this.io.to(channels.public(eventId));
    if (!prev || snapshot) {
      this.lastPublicView.set(key, view);
      to.emit('room:snapshot', view);
    } else if (prev.rev < view.rev) {
      this.lastPublicView.set(key, view);
      to.emit('room:patch', { roomId, baseRev: prev.rev, rev: view.rev, set: diffRoomView(prev, view) } satisfies RoomPatch);
    }
  }

  /** The panel board of a room, to its host and the supervisors. */
  async panelChanged(ev: EventConfig, room: Room): Promise<void> {
    const panel = await this.views.panel(ev, room, await this.connectedJudges(ev.id, room.id));
    this.io.to([channels.host(ev.id, room.id), channels.supervisor(ev.id)]).emit('room:panel', panel);
  }

  /**
   * A track's leaderboard, to everyone who sees leaderboards: the watching screens without the results a projector is
   * still revealing (they get the board again when released).
   */
  async boardChanged(ev: EventConfig, trackId: string, now = Date.now()): Promise<void> {
    const held = await this.views.heldTeams(ev, now);
    const board = await this.views.board(ev, trackId);
    if (!board.rows.some((r) => held.has(r.team.id))) {
      this.io.to([channels.boards(ev.id), channels.watchers(ev.id)]).emit('board:leaderboard', board);
      return;
    }
    this.io.to(channels.boards(ev.id)).emit('board:leaderboard', board);
    this.io.to(channels.watchers(ev.id)).emit('board:leaderboard', await this.views.board(ev, trackId, held));
  }

  /** One team's sheets, to the supervisors (a partial supervisor:sheets: merge by team). */
  async sheetsChanged(ev: EventConfig, teamId: string): Promise<void> {
    const stored = await this.store.sheets(ev.id, teamId);
    const sheets = { [teamId]: Object.fromEntries(Object.entries(stored).map(([j, s]) => [j, ownSheet(teamId, s)])) };
    const corrected = [...await this.store.correctedTeams(ev.id)];
    this.io.to(channels.supervisor(ev.id)).emit('supervisor:sheets', { eventId: ev.id, sheets, corrected });
  }

  /** A new audit entry, to the supervisors. */
  async audited(eventId: string, auditId: string): Promise<void> {
    const entry = (await this.store.audit(eventId, auditId, auditId))[0];
    if (entry) this.io.to(channels.supervisor(eventId)).emit('audit:entry', auditView(entry));
  }
}
