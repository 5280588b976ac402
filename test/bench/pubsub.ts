// The bench's pub/sub section (`npm run bench -- --only pubsub`): what one broadcast costs Redis when server processes
// share a final through the Redis adapter. Two processes (test/bench/lib/relay.ts: socket.io on the adapter, one client
// each in the room): one broadcasts, the other's client receives through Redis. Each server process is one subscriber
// to Redis; more processes are stood in for by more subscribers of the adapter's channel (ioredis clients here), since
// that is all Redis sees of them. Measured from Redis itself (INFO: its CPU time, bytes in and out) and the processes,
// less what each costs idle over as long (measured just before).
import { Redis } from 'ioredis';
import { Child } from './lib/child';
import { sleep, TestRedisProcess } from './lib/procs';

/** One configuration's figures, per broadcast unless said. */
export interface PubsubRow {
  subscribers: number;
  broadcasts: number;
  payloadBytes: number;
  redisCpuUs: number;
  redisInBytes: number;
  redisOutBytes: number;
  /** CPU time of the broadcasting and of the receiving process per broadcast (µs; 10 ms ticks over the run). */
  senderCpuUs: number;
  receiverCpuUs: number;
  /** From the emit in one process to the client of the other: p50, p99, max (ms). */
  latency: { p50: number; p99: number; max: number };
  /** Broadcasts a second at which Redis would be one core busy with them alone. */
  redisCeiling: number;
}

async function info(redis: Redis): Promise<Record<string, number>> {
  const text = `${await redis.info('cpu')}\n${await redis.info('stats')}`;
  return Object.fromEntries(text.split('\n').map((l) => l.trim().split(':')).filter((kv) => kv.length === 2).map(([k, v]) => [k!, Number(v)]));
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** Per number of subscribers: `broadcasts` broadcasts of `payloadBytes`, about 250 a second. */
export async function measurePubsub(subscriberCounts = [2, 10, 50], broadcasts = 1500, payloadBytes = 2048): Promise<PubsubRow[]> {
  const redisProcess = await TestRedisProcess.start();
  const admin = new Redis(redisProcess.url);
  const rows: PubsubRow[] = [];
  /** How long the broadcasts take at their pace (5 every 20 ms). */
  const expectedMs = (broadcasts / 5) * 20;
  try {
    for (const subscribers of subscriberCounts) {
      const [a, b] = [Child.start('relay-a', 'relay.ts', { REDIS_URL: redisProcess.url }), Child.start('relay-b', 'relay.ts', { REDIS_URL: redisProcess.url })];
      const extra = Array.from({ length: subscribers - 2 }, () => new Redis(redisProcess.url));
      try {
        await Promise.all([a.ready, b.ready]);
        // The other processes, as Redis sees them: a pattern subscription to the adapter's channel.
        const heard = new Array<number>(extra.length).fill(0);
        await Promise.all(extra.map(async (r, i) => {
          r.on('pmessageBuffer', () => { heard[i]! += 1; });
          await r.psubscribe('socket.io#/#*');
        }));
        await sleep(500);
        // The idle cost (Redis's timers, the sockets' heartbeats) over as long as the broadcasts take, subtracted below.
        const idle0 = { redis: await info(admin), a: a.cpuMs(), b: b.cpuMs() };
        await sleep(expectedMs);
        const idle1 = { redis: await info(admin), a: a.cpuMs(), b: b.cpuMs() };
        const before = await info(admin);
        const cpu0 = [a.cpuMs(), b.cpuMs()];
        const t0 = Date.now();
        const { sent } = await a.ask<{ sent: string[] }>({ type: 'emit', count: broadcasts, bytes: payloadBytes, batch: 5, gapMs: 20 }, 600_000);
        let got: Record<string, string> = {};
        for (let waited = 0; waited < 30_000; waited += 100) {
          got = { ...got, ...(await b.ask<{ received: Record<string, string> }>({ type: 'collect' })).received };
          if (Object.keys(got).length >= broadcasts && heard.every((h) => h >= broadcasts)) break;
          await sleep(100);
        }
        const after = await info(admin);
        const cpu1 = [a.cpuMs(), b.cpuMs()];
        // The idle cost scaled to this run's length.
        const scale = (Date.now() - t0) / expectedMs;
        const idleRedis = (idle1.redis.used_cpu_sys! + idle1.redis.used_cpu_user! - idle0.redis.used_cpu_sys! - idle0.redis.used_cpu_user!) * scale;
        const received = Object.keys(got).length;
        if (received < broadcasts || heard.some((h) => h < broadcasts)) {
          throw new Error(`only ${received} of ${broadcasts} broadcasts reached the other process (subscribers heard ${Math.min(...heard, broadcasts)})`);
        }
        const ms = Object.entries(got).map(([seq, at]) => Number(BigInt(at) - BigInt(sent[Number(seq)]!)) / 1e6).sort((x, y) => x - y);
        const redisCpuUs = ((after.used_cpu_sys! + after.used_cpu_user!) - (before.used_cpu_sys! + before.used_cpu_user!) - idleRedis) * 1e6 / broadcasts;
        rows.push({
          subscribers, broadcasts, payloadBytes, redisCpuUs,
          redisInBytes: (after.total_net_input_bytes! - before.total_net_input_bytes!) / broadcasts,
          redisOutBytes: (after.total_net_output_bytes! - before.total_net_output_bytes!) / broadcasts,
          senderCpuUs: (cpu1[0]! - cpu0[0]! - (idle1.a - idle0.a) * scale) * 1000 / broadcasts,
          receiverCpuUs: (cpu1[1]! - cpu0[1]! - (idle1.b - idle0.b) * scale) * 1000 / broadcasts,
          latency: { p50: pct(ms, 50), p99: pct(ms, 99), max: ms.at(-1)! }, redisCeiling: 1e6 / redisCpuUs,
        });
      } finally {
        for (const r of extra) r.disconnect();
        await Promise.all([a.stop(), b.stop()]);
      }
    }
  } finally {
    admin.disconnect();
    await redisProcess.stop();
  }
  return rows;
}

/** The section's table. */
export function pubsubReport(rows: PubsubRow[], when: string, machine: string): string {
  const n = (x: number, d = 0) => x.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
  return [
    `Measured ${when} UTC on ${machine}; a private redis-server on loopback; ${n(rows[0]?.broadcasts ?? 0)} broadcasts of a ${n(rows[0]?.payloadBytes ?? 0)}-byte payload to a room, 5 every 20 ms, from one server process; per broadcast:`,
    '',
    '| subscribers (server processes) | Redis CPU | Redis bytes in | Redis bytes out | sending process CPU | receiving process CPU | emit → the other process\'s client p50 / p99 / max | Redis one core busy at |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.subscribers} | ${n(r.redisCpuUs, 1)} µs | ${n(r.redisInBytes)} B | ${n(r.redisOutBytes)} B | ${n(r.senderCpuUs)} µs | ${n(r.receiverCpuUs)} µs | ${n(r.latency.p50, 1)} / ${n(r.latency.p99, 1)} / ${n(r.latency.max, 1)} ms | ${n(r.redisCeiling)} broadcasts/s |`),
  ].join('\n');
}
