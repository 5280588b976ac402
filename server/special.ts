// Special awards (特色奖项, issue 15) on the server: a track's record in Redis (the ballot's state, the ballots, the tally,
// the winners, the announcement) and the rules of the host's and the judges' commands, which the handlers adapt to the
// sockets. The pure rules (the pool, a valid set of winners, the tally) are shared/special.ts.
import { judgeRooms, trackOf, type EventConfig, type Track } from '../shared/domain';
import { refusal, type Refusal } from '../shared/refusals';
import {
  checkSpecialWinners, specialPool, tallySpecialBallots, tallyWinners,
  type AwardTally, type SpecialAward, type SpecialBallot, type SpecialProblem, type SpecialWinner,
} from '../shared/special';
import type { Actor, Store } from './store/index';
import { eventKeys } from './store/keys';
import type { Views } from './views';

export type BallotState = 'none' | 'open' | 'closed';

/** What is decided of a track's special awards (the `record` field of fs:{E}:special:<track>). */
export interface SpecialRecord {
  tally: AwardTally[] | null;
  winners: SpecialWinner[];
  decidedBy: null | { how: 'ballot' | 'decision'; reason: string; at: string };
  unsettled: boolean;
  announced: boolean;
}

const EMPTY: SpecialRecord = { tally: null, winners: [], decidedBy: null, unsettled: false, announced: false };

