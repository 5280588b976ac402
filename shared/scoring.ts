// The scoring engine: a team's aggregate from its judges' sheets, then ranks, awards and the special-award pool.
// Pure and exact (milli-point integers, BigInt fractions); the server, the screens and the results CLI all use it.
import { compareFractions, MILLI, roundHalfUp, type Milli } from './decimal';
import type { MixParts } from './mix';

export const METHODS = ['trimmed-mean', 'mean', 'trimmed-sum', 'sum'] as const;
/** How the kept totals become a score: their mean or their sum, with or without dropping extremes. */
export type Method = (typeof METHODS)[number];

export const TIE_BREAKS = ['untrimmed-mean', 'criteria'] as const;
/** A key that separates equal published scores, higher is better. */
export type TieBreak = (typeof TIE_BREAKS)[number];

/** The rules that turn sheets into a published score and a rank. */
export interface ScoringRules {
  method: Method;
  dropHighest: number;
  dropLowest: number;
  /** Trimming applies only with at least this many valid judges (greater than dropHighest + dropLowest). */
  trimWhenAtLeast: number;
  /** Fewer valid judges than this: the team is not final. */
  minJudges: number;
  /** Decimals of the published score, 0 to 3, rounded half-up. */
  decimals: number;
  tieBreak: TieBreak[];
  /** Criterion ids, in the order the "criteria" tie-break compares them. */
  criteriaOrder: string[];
}

/**
 * How many teams get each prize (merit awards, 优秀奖, come after third prize; 0 leaves a prize vacant), and the size
 * of the special-award pool as a percentage of ranked teams.
 */
export interface AwardRules {
  first: number;
  second: number;
  third: number;
  merit: number;
  specialPoolPercent: number;
}

export const DEFAULT_RULES: ScoringRules = {
  method: 'trimmed-mean',
  dropHighest: 1,
  dropLowest: 1,
  trimWhenAtLeast: 5,
  minJudges: 3,
  decimals: 2,
  tieBreak: ['untrimmed-mean', 'criteria'],
  criteriaOrder: [],
};

export const DEFAULT_AWARDS: AwardRules = { first: 1, second: 2, third: 5, merit: 0, specialPoolPercent: 20 };

/** One valid judge's sheet for one team: the total and, in criteria mode, each criterion (milli-points). */
export interface Sheet {
  judge: string;
  total: Milli;
  criteria: Record<string, Milli>;
}

/** Whether the trimming dropped a judge's total, as one of the highest or of the lowest; null: kept. */
export type Dropped = 'highest' | 'lowest' | null;

export interface JudgeLine {
  judge: string;
  total: Milli;
  dropped: Dropped;
}

/** `insufficient-judges`: fewer valid judges than the track's minJudges; no published score, no rank. */
export type TeamStatus = 'final' | 'insufficient-judges';

/** Everything the rank needs about one team, all exact. */
export interface TeamAggregate {
  team: string;
  status: TeamStatus;
  /** The valid judges, in panel order, with what was dropped. */
  judges: JudgeLine[];
  keptSum: Milli;
  keptCount: number;
  allSum: Milli;
  allCount: number;
  /** Each criterion's sum over all valid judges (criteria mode). */
  criteriaSums: Record<string, Milli>;
  /** The published score in units of 10^-decimals (8543 is 85.43 at 2 decimals); null when not final. With a mix: F. */
  published: number | null;
  /** With a mix (shared/mix.ts applyMix), when final: the published panel part P and public part U; `published` is F. */
  parts?: MixParts;
}

/** A prize by rank, from the highest: first, second and third prize, then merit (优秀奖). */
export type Award = 'first' | 'second' | 'third' | 'merit';

/** The prizes from the highest down. */
export const AWARDS: readonly Award[] = ['first', 'second', 'third', 'merit'];

/** A team's place once every aggregate of its track is known. */
export interface Standing {
  team: string;
  rank: number | null;
  award: Award | null;
  tieAtLine: boolean;
  specialPool: boolean;
}

/** Whether a method drops the highest and lowest totals (given enough judges). */
export function isTrimmingMethod(method: Method): boolean {
  return method === 'trimmed-mean' || method === 'trimmed-sum';
}

/** Whether the method drops extremes and how many, for a panel of `valid` judges. */
export function dropCounts(rules: Pick<ScoringRules, 'method' | 'dropHighest' | 'dropLowest' | 'trimWhenAtLeast'>, valid: number): { high: number; low: number } {
  if (!isTrimmingMethod(rules.method) || valid < rules.trimWhenAtLeast) return { high: 0, low: 0 };
  return { high: rules.dropHighest, low: rules.dropLowest };
}

