// The judges' record (shared/record.ts) against an independent brute-force computation in plain numbers, on a fixed
// panel worked by hand and on random panels.
import { describe, expect, it } from 'vitest';
import { formatPoints, formatTau, judgesRecord, recordTeams, type RecordTeam } from '../../shared/record';
import { DEFAULT_RULES, type ScoringRules } from '../../shared/scoring';

/** The median of plain numbers. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Which panel positions are dropped: the `high` largest (earlier judge first on ties), then the `low` smallest of the rest. */
function dropped(totals: number[], high: number, low: number): Array<'highest' | 'lowest' | null> {
  const marks: Array<'highest' | 'lowest' | null> = totals.map(() => null);
  for (let k = 0; k < high; k++) {
    let best = -1;
    totals.forEach((t, i) => { if (marks[i] === null && (best < 0 || t > totals[best]!)) best = i; });
    marks[best] = 'highest';
  }
  for (let k = 0; k < low; k++) {
    let best = -1;
    totals.forEach((t, i) => { if (marks[i] === null && (best < 0 || t < totals[best]!)) best = i; });
    marks[best] = 'lowest';
  }
  return marks;
}

/** Tau-b by its textbook formula: (concordant − discordant) / sqrt((n0 − ties in x)(n0 − ties in y)). */
function tauB(x: number[], y: number[]): number | null {
  let c = 0;
  let d = 0;
  let tx = 0;
  let ty = 0;
  let n0 = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < i; j++) {
      n0 += 1;
      if (x[i] === x[j]) tx += 1;
      if (y[i] === y[j]) ty += 1;
      const p = (x[i]! - x[j]!) * (y[i]! - y[j]!);
      if (p > 0) c += 1;
      if (p < 0) d += 1;
    }
  }
  const den = Math.sqrt((n0 - tx) * (n0 - ty));
  return den === 0 ? null : (c - d) / den;
}

/** The record computed the plain way, in points. */
function bruteForce(teams: RecordTeam[], rules: ScoringRules, judges: string[], criteria: string[]) {
  const trimmed = rules.method.startsWith('trimmed');
  const final = teams.filter((t) => t.sheets.length >= rules.minJudges && t.sheets.length > 0).map((t) => {
    const totals = t.sheets.map((s) => s.total / 1000);
    const trim = trimmed && totals.length >= rules.trimWhenAtLeast;
    const marks = dropped(totals, trim ? rules.dropHighest : 0, trim ? rules.dropLowest : 0);
    const kept = totals.filter((_, i) => marks[i] === null);
    const sum = kept.reduce((a, b) => a + b, 0);
    return { t, totals, marks, score: rules.method.endsWith('mean') ? sum / kept.length : sum };
  });
  return judges.map((judge) => {
    const mine = final.filter((f) => f.t.sheets.some((s) => s.judge === judge));
    const at = (f: (typeof final)[number]) => f.t.sheets.findIndex((s) => s.judge === judge);
    const criteriaOffsets = criteria.map((c) => ({
      c,
      v: mine.reduce((a, f) => a + Math.abs(f.t.sheets[at(f)]!.criteria[c]! / 1000 - median(f.t.sheets.map((s) => s.criteria[c]! / 1000))), 0) / mine.length,
    }));
    return {
      judge,
      teams: mine.length,
      offset: mine.reduce((a, f) => a + f.totals[at(f)]! - median(f.totals), 0) / mine.length,
      high: mine.filter((f) => f.marks[at(f)] === 'highest').length,
      low: mine.filter((f) => f.marks[at(f)] === 'lowest').length,
      tau: tauB(mine.map((f) => f.totals[at(f)]!), mine.map((f) => f.score)),
      criteria: criteriaOffsets,
    };
  }).filter((r) => r.teams > 0);
}

function compare(teams: RecordTeam[], rules: ScoringRules, judges: string[], criteria: string[]): void {
  const got = judgesRecord(teams, rules, judges, criteria);
  const want = bruteForce(teams, rules, judges, criteria);
  expect(got.map((r) => r.judge)).toEqual(want.map((r) => r.judge));
  got.forEach((r, k) => {
    const w = want[k]!;
    expect(r.teams).toBe(w.teams);
    expect(r.offset.num / r.offset.den / 1000).toBeCloseTo(w.offset, 9);
    expect(r.droppedHighest).toBe(w.high);
    expect(r.droppedLowest).toBe(w.low);
    if (w.tau === null) expect(r.tau).toBeNull();
    else expect(r.tau).toBeCloseTo(w.tau, 9);
    const values = r.criteria.map((c) => c.offset.num / c.offset.den / 1000);
    for (let i = 1; i < values.length; i++) expect(values[i - 1]).toBeGreaterThanOrEqual(values[i]!);
    for (const c of r.criteria) expect(c.offset.num / c.offset.den / 1000).toBeCloseTo(w.criteria.find((x) => x.c === c.criterion)!.v, 9);
  });
}