// Opens a ballot that never opened (ARGV[1] 'open'), or closes an open one returning its ballots (ARGV[1] 'close').
const BALLOT_SCRIPT = `
local state = redis.call('HGET', KEYS[1], 'ballot') or 'none'
if ARGV[1] == 'open' then
  if state ~= 'none' then return {0, state} end
  redis.call('HSET', KEYS[1], 'ballot', 'open')
  return {1, 'open'}
end
if state ~= 'open' then return {0, state} end
redis.call('HSET', KEYS[1], 'ballot', 'closed')
return {1, 'closed', redis.call('HGETALL', KEYS[2])}
`;
// Stores a judge's ballot while the ballot is open (and only then).
const VOTE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'ballot') ~= 'open' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`;

/** The ballot's state and the record of a track, as stored. */
export async function readSpecial(store: Store, eventId: string, trackId: string): Promise<{ ballot: BallotState; record: SpecialRecord }> {
  const [ballot, record] = await store.redis.hmget(eventKeys(eventId).special(trackId), 'ballot', 'record');
  return { ballot: (ballot as BallotState | null) ?? 'none', record: record ? (JSON.parse(record) as SpecialRecord) : { ...EMPTY } };
}

/** A track's special-award winners once decided (a tie or double winner still open: not yet), else null. */
export async function decidedWinners(store: Store, eventId: string, trackId: string): Promise<SpecialWinner[] | null> {
  const { ballot, record } = await readSpecial(store, eventId, trackId);
  return ballot !== 'open' && record.decidedBy && !record.unsettled ? record.winners : null;
}

/** The awards a track gives this year (count above 0), in configuration order. */
export const givenAwards = (track: Track): SpecialAward[] => track.specialAwards.filter((a) => a.count > 0);

/** A problem of a set of winners as the host is told it. */
function problemRefusal(p: SpecialProblem, teamName: (id: string) => string): Refusal {
  const params = { award: p.award, team: teamName(p.team) };
  switch (p.kind) {
    case 'unknown-award': return refusal('special-unknown-award', `"${p.award}" is not a special award of this track`, params);
    case 'not-in-pool': return refusal('special-not-in-pool', `team "${p.team}" is not in the special-award pool`, params);
    case 'over-count': return refusal('special-over-count', `more winners of "${p.award}" than its count ${p.count}`, { ...params, count: p.count });
    case 'two-awards': return refusal('special-two-awards', `team "${p.team}" already holds "${p.other}"`, { ...params, other: p.other });
  }
}

/** A track's special awards in the store, and the commands on them. */
export class Special {
  constructor(private readonly store: Store, private readonly views: Views) {}

  /** The ballot's state and the record of a track. */
  read(eventId: string, trackId: string): Promise<{ ballot: BallotState; record: SpecialRecord }> {
    return readSpecial(this.store, eventId, trackId);
  }

  /** The judges who have voted on a track's ballot (never what they picked). */
  async voted(eventId: string, trackId: string): Promise<Set<string>> {
    return new Set(await this.store.redis.hkeys(eventKeys(eventId).specialBallots(trackId)));
  }

  /** One judge's own ballot, or null before they vote. */
  async ownBallot(eventId: string, trackId: string, judgeId: string): Promise<SpecialBallot | null> {
    const raw = await this.store.redis.hget(eventKeys(eventId).specialBallots(trackId), judgeId);
    return raw ? (JSON.parse(raw) as SpecialBallot) : null;
  }

  /** Whether the track's ranking is final (after its last reveal), and its special-award pool then (else empty). */
  async pool(ev: EventConfig, trackId: string): Promise<{ ready: boolean; pool: string[] }> {
    const ready = await this.views.trackFinal(ev, trackId, await this.store.revealedTeams(ev.id));
    if (!ready) return { ready, pool: [] };
    return { ready, pool: specialPool((await this.store.standings(ev.id, trackId)).standings) };
  }

  private async write(eventId: string, trackId: string, record: SpecialRecord): Promise<void> {
    await this.store.redis.hset(eventKeys(eventId).special(trackId), 'record', JSON.stringify(record));
  }

  /** What a host may not do to a track now: no awards given, or the ranking not final yet. */
  private async gate(ev: EventConfig, trackId: string): Promise<Refusal | { ok: true; track: Track; pool: string[] }> {
    const track = trackOf(ev, trackId);
    if (givenAwards(track).length === 0) return refusal('special-no-awards', 'this track gives no special awards');
    const { ready, pool } = await this.pool(ev, trackId);
    if (!ready) return refusal('special-not-ready', 'special awards are decided after the track\'s last reveal');
    return { ok: true, track, pool };
  }

  /** Opens a track's ballot for its panel (once: a track's ballot never opens twice). */
  async openBallot(ev: EventConfig, trackId: string, actor: Actor): Promise<{ ok: true; auditId: string } | Refusal> {
    const gate = await this.gate(ev, trackId);
    if (!gate.ok) return gate;
    if ((await this.read(ev.id, trackId)).record.decidedBy) return refusal('special-ballot-done', 'the special awards are decided already');
    const k = eventKeys(ev.id);
    const [opened, state] = (await this.store.redis.eval(BALLOT_SCRIPT, 2, k.special(trackId), k.specialBallots(trackId), 'open')) as [number, string];
    if (!opened) return state === 'open' ? refusal('special-ballot-open', 'the ballot is open already') : refusal('special-ballot-done', 'the ballot is over');
    const auditId = await this.store.appendAudit(ev.id, { actor, action: 'special.open', before: '',
      after: JSON.stringify({ track: trackId, awards: givenAwards(gate.track), pool: gate.pool }) });
    return { ok: true, auditId };
  }

  /** A judge's ballot: one pool team or null per award; stored (replacing their earlier one) only while the ballot is open. */
  async vote(ev: EventConfig, req: { trackId: string; judgeId: string; picks: SpecialBallot }): Promise<{ ok: true; auditId: string } | Refusal> {
    const { trackId, judgeId, picks } = req;
    if (!judgeRooms(ev, judgeId).some((r) => r.trackIds.includes(trackId))) return refusal('special-wrong-track', 'this track is not run in this judge\'s rooms');
    const track = trackOf(ev, trackId);
    const { ballot } = await this.read(ev.id, trackId);
    if (ballot !== 'open') return refusal('special-ballot-not-open', 'the ballot is not open');
    const { pool } = await this.pool(ev, trackId);
    const given = new Set(givenAwards(track).map((a) => a.name));
    const teamName = (id: string) => ev.teams.find((t) => t.id === id)?.project ?? id;
    const ballotOut: SpecialBallot = {};
    for (const a of givenAwards(track)) ballotOut[a.name] = null;
    for (const [award, team] of Object.entries(picks)) {
      if (!given.has(award)) return refusal('special-unknown-award', `"${award}" is not a special award of this track`, { award });
      if (team === null) continue;
      if (!pool.includes(team)) return refusal('special-not-in-pool', `team "${team}" is not in the special-award pool`, { award, team: teamName(team) });
      if (ev.recusals.some((r) => r.team === team && r.judge === judgeId)) {
        return refusal('special-judge-recused', `the judge is recused from team "${team}"`, { team: teamName(team) });
      }
      ballotOut[award] = team;
    }
    const k = eventKeys(ev.id);
    const stored = await this.store.redis.eval(VOTE_SCRIPT, 2, k.special(trackId), k.specialBallots(trackId), judgeId, JSON.stringify(ballotOut));
    if (!stored) return refusal('special-ballot-not-open', 'the ballot is not open');
    // The audit says who voted and when, never what: the close records every ballot.
    const auditId = await this.store.appendAudit(ev.id, { actor: { id: judgeId, role: 'judge' }, action: 'special.vote', judge: judgeId,
      before: '', after: JSON.stringify({ track: trackId }) });
    return { ok: true, auditId };
  }

  /** Closes a track's ballot: tallies it; ties and double winners are left for the host to settle (special:decide). */
  async closeBallot(ev: EventConfig, trackId: string, actor: Actor): Promise<{ ok: true; auditId: string; tally: AwardTally[] } | Refusal> {
    const track = trackOf(ev, trackId);
    const k = eventKeys(ev.id);
    const reply = (await this.store.redis.eval(BALLOT_SCRIPT, 2, k.special(trackId), k.specialBallots(trackId), 'close')) as [number, string, string[]?];
    if (!reply[0]) return refusal('special-ballot-not-open', 'the ballot is not open');
    const flat = reply[2] ?? [];
    const ballots: Record<string, SpecialBallot> = {};
    for (let i = 0; i < flat.length; i += 2) ballots[flat[i]!] = JSON.parse(flat[i + 1]!) as SpecialBallot;
    const { pool } = await this.pool(ev, trackId);
    const tally = tallySpecialBallots(givenAwards(track), pool, Object.values(ballots));
    const { record } = await this.read(ev.id, trackId);
    const next: SpecialRecord = { ...record, tally, winners: tallyWinners(tally), decidedBy: { how: 'ballot', reason: '', at: String(Date.now()) },
      unsettled: tally.some((t) => t.open !== null) };
    await this.write(ev.id, trackId, next);
    const auditId = await this.store.appendAudit(ev.id, { actor, action: 'special.close', before: '',
      after: JSON.stringify({ track: trackId, ballots, tally, winners: next.winners }) });
    return { ok: true, auditId, tally };
  }

  /**
   * Records the winners of a track (the committee's decision, the settling of a tie or a double winner, a correction):
   * the whole list, checked against the pool, the counts and one award per team, with the reason. Not while the ballot
   * is open.
   */
  async decide(ev: EventConfig, req: { trackId: string; winners: SpecialWinner[]; reason: string; actor: Actor }): Promise<{ ok: true; auditId: string } | Refusal> {
    const gate = await this.gate(ev, req.trackId);
    if (!gate.ok) return gate;
    const { ballot, record } = await this.read(ev.id, req.trackId);
    if (ballot === 'open') return refusal('special-ballot-open', 'the ballot is open: close it first');
    const teamName = (id: string) => ev.teams.find((t) => t.id === id)?.project ?? id;
    const problem = checkSpecialWinners(gate.track.specialAwards, gate.pool, req.winners)[0];
    if (problem) return problemRefusal(problem, teamName);
    // In the configuration's award order, so that every screen lists them alike.
    const order = gate.track.specialAwards.map((a) => a.name);
    const winners = [...req.winners].sort((a, b) => order.indexOf(a.award) - order.indexOf(b.award));
    const next: SpecialRecord = { ...record, winners, decidedBy: { how: 'decision', reason: req.reason, at: String(Date.now()) }, unsettled: false };
    await this.write(ev.id, req.trackId, next);
    const auditId = await this.store.appendAudit(ev.id, { actor: req.actor, action: 'special.decide', reason: req.reason,
      before: JSON.stringify({ track: req.trackId, winners: record.winners, announced: record.announced }),
      after: JSON.stringify({ track: req.trackId, winners, announced: record.announced }) });
    return { ok: true, auditId };
  }

  /** Announces a track's special awards: from now on every screen shows them (and any later correction). */
  async announce(ev: EventConfig, trackId: string, actor: Actor): Promise<{ ok: true; auditId: string } | Refusal> {
    const gate = await this.gate(ev, trackId);
    if (!gate.ok) return gate;
    const { ballot, record } = await this.read(ev.id, trackId);
    if (ballot === 'open') return refusal('special-ballot-open', 'the ballot is open: close it first');
    if (!record.decidedBy || record.unsettled) return refusal('special-undecided', 'special awards are still to be decided');
    await this.write(ev.id, trackId, { ...record, announced: true });
    const auditId = await this.store.appendAudit(ev.id, { actor, action: 'special.announce', before: '',
      after: JSON.stringify({ track: trackId, winners: record.winners }) });
    return { ok: true, auditId };
  }
}
