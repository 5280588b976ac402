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
  /** A track's special awards as its host sees them: the ballot (who has voted, never what), the tally, the decision. */
  special: ['special:state'],
  /** A track's special-award ballot as one judge sees it: the pool and their own picks. */
  ballot: ['judge:ballot'],
  /** The public's voting: each track's window and how many have voted (never a count of votes). */
  voting: ['voting:state'],
  /** One voter's own ballots. */
  voter: ['voter:state'],
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
   * heldView); for the room view also without single sheets (phones follow phases and results, not each sheet); for
   * the voting, without how many have voted (voters' phones).
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
  host: { room: own, panel: own, board: { keys: 'event', cut: 'whole', snapshot: 'own' }, special: { keys: 'event', cut: 'whole', snapshot: 'own' }, voting: own },
  display: { room: own, board: { keys: 'event', cut: 'held', snapshot: 'own' } },
  judge: { room: own, judge: own, ballot: own },
  supervisor: { room: all, panel: all, sheets: all, board: all, audit: { ...all, snapshot: 'none' }, special: all, voting: all },
  audience: { room: { keys: 'event', cut: 'held', snapshot: 'welcome' }, board: { keys: 'event', cut: 'held', snapshot: 'welcome' } },
  admin: {},
  // A voter's phone: the live page's view (as the audience's), the windows without how many have voted, its own ballots.
  voter: {
    room: { keys: 'event', cut: 'held', snapshot: 'welcome' }, board: { keys: 'event', cut: 'held', snapshot: 'welcome' },
    voting: { keys: 'event', cut: 'held', snapshot: 'event' }, voter: own,
  },
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
  | { topic: 'audit'; auditId: string }
  /** A track's special awards: its hosts' and supervisors' view. */
  | { topic: 'special'; trackId: string }
  /** A track's ballot: the judges of its panel (these only when given). */
  | { topic: 'ballot'; trackId: string; judges?: readonly string[] }
  /** A track's voting changed (its window, who has voted): the rooms running it and every follower of the event. */
  | {
    topic: 'voting'; trackId: string;
    /** Only how many have voted changed (a ballot): the voters' cut, which has no counts, does not hear of it; hosts and supervisors at most once a second per track (server/notify.ts). */
    countsOnly?: boolean;
  }
  | { topic: 'voter'; voterId: string };

/** The touches of a room's record changing: its view, then its panel board and its judges' states (built from it). */
export function roomTouched(roomId: string, opts: { snapshot?: boolean } = {}): Touch[] {
  return [{ topic: 'room', roomId, ...opts }, { topic: 'panel', roomId }, { topic: 'judge', roomId }];
}

/**
 * The touches of an event's configuration changing: every room (snapshots) as above, then every track's leaderboard and
 * special awards.
 */
export function eventTouched(ev: EventConfig): Touch[] {
  return [...ev.rooms.flatMap((r) => roomTouched(r.id, { snapshot: true })),
    ...ev.tracks.flatMap((t) => [{ topic: 'board', trackId: t.id } as const, { topic: 'special', trackId: t.id } as const])];
}

/** The touches of a track's special awards changing: its hosts' view, its judges' ballots, and (once announced) its boards. */
export function specialTouched(trackId: string, opts: { board?: boolean } = {}): Touch[] {
  return [{ topic: 'special', trackId }, { topic: 'ballot', trackId }, ...(opts.board ? [{ topic: 'board', trackId } as const] : [])];
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
 * What identifies a socket's own keys: its rooms (room views, panel boards, leaderboards, special awards and voting of
 * their tracks: a host's or a display's one room, the rooms of every panel a judge sits on), its judge (its state, its
 * ballots) and its voter (its own ballots).
 */
export interface Own { roomIds: readonly string[]; judgeId: string | null; voterId?: string | null }

/** A socket's own keys of a topic (none, e.g. for a judge on no panel). */
export function ownKeys(topic: Topic, own: Own): readonly string[] {
  if (topic === 'judge' || topic === 'ballot') return own.judgeId === null ? [] : [own.judgeId];
  if (topic === 'voter') return own.voterId ? [own.voterId] : [];
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
