// The results file (docs/results-file.md): its schema, its validation, and the recomputation a notary runs on it.
import { z } from 'zod';
import { DecimalError, formatMilli, formatScaled, parseMilli, type Milli } from './decimal';
import { applyMix, scoresInput, votesInput, type MixRule } from './mix';
import {
  aggregateTeam, METHODS, rankTeams, TIE_BREAKS,
  type Award, type AwardRules, type Dropped, type ScoringRules, type Sheet, type TeamStatus,
} from './scoring';
import { awardsByTeam, checkSpecialWinners, specialAwardSchema, specialPool, specialProblemText, type SpecialAward, type SpecialWinner } from './special';

/** A bad results file, with a message that names the entry at fault. */
export class ResultsFileError extends Error {}

const decimalValue = z.union([z.number(), z.string()]);
const count = z.number().int().min(0).max(1000);
const id = z.string().min(1).max(200);

export const resultsFileSchema = z.object({
  rules: z.object({
    method: z.enum(METHODS),
    dropHighest: count,
    dropLowest: count,
    trimWhenAtLeast: count,
    minJudges: z.number().int().min(1).max(1000),
    decimals: z.number().int().min(0).max(3),
    tieBreak: z.array(z.enum(TIE_BREAKS)).max(2),
    criteriaOrder: z.array(id),
  }),
  criteria: z.array(z.object({ id, name: z.string().max(500), max: decimalValue, step: decimalValue })).optional(),
  total: z.object({ max: decimalValue, step: decimalValue }).optional(),
  awards: z.object({
    first: count, second: count, third: count, merit: count.default(0), specialPoolPercent: z.number().int().min(0).max(100),
    special: z.array(specialAwardSchema).max(20).optional(),
  }),
  teams: z.array(z.object({ id, name: z.string().max(500) })),
  judges: z.array(z.object({ id, name: z.string().max(500) })),
  recusals: z.array(z.object({ team: id, judge: id })).optional(),
  absent: z.array(z.object({ team: id, reason: z.string().max(500) })).optional(),
  decisions: z.array(z.object({ teams: z.array(id).min(2), reason: z.string().max(500) })).optional(),
  /** The special awards given: each winner, by award name and team. */
  specialAwards: z.array(z.object({ name: z.string().min(1).max(50), team: id })).max(1000).optional(),
  scores: z.array(z.union([
    z.object({ team: id, judge: id, criteria: z.record(z.string(), decimalValue) }).strict(),
    z.object({ team: id, judge: id, total: decimalValue }).strict(),
  ])),
  /** The public's part mixed in by weight (shared/mix.ts); absent: the panel alone. */
  mix: z.object({
    panelPercent: z.number(),
    publicPercent: z.number(),
    public: z.object({ kind: z.enum(['votes', 'scores']), fullMarks: decimalValue }),
  }).optional(),
  publicVotes: z.array(z.object({ team: id, votes: z.number() })).optional(),
  publicScores: z.array(z.object({ team: id, voter: id, total: decimalValue })).optional(),
});

/** A results file as written on disk. */
export type ResultsFile = z.infer<typeof resultsFileSchema>;

/** A team's status in the results: final, too few valid judges, or marked absent (缺席) by the host. */
export type ResultStatus = TeamStatus | 'absent';

/** One team's line of `npm run results`. */
export interface ResultRow {
  team: string;
  status: ResultStatus;
  /** Why the team is absent, as the host recorded it (absent teams only). */
  reason?: string;
  score: string | null;
  rank: number | null;
  award: Award | null;
  tieAtLine: boolean;
  specialPool: boolean;
  /** The special awards the team received, in the order of `awards.special` (only when the file has `specialAwards`). */
  specialAwards?: string[];
  /** With a mix, on a final team: the published panel and public parts (`score` is then the weighted final). */
  parts?: { panel: string; public: string };
  judges: Array<{ judge: string; total: string; dropped: Dropped }>;
}

/** A bound on a value: its max and its step, both in milli-points. */
interface Bound {
  max: Milli;
  step: Milli;
}

function milli(value: unknown, where: string): Milli {
  try {
    return parseMilli(value);
  } catch (err) {
    if (err instanceof DecimalError) throw new ResultsFileError(`${where}: ${err.message}`);
    throw err;
  }
}

function bound(max: unknown, step: unknown, where: string): Bound {
  const b = { max: milli(max, `${where}.max`), step: milli(step, `${where}.step`) };
  if (b.step <= 0) throw new ResultsFileError(`${where}.step must be greater than 0`);
  return b;
}

