// The public's part and the weighted final score (shared/mix.ts): hand-worked rounding traps, the rank's order, and a
// property test against a second, simple implementation working digit by digit on decimal strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScaled } from '../../shared/decimal';
import { applyMix, mixedScore, publicPart, scoresInput, votesInput, type MixRule } from '../../shared/mix';
import { aggregateTeam, DEFAULT_AWARDS, DEFAULT_RULES, rankTeams, type ScoringRules } from '../../shared/scoring';

const votes = (panelPercent: number, fullMarksMilli = 100_000): MixRule =>
  ({ panelPercent, publicPercent: 100 - panelPercent, public: { kind: 'votes', fullMarksMilli } });
const scores = (panelPercent: number, fullMarksMilli = 100_000): MixRule =>
  ({ panelPercent, publicPercent: 100 - panelPercent, public: { kind: 'scores', fullMarksMilli } });

describe('the public part', () => {
  it('is the exact ratio of votes to the most votes × full marks, rounded half-up', () => {
    // 1/3 × 100 = 33.333… → 33.33; 2/3 × 100 = 66.666… → 66.67; 1/8 × 100 = 12.5 exactly.
    expect(publicPart(votes(70), { kind: 'votes', votes: 1, maxVotes: 3 }, 2)).toBe(3333);
    expect(publicPart(votes(70), { kind: 'votes', votes: 2, maxVotes: 3 }, 2)).toBe(6667);
    expect(publicPart(votes(70), { kind: 'votes', votes: 1, maxVotes: 8 }, 0)).toBe(13); // 12.5 → 13 (half-up)
    expect(publicPart(votes(70), { kind: 'votes', votes: 1, maxVotes: 8 }, 1)).toBe(125);
    // 1/16 × 10 = 0.625 → 0.63 at 2 decimals, although 0.625 in binary floating point rounds to 0.62.
    expect(publicPart(votes(70, 10_000), { kind: 'votes', votes: 1, maxVotes: 16 }, 2)).toBe(63);
    // The team with the most votes gets full marks; no votes at all: 0.
    expect(publicPart(votes(70), { kind: 'votes', votes: 1234, maxVotes: 1234 }, 2)).toBe(10000);
    expect(publicPart(votes(70), { kind: 'votes', votes: 0, maxVotes: 0 }, 2)).toBe(0);
  });

  it('is the exact mean of the public totals, rounded half-up; none is 0', () => {
    expect(publicPart(scores(70), scoresInput([8425]), 2)).toBe(843); // 8.425 → 8.43
    expect(publicPart(scores(70), scoresInput([1000, 1010]), 2)).toBe(101); // 1.005 → 1.01
    expect(publicPart(scores(70), scoresInput([85_000, 85_000, 85_001]), 2)).toBe(8500); // 85.000333…
    expect(publicPart(scores(70), scoresInput([]), 2)).toBe(0);
  });

  it('reads a track\'s vote counts: the most votes of any team, a team not listed has 0', () => {
    expect(votesInput({ a: 5, b: 9 }, 'a')).toEqual({ kind: 'votes', votes: 5, maxVotes: 9 });
    expect(votesInput({ a: 5, b: 9 }, 'c')).toEqual({ kind: 'votes', votes: 0, maxVotes: 9 });
  });
});

