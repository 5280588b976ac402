// Property tests: shared/results.ts computeResults against the independent test/unit/reference.ts, plus hand-computed and invalid-input cases.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { formatScaled, parseMilli } from '../../shared/decimal';
import { computeResults } from '../../shared/results';
import { scoreArithmetic } from '../../shared/scoring';
import { referenceResults, type ReferenceInput, type ReferenceRow, type ReferenceValue } from './reference';

// ---------------------------------------------------------------------------------------------------------------
// Generators of VALID results files.

type Method = ReferenceInput['rules']['method'];
type TieBreak = ReferenceInput['rules']['tieBreak'];

const STEPS_MILLI = [1000, 500, 100, 250, 10, 1] as const; // 1, 0.5, 0.1, 0.25, 0.01, 0.001
const CRITERION_MAXES = [5, 10, 15, 20, 25, 100] as const; // all multiples of every step above
const TOTAL_MAXES = [10, 25, 100] as const;

/** Writes milli-units as a decimal string with at least `minDecimals` (<= 3) decimals and no other trailing zeros. */
function milliToString(milli: number, minDecimals = 0): string {
  const whole = Math.floor(milli / 1000);
  let frac = String(milli % 1000).padStart(3, '0');
  while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
  return frac.length > 0 ? `${whole}.${frac}` : String(whole);
}

/** rep 0..3: a JSON number; rep 4..7: a decimal string padded to at least rep-4 decimals ("17.50"). */
function represent(milli: number, rep: number): ReferenceValue {
  if (rep < 4) return Number(milliToString(milli));
  return milliToString(milli, rep - 4);
}

interface ValueScale {
  maxMilli: number; // used to clamp generated values
  stepMilli: number;
  lo: number; // in steps
  spread: number; // in steps
}

const scaleArb = (maxes: readonly number[]): fc.Arbitrary<ValueScale & { maxUnits: number }> =>
  fc
    .record({
      maxUnits: fc.constantFrom(...maxes),
      stepMilli: fc.constantFrom(...STEPS_MILLI),
      spread: fc.constantFrom(0, 1, 1, 2, 2, 3, 4, 8),
      loPick: fc.oneof(
        { arbitrary: fc.constant(-1), weight: 1 }, // lowest values (0 included)
        { arbitrary: fc.constant(-2), weight: 1 }, // highest values (max included)
        { arbitrary: fc.integer({ min: 0, max: 1_000_000 }), weight: 4 },
      ),
    })
    .map(({ maxUnits, stepMilli, spread, loPick }) => {
      const maxMilli = maxUnits * 1000;
      const stepsToMax = maxMilli / stepMilli;
      const s = Math.min(spread, stepsToMax);
      const room = stepsToMax - s + 1;
      const lo = loPick === -1 ? 0 : loPick === -2 ? room - 1 : loPick % room;
      return { maxUnits, maxMilli, stepMilli, lo, spread: s };
    });

const criterionSpecArb = fc.record({
  scale: scaleArb(CRITERION_MAXES),
  maxRep: fc.integer({ min: 0, max: 7 }),
  stepRep: fc.integer({ min: 0, max: 7 }),
  inOrder: fc.boolean(),
  orderKey: fc.nat(),
});

const modeArb = fc.oneof(
  fc.record({
    kind: fc.constant('criteria' as const),
    criteria: fc.array(criterionSpecArb, { minLength: 1, maxLength: 6 }),
    uniform: fc.boolean(), // every criterion on the first one's scale (so permuted sheets keep their totals)
  }),
  fc.record({
    kind: fc.constant('single' as const),
    withTotal: fc.boolean(),
    scale: scaleArb(TOTAL_MAXES),
    maxRep: fc.integer({ min: 0, max: 7 }),
    stepRep: fc.integer({ min: 0, max: 7 }),
    criteriaField: fc.constantFrom('absent', 'empty'),
  }),
);

const TEAM_ID_POOLS = [
  ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', 't10', 't11', 't12', 't13', 't14'],
  // code-unit order: 'B' < '_' < 'a', 't10' < 't2', '\uD83D..' (😀) < 'ｚ' (U+FF5A) though its code point is larger
  ['t1', 'T2', 'a', 'B', '_', 'é', 'z9', '😀', 'ｚ', '中', 't10', 't2', 'Z', '0'],
];
const JUDGE_IDS = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6', 'j7', 'j8', 'j9', 'J', 'a0'];

const shapeArb = fc.record({
  method: fc.constantFrom<Method>('trimmed-mean', 'mean', 'trimmed-sum', 'sum'),
  dropHighest: fc.integer({ min: 0, max: 2 }),
  dropLowest: fc.integer({ min: 0, max: 2 }),
  trimExtra: fc.integer({ min: 0, max: 6 }),
  minJudges: fc.integer({ min: 1, max: 5 }),
  decimals: fc.integer({ min: 0, max: 3 }),
  tieBreak: fc.constantFrom<TieBreak>(
    [],
    ['untrimmed-mean'],
    ['criteria'],
    ['untrimmed-mean', 'criteria'],
    ['criteria', 'untrimmed-mean'],
  ),
  mode: modeArb,
  nTeams: fc.integer({ min: 1, max: 14 }),
  nJudges: fc.integer({ min: 1, max: 9 }),
  awards: fc.record({
    first: fc.integer({ min: 0, max: 5 }),
    second: fc.integer({ min: 0, max: 5 }),
    third: fc.integer({ min: 0, max: 5 }),
    merit: fc.integer({ min: 0, max: 5 }),
    specialPoolPercent: fc.oneof(fc.constantFrom(0, 20, 25, 50, 100), fc.integer({ min: 0, max: 100 })),
  }),
  teamPool: fc.constantFrom(0, 1),
  shuffleSeed: fc.nat(),
});

