// Exact decimals: reading values into milli-points, writing them back, half-up rounding, exact comparison.
import { describe, expect, it } from 'vitest';
import { compareFractions, DecimalError, formatMilli, formatQuotient, formatScaled, parseMilli, roundHalfUp } from '../../shared/decimal';

describe('parseMilli', () => {
  it('reads numbers and decimal strings exactly', () => {
    expect(parseMilli(17.5)).toBe(17500);
    expect(parseMilli('17.5')).toBe(17500);
    expect(parseMilli('0.001')).toBe(1);
    expect(parseMilli(0.1)).toBe(100);
    expect(parseMilli('100')).toBe(100000);
    expect(parseMilli('7.5000')).toBe(7500);
    expect(parseMilli(8.425)).toBe(8425);
  });

  it('refuses anything inexact or not a plain non-negative decimal', () => {
    for (const bad of [-1, '-1', '1.0001', 0.1 + 0.2, NaN, Infinity, '1e3', ' 7', '7 ', '.5', '7.', '+1', '', null, {}, [], true, 1e21]) {
      expect(() => parseMilli(bad), String(bad)).toThrow(DecimalError);
    }
  });
});

describe('formatting', () => {
  it('writes milli-points as the shortest exact decimal', () => {
    expect([85000, 85500, 85250, 1, 0, 100010].map(formatMilli)).toEqual(['85', '85.5', '85.25', '0.001', '0', '100.01']);
  });
  it('writes scaled integers with exactly the given decimals', () => {
    expect(formatScaled(8543, 2)).toBe('85.43');
    expect(formatScaled(5, 2)).toBe('0.05');
    expect(formatScaled(0, 3)).toBe('0.000');
    expect(formatScaled(85, 0)).toBe('85');
    expect(formatScaled(8430n, 3)).toBe('8.430');
  });
});

describe('formatQuotient', () => {
  it('writes a fraction cut after the given decimals, saying whether it ended there', () => {
    expect(formatQuotient(251000n, 3000n, 5)).toEqual({ text: '83.66666', exact: false });
    expect(formatQuotient(261600n, 3000n, 5)).toEqual({ text: '87.2', exact: true });
    expect(formatQuotient(258000n, 3000n, 5)).toEqual({ text: '86', exact: true });
    expect(formatQuotient(1n, 8n, 3)).toEqual({ text: '0.125', exact: true });
    expect(formatQuotient(1n, 8n, 2)).toEqual({ text: '0.12', exact: false });
    expect(formatQuotient(7n, 2n, 0)).toEqual({ text: '3', exact: false });
    expect(formatQuotient(10n, 1n, 0)).toEqual({ text: '10', exact: true });
    expect(() => formatQuotient(1n, 0n, 2)).toThrow(RangeError);
  });
});

describe('roundHalfUp', () => {
  it('rounds halves up and everything else to the nearest', () => {
    expect(roundHalfUp(8425n, 10n)).toBe(843n); // 842.5 → 843
    expect(roundHalfUp(1005n, 10n)).toBe(101n); // 100.5 → 101
    expect(roundHalfUp(2n, 3n)).toBe(1n); // 0.667 → 1
    expect(roundHalfUp(1n, 3n)).toBe(0n); // 0.333 → 0
    expect(roundHalfUp(7n, 2n)).toBe(4n); // 3.5 → 4
    expect(roundHalfUp(0n, 7n)).toBe(0n);
  });
  it('refuses a negative numerator or a non-positive denominator', () => {
    expect(() => roundHalfUp(-1n, 2n)).toThrow(RangeError);
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('compareFractions', () => {
  it('compares exactly, where floating point cannot', () => {
    expect(compareFractions(1n, 3n, 2n, 6n)).toBe(0);
    expect(compareFractions(2n, 3n, 1n, 2n)).toBe(1);
    expect(compareFractions(10n ** 17n + 1n, 10n ** 17n, 1n, 1n)).toBe(1);
  });
});

describe('divergentJudges', () => {
  it('flags totals far from the panel median, exactly at the threshold', async () => {
    const { divergentJudges } = await import('../../shared/scoring');
    const panel = (totals: number[]) => totals.map((total, i) => ({ judge: `j${i}`, total: total * 1000 }));
    expect([...divergentJudges(panel([85, 40, 81]), 100_000, 15)]).toEqual(['j1']);
    // median 80; 95 is exactly 15 away: not over the threshold; 95.001 would be
    expect([...divergentJudges(panel([80, 95, 80, 70]), 100_000, 15)]).toEqual([]);
    expect([...divergentJudges([{ judge: 'a', total: 80_000 }, { judge: 'b', total: 95_001 }, { judge: 'c', total: 80_000 }], 100_000, 15)]).toEqual(['b']);
    expect([...divergentJudges(panel([10, 90]), 100_000, 15)]).toEqual([]);
  });
});