describe('the final score', () => {
  it('weighs the published parts and rounds half-up: 85.13 × 70 % + 72.41 × 30 % = 81.314 → 81.31', () => {
    expect(mixedScore(votes(70), { panel: 8513, public: 7241 })).toBe(8131);
    // 80.05 × 50 % + 80.00 × 50 % = 80.025 → 80.03 (the half goes up).
    expect(mixedScore(votes(50), { panel: 8005, public: 8000 })).toBe(8003);
    expect(mixedScore(votes(100), { panel: 8513, public: 0 })).toBe(8513);
    expect(mixedScore(votes(0), { panel: 8513, public: 7241 })).toBe(7241);
  });

  it('uses the published parts, not the exact ones: P 80.005 is published 80.01 and weighed as such', () => {
    const agg = aggregateTeam('t', [{ judge: 'a', total: 80_005, criteria: {} }], { ...DEFAULT_RULES, minJudges: 1 });
    expect(agg.published).toBe(8001);
    const mixed = applyMix(agg, scores(70), scoresInput([80_000]), 2);
    expect(mixed.parts).toEqual({ panel: 8001, public: 8000 });
    // 80.01 × 70 % + 80.00 × 30 % = 80.007 → 80.01 (the exact parts would give 80.0035 → 80.00).
    expect(formatScaled(mixed.published!, 2)).toBe('80.01');
    expect(formatScaled(applyMix(agg, scores(70), scoresInput([72_405]), 2).published!, 2)).toBe('77.73'); // 56.007 + 21.723
  });

  it('gives no score to a team without a panel quorum, whatever its public part; no mix leaves the aggregate alone', () => {
    const short = aggregateTeam('t', [{ judge: 'a', total: 90_000, criteria: {} }], DEFAULT_RULES);
    expect(applyMix(short, votes(70), { kind: 'votes', votes: 9, maxVotes: 9 }, 2)).toBe(short);
    const agg = aggregateTeam('t', [1, 2, 3].map((i) => ({ judge: `j${i}`, total: 80_000, criteria: {} })), DEFAULT_RULES);
    expect(applyMix(agg, null, scoresInput([1000]), 2)).toBe(agg);
  });

  it('ranks by F, then the higher panel part, then the tie-break chain, then shares the rank', () => {
    const rules: ScoringRules = { ...DEFAULT_RULES, minJudges: 1, tieBreak: ['untrimmed-mean'] };
    const rule = scores(50);
    const team = (id: string, panel: number, pub: number) =>
      applyMix(aggregateTeam(id, [{ judge: 'j', total: panel, criteria: {} }], rules), rule, scoresInput([pub]), 2);
    // a and b: F 80.00 each; a's panel part is higher → a first. c, d: equal F and equal P: shared rank.
    const list = [team('b', 70_000, 90_000), team('a', 90_000, 70_000), team('c', 60_000, 60_000), team('d', 60_000, 60_000)];
    expect(list.map((a) => a.published)).toEqual([8000, 8000, 6000, 6000]);
    const ranks = rankTeams(list, rules, DEFAULT_AWARDS).map((s) => [s.team, s.rank]);
    expect(ranks).toEqual([['a', 1], ['b', 2], ['c', 3], ['d', 3]]);
  });
});

// The second implementation: exact decimal strings, a quotient written out digit by digit by long division (as on paper),
// then rounded half-up by looking at the first dropped digit.

/** num/den (non-negative integers as digit strings, den > 0) written out to `digits` decimals and one more, by long division. */
function longDivision(num: string, den: number, digits: number): string {
  let rem = 0;
  let out = '';
  for (const ch of num) {
    rem = rem * 10 + Number(ch);
    out += String(Math.floor(rem / den));
    rem %= den;
  }
  out = out.replace(/^0+(?=\d)/, '');
  let frac = '';
  for (let i = 0; i < digits + 1; i += 1) {
    rem *= 10;
    frac += String(Math.floor(rem / den));
    rem %= den;
  }
  return `${out}.${frac}`;
}

/** A decimal string "12.345" (one extra digit) rounded half-up to `digits` decimals, by its digits, as "12.35". */
function roundDigits(text: string, digits: number): string {
  const [whole, frac] = text.split('.') as [string, string];
  const kept = (whole + frac.slice(0, digits)).split('').map(Number);
  if (Number(frac[digits]) >= 5) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === 9) kept[i--] = 0;
    if (i < 0) kept.unshift(1);
    else kept[i]! += 1;
  }
  const all = kept.join('');
  const w = all.slice(0, all.length - digits).replace(/^0+(?=\d)/, '') || '0';
  return digits ? `${w}.${all.slice(all.length - digits)}` : w;
}