/**
 * Marks which totals are dropped: the highest from the totals sorted high to low, then the lowest from the rest
 * sorted low to high; equal totals in panel order (the earlier judge is marked first).
 */
export function markDropped(totals: Milli[], high: number, low: number): Dropped[] {
  const marks: Dropped[] = totals.map(() => null);
  const order = totals.map((_, i) => i);
  const desc = [...order].sort((a, b) => totals[b]! - totals[a]! || a - b);
  for (const i of desc.slice(0, high)) marks[i] = 'highest';
  const asc = order.filter((i) => marks[i] === null).sort((a, b) => totals[a]! - totals[b]! || a - b);
  for (const i of asc.slice(0, low)) marks[i] = 'lowest';
  return marks;
}

/** Whether a method averages the kept totals (else it adds them up). */
export function isMeanMethod(method: Method): boolean {
  return method === 'trimmed-mean' || method === 'mean';
}

/** What the sum of the kept totals is divided by: their number for the mean methods, 1 for the sums. */
export function scoreDivisor(method: Method, keptCount: number): number {
  return isMeanMethod(method) ? keptCount : 1;
}

/** The published score, in units of 10^-decimals, of kept totals summing to keptSum over keptCount judges. */
export function publishedScore(rules: Pick<ScoringRules, 'method' | 'decimals'>, keptSum: Milli, keptCount: number): number {
  const scale = 10n ** BigInt(rules.decimals);
  const den = BigInt(MILLI) * BigInt(scoreDivisor(rules.method, keptCount));
  return Number(roundHalfUp(BigInt(keptSum) * scale, den));
}

/** A published score step by step, for people (the phones' "为什么是这个分数"): the kept totals, their sum, the divisor. */
export interface ScoreArithmetic {
  /** The totals not dropped, in panel order. */
  kept: Milli[];
  keptSum: Milli;
  divisor: number;
  /** In units of 10^-decimals, as publishedScore makes it. */
  published: number;
}

/** The arithmetic of a score from its judges' totals as marked (dropped or not) by aggregateTeam. */
export function scoreArithmetic(rules: Pick<ScoringRules, 'method' | 'decimals'>, judges: Array<{ total: Milli; dropped: Dropped }>): ScoreArithmetic {
  const kept = judges.filter((j) => j.dropped === null).map((j) => j.total);
  const keptSum = kept.reduce((a, b) => a + b, 0);
  return { kept, keptSum, divisor: scoreDivisor(rules.method, kept.length), published: publishedScore(rules, keptSum, kept.length) };
}

/** Aggregates one team from its valid judges' sheets, given in panel order. */
export function aggregateTeam(team: string, sheets: Sheet[], rules: ScoringRules): TeamAggregate {
  const totals = sheets.map((s) => s.total);
  const { high, low } = dropCounts(rules, sheets.length);
  const marks = markDropped(totals, high, low);
  let keptSum = 0;
  let keptCount = 0;
  const criteriaSums: Record<string, Milli> = {};
  sheets.forEach((sheet, i) => {
    if (marks[i] === null) {
      keptSum += sheet.total;
      keptCount += 1;
    }
    for (const [id, value] of Object.entries(sheet.criteria)) criteriaSums[id] = (criteriaSums[id] ?? 0) + value;
  });
  const final = sheets.length >= rules.minJudges && keptCount > 0;
  return {
    team,
    status: final ? 'final' : 'insufficient-judges',
    judges: sheets.map((s, i) => ({ judge: s.judge, total: s.total, dropped: marks[i] ?? null })),
    keptSum,
    keptCount,
    allSum: totals.reduce((a, b) => a + b, 0),
    allCount: sheets.length,
    criteriaSums,
    published: final ? publishedScore(rules, keptSum, keptCount) : null,
  };
}

/**
 * Orders two final aggregates: negative when `a` ranks ahead of `b`, zero when they share a rank. By the published score
 * (with a mix: F, then the higher panel part P), then the track's tie-break keys.
 */
