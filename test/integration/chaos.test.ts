// Faults, short versions of `npm run chaos`: kill -9 of the server, of Redis and of the embedded redis-server during a storm of 1,000 submissions from
// 9 judge bots in 3 rooms; a judge and a display offline for 3 s; clocks off by minutes. Real processes throughout.
import { describe, expect, it } from 'vitest';
import { offline, storm, summary, type ScenarioResult } from '../bench/faults';

function expectPassed(result: ScenarioResult): void {
  expect(result.checks.filter((c) => !c.ok), summary([result])).toEqual([]);
  expect(result.checks.length).toBeGreaterThan(5);
}

describe('faults', () => {
  it('kill -9 of the server during a storm: every acknowledged sheet is kept, once, and the aggregates are exact', async () => {
    expectPassed(await storm('server', { submissions: 1000, kills: 1, downMs: 300 }));
  }, 120_000);

  it('kill -9 of Redis (AOF, fsync always) during a storm: the same', async () => {
    expectPassed(await storm('redis', { submissions: 1000, kills: 1, downMs: 1500 }));
  }, 120_000);

  it('kill -9 of the embedded redis-server during a storm, twice: the server restarts it by itself; the same', async () => {
    expectPassed(await storm('embedded-redis', { submissions: 1000, kills: 2, downMs: 0 }));
  }, 120_000);

  it('a judge offline replays exactly once; a display that reconnects is correct; skewed clocks show the right countdown', async () => {
    expectPassed(await offline({ offlineMs: 3000 }));
  }, 120_000);
});
