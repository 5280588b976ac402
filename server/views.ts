// The topics' values: each view (room, panel, leaderboard, judge, supervisor) built from the state in Redis. These functions
// decide what each role may see; no score value reaches a public view before its team's reveal, and the audience's
// views (phones, other screens) hold a revealed result until the room's projector has shown it (shared/timeline.ts).
import { judgeOf, judgeOrderFor, trackOf, type EventConfig, type Room, type Team } from '../shared/domain';
import { formatMilli, formatScaled } from '../shared/decimal';
import { roomForms } from '../shared/forms';
import { effectivePhase } from '../shared/phases';
import { linkPath } from '../shared/links';
import { DEFAULT_TIME_ZONE } from '../shared/time';
import type {
  BallotView, BoardView, JudgeView, SpecialView, OwnSheet, PanelView, ProgressView, RevealView, RoomView, SupervisorSheets, TeamCard,
} from '../shared/protocol';
import { divergentJudges, rankTeams, type TeamAggregate } from '../shared/scoring';
import { revealShownAt } from '../shared/timeline';
import { eligibleJudges, runningOrder } from './rooms';
import { givenAwards, Special } from './special';
import type { RoomRecord, Store, StoredSheet } from './store/index';

function card(ev: EventConfig, team: Team, record: RoomRecord | null): TeamCard {
  const status = record?.teamStatus[team.id];
  return {
    id: team.id, project: team.project, name: team.name, leadOrg: team.leadOrg, coOrgs: team.coOrgs,
    trackId: team.trackId, trackName: ev.tracks.find((t) => t.id === team.trackId)?.name ?? '', topic: team.topic,
    status: status === 'done' ? 'done' : status === 'absent' ? 'absent' : 'waiting',
  };
}

/** Ranks the revealed final teams of a track among themselves: the only ranking a public screen may show. */
export function publicRanking(ev: EventConfig, trackId: string, aggregates: TeamAggregate[], revealed: Set<string>, decisions: string[][]) {
  const track = trackOf(ev, trackId);
  const shown = aggregates.filter((a) => revealed.has(a.team));
  return { shown, standings: rankTeams(shown, track.rules, track.awards, decisions) };
}

/**
 * The slots of a reveal, one per judge of the room's panel in panel order (so "评委 3" is the same person for every
 * team): each valid judge's total, a recused judge, or one who did not score; then any valid judge no longer on the
 * panel. The projector plays one step per slot, so the server's hold counts the same slots.
 */
export function revealSlots(room: Room, eligible: string[], agg: TeamAggregate | undefined): Array<{
  judge: string; slot: number; status: 'scored' | 'recused' | 'missing'; line: TeamAggregate['judges'][number] | null;
}> {
  const lines = new Map((agg?.judges ?? []).map((j) => [j.judge, j]));
  const ids = [...room.panel, ...[...lines.keys()].filter((j) => !room.panel.includes(j))];
  return ids.map((judge, i) => {
    const line = lines.get(judge) ?? null;
    return { judge, slot: i + 1, line, status: line ? 'scored' : eligible.includes(judge) ? 'missing' : 'recused' };
  });
}

/**
 * A room view as the audience sees it while the projector still plays its reveal: as it was just before (scoring
 * closed, no result, the team not yet done), one revision older so that the real view follows it as a patch.
 */
export function heldView(view: RoomView): RoomView {
  const team = view.reveal?.team;
  const undone = (c: TeamCard): TeamCard => (c.id === team ? { ...c, status: 'waiting' } : c);
  const paused = view.phase === 'paused';
  return {
    ...view, rev: view.rev - 1, phase: paused ? 'paused' : 'closed', pausedFrom: paused ? 'closed' : view.pausedFrom,
    reveal: null, team: view.team ? undone(view.team) : null, order: view.order.map(undone),
  };
}

