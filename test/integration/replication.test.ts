// A sheet's receipt with a standby's replica (server/store/index.ts, Replication): WAIT after the submit (and the
// correction) script says on how many machines the sheet is: 2 while the replica follows, 1 once it is gone (no
// failure), 2 again when it is back; without replication,
// nothing is said. Real redis-servers: a primary and a replica of it.
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Rooms } from '../../server/rooms';
import { Store } from '../../server/store/index';
import { eventKeys } from '../../server/store/keys';
import { TestRedisProcess } from '../bench/lib/procs';
import { makeEvent } from '../helpers/fixtures';
import { eventually } from '../helpers/server';
import { openScoringFor } from '../helpers/turns';

const procs: TestRedisProcess[] = [];
const conns: Redis[] = [];
afterAll(async () => {
  for (const c of conns) c.disconnect();
  await Promise.all(procs.map((p) => p.stop()));
});

const sheet = (n: number) => ({ criteria: { solution: 20_000, model: 15_000, effect: 20_000, promotion: 10_000, ip: 4000, defense: n * 1000 } });

describe('sheets saved on two machines', () => {
  it('the receipt says 2 while the replica follows, 1 without it (no failure), 2 again when it is back', async () => {
    const [primary, replica] = [await TestRedisProcess.start(), await TestRedisProcess.start()];
    procs.push(primary, replica);
    const redis = new Redis(primary.url);
    const follower = new Redis(replica.url, { maxRetriesPerRequest: null });
    follower.on('error', () => undefined);
    conns.push(redis, follower);
    await follower.replicaof('127.0.0.1', primary.server.port);
    await eventually(async () => expect(await follower.info('replication')).toMatch(/master_link_status:up/), 10_000);

    const store = new Store(redis, { timeoutMs: 300 });
    const plain = new Store(new Redis(primary.url));
    conns.push(plain.redis);
    const ev = makeEvent({ id: 'repl', teams: 2, judges: 5 });
    await store.saveEvent(ev);
    await openScoringFor(store, new Rooms(store), ev.id, 'room1', 'r1t1');
    const submit = (s: Store, judge: string, sid: string, n: number) =>
      s.submitSheet({ eventId: ev.id, roomId: 'room1', teamId: 'r1t1', judgeId: judge, sid, values: sheet(n), actor: { id: judge, role: 'judge' } });

    expect(await submit(store, 'r1j1', 'a1', 8)).toMatchObject({ ok: true, version: 1, machines: 2 });
    // The replica has it, as the judge was told.
    expect(await follower.hget(eventKeys(ev.id).sheets('r1t1'), 'r1j1')).toContain('"version":1');
    const receipt = await submit(plain, 'r1j2', 'a2', 8);
    expect(receipt.ok && 'machines' in receipt).toBe(false);

    // The replica stops: the next sheet waits out the timeout and says "this machine only"; the one after, at once.
    replica.kill9();
    await eventually(async () => expect(await redis.info('replication')).toMatch(/connected_slaves:0/), 10_000);
    expect(await submit(store, 'r1j1', 'a3', 9)).toMatchObject({ ok: true, version: 2, machines: 1 });
    expect(await submit(store, 'r1j3', 'a4', 9)).toMatchObject({ ok: true, version: 1, machines: 1 });

    // Back (it replays its AOF and resyncs): two machines again.
    await replica.restart();
    const again = new Redis(replica.url);
    conns.push(again);
    await again.replicaof('127.0.0.1', primary.server.port);
    await eventually(async () => expect(await again.info('replication')).toMatch(/master_link_status:up/), 10_000);
    await eventually(async () => expect(await redis.info('replication')).toMatch(/connected_slaves:1/), 10_000);
    expect(await submit(store, 'r1j4', 'a5', 7)).toMatchObject({ ok: true, version: 1, machines: 2 });
    store.disconnect();
  }, 60_000);
});