type Shape = typeof shapeArb extends fc.Arbitrary<infer S> ? S : never;

const presenceArb = fc.oneof(
  { arbitrary: fc.constant('sheet' as const), weight: 8 },
  { arbitrary: fc.constant('missing' as const), weight: 1 },
  { arbitrary: fc.constant('recused' as const), weight: 1 },
  // a conflict found after the judge scored: recused, and the sheet is still in the file (excluded, not refused)
  { arbitrary: fc.constant('recused-scored' as const), weight: 1 },
);

function cellArb(nValues: number) {
  return fc.record({
    presence: presenceArb,
    offsets: fc.array(fc.nat(), { minLength: nValues, maxLength: nValues }),
    reps: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: nValues, maxLength: nValues }),
  });
}

function teamPlanArb(nJudges: number, nValues: number) {
  return fc.record({
    kind: fc.oneof(
      { arbitrary: fc.constant('fresh' as const), weight: 6 },
      { arbitrary: fc.constant('copy' as const), weight: 3 }, // same panel as an earlier team (maybe rotated)
      { arbitrary: fc.constant('permuted' as const), weight: 2 }, // same, criteria values rotated within each sheet
      { arbitrary: fc.constant('empty' as const), weight: 1 }, // no sheet at all
    ),
    copyFrom: fc.nat(),
    rotate: fc.nat(),
    cells: fc.array(cellArb(nValues), { minLength: nJudges, maxLength: nJudges }),
  });
}

/** Small deterministic shuffle (the order of teams, scores and recusals in the file must not matter). */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = items.slice();
  let s = (seed % 2147483646) + 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 16807) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function buildFile(
  shape: Shape,
  teamIds: string[],
  judgeIds: string[],
  plans: Array<ReturnType<typeof teamPlanArb> extends fc.Arbitrary<infer P> ? P : never>,
): ReferenceInput {
  const mode = shape.mode;
  const scales: ValueScale[] =
    mode.kind === 'criteria'
      ? mode.criteria.map((c) => (mode.uniform ? mode.criteria[0]!.scale : c.scale))
      : [mode.scale];
  const criteriaIds = mode.kind === 'criteria' ? mode.criteria.map((_, i) => `c${i + 1}`) : [];

  const trimWhenAtLeast = Math.min(7, shape.dropHighest + shape.dropLowest + 1 + shape.trimExtra);
  const file: ReferenceInput = {
    rules: {
      method: shape.method,
      dropHighest: shape.dropHighest,
      dropLowest: shape.dropLowest,
      trimWhenAtLeast,
      minJudges: shape.minJudges,
      decimals: shape.decimals,
      tieBreak: shape.tieBreak,
      criteriaOrder:
        mode.kind === 'criteria'
          ? mode.criteria
              .map((c, i) => ({ id: criteriaIds[i]!, inOrder: c.inOrder, key: c.orderKey }))
              .filter((c) => c.inOrder)
              .sort((a, b) => a.key - b.key)
              .map((c) => c.id)
          // single-total mode: an event-wide criteriaOrder naming criteria is ignored
          : shape.shuffleSeed % 2 ? ['solution', 'effect'] : [],
    },
    awards: { ...shape.awards },
    teams: shuffled(
      teamIds.map((id) => ({ id, name: `Team ${id}` })),
      shape.shuffleSeed,
    ),
    judges: judgeIds.map((id) => ({ id, name: `Judge ${id}` })),
    recusals: [],
    scores: [],
  };
  if (mode.kind === 'criteria') {
    file.criteria = mode.criteria.map((c, i) => ({
      id: criteriaIds[i]!,
      name: `Criterion ${i + 1}`,
      max: represent(scales[i]!.maxMilli, c.maxRep),
      step: represent(scales[i]!.stepMilli, c.stepRep),
    }));
  } else {
    if (mode.criteriaField === 'empty') file.criteria = [];
    if (mode.withTotal) {
      file.total = { max: represent(mode.scale.maxMilli, mode.maxRep), step: represent(mode.scale.stepMilli, mode.stepRep) };
    }
  }

  // Resolve each team's panel: copies follow their source's (already resolved) cells, rotated over the judges.
  type Cell = (typeof plans)[number]['cells'][number];
  const resolved: Cell[][] = [];
  plans.forEach((plan, ti) => {
    let cells: Cell[];
    if ((plan.kind === 'copy' || plan.kind === 'permuted') && ti > 0) {
      const src = resolved[plan.copyFrom % ti]!;
      const rot = plan.rotate % judgeIds.length;
      cells = judgeIds.map((_, ji) => src[(ji + rot) % judgeIds.length]!);
      if (plan.kind === 'permuted') {
        const n = scales.length;
        const by = (plan.rotate % n) + 1;
        const turn = <T,>(xs: T[]) => xs.map((_, vi) => xs[(vi + by) % n]!);
        cells = cells.map((c) => ({ ...c, offsets: turn(c.offsets), reps: turn(c.reps) }));
      }
    } else if (plan.kind === 'empty') {
      cells = plan.cells.map((c) => ({ ...c, presence: c.presence === 'recused' || c.presence === 'recused-scored' ? 'recused' : 'missing' }));
    } else {
      cells = plan.cells;
    }
    resolved.push(cells);
  });

  const scores: ReferenceInput['scores'] = [];
  const recusals: NonNullable<ReferenceInput['recusals']> = [];
  resolved.forEach((cells, ti) => {
    const team = teamIds[ti]!;
    cells.forEach((cell, ji) => {
      const judge = judgeIds[ji]!;
      if (cell.presence === 'recused' || cell.presence === 'recused-scored') recusals.push({ team, judge });
      if (cell.presence !== 'sheet' && cell.presence !== 'recused-scored') return;
      const values = scales.map((sc, vi) => {
        const steps = sc.lo + (cell.offsets[vi]! % (sc.spread + 1));
        const milli = Math.min(steps * sc.stepMilli, sc.maxMilli);
        return represent(milli, cell.reps[vi]!);
      });
      if (mode.kind === 'criteria') {
        scores.push({ team, judge, criteria: Object.fromEntries(criteriaIds.map((id, vi) => [id, values[vi]!])) });
      } else {
        scores.push({ team, judge, total: values[0]! });
      }
    });
  });
  file.scores = shuffled(scores, shape.shuffleSeed + 1);
  file.recusals = shuffled(recusals, shape.shuffleSeed + 2);
  return file;
}