/** Builds views from the store. One instance per server process; it holds no state of its own. */
export class Views {
  /** The tracks' special awards (issue 15), read here for the views and changed by the handlers. */
  readonly special: Special;

  /**
   * `revealSpeed`: the pace of the projectors' reveals (1 in the hall; tests play them faster); `standby`: the standby
   * machine's address, which the audience's link on the projector carries.
   */
  constructor(private readonly store: Store, private readonly revealSpeed = 1, private readonly standby: string | null = null) {
    this.special = new Special(store, this);
  }

  /** A track's special awards for its host and the supervisors: who has voted (never what) until the close. */
  async specialView(ev: EventConfig, trackId: string): Promise<SpecialView> {
    const track = trackOf(ev, trackId);
    const teams = new Map(ev.teams.map((t) => [t.id, t]));
    const [{ ballot, record }, { ready, pool }, voted] = await Promise.all([
      this.special.read(ev.id, trackId), this.special.pool(ev, trackId), this.special.voted(ev.id, trackId)]);
    const panel = [...new Set(ev.rooms.filter((r) => r.trackIds.includes(trackId)).flatMap((r) => r.panel))];
    return {
      eventId: ev.id, trackId, trackName: track.name, awards: givenAwards(track), ready,
      pool: pool.map((t) => ({ ...card(ev, teams.get(t)!, null), status: 'done' })),
      ballot, voters: panel.map((id) => ({ id, name: judgeOf(ev, id).name, voted: voted.has(id) })),
      tally: record.tally, winners: record.winners, decidedBy: record.decidedBy, unsettled: record.unsettled, announced: record.announced,
    };
  }

  /** A track's ballot as one judge of its panel sees it: the pool and their own picks; null while no ballot has opened. */
  async ballotView(ev: EventConfig, trackId: string, judgeId: string): Promise<BallotView | null> {
    const { ballot } = await this.special.read(ev.id, trackId);
    if (ballot === 'none') return null;
    const track = trackOf(ev, trackId);
    const teams = new Map(ev.teams.map((t) => [t.id, t]));
    const { pool } = await this.special.pool(ev, trackId);
    return {
      eventId: ev.id, trackId, trackName: track.name, awards: givenAwards(track),
      pool: pool.map((t) => ({ ...card(ev, teams.get(t)!, null), status: 'done' })),
      recused: ev.recusals.filter((r) => r.judge === judgeId && pool.includes(r.team)).map((r) => r.team),
      open: ballot === 'open', picks: await this.special.ownBallot(ev.id, trackId, judgeId),
    };
  }

  /** A track's announced special awards, by award (configuration order), or null before the announcement. */
  async announcedSpecial(ev: EventConfig, trackId: string): Promise<BoardView['special']> {
    const { record } = await this.special.read(ev.id, trackId);
    if (!record.announced) return null;
    const teams = new Map(ev.teams.map((t) => [t.id, t]));
    return givenAwards(trackOf(ev, trackId)).map((a) => ({
      award: a.name,
      teams: record.winners.filter((w) => w.award === a.name).map((w) => ({ ...card(ev, teams.get(w.team)!, null), status: 'done' as const })),
    }));
  }

  /** When the audience may see a room's revealed result (its projector has shown score, rank and prize); else null. */
  releaseAt(view: RoomView, record: RoomRecord): number | null {
    if (!view.reveal || record.revealedAt === null) return null;
    return record.revealedAt + revealShownAt(view.reveal.judges.length, this.revealSpeed);
  }

  /** The room view the audience may see at `now`: a result the projector is still revealing is held back. */
  forAudience(view: RoomView, record: RoomRecord, now: number): RoomView {
    const at = this.releaseAt(view, record);
    return at !== null && now < at ? heldView(view) : view;
  }

  /** The room as the audience sees it now (phones' welcome and sync). */
  async audienceRoom(ev: EventConfig, room: Room, now: number): Promise<RoomView> {
    const record = await this.store.readRoom(ev.id, room.id);
    return this.forAudience(await this.room(ev, room, record), record, now);
  }

