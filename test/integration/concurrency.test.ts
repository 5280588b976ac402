// 17 rooms x 9 judges submitting and revising at once over many connections: every sheet, aggregate and audit exact.
import { describe, expect, it } from 'vitest';
import { MILLI } from '../../shared/decimal';
import { aggregateTeam, type Sheet } from '../../shared/scoring';
import { Rooms } from '../../server/rooms';
import { Store, verifyAuditChain, type SheetValues, type SubmitReceipt } from '../../server/store/index';
import { useRealRedis } from '../helpers/redis';
import { makeEvent } from '../helpers/fixtures';
import { must, openScoringFor } from '../helpers/turns';

const ctx = useRealRedis();
const ROOMS = 17;
const JUDGES = 9;
const ROUNDS = 4;

/** A deterministic pseudo-random sheet on the default template (step 1). */
function sheetFor(seed: number): SheetValues {
  let x = seed * 2654435761 % 4294967296;
  const next = (max: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return (x % (max + 1)) * MILLI;
  };
  return { criteria: { solution: next(25), model: next(20), effect: next(25), promotion: next(15), ip: next(5), defense: next(10) } };
}

describe('concurrency', () => {
  it('17 rooms x 9 judges submitting and revising at once', async () => {
    const ev = makeEvent({ id: 'ev-storm', rooms: ROOMS, teams: 1, judges: JUDGES });
    const stores = Array.from({ length: 12 }, () => new Store(ctx.connect()));
    await stores[0]!.saveEvent(ev);
    await Promise.all(ev.rooms.map((room, r) => {
      const store = stores[r % stores.length]!;
      return openScoringFor(store, new Rooms(store), ev.id, room.id, `r${r + 1}t1`);
    }));

    const receipts = new Map<string, SubmitReceipt[]>();
    const sent = new Map<string, Map<number, SheetValues>>();
    let seed = 1;
    const jobs: Array<Promise<void>> = [];
    for (let r = 1; r <= ROOMS; r++) {
      for (let j = 1; j <= JUDGES; j++) {
        const judge = `r${r}j${j}`;
        receipts.set(judge, []);
        sent.set(judge, new Map());
        jobs.push((async () => {
          for (let round = 0; round < ROUNDS; round++) {
            // Two revisions racing each other from the same judge, then a replay of the first one's id.
            const pair = [sheetFor(seed++), sheetFor(seed++)];
            const sids = pair.map((_, i) => `${judge}-${round}-${i}`);
            const store = stores[(r * JUDGES + j + round) % stores.length]!;
            const results = await Promise.all(pair.map((values, i) => store.submitSheet({
              eventId: ev.id, roomId: `room${r}`, teamId: `r${r}t1`, judgeId: judge, sid: sids[i]!, values,
              actor: { id: judge, role: 'judge' },
            })));
            const replay = await store.submitSheet({
              eventId: ev.id, roomId: `room${r}`, teamId: `r${r}t1`, judgeId: judge, sid: sids[0]!, values: pair[0]!,
              actor: { id: judge, role: 'judge' },
            });
            for (const [i, res] of results.entries()) {
              if (!res.ok) throw new Error(`${judge}: ${res.code}`);
              receipts.get(judge)!.push(res);
              sent.get(judge)!.set(res.version, pair[i]!);
            }
            const { rev: _rev, auditId: _auditId, ...first } = results[0] as SubmitReceipt;
            expect(replay).toEqual({ ...first, duplicate: true });
          }
        })());
      }
    }
    await Promise.all(jobs);

    const store = stores[0]!;
    for (let r = 1; r <= ROOMS; r++) {
      const team = `r${r}t1`;
      const stored = await store.sheets(ev.id, team);
      const expectedSheets: Sheet[] = [];
      for (let j = 1; j <= JUDGES; j++) {
        const judge = `r${r}j${j}`;
        const versions = receipts.get(judge)!.map((x) => x.version).sort((a, b) => a - b);
        expect(versions).toEqual(Array.from({ length: ROUNDS * 2 }, (_, i) => i + 1));
        const last = sent.get(judge)!.get(ROUNDS * 2)! as { criteria: Record<string, number> };
        expect(stored[judge]).toMatchObject({ version: ROUNDS * 2, criteria: last.criteria });
        expectedSheets.push({ judge, criteria: last.criteria, total: Object.values(last.criteria).reduce((a, b) => a + b, 0) });
      }
      const closed = await must(new Rooms(store), ev.id, `room${r}`, { intent: 'close-scoring', payload: {} });
      expect(closed.aggregate!).toEqual(aggregateTeam(team, expectedSheets, ev.tracks[r - 1]!.rules));
      expect(closed.aggregate!.status).toBe('final');
    }

    const audit = await store.audit(ev.id);
    expect(audit.filter((e) => e.action === 'score.submit')).toHaveLength(ROOMS * JUDGES * ROUNDS * 2);
    expect(verifyAuditChain(audit)).toEqual({ ok: true });
    // Each judge's audit trail is a chain of versions: every entry's "before" is the previous entry's "after".
    for (const judge of receipts.keys()) {
      const trail = audit.filter((e) => e.action === 'score.submit' && e.judge === judge);
      trail.forEach((e, i) => expect(e.before).toBe(i === 0 ? '' : trail[i - 1]!.after));
    }
    for (const s of stores) s.redis.disconnect();
  });
});
