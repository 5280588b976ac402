// Reference (test-only) implementation of docs/results-file.md "The rules, exactly" and "Output": plain BigInt rationals, O(n²) ranking, no validation.

export type ReferenceValue = number | string;
export type ReferenceMethod = 'trimmed-mean' | 'mean' | 'trimmed-sum' | 'sum';
export type ReferenceTieBreak = 'untrimmed-mean' | 'criteria';
export type ReferenceAward = 'first' | 'second' | 'third' | 'merit';

export interface ReferenceInput {
  rules: {
    method: ReferenceMethod;
    dropHighest: number;
    dropLowest: number;
    trimWhenAtLeast: number;
    minJudges: number;
    decimals: number;
    tieBreak: ReferenceTieBreak[];
    criteriaOrder?: string[];
  };
  criteria?: Array<{ id: string; name?: string; max: ReferenceValue; step: ReferenceValue }>;
  total?: { max: ReferenceValue; step: ReferenceValue };
  awards: { first: number; second: number; third: number; merit?: number; specialPoolPercent: number };
  teams: Array<{ id: string; name?: string }>;
  judges: Array<{ id: string; name?: string }>;
  recusals?: Array<{ team: string; judge: string }>;
  absent?: Array<{ team: string; reason: string }>;
  scores: Array<{ team: string; judge: string; criteria?: Record<string, ReferenceValue>; total?: ReferenceValue }>;
}

export interface ReferenceJudgeRow {
  judge: string;
  total: string;
  dropped: 'highest' | 'lowest' | null;
}

export interface ReferenceRow {
  team: string;
  status: 'final' | 'insufficient-judges' | 'absent';
  reason?: string;
  score: string | null;
  rank: number | null;
  award: ReferenceAward | null;
  tieAtLine: boolean;
  specialPool: boolean;
  judges: ReferenceJudgeRow[];
}

// ---------------------------------------------------------------------------------------------------------------
// Rationals: a numerator over a positive denominator, never reduced (comparison is by cross-multiplication).

interface Rational {
  num: bigint;
  den: bigint;
}

function rational(num: bigint, den: bigint = 1n): Rational {
  if (den <= 0n) throw new Error('reference: denominator must be positive');
  return { num, den };
}

