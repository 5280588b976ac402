// `npm run chaos`: the fault scenarios at full length (3 kills of the server, of Redis and of the embedded redis-server
// in a storm of 1,000 sheets, a judge and a display offline for 60 s, clocks off by minutes); prints a summary and exits
// non-zero on any failure.
// Options: --quick (1 kill each, 3 s offline, as in npm test), --submissions N, --offline-ms N, --kills N.
// `--failover`: the standby drill alone (test/bench/failover.ts: kill -9 of the primary machine, Redis Sentinel).
import { failover } from './failover';
import { offline, storm, summary, type ScenarioResult } from './faults';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const quick = process.argv.includes('--quick');
const submissions = option('submissions', 1000);
const kills = option('kills', quick ? 1 : 3);
const offlineMs = option('offline-ms', quick ? 3000 : 60_000);
const log = (line: string) => console.log(line);

if (process.argv.includes('--failover')) {
  console.log(`chaos --failover: ${submissions} submissions; kill -9 of the primary's server and Redis`);
  const result = await failover({ submissions, log });
  console.log(`\n${summary([result])}`);
  console.log(result.ok ? '\nchaos --failover: passed' : '\nchaos --failover: FAILED');
  process.exit(result.ok ? 0 : 1);
}

const results: ScenarioResult[] = [];
console.log(`chaos: ${submissions} submissions, ${kills} kill(s) per storm, offline ${offlineMs} ms`);
console.log('- kill -9 the server during the storm');
results.push(await storm('server', { submissions, kills, downMs: 500, log }));
console.log('- kill -9 Redis during the storm');
results.push(await storm('redis', { submissions, kills, downMs: quick ? 1500 : 3000, log }));
console.log('- kill -9 the embedded redis-server during the storm (the server restarts it)');
results.push(await storm('embedded-redis', { submissions, kills, downMs: 0, log }));
console.log('- a judge and a display offline, clocks off by minutes');
results.push(await offline({ offlineMs, log }));
console.log(`\n${summary(results)}`);
const failed = results.filter((r) => !r.ok).length;
console.log(failed ? `\nchaos: ${failed} scenario(s) FAILED` : '\nchaos: all scenarios passed');
process.exit(failed ? 1 : 0);
