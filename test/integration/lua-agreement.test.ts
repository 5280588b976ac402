// The aggregate computed in Redis (Lua) equals the shared TypeScript engine on thousands of random panels, with and
// without the public's part mixed in (shared/mix.ts).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChainableCommander } from 'ioredis';
import type { Mix } from '../../shared/domain';
import { applyMix, scoresInput, votesInput } from '../../shared/mix';
import { aggregateTeam, METHODS, type ScoringRules, type Sheet } from '../../shared/scoring';
import { Store } from '../../server/store/index';
import { eventKeys } from '../../server/store/keys';
import { useRealRedis } from '../helpers/redis';

const ctx = useRealRedis();
let store: Store;
beforeAll(() => {
  store = new Store(ctx.redis);
});

const CRITERIA = ['a', 'b', 'c'];

/** Rules of every shape the engine allows. */
const rulesArb: fc.Arbitrary<ScoringRules> = fc
  .record({
    method: fc.constantFrom(...METHODS),
    dropHighest: fc.integer({ min: 0, max: 2 }),
    dropLowest: fc.integer({ min: 0, max: 2 }),
    extra: fc.integer({ min: 1, max: 4 }),
    minJudges: fc.integer({ min: 1, max: 5 }),
    decimals: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ extra, ...r }) => ({
    ...r, trimWhenAtLeast: r.dropHighest + r.dropLowest + extra, tieBreak: ['untrimmed-mean', 'criteria'], criteriaOrder: CRITERIA,
  }));

/** A criterion value in milli-points on a step that makes rounding traps likely (thirds, x.xx5 means). */
const valueArb = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((v) => v * 1000),
  fc.integer({ min: 0, max: 400 }).map((v) => v * 100),
  fc.integer({ min: 0, max: 4000 }).map((v) => v * 5),
  fc.integer({ min: 0, max: 40000 }),
);

/** One judge of a random panel: recused or not, with a stored sheet or not, and the sheet's three criteria. */
interface PanelJudge { recused: boolean; present: boolean; criteria: [number, number, number] }

const panelArb: fc.Arbitrary<PanelJudge[]> = fc.array(
  fc.record({ recused: fc.boolean(), present: fc.boolean(), criteria: fc.tuple(valueArb, valueArb, valueArb) }),
  { minLength: 0, maxLength: 11 },
);

/** A sheet as the store keeps it (server/store), with this total and these criteria. */
const stored = (total: number, criteria: Record<string, number> = {}) => JSON.stringify({ version: 1, total, criteria, at: '0', sid: 'x' });

/**
 * Queues a random panel of `team` (judges j0, j1…) on a transaction: the present judges' sheets and the recusals. Returns
 * the judges and the sheets the engine counts (present and not recused).
 */
function queuePanel(multi: ChainableCommander, keys: ReturnType<typeof eventKeys>, team: string, panel: PanelJudge[]) {
  const judges = panel.map((_, i) => `j${i}`);
  const sheets: Sheet[] = [];
  panel.forEach((p, i) => {
    const criteria = Object.fromEntries(CRITERIA.map((c, ci) => [c, p.criteria[ci]!]));
    const total = p.criteria.reduce((a, b) => a + b, 0);
    if (p.present) multi.hset(keys.sheets(team), judges[i]!, stored(total, criteria));
    if (p.recused) multi.sadd(keys.recused(team), judges[i]!);
    if (p.present && !p.recused) sheets.push({ judge: judges[i]!, total, criteria });
  });
  return { judges, sheets };
}

/** 3,000 scripts on a shared machine: each property's time allowance. */
const PROPERTY_MS = 300_000;

/** Rules without trimming, 2 decimals: the rounding traps' plain mean. */
const PLAIN: ScoringRules = { method: 'mean', dropHighest: 0, dropLowest: 0, trimWhenAtLeast: 1, minJudges: 1, decimals: 2, tieBreak: [], criteriaOrder: [] };