const validFileArb: fc.Arbitrary<ReferenceInput> = shapeArb.chain((shape) => {
  const nValues = shape.mode.kind === 'criteria' ? shape.mode.criteria.length : 1;
  return fc
    .record({
      teamIds: fc.shuffledSubarray(TEAM_ID_POOLS[shape.teamPool]!, { minLength: shape.nTeams, maxLength: shape.nTeams }),
      judgeIds: fc.shuffledSubarray(JUDGE_IDS, { minLength: shape.nJudges, maxLength: shape.nJudges }),
      plans: fc.array(teamPlanArb(shape.nJudges, nValues), { minLength: shape.nTeams, maxLength: shape.nTeams }),
    })
    .map(({ teamIds, judgeIds, plans }) => buildFile(shape, teamIds, judgeIds, plans));
});

// ---------------------------------------------------------------------------------------------------------------
// Coverage: what a generated case exercised (computed from the reference's output).

interface Coverage {
  cases: number;
  sharedRank: number;
  tieAtLine: number;
  decidedByTieBreak: number;
  equalExtremeDropped: number;
  insufficient: number;
  teamWithoutSheets: number;
  specialPoolSplit: number;
  trimmed: number;
  decidedByCriteria: number;
  insufficientWithDrops: number;
}

/** Untrimmed mean of a row's judge totals as [sum in milli-units, count], for exact cross-multiplied comparison. */
function untrimmed(row: ReferenceRow): [number, number] {
  return [row.judges.reduce((s, j) => s + Math.round(Number(j.total) * 1000), 0), row.judges.length];
}

function observe(file: ReferenceInput, rows: ReferenceRow[], cov: Coverage): void {
  cov.cases++;
  const finals = rows.filter((r) => r.status === 'final');
  const ranks = finals.map((r) => r.rank);
  if (new Set(ranks).size < ranks.length) cov.sharedRank++;
  if (rows.some((r) => r.tieAtLine)) cov.tieAtLine++;
  const scoreRank = new Map<string, Set<number | null>>();
  for (const r of finals) scoreRank.set(r.score!, (scoreRank.get(r.score!) ?? new Set()).add(r.rank));
  if ([...scoreRank.values()].some((s) => s.size > 1)) cov.decidedByTieBreak++;
  if (
    rows.some((r) =>
      r.judges.some((j) => j.dropped !== null && r.judges.some((k) => k.dropped === null && k.total === j.total)),
    )
  )
    cov.equalExtremeDropped++;
  if (rows.some((r) => r.status !== 'final')) cov.insufficient++;
  if (rows.some((r) => r.judges.length === 0)) cov.teamWithoutSheets++;
  if (finals.some((r) => r.specialPool) && finals.some((r) => !r.specialPool)) cov.specialPoolSplit++;
  if (rows.some((r) => r.judges.some((j) => j.dropped !== null))) cov.trimmed++;
  if (
    file.rules.tieBreak.includes('criteria') &&
    finals.some((a) =>
      finals.some((b) => {
        const [sa, na] = untrimmed(a);
        const [sb, nb] = untrimmed(b);
        return a.score === b.score && a.rank !== b.rank && sa * nb === sb * na;
      }),
    )
  )
    cov.decidedByCriteria++;
  if (rows.some((r) => r.status !== 'final' && r.judges.some((j) => j.dropped !== null))) cov.insufficientWithDrops++;
}

