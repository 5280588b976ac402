// Special awards (特色奖项): a track's awards with a count each, and the pure rules of giving them — the pool, whether a
// set of winners is valid (in the pool, no more than the count, one special award per team), the panel's ballot tally.
import { z } from 'zod';
import type { Standing } from './scoring';

/** One special award of a track: its name and how many teams receive it (0: not given this year). */
export interface SpecialAward {
  name: string;
  count: number;
}

const awardName = z.string().trim().min(1).max(50);
export const specialAwardSchema = z.object({ name: awardName, count: z.number().int().min(0).max(20) });

/** A track's special awards; an older configuration's names-only list reads as count 1 each. */
export const specialAwardsSchema = z
  .array(z.union([awardName.transform((name): SpecialAward => ({ name, count: 1 })), specialAwardSchema]))
  .max(20);

/** A team receiving a special award. */
export interface SpecialWinner {
  award: string;
  team: string;
}

/** The teams a track's special awards may go to: its ranked teams in the pool (★ 特别奖候选), in rank order. */
export function specialPool(standings: readonly Standing[]): string[] {
  return standings.filter((s) => s.specialPool).map((s) => s.team);
}

/** Why a set of special-award winners is not valid; `index` is the winner's position in the list checked. */
export type SpecialProblem =
  | { kind: 'unknown-award'; index: number; award: string; team: string }
  | { kind: 'not-in-pool'; index: number; award: string; team: string }
  | { kind: 'over-count'; index: number; award: string; team: string; count: number }
  | { kind: 'two-awards'; index: number; award: string; team: string; other: string };

/**
 * The problems of a list of winners, in list order: an award the track does not give, a team outside the pool, more
 * winners of an award than its count (the same team named twice for one award counts twice), a team with a second
 * special award. Empty when the list is valid.
 */
export function checkSpecialWinners(awards: readonly SpecialAward[], pool: readonly string[], winners: readonly SpecialWinner[]): SpecialProblem[] {
  const counts = new Map(awards.map((a) => [a.name, a.count]));
  const inPool = new Set(pool);
  const given = new Map<string, number>();
  const holder = new Map<string, string>();
  const problems: SpecialProblem[] = [];
  winners.forEach((w, index) => {
    const count = counts.get(w.award);
    if (count === undefined) return problems.push({ kind: 'unknown-award', index, ...w });
    if (!inPool.has(w.team)) return problems.push({ kind: 'not-in-pool', index, ...w });
    const n = (given.get(w.award) ?? 0) + 1;
    given.set(w.award, n);
    if (n > count) return problems.push({ kind: 'over-count', index, ...w, count });
    const other = holder.get(w.team);
    if (other !== undefined) return problems.push({ kind: 'two-awards', index, ...w, other });
    holder.set(w.team, w.award);
    return undefined;
  });
  return problems;
}

/** A problem in English, naming the entry, for logs and the results CLI. */
export function specialProblemText(p: SpecialProblem, where = 'specialAwards'): string {
  const at = `${where}[${p.index}] ("${p.award}", team "${p.team}")`;
  switch (p.kind) {
    case 'unknown-award': return `${at}: the award "${p.award}" is not one of the track's special awards`;
    case 'not-in-pool': return `${at}: team "${p.team}" is not ranked in the special-award pool`;
    case 'over-count': return `${at}: more winners of "${p.award}" than its count ${p.count}`;
    case 'two-awards': return `${at}: team "${p.team}" already holds the special award "${p.other}"`;
  }
}

/** One judge's ballot: per award name, the pool team they pick, or null to abstain (an award left out abstains too). */
export type SpecialBallot = Record<string, string | null>;

/** The tally of one award. */
export interface AwardTally {
  award: string;
  count: number;
  /** Each pool team's votes, most first, then in pool order; teams with no vote are listed with 0. */
  votes: Array<{ team: string; votes: number }>;
  /** The teams the tally gives the award to (at most `count`). */
  winners: string[];
  /**
   * Left for the host to settle with a recorded decision, or null: `tie` — teams with equal votes compete for the
   * last places (`teams`, `places` of them left); `double` — a winner also wins another award (`teams`: those winners).
   */
  open: null | { why: 'tie' | 'double'; teams: string[]; places: number };
}

/**
 * Counts the panel's ballots for each award with a count above 0. An award's winners are its `count` most-voted pool
 * teams with at least one vote; teams with equal votes straddling the last place are a tie (open, the places they
 * compete for left empty). Then a team that would win two awards wins neither by the tally: each of those awards is
 * open (`double`) for the host. A pick outside the pool or of an unknown award is not counted (the server refuses it).
 */
export function tallySpecialBallots(awards: readonly SpecialAward[], pool: readonly string[], ballots: readonly SpecialBallot[]): AwardTally[] {
  const order = new Map(pool.map((t, i) => [t, i]));
  const tallies: AwardTally[] = awards.filter((a) => a.count > 0).map((a) => {
    const n = new Map(pool.map((t) => [t, 0]));
    for (const b of ballots) {
      const pick = Object.hasOwn(b, a.name) ? b[a.name] : null;
      if (pick != null && n.has(pick)) n.set(pick, n.get(pick)! + 1);
    }
    const votes = [...n].map(([team, v]) => ({ team, votes: v }))
      .sort((x, y) => y.votes - x.votes || order.get(x.team)! - order.get(y.team)!);
    const voted = votes.filter((v) => v.votes > 0);
    if (voted.length <= a.count) return { award: a.name, count: a.count, votes, winners: voted.map((v) => v.team), open: null };
    const line = voted[a.count - 1]!.votes;
    const clear = voted.filter((v) => v.votes > line).map((v) => v.team);
    const tied = voted.filter((v) => v.votes === line).map((v) => v.team);
    const open = tied.length > a.count - clear.length ? { why: 'tie' as const, teams: tied, places: a.count - clear.length } : null;
    return { award: a.name, count: a.count, votes, winners: open ? clear : [...clear, ...tied], open };
  });
  const wins = new Map<string, number>();
  for (const t of tallies) for (const w of t.winners) wins.set(w, (wins.get(w) ?? 0) + 1);
  return tallies.map((t) => {
    const doubles = t.winners.filter((w) => wins.get(w)! > 1);
    if (doubles.length === 0) return t;
    const winners = t.winners.filter((w) => wins.get(w) === 1);
    const teams = [...doubles, ...(t.open?.teams ?? [])];
    return { ...t, winners, open: { why: 'double' as const, teams, places: t.winners.length + (t.open?.places ?? 0) - winners.length } };
  });
}

/** The winners a tally decides by itself (its open awards' clear winners included), in award order. */
export function tallyWinners(tallies: readonly AwardTally[]): SpecialWinner[] {
  return tallies.flatMap((t) => t.winners.map((team) => ({ award: t.award, team })));
}

/** Each team's special awards (names, in award order), for teams holding any. */
export function awardsByTeam(awards: readonly SpecialAward[], winners: readonly SpecialWinner[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of awards) {
    for (const w of winners) if (w.award === a.name) out.set(w.team, [...(out.get(w.team) ?? []), a.name]);
  }
  return out;
}