  /** The teams whose result a projector is still revealing at `now`, with when the audience may see it. */
  async heldTeams(ev: EventConfig, now: number): Promise<Map<string, number>> {
    const held = new Map<string, number>();
    for (const room of ev.rooms) {
      const rec = await this.store.readRoom(ev.id, room.id);
      if (effectivePhase(rec) !== 'revealed' || !rec.team || rec.revealedAt === null) continue;
      const agg = await this.store.aggregate(ev.id, rec.team);
      const at = rec.revealedAt + revealShownAt(revealSlots(room, eligibleJudges(ev, room, rec.team), agg).length, this.revealSpeed);
      if (now < at) held.set(rec.team, at);
    }
    return held;
  }

  /** Whether a track's ranking is final: every team of it revealed or absent, or every room running it finished. */
  async trackFinal(ev: EventConfig, trackId: string, revealed: Set<string>): Promise<boolean> {
    const rooms = ev.rooms.filter((r) => r.trackIds.includes(trackId));
    const records = await Promise.all(rooms.map((r) => this.store.readRoom(ev.id, r.id)));
    if (records.length && records.every((r) => r.phase === 'finished')) return true;
    const absent = new Set(records.flatMap((r) => Object.entries(r.teamStatus).flatMap(([t, st]) => (st === 'absent' ? [t] : []))));
    const teams = ev.teams.filter((t) => t.trackId === trackId);
    return teams.length > 0 && teams.every((t) => revealed.has(t.id) || absent.has(t.id));
  }

  /** The room as every screen sees it: who is on stage, the phase, the timer, who has scored, the reveal. */
  async room(ev: EventConfig, room: Room, record?: RoomRecord): Promise<RoomView> {
    const rec = record ?? (await this.store.readRoom(ev.id, room.id));
    const teamsById = new Map(ev.teams.map((t) => [t.id, t]));
    const order = runningOrder(ev, room, rec).map((id) => card(ev, teamsById.get(id)!, rec));
    const team = rec.team ? teamsById.get(rec.team) ?? null : null;
    const phase = effectivePhase(rec);
    let progress: ProgressView | null = null;
    let reveal: RevealView | null = null;
    if (team && (phase === 'scoring' || phase === 'closed' || phase === 'revealed')) {
      const sheets = await this.store.sheets(ev.id, team.id);
      const eligible = eligibleJudges(ev, room, team.id);
      progress = {
        expected: eligible.length,
        submitted: room.panel.flatMap((j, i) => (sheets[j] && eligible.includes(j) ? [i + 1] : [])),
        recused: room.panel.flatMap((j, i) => (eligible.includes(j) ? [] : [i + 1])),
      };
      if (phase === 'revealed') reveal = await this.reveal(ev, room, team);
    }
    const currentIndex = team ? order.findIndex((c) => c.id === team.id) : -1;
    const next = order.find((c, i) => i > currentIndex && c.status === 'waiting' && c.id !== team?.id) ?? null;
    return {
      eventId: ev.id, eventName: ev.name, timeZone: ev.timeZone ?? DEFAULT_TIME_ZONE, eventTheme: ev.theme, organisers: ev.organisers, roomId: room.id, roomName: room.name, rev: rec.rev, phase: rec.phase,
      pausedFrom: rec.pausedFrom, team: team ? card(ev, team, rec) : null, next, order, drawSeed: rec.drawSeed, displayMode: rec.displayMode, ceremonyStep: rec.ceremonyStep,
      timer: rec.timer, progress, reveal, live: { base: await this.store.linkBase(ev.id), path: linkPath.audience(ev.id, this.standby) },
    };
  }

