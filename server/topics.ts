// Who hears about what, in one table: the topics, which roles follow each (whose values, whole or the audience's cut)
// and what each role is sent when it subscribes (on connect). A change names the topics it touched (a Touch); the
// notifier (server/notify.ts, one producer per topic) sends each to exactly the channels this table derives for it.
import type { EventConfig } from '../shared/domain';
import type { Role, ServerToClientEvents } from '../shared/protocol';

/** The topics, with the events that carry them to clients (the wire names do not change). */
export const TOPIC_EVENTS = {
  /** A room's view: who is on stage, the phase, the timer, who has scored, the reveal. */
  room: ['room:snapshot', 'room:patch'],
  /** A room's panel board: its judges, connected or not, and their sheets for the team on stage. */
  panel: ['room:panel'],
  /** One judge's own state: forms, their own sheets, whether they may score now. */
  judge: ['judge:state'],
  /** A track's leaderboard (revealed teams only). */
  board: ['board:leaderboard'],
  /** Every stored sheet (on subscribe), one team's sheets (on change). */
  sheets: ['supervisor:sheets'],
  /** A new audit entry. */
  audit: ['audit:entry'],
} as const satisfies Record<string, ReadonlyArray<keyof ServerToClientEvents>>;

export type Topic = keyof typeof TOPIC_EVENTS;

/** How a role follows a topic. */
export interface Follow {
  /**
   * Whose values it hears of: its own only (its room's room view and panel; for a judge, its own state) or every one
   * of its event.
   */
  keys: 'own' | 'event';
  /**
   * The whole value, or the watching screens' cut: without a result a projector is still revealing (server/views.ts,
   * heldView); for the room view also without single sheets (phones follow phases and results, not each sheet).
   */
  cut: 'whole' | 'held';
  /**
   * What it is sent on subscribe: the current value of its own keys (for a leaderboard: its room's tracks), of every
   * key of its event, nothing, or its part of the phones' one batched audience:welcome (server/welcome.ts).
   */
  snapshot: 'own' | 'event' | 'none' | 'welcome';
}

const own = { keys: 'own', cut: 'whole', snapshot: 'own' } as const;
const all = { keys: 'event', cut: 'whole', snapshot: 'event' } as const;

/**
 * The topics each role follows, in the order they are sent on subscribe. Nothing here may widen what a role sees: sheets
 * and the audit log reach supervisors only, a judge's state that judge only, and the watching screens' leaderboards
 * (and the phones' room views) hold a result back until the room's projector has shown it.
 */
export const FOLLOWS: Record<Role, Partial<Record<Topic, Follow>>> = {
  host: { room: own, panel: own, board: { keys: 'event', cut: 'whole', snapshot: 'own' } },
  display: { room: own, board: { keys: 'event', cut: 'held', snapshot: 'own' } },
  judge: { room: own, judge: own },
  supervisor: { room: all, panel: all, sheets: all, board: all, audit: { ...all, snapshot: 'none' } },
  audience: { room: { keys: 'event', cut: 'held', snapshot: 'welcome' }, board: { keys: 'event', cut: 'held', snapshot: 'welcome' } },
  admin: {},
};

/**
 * One change to send: a topic and the key it changed (a room, a track, a team), with how. A handler (or the command
 * wrapper) lists what its change touched, in the order the clients should hear of it.
 */
export type Touch =
  | {
    topic: 'room'; roomId: string;
    /** A snapshot even to those who have a view (after a configuration change). */
    snapshot?: boolean;
    /** Only a sheet was stored: the held cut (phones) does not hear of it; the next room change brings it up to date. */
    sheet?: boolean;
  }
  | { topic: 'panel'; roomId: string }
  /** The states of these judges of the room (all of its panel when omitted). */
  | { topic: 'judge'; roomId: string; judges?: readonly string[] }
  | { topic: 'board'; trackId: string }
  | { topic: 'sheets'; teamId: string }
  | { topic: 'audit'; auditId: string };

/** The touches of a room's record changing: its view, then its panel board and its judges' states (built from it). */
export function roomTouched(roomId: string, opts: { snapshot?: boolean } = {}): Touch[] {
  return [{ topic: 'room', roomId, ...opts }, { topic: 'panel', roomId }, { topic: 'judge', roomId }];
}

/** The touches of an event's configuration changing: every room (snapshots) as above, then every track's leaderboard. */
export function eventTouched(ev: EventConfig): Touch[] {
  return [...ev.rooms.flatMap((r) => roomTouched(r.id, { snapshot: true })), ...ev.tracks.map((t) => ({ topic: 'board', trackId: t.id }) as const)];
}

/** The channel (socket.io room) of the sockets of one role following a topic, for one key or for the whole event. */
export function channelOf(eventId: string, role: Role, topic: Topic, key?: string): string {
  return key === undefined ? `e:${eventId}:${topic}:${role}` : `e:${eventId}:${topic}:${role}:${key}`;
}

/** The roles that follow a topic, with how. */
export function followersOf(topic: Topic): Array<[Role, Follow]> {
  return (Object.entries(FOLLOWS) as Array<[Role, Partial<Record<Topic, Follow>>]>)
    .flatMap(([role, follows]) => (follows[topic] ? [[role, follows[topic]] as [Role, Follow]] : []));
}

/** The channels that hear of one key of a topic, by cut: every follower of its own such key, or of the whole event. */
export function channelsFor(eventId: string, topic: Topic, key: string): Record<Follow['cut'], string[]> {
  const out: Record<Follow['cut'], string[]> = { whole: [], held: [] };
  for (const [role, follow] of followersOf(topic)) {
    out[follow.cut].push(follow.keys === 'own' ? channelOf(eventId, role, topic, key) : channelOf(eventId, role, topic));
  }
  return out;
}

/**
 * What identifies a socket's own keys: its rooms (room views, panel boards, leaderboards of their tracks: a host's or a
 * display's one room, the rooms of every panel a judge sits on) and its judge.
 */
export interface Own { roomIds: readonly string[]; judgeId: string | null }

/** A socket's own keys of a topic (none, e.g. for a judge on no panel). */
export function ownKeys(topic: Topic, own: Own): readonly string[] {
  if (topic === 'judge') return own.judgeId === null ? [] : [own.judgeId];
  return own.roomIds;
}

/**
 * The channels a socket of `role` joins: for each topic it follows, the event's channel or its own keys'. None when it
 * follows a topic by its own key and has none (a room's token whose room is no longer in the event, a judge on no
 * panel): it follows nothing.
 */
export function subscriptions(eventId: string, role: Role, own: Own): string[] | null {
  const channels: string[] = [];
  for (const [topic, follow] of Object.entries(FOLLOWS[role]) as Array<[Topic, Follow]>) {
    if (follow.keys === 'event') {
      channels.push(channelOf(eventId, role, topic));
      continue;
    }
    const keys = ownKeys(topic, own);
    if (keys.length === 0) return null;
    channels.push(...keys.map((key) => channelOf(eventId, role, topic, key)));
  }
  return channels;
}
