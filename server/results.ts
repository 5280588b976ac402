// The rules of results once scoring has closed, beside the room's phase machine (rooms.ts): which teams and tracks hold
// score sheets, when a judge's sheet may be corrected (and the team's aggregate again after it), and which teams a
// panel decision may order (a tie). The handlers adapt these to the sockets and notify.
import { trackOf, type EventConfig, type Room, type Team } from '../shared/domain';
import { refusal, type Refusal } from '../shared/refusals';
import { rankTeams } from '../shared/scoring';
import type { Actor, SheetValues, Store, SubmitReceipt } from './store/index';

/** The teams of the event with at least one stored score sheet, each with the judges who wrote them. */
export async function scoredTeams(store: Store, ev: EventConfig): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const team of ev.teams) {
    const judges = Object.keys(await store.sheets(ev.id, team.id));
    if (judges.length > 0) out.set(team.id, judges);
  }
  return out;
}

/** Which of `trackIds` have a team with at least one stored score sheet. */
export async function scoredTracks(store: Store, ev: EventConfig, trackIds: Iterable<string>): Promise<Set<string>> {
  const out = new Set<string>();
  for (const trackId of trackIds) {
    for (const team of ev.teams.filter((t) => t.trackId === trackId)) {
      if (Object.keys(await store.sheets(ev.id, team.id)).length > 0) {
        out.add(trackId);
        break;
      }
    }
  }
  return out;
}

/**
 * Corrects a judge's sheet of a team of `room`, with a reason, once the team's scoring has closed (the team is closed
 * on stage, or revealed); then the team's aggregate (and its track's leaderboard) again. The receipt, or why not.
 */
export async function correctScore(store: Store, req: {
  ev: EventConfig; room: Room; team: Team; judge: string; values: SheetValues; reason: string; actor: Actor;
}): Promise<SubmitReceipt | Refusal> {
  const { ev, room, team } = req;
  const record = await store.readRoom(ev.id, room.id);
  const revealed = (await store.revealedTeams(ev.id)).has(team.id);
  if (!revealed && !(record.team === team.id && record.phase === 'closed')) {
    return refusal('correct-not-closed', 'a score can be corrected once its scoring has closed');
  }
  const receipt = await store.correctSheet({ eventId: ev.id, roomId: room.id, teamId: team.id, trackId: team.trackId,
    judgeId: req.judge, values: req.values, actor: req.actor, reason: req.reason });
  if (receipt.ok) await store.aggregate(ev.id, team.id);
  return receipt;
}

/**
 * Records a panel decision ordering tied teams of a track: it must name exactly the revealed teams that share one rank
 * as the rules leave it (before any decision, so that a decision can also be made again). The audit entry, or why not.
 */
export async function resolveTie(store: Store, req: {
  ev: EventConfig; trackId: string; teams: string[]; reason: string; actor: Actor;
}): Promise<{ ok: true; auditId: string } | Refusal> {
  const { ev, trackId, teams } = req;
  if (new Set(teams).size !== teams.length) return refusal('tie-team-twice', 'a team is named twice');
  const track = trackOf(ev, trackId);
  const { aggregates } = await store.standings(ev.id, trackId);
  const standings = rankTeams(aggregates, track.rules, track.awards);
  const rank = standings.find((s) => s.team === teams[0])?.rank ?? null;
  const group = standings.filter((s) => s.rank !== null && s.rank === rank).map((s) => s.team);
  const revealed = await store.revealedTeams(ev.id);
  if (rank === null || group.length !== teams.length || !teams.every((t) => group.includes(t) && revealed.has(t))) {
    return refusal('tie-not-shared-rank', 'a decision orders exactly the revealed teams that share one rank');
  }
  return { ok: true, auditId: await store.recordDecision(ev, trackId, teams, req.reason, req.actor) };
}