  /** A revealed team's result: judges by anonymous slot, dropped totals, score, and its rank among revealed teams. */
  private async reveal(ev: EventConfig, room: Room, team: Team): Promise<RevealView> {
    const track = trackOf(ev, team.trackId);
    const { aggregates, decisions } = await this.store.standings(ev.id, track.id);
    const revealed = await this.store.revealedTeams(ev.id);
    const agg = aggregates.find((a) => a.team === team.id);
    const { standings } = publicRanking(ev, track.id, aggregates, revealed, decisions);
    const standing = standings.find((s) => s.team === team.id);
    const eligible = eligibleJudges(ev, room, team.id);
    return {
      team: team.id,
      status: agg?.status ?? 'insufficient-judges',
      judges: revealSlots(room, eligible, agg).map((j) => ({
        slot: j.slot, status: j.status,
        name: ev.revealJudgeNames ? ev.judges.find((x) => x.id === j.judge)?.name ?? null : null,
        total: j.line ? formatMilli(j.line.total) : null, dropped: j.line?.dropped ?? null,
      })),
      score: agg?.published == null ? null : formatScaled(agg.published, track.rules.decimals),
      rank: standing?.rank ?? null,
      award: standing?.award ?? null,
      final: await this.trackFinal(ev, track.id, revealed),
      rules: {
        method: track.rules.method, dropHighest: track.rules.dropHighest, dropLowest: track.rules.dropLowest,
        trimWhenAtLeast: track.rules.trimWhenAtLeast, minJudges: track.rules.minJudges, decimals: track.rules.decimals,
      },
      ...(agg?.parts && track.mix ? { mix: {
        panel: formatScaled(agg.parts.panel, track.rules.decimals), public: formatScaled(agg.parts.public, track.rules.decimals),
        panelPercent: track.mix.panelPercent, publicPercent: track.mix.publicPercent, kind: track.mix.public.kind,
      } } : {}),
    };
  }

  /** The host's panel board: each judge, connected or not, and when their sheet for the team on stage came in. */
  async panel(ev: EventConfig, room: Room, connected: Set<string>, record?: RoomRecord): Promise<PanelView> {
    const rec = record ?? (await this.store.readRoom(ev.id, room.id));
    const sheets: Record<string, StoredSheet> = rec.team ? await this.store.sheets(ev.id, rec.team) : {};
    const eligible = rec.team ? eligibleJudges(ev, room, rec.team) : room.panel;
    const judges = new Map(ev.judges.map((j) => [j.id, j]));
    const track = ev.tracks.find((t) => t.id === rec.track);
    const maxMilli = track ? (track.criteria.length ? track.criteria.reduce((a, c) => a + c.maxMilli, 0) : track.total?.maxMilli ?? 0) : 0;
    const divergent = divergentJudges(eligible.flatMap((j) => (sheets[j] ? [{ judge: j, total: sheets[j].total }] : [])),
      maxMilli, track?.divergencePercent ?? 15);
    const tablets = await this.store.tablets(ev.id, room.panel);
    return {
      roomId: room.id,
      rev: rec.rev,
      forms: roomForms(ev, room),
      judges: room.panel.map((id) => ({
        id, name: judges.get(id)?.name ?? id, slot: eligible.includes(id) ? room.panel.indexOf(id) + 1 : null, recused: !eligible.includes(id),
        connected: connected.has(id), submittedAt: sheets[id]?.at ?? null, version: sheets[id]?.version ?? 0,
        divergent: divergent.has(id), tablet: tablets.get(id) ?? null,
      })),
    };
  }