/** A product of small non-negative integers as a digit string (schoolbook multiplication on strings). */
function multiply(a: string, b: string): string {
  const out = new Array<number>(a.length + b.length).fill(0);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      const sum = out[i + j + 1]! + Number(a[i]) * Number(b[j]);
      out[i + j + 1] = sum % 10;
      out[i + j]! += Math.floor(sum / 10);
    }
  }
  return out.join('').replace(/^0+(?=\d)/, '');
}

/** A published decimal string with its point removed: "85.13" → "8513". */
const units = (text: string): string => text.replace('.', '').replace(/^0+(?=\d)/, '');

/** The public part as a decimal string, the second way: votes × fullMarks / maxVotes, or sum / count (milli → points). */
function referencePublic(rule: MixRule, votesOrSum: number, of: number, decimals: number): string {
  if (of === 0 || votesOrSum === 0) return roundDigits(`0.${'0'.repeat(decimals + 1)}`, decimals);
  const num = rule.public.kind === 'votes' ? multiply(String(votesOrSum), String(rule.public.fullMarksMilli)) : String(votesOrSum);
  return roundDigits(longDivision(num, of * 1000, decimals), decimals);
}

/** F as a decimal string, the second way: the digit strings of P and U times their weights, added, over 100 × 10^decimals. */
function referenceFinal(rule: MixRule, panel: string, pub: string, decimals: number): string {
  const weighted = BigInt(multiply(units(panel), String(rule.panelPercent))) + BigInt(multiply(units(pub), String(rule.publicPercent)));
  return roundDigits(longDivision(String(weighted), 100 * 10 ** decimals, decimals), decimals);
}

describe('the arithmetic agrees with a second, digit-by-digit implementation', () => {
  const decimalsArb = fc.integer({ min: 0, max: 3 });
  const percentArb = fc.integer({ min: 0, max: 100 });
  const fullArb = fc.oneof(fc.constant(100_000), fc.constant(10_000), fc.integer({ min: 1, max: 1_000_000 }));

  it('votes: U and F on random counts', () => {
    fc.assert(fc.property(decimalsArb, percentArb, fullArb, fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }),
      fc.integer({ min: 0, max: 100_000 }), (decimals, percent, full, a, b, panelUnits) => {
        const rule = votes(percent, full);
        const [v, max] = a <= b ? [a, b] : [b, a];
        const u = publicPart(rule, { kind: 'votes', votes: v, maxVotes: max }, decimals);
        expect(formatScaled(u, decimals)).toBe(referencePublic(rule, v, max, decimals));
        const p = formatScaled(panelUnits, decimals);
        expect(formatScaled(mixedScore(rule, { panel: panelUnits, public: u }), decimals))
          .toBe(referenceFinal(rule, p, formatScaled(u, decimals), decimals));
      }), { numRuns: 3000 });
  });

  it('scores: U and F on random public totals, thirds and x.xx5 means included', () => {
    const totalArb = fc.oneof(fc.integer({ min: 0, max: 100 }).map((v) => v * 1000), fc.integer({ min: 0, max: 20_000 }).map((v) => v * 5),
      fc.integer({ min: 0, max: 100_000 }));
    fc.assert(fc.property(decimalsArb, percentArb, fc.array(totalArb, { maxLength: 40 }), fc.integer({ min: 0, max: 100_000 }),
      (decimals, percent, totals, panelUnits) => {
        const rule = scores(percent);
        const input = scoresInput(totals);
        const u = publicPart(rule, input, decimals);
        expect(formatScaled(u, decimals)).toBe(referencePublic(rule, input.kind === 'scores' ? input.sum : 0, totals.length, decimals));
        expect(formatScaled(mixedScore(rule, { panel: panelUnits, public: u }), decimals))
          .toBe(referenceFinal(rule, formatScaled(panelUnits, decimals), formatScaled(u, decimals), decimals));
      }), { numRuns: 3000 });
  });
});
