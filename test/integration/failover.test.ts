// The failover drill, short: a primary (redis-server + server process) and a standby (replica + server process) with
// 3 Redis Sentinels on loopback; kill -9 of the primary's server and Redis in a storm of submissions; the standby takes
// over within 10 s, every sheet acknowledged on two machines is kept, the clients move by themselves and the final
// ends with every screen equal to the export (test/bench/failover.ts).
import { describe, expect, it } from 'vitest';
import { failover } from '../bench/failover';
import { summary } from '../bench/faults';

describe('a standby machine that takes over', () => {
  it('kill -9 of the primary machine mid-storm: the standby takes over, nothing acknowledged on two machines is lost', async () => {
    const result = await failover({ submissions: 150 });
    expect(result.checks.filter((c) => !c.ok), summary([result])).toEqual([]);
    expect(result.checks.length).toBeGreaterThan(10);
  }, 120_000);
});
