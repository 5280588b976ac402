// The special awards' rules (shared/special.ts): reading old configs, a set of winners' validity, the ballot tally;
// hand-computed cases and fast-check properties against a brute-force count.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { trackSchema } from '../../shared/domain';
import { eventFromPreset } from '../../shared/presets';
import { checkEventConfig } from '../../shared/setup';
import {
  awardsByTeam, checkSpecialWinners, specialAwardsSchema, specialPool, specialProblemText, tallySpecialBallots, tallyWinners,
  type SpecialAward, type SpecialBallot,
} from '../../shared/special';

const AWARDS: SpecialAward[] = [{ name: '最具价值奖', count: 1 }, { name: '应用实践奖', count: 2 }, { name: '科技创新奖', count: 0 }];
const POOL = ['t1', 't2', 't3', 't4'];

describe('special awards in the configuration', () => {
  it('reads an older names-only list as count 1 each, and the new form as it is', () => {
    expect(specialAwardsSchema.parse(['最具价值奖', { name: '应用实践奖', count: 3 }])).toEqual([
      { name: '最具价值奖', count: 1 }, { name: '应用实践奖', count: 3 },
    ]);
    const track = eventFromPreset('sjys-2026-guangdong', 'ev').tracks[0]!;
    expect(trackSchema.parse({ ...track, specialAwards: ['最具价值奖'] }).specialAwards).toEqual([{ name: '最具价值奖', count: 1 }]);
    expect(specialAwardsSchema.safeParse([{ name: '', count: 1 }]).success).toBe(false);
    expect(specialAwardsSchema.safeParse([{ name: 'x', count: -1 }]).success).toBe(false);
    expect(specialAwardsSchema.safeParse([{ name: 'x', count: 1.5 }]).success).toBe(false);
  });

  it('refuses a track naming one special award twice', () => {
    const ev = eventFromPreset('sjys-2026-guangdong', 'ev');
    ev.tracks[0]!.specialAwards = [{ name: '最具价值奖', count: 1 }, { name: '最具价值奖', count: 2 }];
    expect(checkEventConfig(ev).map((p) => p.en)).toContainEqual(expect.stringContaining('special award is named twice'));
  });

  it('takes the pool from the standings, in rank order', () => {
    expect(specialPool([
      { team: 'a', rank: 1, award: 'first', tieAtLine: false, specialPool: true },
      { team: 'b', rank: 2, award: 'second', tieAtLine: false, specialPool: true },
      { team: 'c', rank: 3, award: 'second', tieAtLine: false, specialPool: false },
    ])).toEqual(['a', 'b']);
  });
});

describe('checkSpecialWinners', () => {
  it('accepts winners in the pool, within the counts, one award per team', () => {
    expect(checkSpecialWinners(AWARDS, POOL, [
      { award: '最具价值奖', team: 't1' }, { award: '应用实践奖', team: 't2' }, { award: '应用实践奖', team: 't3' },
    ])).toEqual([]);
  });

  it('names every fault with the entry', () => {
    const problems = checkSpecialWinners(AWARDS, POOL, [
      { award: '最佳', team: 't1' },
      { award: '最具价值奖', team: 't9' },
      { award: '最具价值奖', team: 't1' },
      { award: '最具价值奖', team: 't2' },
      { award: '应用实践奖', team: 't1' },
      { award: '科技创新奖', team: 't4' },
    ]);
    expect(problems.map((p) => [p.kind, p.index])).toEqual([
      ['unknown-award', 0], ['not-in-pool', 1], ['over-count', 3], ['two-awards', 4], ['over-count', 5],
    ]);
    expect(problems.map((p) => specialProblemText(p))).toEqual([
      'specialAwards[0] ("最佳", team "t1"): the award "最佳" is not one of the track\'s special awards',
      'specialAwards[1] ("最具价值奖", team "t9"): team "t9" is not ranked in the special-award pool',
      'specialAwards[3] ("最具价值奖", team "t2"): more winners of "最具价值奖" than its count 1',
      'specialAwards[4] ("应用实践奖", team "t1"): team "t1" already holds the special award "最具价值奖"',
      'specialAwards[5] ("科技创新奖", team "t4"): more winners of "科技创新奖" than its count 0',
    ]);
  });

  it('lists each team\'s awards in award order', () => {
    expect([...awardsByTeam(AWARDS, [{ award: '应用实践奖', team: 't2' }, { award: '最具价值奖', team: 't1' }])])
      .toEqual([['t1', ['最具价值奖']], ['t2', ['应用实践奖']]]);
  });
});