describe('computeResults agrees with the reference implementation', () => {
  it('on generated valid files covering every rule', () => {
    const cov: Coverage = {
      cases: 0,
      sharedRank: 0,
      tieAtLine: 0,
      decidedByTieBreak: 0,
      equalExtremeDropped: 0,
      insufficient: 0,
      teamWithoutSheets: 0,
      specialPoolSplit: 0,
      trimmed: 0,
      decidedByCriteria: 0,
      insufficientWithDrops: 0,
    };
    fc.assert(
      fc.property(validFileArb, (file) => {
        // computeResults must not rely on (or mutate) the object identity: hand it a JSON round-trip.
        const main = computeResults(JSON.parse(JSON.stringify(file)));
        const reference = referenceResults(file);
        expect(main).toEqual(reference);
        observe(file, reference.results, cov);
        // The phones' explanation of a score, from the totals as shown and the rules, lands on the same digits.
        for (const row of main.results.filter((r) => r.status === 'final')) {
          const steps = scoreArithmetic(file.rules, row.judges.map((j) => ({ total: parseMilli(j.total), dropped: j.dropped })));
          expect(formatScaled(steps.published, file.rules.decimals)).toBe(row.score);
        }
      }),
      { numRuns: 3000 },
    );
    if (process.env.RESULTS_COVERAGE) console.log(cov);
    // The generators must keep producing the interesting situations (3000 cases when all pass).
    const atLeast = (n: number, share: number) => expect(n).toBeGreaterThanOrEqual(Math.floor(cov.cases * share));
    expect(cov.cases).toBeGreaterThanOrEqual(3000);
    atLeast(cov.sharedRank, 0.2);
    atLeast(cov.tieAtLine, 0.05);
    atLeast(cov.decidedByTieBreak, 0.05);
    atLeast(cov.equalExtremeDropped, 0.05);
    atLeast(cov.insufficient, 0.2);
    atLeast(cov.teamWithoutSheets, 0.1);
    atLeast(cov.specialPoolSplit, 0.2);
    atLeast(cov.trimmed, 0.1);
    atLeast(cov.decidedByCriteria, 0.01);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Hand-computed cases, checked against BOTH implementations.

type Rules = ReferenceInput['rules'];

function makeFile(opts: {
  rules?: Partial<Rules>;
  criteria?: ReferenceInput['criteria'];
  total?: ReferenceInput['total'];
  awards?: Partial<ReferenceInput['awards']>;
  judges: string[];
  recusals?: ReferenceInput['recusals'];
  /** team id → one entry per judge (in `judges` order); null = no sheet. Single-total values or criteria records. */
  teams: Record<string, Array<ReferenceValue | Record<string, ReferenceValue> | null>>;
}): ReferenceInput {
  const scores: ReferenceInput['scores'] = [];
  for (const [team, cells] of Object.entries(opts.teams)) {
    cells.forEach((cell, i) => {
      if (cell === null) return;
      const judge = opts.judges[i]!;
      if (typeof cell === 'object') scores.push({ team, judge, criteria: cell });
      else scores.push({ team, judge, total: cell });
    });
  }
  return {
    rules: {
      method: 'mean',
      dropHighest: 0,
      dropLowest: 0,
      trimWhenAtLeast: 1,
      minJudges: 1,
      decimals: 2,
      tieBreak: [],
      criteriaOrder: [],
      ...opts.rules,
    },
    ...(opts.criteria ? { criteria: opts.criteria } : {}),
    ...(opts.total ? { total: opts.total } : {}),
    awards: { first: 0, second: 0, third: 0, specialPoolPercent: 0, ...opts.awards },
    teams: Object.keys(opts.teams).map((id) => ({ id, name: `Team ${id}` })),
    judges: opts.judges.map((id) => ({ id, name: `Judge ${id}` })),
    recusals: opts.recusals ?? [],
    scores,
  };
}

type Row = ReferenceRow;

/** Both implementations give `expected` for `file`. */
function both(file: ReferenceInput): Row[] {
  const reference = referenceResults(file).results;
  const main = computeResults(JSON.parse(JSON.stringify(file))).results;
  expect(main).toEqual(reference);
  return main as Row[];
}

function pick(rows: Row[], key: keyof Row): Record<string, unknown> {
  return Object.fromEntries(rows.map((r) => [r.team, r[key]]));
}

describe('hand-computed cases (both implementations)', () => {
  it('rounds half-up exactly: 8.425 → "8.43", 1.005 → "1.01", 2/3 → "0.67"', () => {
    const rows = both(
      makeFile({
        judges: ['j1', 'j2', 'j3'],
        teams: {
          a: [8.4, '8.45', null], // (8.4 + 8.45) / 2 = 16.85 / 2 = 8.425 → 8.43 (binary float gives 8.42)
          b: [1, 1.01, null], // (1 + 1.01) / 2 = 2.01 / 2 = 1.005 → 1.01 (1.005.toFixed(2) = "1.00")
          c: [0, 1, '1'], // 2 / 3 = 0.666… → 0.67
          d: [8.42, 8.42, 8.43], // 25.27 / 3 = 8.42333… → 8.42
        },
      }),
    );
    expect(pick(rows, 'score')).toEqual({ a: '8.43', b: '1.01', c: '0.67', d: '8.42' });
    expect(rows.map((r) => r.team)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('half-up boundaries at decimals 0, 1, 2, 3', () => {
    const cases: Array<[number, Array<ReferenceValue | null>, string]> = [
      [0, [2, 3], '3'], // 5 / 2 = 2.5 → 3
      [0, [0, 1], '1'], // 1 / 2 = 0.5 → 1
      [0, [2.499, null], '2'], // 2.499 → 2
      [0, [2, 2.999], '2'], // 4.999 / 2 = 2.4995 → 2
      [1, [1.4, 1.5], '1.5'], // 2.9 / 2 = 1.45 → 1.5 (1.45.toFixed(1) = "1.4")
      [1, [0.2, 0.3], '0.3'], // 0.5 / 2 = 0.25 → 0.3
      [1, [1.4, 1.499], '1.4'], // 2.899 / 2 = 1.4495 → 1.4
      [2, [2.67, 2.68], '2.68'], // 5.35 / 2 = 2.675 → 2.68 (2.675.toFixed(2) = "2.67")
      [2, [0.01, 0], '0.01'], // 0.01 / 2 = 0.005 → 0.01
      [2, [0.009, 0], '0.00'], // 0.009 / 2 = 0.0045 → 0.00
      [3, [1, 1.001], '1.001'], // 2.001 / 2 = 1.0005 → 1.001
      [3, [0.001, 0.002], '0.002'], // 0.003 / 2 = 0.0015 → 0.002
      [3, [0, 0.001], '0.001'], // 0.001 / 2 = 0.0005 → 0.001
      [3, [5, null], '5.000'], // exactly 5 written with 3 decimals
    ];
    for (const [decimals, cells, expected] of cases) {
      const rows = both(makeFile({ rules: { decimals }, judges: ['j1', 'j2'], teams: { t: cells } }));
      expect({ decimals, cells, score: rows[0]!.score }).toEqual({ decimals, cells, score: expected });
    }
    // three decimals over three judges: (0 + 0 + 0.002) / 3 = 0.000666… → 0.001; (0.001 + 0 + 0) / 3 → 0.000
    const rows = both(
      makeFile({ rules: { decimals: 3 }, judges: ['j1', 'j2', 'j3'], teams: { p: [0, 0, 0.002], q: [0.001, 0, 0] } }),
    );
    expect(pick(rows, 'score')).toEqual({ p: '0.001', q: '0.000' });
  });

  it('equal extremes: only dropHighest / dropLowest are dropped, earlier-listed judge marked first', () => {
    const rows = both(
      makeFile({
        rules: { method: 'trimmed-mean', dropHighest: 1, dropLowest: 1, trimWhenAtLeast: 3 },
        judges: ['j1', 'j2', 'j3', 'j4', 'j5'],
        teams: {
          // 9, 9, 7, 5, 5: j1 highest (first 9), j4 lowest (first 5); kept 9 + 7 + 5 = 21 / 3 = 7
          a: [9, 9, 7, 5, 5],
          // all equal 6: j1 highest, j2 lowest (first not already marked), kept 6, 6, 6 → 6
          b: [6, '6.0', 6, 6, 6],
          // j2 absent: valid j1, j3, j4, j5 = 4, 8, 8, 4 → j3 highest, j1 lowest; kept 8, 4 → 6
          c: [4, null, 8, 8, 4],
        },
      }),
    );
    const byTeam = Object.fromEntries(rows.map((r) => [r.team, r]));
    expect(byTeam.a!.score).toBe('7.00');
    expect(byTeam.a!.judges.map((j) => j.dropped)).toEqual(['highest', null, null, 'lowest', null]);
    expect(byTeam.b!.score).toBe('6.00');
    expect(byTeam.b!.judges).toEqual([
      { judge: 'j1', total: '6', dropped: 'highest' },
      { judge: 'j2', total: '6', dropped: 'lowest' },
      { judge: 'j3', total: '6', dropped: null },
      { judge: 'j4', total: '6', dropped: null },
      { judge: 'j5', total: '6', dropped: null },
    ]);
    expect(byTeam.c!.score).toBe('6.00');
    expect(byTeam.c!.judges.map((j) => [j.judge, j.dropped])).toEqual([
      ['j1', 'lowest'],
      ['j3', 'highest'],
      ['j4', null],
      ['j5', null],
    ]);
    // equal extremes with dropHighest 2: 9, 9, 9, 1 → j1, j2 highest; j4 lowest; kept 9 → 9
    const two = both(
      makeFile({
        rules: { method: 'trimmed-mean', dropHighest: 2, dropLowest: 1, trimWhenAtLeast: 4 },
        judges: ['j1', 'j2', 'j3', 'j4'],
        teams: { x: [9, 9, 9, 1] },
      }),
    );
    expect(two[0]!.judges.map((j) => j.dropped)).toEqual(['highest', 'highest', null, 'lowest']);
    expect(two[0]!.score).toBe('9.00');
  });

  it('untrimmed-mean tie-break', () => {
    const judges = ['j1', 'j2', 'j3'];
    const teams = {
      a: [10, 8, 6], // drop 10 and 6 → 8.00; untrimmed (10 + 8 + 6) / 3 = 8
      b: [9, 8, 8], // drop 9 and one 8 → 8.00; untrimmed 25 / 3 = 8.333…
      c: [8, 8, 8], // 8.00; untrimmed 8 (equal to a)
    };
    const rules = { method: 'trimmed-mean' as const, dropHighest: 1, dropLowest: 1, trimWhenAtLeast: 3 };
    const broken = both(makeFile({ rules: { ...rules, tieBreak: ['untrimmed-mean'] }, judges, teams }));
    expect(broken.map((r) => [r.team, r.score, r.rank])).toEqual([
      ['b', '8.00', 1],
      ['a', '8.00', 2],
      ['c', '8.00', 2],
    ]);
    const none = both(makeFile({ rules: { ...rules, tieBreak: [] }, judges, teams }));
    expect(none.map((r) => [r.team, r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('criteria tie-break follows criteriaOrder', () => {
    const criteria = ['c1', 'c2', 'c3'].map((id) => ({ id, name: id, max: 10, step: 1 }));
    const cv = (c1: number, c2: number, c3: number) => ({ c1, c2, c3 });
    const teams = {
      // every judge total is 10, so the published score and the untrimmed mean tie everywhere
      A: [cv(5, 3, 2), cv(5, 3, 2)], // c3 mean 2, c1 mean 5
      B: [cv(4, 4, 2), cv(4, 4, 2)], // c3 2, c1 4
      C: [cv(6, 3, 1), cv(6, 3, 1)], // c3 1 → last
      D: [cv(5, 4, 1), cv(5, 2, 3)], // c3 (1 + 3) / 2 = 2, c1 5 → ties with A (c2 is not in the order)
    };
    const rows = both(
      makeFile({
        rules: { tieBreak: ['untrimmed-mean', 'criteria'], criteriaOrder: ['c3', 'c1'] },
        criteria,
        judges: ['j1', 'j2'],
        teams,
      }),
    );
    expect(rows.map((r) => [r.team, r.score, r.rank])).toEqual([
      ['A', '10.00', 1],
      ['D', '10.00', 1],
      ['B', '10.00', 3],
      ['C', '10.00', 4],
    ]);
    // order c1 first: c1 means A 5, B 4, C 6, D 5 → C 1, A/D 2, B 4
    const c1First = both(
      makeFile({ rules: { tieBreak: ['criteria'], criteriaOrder: ['c1', 'c3'] }, criteria, judges: ['j1', 'j2'], teams }),
    );
    expect(c1First.map((r) => [r.team, r.rank])).toEqual([
      ['C', 1],
      ['A', 2],
      ['D', 2],
      ['B', 4],
    ]);
  });

  it('ranks by the published score, not the exact value', () => {
    const judges = ['j1', 'j2'];
    const teams = {
      a: [8.418, 8.418], // exact 8.418 → 8.42; untrimmed 8.418
      b: [8.42, 8.43], // exact 16.85 / 2 = 8.425 → 8.43
      c: [8.415, 8.425], // exact 16.84 / 2 = 8.42 → 8.42; untrimmed 8.42 > 8.418
    };
    const none = both(makeFile({ judges, teams }));
    expect(none.map((r) => [r.team, r.score, r.rank])).toEqual([
      ['b', '8.43', 1],
      ['a', '8.42', 2], // a's exact 8.418 < c's 8.42, yet they share rank 2 without tie-break
      ['c', '8.42', 2],
    ]);
    // with the untrimmed-mean tie-break (here equal to the exact value) c goes ahead
    const broken = both(makeFile({ rules: { tieBreak: ['untrimmed-mean'] }, judges, teams }));
    expect(broken.map((r) => [r.team, r.rank])).toEqual([
      ['b', 1],
      ['c', 2],
      ['a', 3],
    ]);
  });

  it('shared ranks skip: 1, 2, 2, 4', () => {
    const rows = both(
      makeFile({ rules: { decimals: 1 }, judges: ['j1'], teams: { w: [7], x: [8], y: ['8.0'], z: [9] } }),
    );
    expect(rows.map((r) => [r.team, r.score, r.rank])).toEqual([
      ['z', '9.0', 1],
      ['x', '8.0', 2],
      ['y', '8.0', 2],
      ['w', '7.0', 4],
    ]);
  });

  it('a tie straddling the first/second line keeps the first award with tieAtLine', () => {
    const rows = both(
      makeFile({
        awards: { first: 1, second: 2, third: 1 },
        judges: ['j1'],
        // ranks: p, q share 1 (group spans rank numbers 1..2: first | second) → both first, tieAtLine
        //        r 3 → second; s, t share 4 (4..5: third | none) → third, tieAtLine; u 6 → none
        teams: { p: [9], q: [9], r: [8], s: [7], t: [7], u: [6] },
      }),
    );
    expect(rows.map((r) => [r.team, r.rank, r.award, r.tieAtLine])).toEqual([
      ['p', 1, 'first', true],
      ['q', 1, 'first', true],
      ['r', 3, 'second', false],
      ['s', 4, 'third', true],
      ['t', 4, 'third', true],
      ['u', 6, null, false],
    ]);
    // a tie inside one award band is no tie at the line: second 3 → ranks 2..4 all second
    const inside = both(
      makeFile({ awards: { first: 1, second: 3 }, judges: ['j1'], teams: { p: [9], q: [8], r: [8], s: [8], t: [1] } }),
    );
    expect(inside.map((r) => [r.team, r.rank, r.award, r.tieAtLine])).toEqual([
      ['p', 1, 'first', false],
      ['q', 2, 'second', false],
      ['r', 2, 'second', false],
      ['s', 2, 'second', false],
      ['t', 5, null, false],
    ]);
  });

  it('merit awards follow third prize, and a tie across the third/merit line keeps third with tieAtLine', () => {
    const rows = both(
      makeFile({
        awards: { first: 1, second: 0, third: 1, merit: 3 },
        judges: ['j1'],
        // p 1 first; q, r share 2 (2..3: third | merit) → third, tieAtLine; s 4, t 5 merit; u 6 none
        teams: { p: [9], q: [8], r: [8], s: [7], t: [6], u: [5] },
      }),
    );
    expect(rows.map((r) => [r.team, r.rank, r.award, r.tieAtLine])).toEqual([
      ['p', 1, 'first', false],
      ['q', 2, 'third', true],
      ['r', 2, 'third', true],
      ['s', 4, 'merit', false],
      ['t', 5, 'merit', false],
      ['u', 6, null, false],
    ]);
  });

  it('special pool: ceil(20% of 11 final teams) = 3 (teams not final do not count)', () => {
    // 20 × 11 / 100 = 2.2 → 3. Counting all 16 teams would give ceil(3.2) = 4.
    const teams: Record<string, Array<number | null>> = {};
    for (let i = 1; i <= 11; i++) teams[`f${String(i).padStart(2, '0')}`] = [i, i];
    for (let i = 1; i <= 5; i++) teams[`n${i}`] = [i, null]; // one sheet < minJudges 2
    const rows = both(makeFile({ rules: { minJudges: 2 }, awards: { specialPoolPercent: 20 }, judges: ['j1', 'j2'], teams }));
    expect(rows.filter((r) => r.specialPool).map((r) => [r.team, r.rank])).toEqual([
      ['f11', 1],
      ['f10', 2],
      ['f09', 3],
    ]);
    expect(rows.slice(11).every((r) => r.status === 'insufficient-judges' && !r.specialPool)).toBe(true);
  });

  it('insufficient judges: no score, rank or award; listed last by team id; judges still listed', () => {
    const rows = both(
      makeFile({
        rules: { minJudges: 3 },
        awards: { first: 5, specialPoolPercent: 100 },
        judges: ['j2', 'j1', 'j3'],
        recusals: [{ team: 'm', judge: 'j3' }],
        teams: { z: [5, 6, 7], m: [8, 9.5, null], b: [null, null, null] },
      }),
    );
    expect(rows).toEqual([
      {
        team: 'z',
        status: 'final',
        score: '6.00',
        rank: 1,
        award: 'first',
        tieAtLine: false,
        specialPool: true,
        judges: [
          { judge: 'j2', total: '5', dropped: null },
          { judge: 'j1', total: '6', dropped: null },
          { judge: 'j3', total: '7', dropped: null },
        ],
      },
      { team: 'b', status: 'insufficient-judges', score: null, rank: null, award: null, tieAtLine: false, specialPool: false, judges: [] },
      {
        team: 'm',
        status: 'insufficient-judges',
        score: null,
        rank: null,
        award: null,
        tieAtLine: false,
        specialPool: false,
        judges: [
          { judge: 'j2', total: '8', dropped: null },
          { judge: 'j1', total: '9.5', dropped: null },
        ],
      },
    ]);
  });

  it('trimmed-sum, and no trimming below trimWhenAtLeast', () => {
    const rules = { method: 'trimmed-sum' as const, dropHighest: 1, dropLowest: 1, trimWhenAtLeast: 5, decimals: 1 };
    const rows = both(
      makeFile({
        rules,
        judges: ['j1', 'j2', 'j3', 'j4', 'j5'],
        teams: {
          a: [10, 8, 7.5, 6, 3], // drop 10 and 3 → 8 + 7.5 + 6 = 21.5
          b: [10, 8, 7.5, 6, null], // 4 judges < 5: nothing dropped → 31.5
        },
      }),
    );
    expect(rows.map((r) => [r.team, r.score, r.judges.map((j) => j.dropped)])).toEqual([
      ['b', '31.5', [null, null, null, null]],
      ['a', '21.5', ['highest', null, null, null, 'lowest']],
    ]);
  });

  it('criteria totals are exact and written without trailing zeros', () => {
    const criteria = [
      { id: 'c1', name: 'c1', max: 25, step: 0.25 },
      { id: 'c2', name: 'c2', max: '10', step: '0.001' },
    ];
    const rows = both(
      makeFile({
        rules: { method: 'sum', decimals: 3 },
        criteria,
        judges: ['j1', 'j2', 'j3'],
        // judge totals: 0.25 + 0.05 = 0.3; 24.75 + 0.25 = 25; 10 + 0.1 = 10.1 (strings with trailing zeros)
        teams: { a: [{ c1: '0.25', c2: 0.05 }, { c1: 24.75, c2: '0.250' }, { c1: '10.00', c2: 0.1 }] },
      }),
    );
    // totals 0.3, 25, 10.1; sum 35.4
    expect(rows[0]!.judges.map((j) => j.total)).toEqual(['0.3', '25', '10.1']);
    expect(rows[0]!.score).toBe('35.400');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Invalid input: computeResults throws an Error naming the offending entry.

function validBase(): ReferenceInput {
  return {
    rules: {
      method: 'trimmed-mean',
      dropHighest: 1,
      dropLowest: 1,
      trimWhenAtLeast: 3,
      minJudges: 1,
      decimals: 2,
      tieBreak: ['untrimmed-mean', 'criteria'],
      criteriaOrder: ['crit-charlie'],
    },
    criteria: [
      { id: 'crit-charlie', name: 'Charlie', max: 10, step: 0.5 },
      { id: 'crit-delta', name: 'Delta', max: 20, step: 1 },
    ],
    awards: { first: 1, second: 1, third: 1, specialPoolPercent: 20 },
    teams: [
      { id: 'team-alpha', name: 'Alpha' },
      { id: 'team-omega', name: 'Omega' },
    ],
    judges: [
      { id: 'judge-bravo', name: 'Bravo' },
      { id: 'judge-echo', name: 'Echo' },
      { id: 'judge-fox', name: 'Fox' },
    ],
    recusals: [{ team: 'team-omega', judge: 'judge-fox' }],
    scores: [
      { team: 'team-alpha', judge: 'judge-bravo', criteria: { 'crit-charlie': 7.5, 'crit-delta': 12 } },
      { team: 'team-alpha', judge: 'judge-echo', criteria: { 'crit-charlie': '8', 'crit-delta': '15' } },
      { team: 'team-omega', judge: 'judge-bravo', criteria: { 'crit-charlie': 6, 'crit-delta': 11 } },
    ],
  };
}

/** A results file opened up for the invalid-input cases to break. */
interface MutableFile {
  rules?: unknown;
  scores: Array<{ team: string; judge: string; criteria: Record<string, number | string> }>;
}

function expectRefused(mutate: (f: MutableFile) => void, mentions: RegExp): void {
  const file = validBase() as unknown as MutableFile;
  mutate(file);
  let thrown: unknown = undefined;
  try {
    computeResults(file);
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'computeResults should throw').toBeInstanceOf(Error);
  // a deliberate refusal, not a crash while reading a malformed object
  expect(thrown).not.toBeInstanceOf(TypeError);
  expect(thrown).not.toBeInstanceOf(RangeError);
  expect((thrown as Error).message).toMatch(mentions);
}

describe('recusals found late, absent teams and single-total files (issue 12 §6, issue 13 §17)', () => {
  it('a recused judge\'s sheet is excluded and listed, not a reason to refuse the file', () => {
    const file = validBase();
    const before = computeResults(JSON.parse(JSON.stringify(file)));
    expect(before.excluded).toEqual([]);
    file.scores.push({ team: 'team-omega', judge: 'judge-fox', criteria: { 'crit-charlie': 10, 'crit-delta': 20 } });
    const after = computeResults(JSON.parse(JSON.stringify(file)));
    expect(after.excluded).toEqual([{ team: 'team-omega', judge: 'judge-fox', reason: 'recused' }]);
    expect(after.results).toEqual(before.results); // the late sheet changes nothing
    expect(after).toEqual(referenceResults(file));
  });

  it('an absent team has its own status and the host\'s reason, no score, rank or award; its sheets are excluded', () => {
    const file = validBase();
    file.absent = [{ team: 'team-omega', reason: '团队未到场' }];
    const out = computeResults(JSON.parse(JSON.stringify(file)));
    expect(out).toEqual(referenceResults(file));
    expect(out.results.find((r) => r.team === 'team-omega')).toEqual({
      team: 'team-omega', status: 'absent', reason: '团队未到场', score: null, rank: null, award: null, tieAtLine: false, specialPool: false, judges: [],
    });
    expect(out.excluded).toEqual([{ team: 'team-omega', judge: 'judge-bravo', reason: 'team-absent' }]);
    expect(out.results.find((r) => r.team === 'team-alpha')).toMatchObject({ status: 'final', rank: 1, award: 'first' });
  });

  it('single-total mode ignores a criteriaOrder that names criteria', () => {
    const file = makeFile({
      rules: { tieBreak: ['criteria'], criteriaOrder: ['effect', 'solution'] },
      judges: ['j1', 'j2'],
      teams: { a: [80, 90], b: [85, 85] },
    });
    const rows = both(file);
    expect(rows.map((r) => [r.team, r.score, r.rank])).toEqual([['a', '85.00', 1], ['b', '85.00', 1]]);
  });
});

describe('invalid input is refused with a message naming the entry', () => {
  it('accepts the valid base file', () => {
    const rows = both(validBase());
    expect(rows.map((r) => r.team)).toEqual(['team-alpha', 'team-omega']);
  });

  it('a score for an unknown team', () => {
    expectRefused(
      (f) => f.scores.push({ team: 'team-ghost', judge: 'judge-fox', criteria: { 'crit-charlie': 1, 'crit-delta': 1 } }),
      /team-ghost/,
    );
  });

  it('a score from an unknown judge', () => {
    expectRefused(
      (f) => f.scores.push({ team: 'team-omega', judge: 'judge-ghost', criteria: { 'crit-charlie': 1, 'crit-delta': 1 } }),
      /judge-ghost/,
    );
  });

  it('a value over its max', () => {
    expectRefused((f) => (f.scores[0]!.criteria['crit-charlie'] = 10.5), /crit-charlie|team-alpha|judge-bravo/);
    expectRefused((f) => (f.scores[0]!.criteria['crit-delta'] = '21'), /crit-delta|team-alpha|judge-bravo/);
  });

  it('a value off its step', () => {
    expectRefused((f) => (f.scores[0]!.criteria['crit-charlie'] = 7.25), /crit-charlie|team-alpha|judge-bravo/);
    expectRefused((f) => (f.scores[0]!.criteria['crit-delta'] = '12.5'), /crit-delta|team-alpha|judge-bravo/);
  });

  it('a duplicate sheet for the same team and judge', () => {
    expectRefused(
      (f) => f.scores.push({ team: 'team-alpha', judge: 'judge-echo', criteria: { 'crit-charlie': 1, 'crit-delta': 1 } }),
      /team-alpha|judge-echo/,
    );
  });

  it('an unknown team in absent, or one listed twice', () => {
    expectRefused((f) => ((f as unknown as ReferenceInput).absent = [{ team: 'team-ghost', reason: '' }]), /absent\[0\].*team-ghost/);
    expectRefused((f) => ((f as unknown as ReferenceInput).absent = [{ team: 'team-alpha', reason: '' }, { team: 'team-alpha', reason: '' }]),
      /absent\[1\].*team-alpha/);
  });

  it('a recused judge\'s sheet is still checked like any other', () => {
    expectRefused(
      (f) => f.scores.push({ team: 'team-omega', judge: 'judge-fox', criteria: { 'crit-charlie': 11, 'crit-delta': 1 } }),
      /team-omega.*judge-fox.*over the max/,
    );
  });

  it('more than 3 decimals', () => {
    // ("7.5000" has the value 7.5 and is accepted: the spec counts the decimals of the value, not of the text)
    expectRefused((f) => (f.scores[0]!.criteria['crit-charlie'] = '7.5001'), /crit-charlie|team-alpha|judge-bravo/);
    expectRefused((f) => (f.scores[0]!.criteria['crit-delta'] = 12.0001), /crit-delta|team-alpha|judge-bravo/);
  });

  it('a negative value', () => {
    expectRefused((f) => (f.scores[0]!.criteria['crit-delta'] = -1), /crit-delta|team-alpha|judge-bravo/);
    expectRefused((f) => (f.scores[0]!.criteria['crit-charlie'] = '-0.5'), /crit-charlie|team-alpha|judge-bravo/);
  });

  it('a sheet missing a criterion', () => {
    expectRefused((f) => delete f.scores[0]!.criteria['crit-delta'], /crit-delta|team-alpha|judge-bravo/);
  });

  it('malformed structure: missing rules', () => {
    expectRefused((f) => delete f.rules, /rules/);
  });
});