describe('Lua aggregate = TypeScript aggregate', () => {
  it('agrees on random panels, rules and rounding', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(rulesArb, panelArb, async (rules, panel) => {
        n += 1;
        const k = eventKeys('agree');
        const team = `team${n}`;
        const multi = ctx.redis.multi();
        const { judges, sheets } = queuePanel(multi, k, team, panel);
        await multi.exec();
        const fromLua = await store.computeAggregate('agree', team, 'T', rules, judges, CRITERIA);
        const expected = aggregateTeam(team, sheets, rules);
        expect(fromLua).toEqual(expected);
        const onBoard = await ctx.redis.zscore(k.board('T'), team);
        expect(onBoard === null ? null : Number(onBoard)).toBe(expected.published);
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_MS);

  it('gets the classic half-up traps right: 8.425 → 8.43 and 1.005 → 1.01', async () => {
    const k = eventKeys('traps');
    for (const [totals, published] of [[[8425], 843], [[1005], 101], [[8420, 8430], 843], [[1000, 1010], 101], [[1000, 1000, 1001], 100]] as const) {
      const team = `trap-${totals.join('-')}`;
      for (const [i, t] of totals.entries()) {
        await ctx.redis.hset(k.sheets(team), `j${i}`, stored(t));
      }
      const agg = await store.computeAggregate('traps', team, 'T', PLAIN, totals.map((_, i) => `j${i}`), []);
      expect(agg.published, team).toBe(published);
    }
  });
});

/** A mix of every shape: weights summing to 100, votes or scores, full marks of 100, 10 or anything. */
const mixArb: fc.Arbitrary<Mix> = fc.record({
  panelPercent: fc.integer({ min: 0, max: 100 }),
  kind: fc.constantFrom('votes' as const, 'scores' as const),
  fullMarksMilli: fc.oneof(fc.constant(100_000), fc.constant(10_000), fc.integer({ min: 1, max: 1_000_000 })),
  imported: fc.boolean(),
}).map(({ panelPercent, kind, fullMarksMilli, imported }) => ({
  panelPercent, publicPercent: 100 - panelPercent,
  public: { kind, fullMarksMilli, votesPerVoter: 1, imported, openByDevice: false },
}));

describe('Lua aggregate with a mix = TypeScript applyMix', () => {
  it('agrees on random panels, public votes or totals, weights and rounding', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(rulesArb, panelArb, mixArb, fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 6 }),
        fc.array(valueArb.map((v) => v * 2), { maxLength: 30 }), async (rules, panel, mix, otherVotes, publicTotals) => {
          n += 1;
          const k = eventKeys('agree-mix');
          const team = `team${n}`;
          const track = `T${n}`;
          const multi = ctx.redis.multi();
          const { judges, sheets } = queuePanel(multi, k, team, panel);
          // The team's own count is the first of the list (absent when the list is empty); the others are other teams'.
          const counts: Record<string, number> = Object.fromEntries(otherVotes.map((v, i) => [i === 0 ? team : `other${i}`, v]));
          const countsKey = mix.public.imported ? k.pubImported(track) : k.pubVotes(track);
          const decoy = mix.public.imported ? k.pubVotes(track) : k.pubImported(track);
          for (const [t, v] of Object.entries(counts)) multi.hset(countsKey, t, v);
          multi.hset(decoy, team, 99_999); // the other source never counts
          publicTotals.forEach((t, i) => multi.hset(k.pubScores(team), `v${i}`, t));
          await multi.exec();
          const fromLua = await store.computeAggregate('agree-mix', team, track, rules, judges, CRITERIA, mix);
          const input = mix.public.kind === 'votes' ? votesInput(counts, team) : scoresInput(publicTotals);
          const expected = applyMix(aggregateTeam(team, sheets, rules), mix, input, rules.decimals);
          expect(fromLua).toEqual(expected);
          const onBoard = await ctx.redis.zscore(k.board(track), team);
          expect(onBoard === null ? null : Number(onBoard)).toBe(expected.published);
        }),
      { numRuns: 3000 },
    );
  }, PROPERTY_MS);

  it('gets the traps right: 85.13 × 70 % + 72.41 × 30 % = 81.31; 80.05 × 50 % + 80.00 × 50 % = 80.03; 1 vote of 8 → 12.5 → 13', async () => {
    const k = eventKeys('traps-mix');
    const scoresMix = (panelPercent: number): Mix => ({ panelPercent, publicPercent: 100 - panelPercent,
      public: { kind: 'scores', fullMarksMilli: 100_000, votesPerVoter: 1, imported: false, openByDevice: false } });
    const cases: Array<[string, number, number[], number, number, { panel: number; public: number }]> = [
      ['a', 85_130, [72_410], 70, 8131, { panel: 8513, public: 7241 }],
      ['b', 80_050, [80_000], 50, 8003, { panel: 8005, public: 8000 }],
      ['c', 80_005, [72_400, 72_410], 70, 7773, { panel: 8001, public: 7241 }], // P 80.005 → 80.01, U 72.405 → 72.41
    ];
    for (const [team, panel, pub, percent, published, parts] of cases) {
      await ctx.redis.hset(k.sheets(team), 'j0', stored(panel));
      for (const [i, t] of pub.entries()) await ctx.redis.hset(k.pubScores(team), `v${i}`, t);
      const agg = await store.computeAggregate('traps-mix', team, 'T', PLAIN, ['j0'], [], scoresMix(percent));
      expect([agg.published, agg.parts], team).toEqual([published, parts]);
    }
    await ctx.redis.hset(k.pubVotes('V'), 'x', 1, 'y', 8);
    await ctx.redis.hset(k.sheets('x'), 'j0', stored(50_000));
    const votes: Mix = { panelPercent: 50, publicPercent: 50, public: { kind: 'votes', fullMarksMilli: 100_000, votesPerVoter: 1, imported: false, openByDevice: false } };
    const agg = await store.computeAggregate('traps-mix', 'x', 'V', { ...PLAIN, decimals: 0 }, ['j0'], [], votes);
    expect([agg.published, agg.parts]).toEqual([32, { panel: 50, public: 13 }]); // 25 + 6.5 = 31.5 → 32
  });
});