  /**
   * A track's public leaderboard: revealed final teams, ranked among themselves; without the `held` teams (results a
   * projector is still revealing) for the audience.
   */
  async board(ev: EventConfig, trackId: string, held: ReadonlyMap<string, number> = new Map()): Promise<BoardView> {
    const track = trackOf(ev, trackId);
    const { aggregates, decisions } = await this.store.standings(ev.id, trackId);
    const revealed = await this.store.revealedTeams(ev.id);
    for (const team of held.keys()) revealed.delete(team);
    const corrected = await this.store.correctedTeams(ev.id);
    const { shown, standings } = publicRanking(ev, trackId, aggregates, revealed, decisions);
    const teams = new Map(ev.teams.map((t) => [t.id, t]));
    const byTeam = new Map(shown.map((a) => [a.team, a]));
    return {
      eventId: ev.id, trackId, trackName: track.name, decimals: track.rules.decimals, awards: track.awards,
      final: await this.trackFinal(ev, trackId, revealed),
      rows: standings.filter((s) => s.rank !== null).map((s) => {
        const parts = byTeam.get(s.team)!.parts;
        return {
          team: { ...card(ev, teams.get(s.team)!, null), status: 'done' as const },
          score: formatScaled(byTeam.get(s.team)!.published!, track.rules.decimals),
          rank: s.rank!, award: s.award, tieAtLine: s.tieAtLine, specialPool: s.specialPool, corrected: corrected.has(s.team),
          ...(parts ? { parts: { panel: formatScaled(parts.panel, track.rules.decimals), public: formatScaled(parts.public, track.rules.decimals) } } : {}),
        };
      }),
      ...(track.mix ? { mix: { panelPercent: track.mix.panelPercent, publicPercent: track.mix.publicPercent, imported: track.mix.public.imported } } : {}),
      special: await this.announcedSpecial(ev, trackId),
    };
  }

  /** A judge's own view: forms, their own sheets only, and whether they may score the team on stage now. */
  async judge(ev: EventConfig, room: Room, judgeId: string, record?: RoomRecord): Promise<JudgeView> {
    const rec = record ?? (await this.store.readRoom(ev.id, room.id));
    const judge = judgeOf(ev, judgeId);
    const forms = roomForms(ev, room);
    const teams = ev.teams.filter((t) => room.trackIds.includes(t.trackId)).map((t) => t.id);
    const sheets = await this.store.sheetsOfJudge(ev.id, teams, judgeId);
    const open = await this.store.openJudges(ev.id, room.id);
    const recused = rec.team !== null && !eligibleJudges(ev, room, rec.team).includes(judgeId);
    return {
      judge: { id: judge.id, name: judge.name, org: judge.org }, eventName: ev.name, timeZone: ev.timeZone ?? DEFAULT_TIME_ZONE, roomId: room.id, roomName: room.name,
      forms, sheets, canScore: rec.phase === 'scoring' && open.includes(judgeId) && !recused, recused,
    };
  }

  /** Every sheet of the event, for supervisors. */
  async supervisor(ev: EventConfig): Promise<SupervisorSheets> {
    const sheets: SupervisorSheets['sheets'] = {};
    for (const team of ev.teams) {
      const stored = await this.store.sheets(ev.id, team.id);
      if (Object.keys(stored).length === 0) continue;
      sheets[team.id] = Object.fromEntries(Object.entries(stored).map(([judge, s]) => [judge, ownSheet(team.id, s)]));
    }
    return { eventId: ev.id, sheets, ...await this.supervisorWhole(ev) };
  }

  /** The parts of the supervisor's sheets view that are always sent whole: corrected teams, each track's scoring, recusals. */
  async supervisorWhole(ev: EventConfig): Promise<Omit<SupervisorSheets, 'eventId' | 'sheets'>> {
    return {
      corrected: [...await this.store.correctedTeams(ev.id)],
      tracks: Object.fromEntries(ev.tracks.map((t) => [t.id, { rules: t.rules, judges: judgeOrderFor(ev, t.id) }])),
      recusals: ev.recusals.map((r) => ({ team: r.team, judge: r.judge })),
    };
  }
}

/** A stored sheet as its judge (or a supervisor) sees it. */
export function ownSheet(team: string, s: StoredSheet): OwnSheet {
  return { team, version: s.version, total: s.total, criteria: s.criteria, at: s.at };
}