export function compareAggregates(a: TeamAggregate, b: TeamAggregate, rules: ScoringRules): number {
  const byScore = (b.published ?? 0) - (a.published ?? 0);
  if (byScore !== 0) return byScore;
  const byPanel = (b.parts?.panel ?? 0) - (a.parts?.panel ?? 0);
  if (byPanel !== 0) return byPanel;
  for (const key of rules.tieBreak) {
    if (key === 'untrimmed-mean') {
      const c = compareFractions(BigInt(b.allSum), BigInt(b.allCount), BigInt(a.allSum), BigInt(a.allCount));
      if (c !== 0) return c;
    } else {
      for (const id of rules.criteriaOrder) {
        const c = compareFractions(
          BigInt(b.criteriaSums[id] ?? 0), BigInt(b.allCount),
          BigInt(a.criteriaSums[id] ?? 0), BigInt(a.allCount),
        );
        if (c !== 0) return c;
      }
    }
  }
  return 0;
}

/** Twice the median of some values (exact as an integer): the sum of the two middle values, the same one when the count is odd. */
export function twiceMedian(values: Milli[]): Milli {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  return sorted[Math.floor((n - 1) / 2)]! + sorted[Math.floor(n / 2)]!;
}

/**
 * The judges whose total is further than `percent` of `maxMilli` from the panel's median total (robust to the outlier
 * itself), compared exactly in doubled units: |2 × total − (a + b)| × 100 > 2 × percent × maxMilli, where a and b are
 * the middle totals (the same one when the count is odd). Needs at least 3 totals.
 */
export function divergentJudges(totals: Array<{ judge: string; total: Milli }>, maxMilli: Milli, percent: number): Set<string> {
  const flagged = new Set<string>();
  const n = totals.length;
  if (n < 3 || maxMilli <= 0) return flagged;
  const twice = twiceMedian(totals.map((t) => t.total));
  for (const t of totals) {
    if (Math.abs(2 * t.total - twice) * 100 > 2 * percent * maxMilli) flagged.add(t.judge);
  }
  return flagged;
}

/** The prize that goes with a rank number. */
export function awardForRank(rank: number, awards: AwardRules): Award | null {
  let last = 0;
  for (const award of AWARDS) {
    last += awards[award];
    if (rank <= last) return award;
  }
  return null;
}

/** The last rank number in the special-award pool: ceil(percent × ranked / 100), percent a whole number. */
export function specialPoolSize(rankedTeams: number, percent: number): number {
  return Math.floor((percent * rankedTeams + 99) / 100);
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Ranks a track's aggregates: final teams by published score and the tie-break keys, sharing a rank when still
 * equal (1, 2, 2, 4) unless a recorded panel decision orders exactly that group of teams; awards by rank number, a
 * tied group across an award line taking the higher award with tieAtLine; the special-award pool. Ordered by rank
 * then team id, teams that are not final last.
 */
export function rankTeams(aggregates: TeamAggregate[], rules: ScoringRules, awards: AwardRules, decisions: string[][] = []): Standing[] {
  const final = aggregates.filter((a) => a.status === 'final');
  const sorted = [...final].sort((a, b) => compareAggregates(a, b, rules) || byId(a.team, b.team));
  const ranks: number[] = [];
  sorted.forEach((agg, i) => {
    const prev = sorted[i - 1];
    ranks.push(prev && compareAggregates(prev, agg, rules) === 0 ? ranks[i - 1]! : i + 1);
  });
  // A decision applies to a tied group when it names exactly the group's teams: it orders them, one rank each.
  for (let start = 0; start < sorted.length;) {
    let end = start + 1;
    while (end < sorted.length && ranks[end] === ranks[start]) end += 1;
    const group = sorted.slice(start, end).map((a) => a.team);
    const decision = group.length > 1 && decisions.find((d) => d.length === group.length && group.every((t) => d.includes(t)));
    if (decision) {
      const ordered = decision.map((t) => sorted.slice(start, end).find((a) => a.team === t)!);
      ordered.forEach((agg, k) => {
        sorted[start + k] = agg;
        ranks[start + k] = ranks[start]! + k;
      });
    }
    start = end;
  }
  const groupSize = new Map<number, number>();
  for (const r of ranks) groupSize.set(r, (groupSize.get(r) ?? 0) + 1);
  const poolSize = specialPoolSize(final.length, awards.specialPoolPercent);
  const standings: Standing[] = sorted.map((agg, i) => {
    const rank = ranks[i]!;
    const award = awardForRank(rank, awards);
    const lastOfGroup = rank + groupSize.get(rank)! - 1;
    return { team: agg.team, rank, award, tieAtLine: awardForRank(lastOfGroup, awards) !== award, specialPool: rank <= poolSize };
  });
  const unranked = aggregates
    .filter((a) => a.status !== 'final')
    .map((a) => a.team)
    .sort(byId)
    .map((team): Standing => ({ team, rank: null, award: null, tieAtLine: false, specialPool: false }));
  return [...standings, ...unranked];
}
