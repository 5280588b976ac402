// The judges' record (评委画像) of a track, for the supervisor: per judge, the mean offset of their total from the
// panel's median, how often the trimming dropped their total, Kendall's tau-b of their ranking against the panel's, and
// the criteria where they differ most. Exact (integer fractions of milli-points) wherever a figure is compared.
import { compareFractions, formatScaled, MILLI, roundHalfUp } from './decimal';
import { aggregateTeam, scoreDivisor, twiceMedian, type ScoringRules, type Sheet } from './scoring';

/** An exact value num/den of milli-points (den > 0). */
export interface MilliFraction {
  num: number;
  den: number;
}

/** One judge's record over the final teams of a track they scored. */
export interface JudgeRecord {
  judge: string;
  /** The final teams this judge scored (validly). */
  teams: number;
  /** Mean of (their total − the panel's median total) over those teams. */
  offset: MilliFraction;
  /** How often the trimming dropped their total as one of the highest, and as one of the lowest. */
  droppedHighest: number;
  droppedLowest: number;
  /** Kendall's tau-b of their totals against the panel's exact scores over those teams; null when undefined (fewer than 2 teams, or all tied). */
  tau: number | null;
  /** Per criterion, the mean of |their value − the panel's median value|, largest first (then in the given criteria order). */
  criteria: Array<{ criterion: string; offset: MilliFraction }>;
}

/** A team of the track with its valid sheets in panel order (recused judges and absent teams already left out). */
export interface RecordTeam {
  team: string;
  sheets: Sheet[];
}

const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** Kendall's tau-b of paired rankings given as pairwise comparisons: cmpX(i, j) and cmpY(i, j) for i < j of n items. */
export function kendallTauB(n: number, cmpX: (i: number, j: number) => number, cmpY: (i: number, j: number) => number): number | null {
  let s = 0;
  let untiedX = 0;
  let untiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = sign(cmpX(i, j));
      const y = sign(cmpY(i, j));
      s += x * y;
      if (x !== 0) untiedX += 1;
      if (y !== 0) untiedY += 1;
    }
  }
  return untiedX === 0 || untiedY === 0 ? null : s / Math.sqrt(untiedX * untiedY);
}

/**
 * The judges' record of a track from its teams' valid sheets and its rules: only final teams count (enough valid judges
 * for a published score); the drops are the scoring engine's own (aggregateTeam). Judges in the order of `judges`,
 * those without a final team left out.
 */
export function judgesRecord(teams: RecordTeam[], rules: ScoringRules, judges: string[], criteria: string[]): JudgeRecord[] {
  const aggregates = teams.map((t) => ({ sheets: t.sheets, agg: aggregateTeam(t.team, t.sheets, rules) }))
    .filter((t) => t.agg.status === 'final');
  return judges.flatMap((judge): JudgeRecord[] => {
    const mine = aggregates.flatMap(({ sheets, agg }) => {
      const i = sheets.findIndex((s) => s.judge === judge);
      return i < 0 ? [] : [{ sheets, agg, sheet: sheets[i]!, dropped: agg.judges[i]!.dropped }];
    });
    if (mine.length === 0) return [];
    const n = mine.length;
    const offsetNum = mine.reduce((a, m) => a + 2 * m.sheet.total - twiceMedian(m.sheets.map((s) => s.total)), 0);
    const panel = mine.map((m) => ({ num: BigInt(m.agg.keptSum), den: BigInt(scoreDivisor(rules.method, m.agg.keptCount)) }));
    const tau = kendallTauB(n, (i, j) => mine[i]!.sheet.total - mine[j]!.sheet.total,
      (i, j) => compareFractions(panel[i]!.num, panel[i]!.den, panel[j]!.num, panel[j]!.den));
    const byCriterion = criteria.map((criterion) => ({
      criterion,
      offset: {
        num: mine.reduce((a, m) => a + Math.abs(2 * (m.sheet.criteria[criterion] ?? 0) - twiceMedian(m.sheets.map((s) => s.criteria[criterion] ?? 0))), 0),
        den: 2 * n,
      },
    }));
    byCriterion.sort((a, b) => compareFractions(BigInt(b.offset.num), BigInt(b.offset.den), BigInt(a.offset.num), BigInt(a.offset.den)));
    return [{
      judge,
      teams: n,
      offset: { num: offsetNum, den: 2 * n },
      droppedHighest: mine.filter((m) => m.dropped === 'highest').length,
      droppedLowest: mine.filter((m) => m.dropped === 'lowest').length,
      tau,
      criteria: byCriterion,
    }];
  });
}

/**
 * The record's teams from sheets by team and judge (the supervisor's view): each team's sheets in the track's judge
 * order, a recused judge's left out, as the results file counts them (shared/results.ts).
 */
export function recordTeams(teams: string[], sheets: Record<string, Record<string, Pick<Sheet, 'total' | 'criteria'>>>, judges: string[],
  recusals: Array<{ team: string; judge: string }>): RecordTeam[] {
  const recused = new Set(recusals.map((r) => `${r.team}\u0000${r.judge}`));
  return teams.map((team) => ({
    team,
    sheets: judges.flatMap((judge) => {
      const s = sheets[team]?.[judge];
      return s && !recused.has(`${team}\u0000${judge}`) ? [{ judge, total: s.total, criteria: s.criteria }] : [];
    }),
  }));
}

/** Writes a milli-point fraction in points, rounded half away from zero to `digits` decimals, signed when `signed`: "+1.25", "-0.50", "0.00". */
export function formatPoints(f: MilliFraction, digits = 2, signed = true): string {
  const scaled = roundHalfUp(BigInt(Math.abs(f.num)) * 10n ** BigInt(digits), BigInt(f.den) * BigInt(MILLI));
  const text = formatScaled(scaled, digits);
  if (scaled === 0n || !signed) return text;
  return `${f.num < 0 ? '-' : '+'}${text}`;
}

/** A tau for people: two decimals, or a dash when undefined. */
export function formatTau(tau: number | null): string {
  return tau === null ? '—' : tau.toFixed(2);
}