describe('tallySpecialBallots', () => {
  const ballot = (a: string | null, b: string | null): SpecialBallot => ({ 最具价值奖: a, 应用实践奖: b });

  it('gives each award to its most-voted teams, abstentions not counted, awards of count 0 left out', () => {
    const tallies = tallySpecialBallots(AWARDS, POOL, [ballot('t1', 't2'), ballot('t1', 't3'), ballot(null, 't2'), ballot('t2', null)]);
    expect(tallies.map((t) => t.award)).toEqual(['最具价值奖', '应用实践奖']);
    expect(tallies[0]).toMatchObject({ winners: ['t1'], open: null });
    expect(tallies[0]!.votes).toEqual([{ team: 't1', votes: 2 }, { team: 't2', votes: 1 }, { team: 't3', votes: 0 }, { team: 't4', votes: 0 }]);
    expect(tallies[1]).toMatchObject({ winners: ['t2', 't3'], open: null });
    expect(tallyWinners(tallies)).toEqual([{ award: '最具价值奖', team: 't1' }, { award: '应用实践奖', team: 't2' }, { award: '应用实践奖', team: 't3' }]);
  });

  it('leaves a tie at the last place to the host, keeping the clear winners', () => {
    const tallies = tallySpecialBallots(AWARDS, POOL, [ballot('t1', 't2'), ballot('t4', 't2'), ballot(null, 't3'), ballot(null, 't4')]);
    expect(tallies[0]).toMatchObject({ winners: [], open: { why: 'tie', teams: ['t1', 't4'], places: 1 } });
    expect(tallies[1]).toMatchObject({ winners: ['t2'], open: { why: 'tie', teams: ['t3', 't4'], places: 1 } });
  });

  it('sends a team that would win two awards to the host', () => {
    const tallies = tallySpecialBallots(AWARDS, POOL, [ballot('t1', 't1'), ballot('t1', 't1'), ballot('t2', 't3')]);
    expect(tallies[0]).toMatchObject({ winners: [], open: { why: 'double', teams: ['t1'], places: 1 } });
    expect(tallies[1]).toMatchObject({ winners: ['t3'], open: { why: 'double', teams: ['t1'], places: 1 } });
  });

  it('gives nothing without votes, and ignores picks outside the pool', () => {
    const tallies = tallySpecialBallots(AWARDS, POOL, [ballot('t9', null), {}]);
    expect(tallies.map((t) => [t.winners, t.open])).toEqual([[[], null], [[], null]]);
  });

  // Properties: against a brute-force count, the tally's winners are always a valid set of winners; a winner has more
  // votes than every non-winner of its award; an award is open exactly when the votes do not decide its places.
  const awardsArb = fc.uniqueArray(fc.record({ name: fc.constantFrom('A', 'B', 'C', 'D'), count: fc.integer({ min: 0, max: 3 }) }), { selector: (a) => a.name, minLength: 1 });
  const poolArb = fc.uniqueArray(fc.constantFrom('t1', 't2', 't3', 't4', 't5', 't6'), { minLength: 1 });
  const caseArb = fc.tuple(awardsArb, poolArb).chain(([awards, pool]) => fc.tuple(
    fc.constant(awards), fc.constant(pool),
    fc.array(fc.record(Object.fromEntries(awards.map((a) => [a.name, fc.option(fc.constantFrom(...pool))])) as Record<string, fc.Arbitrary<string | null>>), { maxLength: 9 }),
  ));

  it('never gives an invalid set of winners, and decides exactly what the votes decide', () => {
    fc.assert(fc.property(caseArb, ([awards, pool, ballots]) => {
      const tallies = tallySpecialBallots(awards, pool, ballots);
      expect(checkSpecialWinners(awards, pool, tallyWinners(tallies))).toEqual([]);
      expect(tallies.map((t) => t.award)).toEqual(awards.filter((a) => a.count > 0).map((a) => a.name));
      for (const t of tallies) {
        const votes = (team: string) => ballots.filter((b) => b[t.award] === team).length;
        for (const v of t.votes) expect(v.votes).toBe(votes(v.team));
        const losers = pool.filter((team) => !t.winners.includes(team));
        for (const w of t.winners) {
          expect(votes(w)).toBeGreaterThan(0);
          for (const l of losers) if (!t.open?.teams.includes(l)) expect(votes(w)).toBeGreaterThan(votes(l));
        }
        // Brute force: the places are decided when the count-th and the next most-voted teams differ (or too few got votes).
        const sorted = pool.map(votes).filter((n) => n > 0).sort((x, y) => y - x);
        const decided = sorted.length <= t.count || sorted[t.count - 1] !== sorted[t.count];
        if (!decided) expect(t.open).not.toBeNull();
        if (t.open === null) {
          expect(decided).toBe(true);
          expect(t.winners.length).toBe(Math.min(t.count, sorted.length));
        } else expect(t.winners.length + t.open.places).toBe(Math.min(t.count, sorted.length));
      }
    }), { numRuns: 500 });
  });
});