function checkValue(value: unknown, b: Bound | null, where: string): Milli {
  const v = milli(value, where);
  if (b && v > b.max) throw new ResultsFileError(`${where}: ${formatMilli(v)} is over the max ${formatMilli(b.max)}`);
  if (b && v % b.step !== 0) throw new ResultsFileError(`${where}: ${formatMilli(v)} is not a multiple of the step ${formatMilli(b.step)}`);
  return v;
}

function unique(ids: string[], what: string): Set<string> {
  const seen = new Set<string>();
  for (const x of ids) {
    if (seen.has(x)) throw new ResultsFileError(`duplicate ${what} id "${x}"`);
    seen.add(x);
  }
  return seen;
}

/** What a valid results file says, with every value in milli-points and every reference checked. */
export interface ParsedResultsFile {
  rules: ScoringRules;
  awards: AwardRules;
  teams: string[];
  judges: string[];
  criteria: string[];
  /** Each team's sheets, in the order of `judges`. */
  sheets: Map<string, Sheet[]>;
  /** Recorded panel decisions ordering tied teams. */
  decisions: string[][];
  /** Teams marked absent, with the host's reason. */
  absent: Map<string, string>;
  /** The track's special awards (none when the file has no `awards.special`). */
  special: SpecialAward[];
  /** The special awards given, or null when the file has no `specialAwards` (checked against the pool by computeResults). */
  specialWinners: SpecialWinner[] | null;
  /** Sheets left out of the computation, in file order: a recused judge's, or a sheet for an absent team. */
  excluded: ExcludedSheet[];
  /** The values of the excluded sheets, by team (still part of the record: the evidence check compares them too). */
  excludedSheets: Map<string, Sheet[]>;
  /** The public's part, when the file has a mix: the rule, the vote counts (team → votes) or each team's public totals. */
  mix: { rule: MixRule; votes: Record<string, number>; totals: Map<string, Milli[]> } | null;
}

/** A sheet of the file that does not count, and why. */
export interface ExcludedSheet {
  team: string;
  judge: string;
  reason: 'recused' | 'team-absent';
}