function plus(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

function times(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

function dividedByCount(a: Rational, count: number): Rational {
  return rational(a.num, a.den * BigInt(count));
}

/** Negative when a < b, zero when equal, positive when a > b. */
function compare(a: Rational, b: Rational): number {
  const left = a.num * b.den;
  const right = b.num * a.den;
  if (left < right) return -1;
  if (left > right) return 1;
  return 0;
}

function sumOf(values: Rational[]): Rational {
  let total = rational(0n);
  for (const v of values) total = plus(total, v);
  return total;
}

function meanOf(values: Rational[]): Rational {
  return dividedByCount(sumOf(values), values.length);
}

/** Parses a non-negative decimal ("17.5", "8", 0.25) digit by digit into a rational. */
function parseDecimal(value: ReferenceValue): Rational {
  const text = typeof value === 'number' ? String(value) : value;
  let num = 0n;
  let den = 1n;
  let seenPoint = false;
  let digits = 0;
  for (const ch of text) {
    if (ch === '.') {
      if (seenPoint) throw new Error(`reference: bad decimal ${text}`);
      seenPoint = true;
      continue;
    }
    const d = '0123456789'.indexOf(ch);
    if (d < 0) throw new Error(`reference: bad decimal ${text}`);
    num = num * 10n + BigInt(d);
    digits++;
    if (seenPoint) den = den * 10n;
  }
  if (digits === 0) throw new Error(`reference: bad decimal ${text}`);
  return rational(num, den);
}

function tenToThe(k: number): bigint {
  let p = 1n;
  for (let i = 0; i < k; i++) p = p * 10n;
  return p;
}

/** Writes an integer count of 10^-k units with exactly k decimals. */
function writeScaled(units: bigint, k: number): string {
  let digits = units.toString();
  if (k === 0) return digits;
  while (digits.length <= k) digits = '0' + digits;
  return digits.slice(0, digits.length - k) + '.' + digits.slice(digits.length - k);
}

/** Half-up rounding of a non-negative rational to `k` decimals, written with exactly k decimals. */
function roundHalfUpUnits(x: Rational, k: number): bigint {
  const scaledNum = x.num * tenToThe(k);
  const whole = scaledNum / x.den; // floor, since everything is non-negative
  const remainder = scaledNum - whole * x.den;
  // remainder / den >= 1/2  <=>  2 * remainder >= den
  return 2n * remainder >= x.den ? whole + 1n : whole;
}

/** Exact decimal with no trailing zeros; the value must have a terminating decimal expansion. */
function writeExact(x: Rational): string {
  for (let k = 0; k <= 40; k++) {
    const scaledNum = x.num * tenToThe(k);
    if (scaledNum % x.den === 0n) return writeScaled(scaledNum / x.den, k);
  }
  throw new Error('reference: not a terminating decimal');
}

function ceilOf(x: Rational): bigint {
  const q = x.num / x.den;
  return q * x.den === x.num ? q : q + 1n;
}

// ---------------------------------------------------------------------------------------------------------------

interface Sheet {
  judge: string;
  judgeIndex: number;
  total: Rational;
  criterionValues: Map<string, Rational>;
  dropped: 'highest' | 'lowest' | null;
}

interface TeamWork {
  id: string;
  sheets: Sheet[];
  final: boolean;
  publishedUnits: bigint; // score in units of 10^-decimals (final teams only)
  tieKeys: Rational[]; // tie-break keys in order, each higher-is-better
  rank: number | null;
  award: ReferenceAward | null;
  tieAtLine: boolean;
  specialPool: boolean;
}

/** Positive when a ranks better than b, zero when they stay equal. */
function rankCompare(a: TeamWork, b: TeamWork): number {
  if (a.publishedUnits > b.publishedUnits) return 1;
  if (a.publishedUnits < b.publishedUnits) return -1;
  for (let i = 0; i < a.tieKeys.length; i++) {
    const c = compare(a.tieKeys[i]!, b.tieKeys[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

function awardOfRankNumber(r: number, awards: ReferenceInput['awards']): ReferenceAward | null {
  // Walk the rank numbers 1, 2, 3, ... handing out the award slots in order.
  let n = 0;
  for (let i = 0; i < awards.first; i++) if (++n === r) return 'first';
  for (let i = 0; i < awards.second; i++) if (++n === r) return 'second';
  for (let i = 0; i < awards.third; i++) if (++n === r) return 'third';
  for (let i = 0; i < (awards.merit ?? 0); i++) if (++n === r) return 'merit';
  return null;
}

export interface ReferenceExcluded {
  team: string;
  judge: string;
  reason: 'recused' | 'team-absent';
}

export function referenceResults(file: ReferenceInput): { results: ReferenceRow[]; excluded: ReferenceExcluded[] } {
  const rules = file.rules;
  const criteria = file.criteria ?? [];
  const criteriaMode = criteria.length > 0;
  // Rule 2: a recused judge's sheet, or any sheet for an absent team, is listed as excluded and does not count.
  const isRecused = (team: string, judge: string) => (file.recusals ?? []).some((r) => r.team === team && r.judge === judge);
  const absentReason = (team: string) => (file.absent ?? []).find((a) => a.team === team)?.reason;
  const excluded: ReferenceExcluded[] = file.scores.flatMap((s): ReferenceExcluded[] => (isRecused(s.team, s.judge) ? [{ team: s.team, judge: s.judge, reason: 'recused' as const }]
    : absentReason(s.team) !== undefined ? [{ team: s.team, judge: s.judge, reason: 'team-absent' as const }] : []));
  const criteriaOrder = rules.criteriaOrder ?? [];
  const trimming = rules.method === 'trimmed-mean' || rules.method === 'trimmed-sum';
  const averaging = rules.method === 'trimmed-mean' || rules.method === 'mean';

  const teams: TeamWork[] = [];
  for (const team of file.teams) {
    // Rule 2: valid judges, in the order of the file's `judges`.
    const sheets: Sheet[] = [];
    file.judges.forEach((judge, judgeIndex) => {
      const sheet = file.scores.find((s) => s.team === team.id && s.judge === judge.id);
      if (!sheet || isRecused(team.id, judge.id) || absentReason(team.id) !== undefined) return;
      // Rule 1: a judge's total.
      const criterionValues = new Map<string, Rational>();
      let total: Rational;
      if (criteriaMode) {
        total = rational(0n);
        for (const c of criteria) {
          const v = parseDecimal(sheet.criteria![c.id]!);
          criterionValues.set(c.id, v);
          total = plus(total, v);
        }
      } else {
        total = parseDecimal(sheet.total!);
      }
      sheets.push({ judge: judge.id, judgeIndex, total, criterionValues, dropped: null });
    });

    // Rule 3: dropping (marks depend only on the method and the number of valid judges).
    if (trimming && sheets.length >= rules.trimWhenAtLeast) {
      for (let i = 0; i < rules.dropHighest; i++) {
        let pick: Sheet | null = null;
        for (const s of sheets) {
          if (s.dropped !== null) continue;
          // strictly greater keeps the earliest-listed judge among equal totals
          if (pick === null || compare(s.total, pick.total) > 0) pick = s;
        }
        pick!.dropped = 'highest';
      }
      for (let i = 0; i < rules.dropLowest; i++) {
        let pick: Sheet | null = null;
        for (const s of sheets) {
          if (s.dropped !== null) continue;
          if (pick === null || compare(s.total, pick.total) < 0) pick = s;
        }
        pick!.dropped = 'lowest';
      }
    }

    const work: TeamWork = {
      id: team.id,
      sheets,
      final: sheets.length >= rules.minJudges,
      publishedUnits: 0n,
      tieKeys: [],
      rank: null,
      award: null,
      tieAtLine: false,
      specialPool: false,
    };

    if (work.final) {
      // Rule 4: exact value; rule 5: published score.
      const kept = sheets.filter((s) => s.dropped === null).map((s) => s.total);
      const exact = averaging ? meanOf(kept) : sumOf(kept);
      work.publishedUnits = roundHalfUpUnits(exact, rules.decimals);
      // Rule 6: tie-break keys.
      for (const key of rules.tieBreak) {
        if (key === 'untrimmed-mean') {
          work.tieKeys.push(meanOf(sheets.map((s) => s.total)));
        } else if (criteriaMode) {
          for (const cid of criteriaOrder) {
            work.tieKeys.push(meanOf(sheets.map((s) => s.criterionValues.get(cid)!)));
          }
        }
      }
    }
    teams.push(work);
  }

  // Rule 6: rank = 1 + number of final teams strictly better (O(n²)).
  const finals = teams.filter((t) => t.final);
  for (const t of finals) {
    let better = 0;
    for (const other of finals) if (rankCompare(other, t) > 0) better++;
    t.rank = better + 1;
  }

  // Rule 7: awards by rank number, with tie-at-line groups.
  for (const t of finals) {
    let groupSize = 0;
    for (const other of finals) if (other.rank === t.rank) groupSize++;
    const r = t.rank!;
    t.award = awardOfRankNumber(r, file.awards);
    t.tieAtLine = awardOfRankNumber(r + groupSize - 1, file.awards) !== t.award;
  }

  // Rule 8: special-award pool.
  const pct = parseDecimal(file.awards.specialPoolPercent);
  const poolLimit = ceilOf(times(pct, rational(BigInt(finals.length), 100n)));
  for (const t of finals) t.specialPool = BigInt(t.rank!) <= poolLimit;

  // Output order: final by rank then team id (code units), then the others by team id.
  const byId = (a: TeamWork, b: TeamWork): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const ordered = [
    ...finals.slice().sort((a, b) => a.rank! - b.rank! || byId(a, b)),
    ...teams.filter((t) => !t.final).sort(byId),
  ];

  return {
    excluded,
    results: ordered.map((t) => ({
      team: t.id,
      ...(absentReason(t.id) !== undefined ? { status: 'absent' as const, reason: absentReason(t.id) } : { status: t.final ? 'final' as const : 'insufficient-judges' as const }),
      score: t.final ? writeScaled(t.publishedUnits, rules.decimals) : null,
      rank: t.rank,
      award: t.award,
      tieAtLine: t.tieAtLine,
      specialPool: t.specialPool,
      judges: t.sheets.map((s) => ({ judge: s.judge, total: writeExact(s.total), dropped: s.dropped })),
    })),
  };
}