const sheet = (judge: string, a: number, b: number) => ({ judge, total: (a + b) * 1000, criteria: { a: a * 1000, b: b * 1000 } });

describe('judgesRecord', () => {
  // Five judges, three teams, trimmed mean dropping one each way from 5 valid judges.
  const teams: RecordTeam[] = [
    { team: 't1', sheets: [sheet('j1', 40, 50), sheet('j2', 35, 45), sheet('j3', 30, 40), sheet('j4', 45, 50), sheet('j5', 20, 30)] },
    { team: 't2', sheets: [sheet('j1', 30, 40), sheet('j2', 35, 40), sheet('j3', 40, 45), sheet('j4', 45, 50), sheet('j5', 25, 25)] },
    // j3 recused: four valid judges, no trimming.
    { team: 't3', sheets: [sheet('j1', 20, 30), sheet('j2', 40, 40), sheet('j4', 45, 45), sheet('j5', 30, 30)] },
  ];
  const judges = ['j1', 'j2', 'j3', 'j4', 'j5', 'j6'];

  it('works a fixed panel out as by hand', () => {
    const rec = judgesRecord(teams, DEFAULT_RULES, judges, ['a', 'b']);
    expect(rec.map((r) => r.judge)).toEqual(['j1', 'j2', 'j3', 'j4', 'j5']);
    const j4 = rec.find((r) => r.judge === 'j4')!;
    // t1: 95 vs median 80 (+15); t2: 95 vs 75 (+20); t3: 90 vs median of 50, 60, 80, 90 = 70 (+20) → +55/3.
    expect(formatPoints(j4.offset)).toBe('+18.33');
    expect([j4.droppedHighest, j4.droppedLowest]).toEqual([2, 0]);
    // j4 gives 95, 95, 90; the panel's scores: t1 240/3 = 80, t2 230/3, t3 280/4 = 70 → one tie in x: (2 − 0) / sqrt(2 × 3).
    expect(j4.tau).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(formatTau(j4.tau)).toBe('0.82');
    const j5 = rec.find((r) => r.judge === 'j5')!;
    // −30, −25, −10 → −65/3; criterion b: (15 + 15 + 5)/3 ahead of a: (15 + 10 + 5)/3.
    expect(formatPoints(j5.offset)).toBe('-21.67');
    expect([j5.droppedHighest, j5.droppedLowest]).toEqual([0, 2]);
    expect(j5.criteria.map((c) => c.criterion)).toEqual(['b', 'a']);
    expect(rec.find((r) => r.judge === 'j3')!.teams).toBe(2);
    compare(teams, DEFAULT_RULES, judges, ['a', 'b']);
  });

  it('leaves out teams without a published score and writes figures plainly', () => {
    const few = judgesRecord([{ team: 'x', sheets: [sheet('j1', 1, 1), sheet('j2', 2, 2)] }], DEFAULT_RULES, ['j1', 'j2'], ['a', 'b']);
    expect(few).toEqual([]);
    expect(formatPoints({ num: 0, den: 3 })).toBe('0.00');
    expect(formatPoints({ num: -5, den: 1 })).toBe('-0.01');
    expect(formatPoints({ num: 4, den: 1 })).toBe('0.00');
    expect(formatTau(null)).toBe('—');
  });

  it('agrees with the brute force on random panels', () => {
    let seed = 17;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
    const methods: ScoringRules['method'][] = ['trimmed-mean', 'mean', 'trimmed-sum', 'sum'];
    for (let round = 0; round < 60; round++) {
      const panel = Array.from({ length: 3 + rand(6) }, (_, i) => `j${i + 1}`);
      const rules: ScoringRules = { ...DEFAULT_RULES, method: methods[rand(4)]!, dropHighest: rand(2) + 1, dropLowest: rand(2), trimWhenAtLeast: 5, minJudges: 3 };
      const teams: RecordTeam[] = Array.from({ length: 2 + rand(7) }, (_, t) => ({
        team: `t${t}`,
        // Coarse values (whole and half points) so that ties come up often; some judges recused.
        sheets: panel.filter(() => rand(5) > 0).map((judge) => sheet(judge, rand(12) * 2.5, rand(8) * 5)),
      }));
      compare(teams, rules, panel, ['a', 'b']);
    }
  });

  it('takes the supervisor\'s sheets in the track\'s judge order, a recused judge\'s sheet left out', () => {
    const v = (total: number) => ({ total, criteria: {} });
    const sheets = { t1: { j3: v(3), j1: v(1), j2: v(2) }, t2: { j2: v(5) } };
    expect(recordTeams(['t1', 't2', 't3'], sheets, ['j1', 'j2', 'j3'], [{ team: 't1', judge: 'j2' }])).toEqual([
      { team: 't1', sheets: [{ judge: 'j1', ...v(1) }, { judge: 'j3', ...v(3) }] },
      { team: 't2', sheets: [{ judge: 'j2', ...v(5) }] },
      { team: 't3', sheets: [] },
    ]);
  });
});