/** Validates a results file (parsed JSON) and reads it into exact values; throws ResultsFileError naming the fault. */
export function parseResultsFile(input: unknown): ParsedResultsFile {
  const parsed = resultsFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    throw new ResultsFileError(`${path || 'file'}: ${issue.message}`);
  }
  const file = parsed.data;
  const criteria = file.criteria ?? [];
  // In single-total mode there are no criteria to order by: an event-wide criteriaOrder is irrelevant, not an error.
  const rules: ScoringRules = { ...file.rules, criteriaOrder: criteria.length ? file.rules.criteriaOrder : [] };
  if (rules.trimWhenAtLeast <= rules.dropHighest + rules.dropLowest) {
    throw new ResultsFileError('rules.trimWhenAtLeast must be greater than dropHighest + dropLowest');
  }
  const criterionIds = unique(criteria.map((c) => c.id), 'criterion');
  const bounds = new Map(criteria.map((c, i) => [c.id, bound(c.max, c.step, `criteria[${i}] "${c.id}"`)]));
  for (const c of rules.criteriaOrder) {
    if (!criterionIds.has(c)) throw new ResultsFileError(`rules.criteriaOrder: unknown criterion "${c}"`);
  }
  const totalBound = criteria.length === 0 && file.total ? bound(file.total.max, file.total.step, 'total') : null;
  const teamIds = unique(file.teams.map((t) => t.id), 'team');
  const judgeIds = unique(file.judges.map((j) => j.id), 'judge');
  const judgeOrder = new Map(file.judges.map((j, i) => [j.id, i]));
  const recused = new Set<string>();
  for (const [i, r] of (file.recusals ?? []).entries()) {
    if (!teamIds.has(r.team)) throw new ResultsFileError(`recusals[${i}]: unknown team "${r.team}"`);
    if (!judgeIds.has(r.judge)) throw new ResultsFileError(`recusals[${i}]: unknown judge "${r.judge}"`);
    recused.add(`${r.team}\u0000${r.judge}`);
  }
  const absent = new Map<string, string>();
  for (const [i, a] of (file.absent ?? []).entries()) {
    if (!teamIds.has(a.team)) throw new ResultsFileError(`absent[${i}]: unknown team "${a.team}"`);
    if (absent.has(a.team)) throw new ResultsFileError(`absent[${i}]: team "${a.team}" is listed twice`);
    absent.set(a.team, a.reason);
  }
  const sheets = new Map<string, Sheet[]>(file.teams.map((t) => [t.id, []]));
  const seen = new Set<string>();
  const excluded: ExcludedSheet[] = [];
  const excludedSheets = new Map<string, Sheet[]>();
  for (const [i, s] of file.scores.entries()) {
    const where = `scores[${i}] (team "${s.team}", judge "${s.judge}")`;
    if (!teamIds.has(s.team)) throw new ResultsFileError(`${where}: unknown team "${s.team}"`);
    if (!judgeIds.has(s.judge)) throw new ResultsFileError(`${where}: unknown judge "${s.judge}"`);
    const pair = `${s.team}\u0000${s.judge}`;
    if (seen.has(pair)) throw new ResultsFileError(`${where}: a second sheet for the same team and judge`);
    seen.add(pair);
    let sheet: Sheet;
    if ('criteria' in s) {
      if (criteria.length === 0) throw new ResultsFileError(`${where}: criteria given in single-total mode`);
      const values: Record<string, Milli> = {};
      for (const key of Object.keys(s.criteria)) {
        if (!criterionIds.has(key)) throw new ResultsFileError(`${where}: unknown criterion "${key}"`);
      }
      let total = 0;
      for (const c of criteria) {
        if (!Object.hasOwn(s.criteria, c.id)) throw new ResultsFileError(`${where}: criterion "${c.id}" is missing`);
        const v = checkValue(s.criteria[c.id], bounds.get(c.id)!, `${where} criterion "${c.id}"`);
        values[c.id] = v;
        total += v;
      }
      sheet = { judge: s.judge, total, criteria: values };
    } else {
      if (criteria.length > 0) throw new ResultsFileError(`${where}: a total given in criteria mode`);
      sheet = { judge: s.judge, total: checkValue(s.total, totalBound, `${where} total`), criteria: {} };
    }
    // Checked like any other sheet, then left out: a conflict found late or a team marked absent never makes the file unreadable.
    if (recused.has(pair) || absent.has(s.team)) {
      excluded.push({ team: s.team, judge: s.judge, reason: recused.has(pair) ? 'recused' : 'team-absent' });
      excludedSheets.set(s.team, [...(excludedSheets.get(s.team) ?? []), sheet]);
    } else sheets.get(s.team)!.push(sheet);
  }
  for (const list of sheets.values()) list.sort((a, b) => judgeOrder.get(a.judge)! - judgeOrder.get(b.judge)!);
  for (const [i, d] of (file.decisions ?? []).entries()) {
    const unknown = d.teams.find((t) => !teamIds.has(t));
    if (unknown) throw new ResultsFileError(`decisions[${i}]: unknown team "${unknown}"`);
    if (new Set(d.teams).size !== d.teams.length) throw new ResultsFileError(`decisions[${i}]: a team is named twice`);
  }
  const special = file.awards.special ?? [];
  unique(special.map((a) => a.name), 'special award');
  for (const [i, w] of (file.specialAwards ?? []).entries()) {
    if (!teamIds.has(w.team)) throw new ResultsFileError(`specialAwards[${i}] ("${w.name}", team "${w.team}"): unknown team "${w.team}"`);
  }
  return {
    mix: readMix(file, teamIds),
    rules,
    awards: file.awards,
    teams: file.teams.map((t) => t.id),
    judges: file.judges.map((j) => j.id),
    criteria: criteria.map((c) => c.id),
    sheets,
    decisions: (file.decisions ?? []).map((d) => d.teams),
    absent,
    special,
    specialWinners: file.specialAwards ? file.specialAwards.map((w) => ({ award: w.name, team: w.team })) : null,
    excluded,
    excludedSheets,
  };
}

