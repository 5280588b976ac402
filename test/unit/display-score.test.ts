// The projector's exact arithmetic on published score strings: the count-up lands on the string itself and never
// shows a value above it; the next prize line is one unit over the lowest better-awarded score; the board window.
import { describe, expect, it } from 'vitest';
import { visibleLines, type BoardRow } from '../../display/projector/board';
import { countUpText, nextPrizeLine, toUnits } from '../../display/common/score';
import type { BoardView } from '../../shared/protocol';
import type { Award } from '../../shared/scoring';

function board(rows: Array<[string, string, number, Award | null]>, decimals = 2): BoardView {
  return {
    eventId: 'E', trackId: 'T', trackName: 'T', decimals, awards: { first: 1, second: 2, third: 5, merit: 0, specialPoolPercent: 20 }, final: false, special: null,
    rows: rows.map(([id, score, rank, award]) => ({
      team: { id, project: id, name: '', leadOrg: '', coOrgs: [], trackId: 'T', trackName: 'T', topic: '', status: 'waiting' },
      score, rank, award, tieAtLine: false, specialPool: false, corrected: false,
    })),
  };
}

describe('count-up', () => {
  it('ends on the exact published string and keeps its decimals on the way', () => {
    for (const target of ['87.40', '100.00', '0.01', '85', '79.125', '9.9']) {
      const decimals = toUnits(target).decimals;
      let last = -1n;
      for (let i = 0; i <= 200; i++) {
        const text = countUpText(target, i / 200);
        expect(text.split('.')[1]?.length ?? 0).toBe(decimals);
        const units = toUnits(text).units;
        expect(units >= last).toBe(true);
        expect(units <= toUnits(target).units).toBe(true);
        last = units;
      }
      expect(countUpText(target, 1)).toBe(target);
      expect(countUpText(target, 1.7)).toBe(target);
    }
  });

  it('refuses what is not a published score', () => {
    expect(() => toUnits('8,5')).toThrow();
    expect(() => toUnits('-1.00')).toThrow();
  });
});

describe('next prize line', () => {
  const b = board([
    ['a', '92.00', 1, 'first'], ['b', '89.00', 2, 'second'], ['c', '87.40', 3, 'second'],
    ['d', '84.60', 4, 'third'], ['e', '74.80', 8, 'third'], ['f', '70.05', 9, null],
  ]);
  it('is one unit over the lowest score holding a better award', () => {
    expect(nextPrizeLine(b, 'e')).toEqual({ kind: 'line', award: 'second', needed: '87.41', gap: '12.61', holder: 'c' });
    expect(nextPrizeLine(b, 'f')).toEqual({ kind: 'line', award: 'third', needed: '74.81', gap: '4.76', holder: 'e' });
    expect(nextPrizeLine(b, 'b')).toEqual({ kind: 'line', award: 'first', needed: '92.01', gap: '3.01', holder: 'a' });
    expect(nextPrizeLine(b, 'a')).toEqual({ kind: 'leading' });
    expect(nextPrizeLine(b, 'zz')).toBeNull();
  });
  it('is 0.01 away after losing a tie on the tie-break, and works with other decimals', () => {
    const tie = board([['a', '88.50', 1, 'first'], ['b', '88.50', 2, 'second']]);
    expect(nextPrizeLine(tie, 'b')).toMatchObject({ needed: '88.51', gap: '0.01' });
    const whole = board([['a', '90', 1, 'first'], ['b', '85', 2, 'second']], 0);
    expect(nextPrizeLine(whole, 'b')).toMatchObject({ needed: '91', gap: '6' });
  });
  it('skips a vacant prize: the line is the nearest better award anyone holds', () => {
    const vacant = board([['a', '91.00', 1, 'first'], ['b', '80.00', 2, null]]);
    expect(nextPrizeLine(vacant, 'b')).toMatchObject({ award: 'first', needed: '91.01', gap: '11.01' });
  });
});

describe('board window', () => {
  const rows = Array.from({ length: 30 }, (_, i) => ({ team: { id: `t${i}` } }) as BoardRow);
  it('shows every row that fits, else the top and the highlighted team with its neighbours', () => {
    expect(visibleLines(rows.slice(0, 10), null, 14)).toHaveLength(10);
    const top = visibleLines(rows, 't3', 14);
    expect(top).toHaveLength(14);
    expect(top[13]).toEqual({ kind: 'gap', hidden: 17 });
    for (const at of [12, 13, 20, 28, 29]) {
      const lines = visibleLines(rows, `t${at}`, 14);
      expect(lines.length).toBeLessThanOrEqual(14);
      const shown = lines.flatMap((l) => (l.kind === 'row' ? [l.index] : []));
      expect(shown).toContain(at);
      expect(shown[0]).toBe(0);
      const hidden = lines.reduce((n, l) => n + (l.kind === 'gap' ? l.hidden : 0), 0);
      expect(shown.length + hidden).toBe(30);
    }
  });
});
