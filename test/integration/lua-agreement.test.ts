// The aggregate computed in Redis (Lua) equals the shared TypeScript engine on thousands of random panels.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
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

const panelArb = fc.array(
  fc.record({ recused: fc.boolean(), present: fc.boolean(), criteria: fc.tuple(valueArb, valueArb, valueArb) }),
  { minLength: 0, maxLength: 11 },
);

describe('Lua aggregate = TypeScript aggregate', () => {
  it('agrees on random panels, rules and rounding', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(rulesArb, panelArb, async (rules, panel) => {
        n += 1;
        const k = eventKeys('agree');
        const team = `team${n}`;
        const judges = panel.map((_, i) => `j${i}`);
        const multi = ctx.redis.multi();
        const sheets: Sheet[] = [];
        panel.forEach((p, i) => {
          const criteria = Object.fromEntries(CRITERIA.map((c, ci) => [c, p.criteria[ci]!]));
          const total = p.criteria.reduce((a, b) => a + b, 0);
          if (p.present) multi.hset(k.sheets(team), judges[i]!, JSON.stringify({ version: 1, total, criteria, at: '0', sid: 'x' }));
          if (p.recused) multi.sadd(k.recused(team), judges[i]!);
          if (p.present && !p.recused) sheets.push({ judge: judges[i]!, total, criteria });
        });
        await multi.exec();
        const fromLua = await store.computeAggregate('agree', team, 'T', rules, judges, CRITERIA);
        const expected = aggregateTeam(team, sheets, rules);
        expect(fromLua).toEqual(expected);
        const onBoard = await ctx.redis.zscore(k.board('T'), team);
        expect(onBoard === null ? null : Number(onBoard)).toBe(expected.published);
      }),
      { numRuns: 3000 },
    );
  });

  it('gets the classic half-up traps right: 8.425 → 8.43 and 1.005 → 1.01', async () => {
    const k = eventKeys('traps');
    const rules: ScoringRules = {
      method: 'mean', dropHighest: 0, dropLowest: 0, trimWhenAtLeast: 1, minJudges: 1, decimals: 2,
      tieBreak: [], criteriaOrder: [],
    };
    for (const [totals, published] of [[[8425], 843], [[1005], 101], [[8420, 8430], 843], [[1000, 1010], 101], [[1000, 1000, 1001], 100]] as const) {
      const team = `trap-${totals.join('-')}`;
      for (const [i, t] of totals.entries()) {
        await ctx.redis.hset(k.sheets(team), `j${i}`, JSON.stringify({ version: 1, total: t, criteria: {}, at: '0', sid: 'x' }));
      }
      const agg = await store.computeAggregate('traps', team, 'T', rules, totals.map((_, i) => `j${i}`), []);
      expect(agg.published, team).toBe(published);
    }
  });
});