/** The file's mix, its vote counts and public totals, checked: weights, bounds, whole counts, known teams. */
function readMix(file: ResultsFile, teamIds: Set<string>): ParsedResultsFile['mix'] {
  const { mix } = file;
  if (!mix) {
    if (file.publicVotes?.length || file.publicScores?.length) throw new ResultsFileError('publicVotes / publicScores given without a mix');
    return null;
  }
  const whole = (v: number) => Number.isInteger(v) && v >= 0 && v <= 100;
  if (!whole(mix.panelPercent) || !whole(mix.publicPercent) || mix.panelPercent + mix.publicPercent !== 100) {
    throw new ResultsFileError(`mix: panelPercent ${mix.panelPercent} and publicPercent ${mix.publicPercent} must be whole numbers summing to 100`);
  }
  const fullMarksMilli = milli(mix.public.fullMarks, 'mix.public.fullMarks');
  if (fullMarksMilli <= 0) throw new ResultsFileError('mix.public.fullMarks must be greater than 0');
  const kind = mix.public.kind;
  if (kind === 'votes' && file.publicScores?.length) throw new ResultsFileError('publicScores given with a mix of kind "votes"');
  if (kind === 'scores' && file.publicVotes?.length) throw new ResultsFileError('publicVotes given with a mix of kind "scores"');
  const votes: Record<string, number> = {};
  for (const [i, v] of (file.publicVotes ?? []).entries()) {
    const where = `publicVotes[${i}] (team "${v.team}")`;
    if (!teamIds.has(v.team)) throw new ResultsFileError(`${where}: unknown team "${v.team}"`);
    if (Object.hasOwn(votes, v.team)) throw new ResultsFileError(`${where}: the team is listed twice`);
    if (!Number.isSafeInteger(v.votes) || v.votes < 0) throw new ResultsFileError(`${where}: ${v.votes} is not a whole number of votes >= 0`);
    votes[v.team] = v.votes;
  }
  const totals = new Map<string, Milli[]>();
  const seen = new Set<string>();
  for (const [i, p] of (file.publicScores ?? []).entries()) {
    const where = `publicScores[${i}] (team "${p.team}", voter "${p.voter}")`;
    if (!teamIds.has(p.team)) throw new ResultsFileError(`${where}: unknown team "${p.team}"`);
    if (seen.has(`${p.team}\u0000${p.voter}`)) throw new ResultsFileError(`${where}: a second total for the same team and voter`);
    seen.add(`${p.team}\u0000${p.voter}`);
    const total = milli(p.total, `${where} total`);
    if (total > fullMarksMilli) throw new ResultsFileError(`${where} total: ${formatMilli(total)} is over the full marks ${formatMilli(fullMarksMilli)}`);
    totals.set(p.team, [...(totals.get(p.team) ?? []), total]);
  }
  return { rule: { panelPercent: mix.panelPercent, publicPercent: mix.publicPercent, public: { kind, fullMarksMilli } }, votes, totals };
}

/** Recomputes every team's score, rank, award and pool from a results file (docs/results-file.md). */
export function computeResults(input: unknown): { results: ResultRow[]; excluded: ExcludedSheet[] } {
  const file = parseResultsFile(input);
  const { mix, rules } = file;
  const aggregates = file.teams.map((team) => {
    const agg = aggregateTeam(team, file.sheets.get(team)!, rules);
    if (!mix) return agg;
    const input = mix.rule.public.kind === 'votes' ? votesInput(mix.votes, team) : scoresInput(mix.totals.get(team) ?? []);
    return applyMix(agg, mix.rule, input, rules.decimals);
  });
  const byTeam = new Map(aggregates.map((a) => [a.team, a]));
  const standings = rankTeams(aggregates, rules, file.awards, file.decisions);
  const winners = file.specialWinners;
  const problem = winners && checkSpecialWinners(file.special, specialPool(standings), winners)[0];
  if (problem) throw new ResultsFileError(specialProblemText(problem));
  const special = winners && awardsByTeam(file.special, winners);
  const results = standings.map((standing): ResultRow => {
    const agg = byTeam.get(standing.team)!;
    const absentReason = file.absent.get(standing.team);
    return {
      team: standing.team,
      ...(absentReason === undefined ? { status: agg.status } : { status: 'absent', reason: absentReason }),
      score: agg.published === null ? null : formatScaled(agg.published, rules.decimals),
      rank: standing.rank,
      award: standing.award,
      tieAtLine: standing.tieAtLine,
      specialPool: standing.specialPool,
      ...(special ? { specialAwards: special.get(standing.team) ?? [] } : {}),
      ...(agg.parts ? { parts: { panel: formatScaled(agg.parts.panel, rules.decimals), public: formatScaled(agg.parts.public, rules.decimals) } } : {}),
      judges: agg.judges.map((j) => ({ judge: j.judge, total: formatMilli(j.total), dropped: j.dropped })),
    };
  });
  return { results, excluded: file.excluded };
}
