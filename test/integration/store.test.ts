// The Redis store against a real Redis: the submit script's checks, versions, idempotency, scoring state, audit chain.
import { beforeAll, describe, expect, it } from 'vitest';
import { MILLI } from '../../shared/decimal';
import { aggregateTeam } from '../../shared/scoring';
import { Tokens } from '../../server/auth';
import { Rooms } from '../../server/rooms';
import { Store, verifyAuditChain, type SheetValues } from '../../server/store/index';
import { eventKeys } from '../../server/store/keys';
import { useRealRedis } from '../helpers/redis';
import { makeEvent } from '../helpers/fixtures';
import { must, openScoringFor } from '../helpers/turns';

const ctx = useRealRedis();
let store: Store;
let rooms: Rooms;
const sheet = (s: number, m: number, e: number, p: number, i: number, d: number): { criteria: Record<string, number> } => ({
  criteria: { solution: s * MILLI, model: m * MILLI, effect: e * MILLI, promotion: p * MILLI, ip: i * MILLI, defense: d * MILLI },
});
/** A sheet with the given total, filling the criteria in order up to each max. */
const spread = (total: number): SheetValues => {
  const maxes: Array<[string, number]> = [['solution', 25], ['model', 20], ['effect', 25], ['promotion', 15], ['ip', 5], ['defense', 10]];
  let left = total;
  const criteria: Record<string, number> = {};
  for (const [id, max] of maxes) {
    const v = Math.min(max, left);
    criteria[id] = v * MILLI;
    left -= v;
  }
  return { criteria };
};
let sidSeq = 0;
const submit = (eventId: string, teamId: string, judgeId: string, values: SheetValues, sid = `sid-${++sidSeq}`) =>
  store.submitSheet({ eventId, roomId: 'room1', teamId, judgeId, sid, values, actor: { id: judgeId, role: 'judge' } });

beforeAll(() => {
  store = new Store(ctx.redis);
  rooms = new Rooms(store);
});

describe('score submission', () => {
  const ev = makeEvent({ id: 'ev-submit', teams: 3, judges: 5 });
  ev.recusals.push({ team: 'r1t2', judge: 'r1j5', reason: '同单位' });

  beforeAll(async () => {
    await store.saveEvent(ev);
  });

  it('refuses every sheet while scoring is not open, and writes nothing', async () => {
    const r = await submit(ev.id, 'r1t1', 'r1j1', sheet(20, 15, 20, 10, 4, 8));
    expect(r).toMatchObject({ ok: false, code: 'SCORING_NOT_OPEN' });
    expect(await store.sheets(ev.id, 'r1t1')).toEqual({});
    expect(await store.audit(ev.id)).toEqual([]);
  });

  it('accepts a valid sheet for the team on stage, with version 1 and the exact total', async () => {
    await openScoringFor(store, rooms, ev.id, 'room1', 'r1t1');
    const r = await submit(ev.id, 'r1t1', 'r1j1', sheet(20, 15, 20, 10, 4, 8));
    expect(r).toMatchObject({ ok: true, version: 1, total: 77 * MILLI, duplicate: false });
    const stored = await store.sheets(ev.id, 'r1t1');
    expect(stored.r1j1).toMatchObject({ version: 1, total: 77000, criteria: sheet(20, 15, 20, 10, 4, 8).criteria });
  });

  it('refuses a team that is not on stage, a judge off the panel, and bad values, with stable codes', async () => {
    const cases: Array<[string, string, SheetValues, string]> = [
      ['r1t2', 'r1j1', sheet(20, 15, 20, 10, 4, 8), 'NOT_ON_STAGE'],
      ['r1t1', 'stranger', sheet(20, 15, 20, 10, 4, 8), 'NOT_ON_PANEL'],
      ['r1t1', 'r1j2', sheet(26, 15, 20, 10, 4, 8), 'OVER_MAX'],
      ['r1t1', 'r1j2', { criteria: { ...sheet(20, 15, 20, 10, 4, 8).criteria, model: 15500 } }, 'OFF_STEP'],
      ['r1t1', 'r1j2', { criteria: { solution: 20000 } }, 'BAD_VALUES'],
      ['r1t1', 'r1j2', { criteria: { ...sheet(20, 15, 20, 10, 4, 8).criteria, extra: 1000 } }, 'BAD_VALUES'],
      ['r1t1', 'r1j2', { criteria: { ...sheet(20, 15, 20, 10, 4, 8).criteria, ip: -1000 } }, 'BAD_VALUES'],
      ['r1t1', 'r1j2', { criteria: { ...sheet(20, 15, 20, 10, 4, 8).criteria, ip: 1000.5 } }, 'BAD_VALUES'],
      ['r1t1', 'r1j2', { total: 80000 }, 'BAD_VALUES'],
    ];
    const auditBefore = (await store.audit(ev.id)).length;
    for (const [team, judge, values, code] of cases) {
      expect(await submit(ev.id, team, judge, values), `${team}/${judge} → ${code}`).toMatchObject({ ok: false, code });
    }
    expect(Object.keys(await store.sheets(ev.id, 'r1t1'))).toEqual(['r1j1']);
    expect(await store.audit(ev.id)).toHaveLength(auditBefore);
  });

  it('is idempotent on the submission id: a replay returns the first receipt and writes nothing', async () => {
    const first = await submit(ev.id, 'r1t1', 'r1j2', sheet(21, 16, 20, 12, 4, 8), 'replay-1');
    const auditAfterFirst = (await store.audit(ev.id)).length;
    const again = await submit(ev.id, 'r1t1', 'r1j2', sheet(21, 16, 20, 12, 4, 8), 'replay-1');
    expect(first).toMatchObject({ ok: true, version: 1, duplicate: false });
    const { rev: _rev, auditId: _auditId, ...receipt } = first as typeof first & { rev: number; auditId: string };
    expect(again).toEqual({ ...receipt, duplicate: true });
    expect(await store.audit(ev.id)).toHaveLength(auditAfterFirst);
    const other = await submit(ev.id, 'r1t1', 'r1j3', sheet(21, 16, 20, 12, 4, 8), 'replay-1');
    expect(other).toMatchObject({ ok: false, code: 'DUPLICATE_ID' });
  });

  it('a resubmission is a new version, audited with before and after', async () => {
    const r = await submit(ev.id, 'r1t1', 'r1j1', sheet(22, 15, 20, 10, 4, 8));
    expect(r).toMatchObject({ ok: true, version: 2, total: 79 * MILLI });
    const entries = (await store.audit(ev.id)).filter((e) => e.action === 'score.submit' && e.judge === 'r1j1');
    expect(entries).toHaveLength(2);
    expect(entries[1]!.before).toBe(JSON.stringify(JSON.parse(entries[0]!.after)));
    expect(JSON.parse(entries[1]!.before)).toMatchObject({ version: 1, total: 77000 });
    expect(JSON.parse(entries[1]!.after)).toMatchObject({ version: 2, total: 79000 });
    expect(entries[1]).toMatchObject({ actor: 'r1j1', role: 'judge', team: 'r1t1', room: 'room1' });
  });

  it('closing stops every submission and computes the aggregate in Redis, equal to the engine', async () => {
    await submit(ev.id, 'r1t1', 'r1j3', sheet(18, 14, 19, 11, 3, 7));
    expect(await rooms.apply(ev.id, 'room1', { intent: 'close-scoring', payload: {} }, { id: 'h', role: 'host' }))
      .toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    const closed = await must(rooms, ev.id, 'room1', { intent: 'close-scoring', payload: { reason: '两位评委缺席' } });
    expect(await submit(ev.id, 'r1t1', 'r1j4', sheet(18, 14, 19, 11, 3, 7))).toMatchObject({ ok: false, code: 'SCORING_NOT_OPEN' });
    const stored = await store.sheets(ev.id, 'r1t1');
    const expected = aggregateTeam('r1t1', ['r1j1', 'r1j2', 'r1j3'].map((j) => ({ judge: j, ...stored[j]! })),
      ev.tracks[0]!.rules);
    expect(closed.aggregate!).toEqual(expected);
    // 79 + 81 + 72 = 232 over 3 judges (fewer than 5: nothing dropped) = 77.333… → 77.33
    expect(closed.aggregate!.published).toBe(7733);
  });

  it('re-opens scoring for one judge only, with a reason', async () => {
    const host = { id: 'host:room1', role: 'host' };
    expect(await rooms.apply(ev.id, 'room1', { intent: 'reopen-judge', payload: { judge: 'r1j4', reason: ' ' } }, host))
      .toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    await must(rooms, ev.id, 'room1', { intent: 'reopen-judge', payload: { judge: 'r1j4', reason: '评委平板断电' } });
    expect(await submit(ev.id, 'r1t1', 'r1j1', sheet(1, 1, 1, 1, 1, 1))).toMatchObject({ ok: false, code: 'SCORING_CLOSED' });
    expect(await submit(ev.id, 'r1t1', 'r1j4', sheet(18, 14, 19, 11, 3, 7))).toMatchObject({ ok: true, version: 1 });
    const entry = (await store.audit(ev.id)).find((e) => e.action === 'room.reopen-judge');
    expect(entry).toMatchObject({ actor: 'host:test', role: 'host', judge: 'r1j4', reason: '评委平板断电' });
  });

  it('a recused judge cannot score the team, and is not asked to', async () => {
    await openScoringFor(store, rooms, ev.id, 'room1', 'r1t2');
    expect(await ctx.redis.smembers(eventKeys(ev.id).open('room1'))).not.toContain('r1j5');
    expect(await submit(ev.id, 'r1t2', 'r1j5', sheet(20, 15, 20, 10, 4, 8))).toMatchObject({ ok: false, code: 'RECUSED' });
    expect(await submit(ev.id, 'r1t2', 'r1j4', sheet(20, 15, 20, 10, 4, 8))).toMatchObject({ ok: true });
  });

  it('keeps a verifiable audit chain, and detects an edited entry', async () => {
    const entries = await store.audit(ev.id);
    expect(entries.length).toBeGreaterThan(8);
    expect(verifyAuditChain(entries)).toEqual({ ok: true });
    const tampered = entries.map((e, i) => (i === 2 ? { ...e, after: e.after.replace('"total":', '"total":1') } : e));
    expect(verifyAuditChain(tampered)).toMatchObject({ ok: false, at: entries[2]!.id });
    const dropped = entries.filter((_, i) => i !== 3);
    expect(verifyAuditChain(dropped)).toMatchObject({ ok: false, at: entries[4]!.id });
  });
});

describe('single-total mode', () => {
  const ev = makeEvent({ id: 'ev-single', teams: 1, judges: 3, track: { criteria: [], total: { maxMilli: 100_000, stepMilli: 100 } } });
  ev.tracks[0]!.rules.criteriaOrder = [];

  it('takes one total on its step and under its max', async () => {
    await store.saveEvent(ev);
    await openScoringFor(store, rooms, ev.id, 'room1', 'r1t1');
    expect(await submit(ev.id, 'r1t1', 'r1j1', { total: 86_500 })).toMatchObject({ ok: true, total: 86_500 });
    expect(await submit(ev.id, 'r1t1', 'r1j2', { total: 86_550 })).toMatchObject({ ok: false, code: 'OFF_STEP' });
    expect(await submit(ev.id, 'r1t1', 'r1j2', { total: 100_100 })).toMatchObject({ ok: false, code: 'OVER_MAX' });
    expect(await submit(ev.id, 'r1t1', 'r1j2', sheet(1, 1, 1, 1, 1, 1))).toMatchObject({ ok: false, code: 'BAD_VALUES' });
  });
});

describe('events', () => {
  it('knows whether an event exists, reading Redis once per process for an event it has seen (a phone’s handshake)', async () => {
    await store.saveEvent(makeEvent({ id: 'ev-known', teams: 1, judges: 3 }));
    const reads = async () => {
      const stats = await ctx.redis.info('commandstats');
      return ['get', 'mget'].reduce((n, c) => n + Number(new RegExp(`cmdstat_${c}:calls=(\\d+)`).exec(stats)?.[1] ?? 0), 0);
    };
    const fresh = new Store(ctx.connect());
    const before = await reads();
    expect(await fresh.hasEvent('ev-known')).toBe(true);
    const once = await reads();
    expect(once).toBeGreaterThan(before);
    for (let i = 0; i < 5; i++) expect(await fresh.hasEvent('ev-known')).toBe(true);
    expect(await reads()).toBe(once);
    // An unknown id is asked every time (it may be created meanwhile).
    expect(await fresh.hasEvent('no-such-event')).toBe(false);
    const afterUnknown = await reads();
    expect(afterUnknown).toBeGreaterThan(once);
    expect(await fresh.hasEvent('no-such-event')).toBe(false);
    expect(await reads()).toBeGreaterThan(afterUnknown);
    fresh.disconnect();
  });
});

describe('standings', () => {
  it('ranks a track from its leaderboard sorted set and aggregates', async () => {
    const ev = makeEvent({ id: 'ev-board', teams: 3, judges: 5 });
    await store.saveEvent(ev);
    const panels: Record<string, number[]> = { r1t1: [80, 82, 84, 86, 88], r1t2: [90, 70, 85, 85, 85], r1t3: [60, 61, 62, 63, 64] };
    for (const [team, totals] of Object.entries(panels)) {
      await openScoringFor(store, rooms, ev.id, 'room1', team);
      for (const [i, t] of totals.entries()) {
        expect(await submit(ev.id, team, `r1j${i + 1}`, spread(t))).toMatchObject({ ok: true });
      }
      await must(rooms, ev.id, 'room1', { intent: 'close-scoring', payload: {} });
    }
    expect(await ctx.redis.zrevrange(eventKeys(ev.id).board('T01'), 0, -1, 'WITHSCORES'))
      .toEqual(['r1t2', '8500', 'r1t1', '8400', 'r1t3', '6200']);
    const { standings } = await store.standings(ev.id, 'T01');
    expect(standings.map((s) => [s.team, s.rank, s.award])).toEqual([
      ['r1t2', 1, 'first'], ['r1t1', 2, 'second'], ['r1t3', 3, 'second'],
    ]);
  });

  it('gives merit awards after third prize; a configuration stored before merit awards existed has none', async () => {
    const ev = makeEvent({ id: 'ev-merit', teams: 4, judges: 5 });
    ev.tracks[0]!.awards = { first: 1, second: 0, third: 1, merit: 1, specialPoolPercent: 0 };
    await store.saveEvent(ev);
    const totals: Record<string, number> = { r1t1: 90, r1t2: 80, r1t3: 70, r1t4: 60 };
    for (const [team, total] of Object.entries(totals)) {
      await openScoringFor(store, rooms, ev.id, 'room1', team);
      for (let j = 1; j <= 5; j++) expect(await submit(ev.id, team, `r1j${j}`, spread(total))).toMatchObject({ ok: true });
      await must(rooms, ev.id, 'room1', { intent: 'close-scoring', payload: {} });
    }
    const award = async (s: Store) => (await s.standings(ev.id, 'T01')).standings.map((x) => [x.team, x.award]);
    expect(await award(store)).toEqual([['r1t1', 'first'], ['r1t2', 'third'], ['r1t3', 'merit'], ['r1t4', null]]);

    // The same configuration as an older version stored it, read by a process that has not cached it.
    const k = eventKeys(ev.id);
    const old = JSON.parse((await ctx.redis.get(k.event))!) as { tracks: Array<{ awards: Record<string, number> }> };
    delete old.tracks[0]!.awards.merit;
    await ctx.redis.mset(k.event, JSON.stringify(old), k.eventVersion, 'stored-before-merit');
    const fresh = new Store(ctx.redis);
    expect((await fresh.getEvent(ev.id))!.tracks[0]!.awards).toEqual({ first: 1, second: 0, third: 1, merit: 0, specialPoolPercent: 0 });
    expect(await award(fresh)).toEqual([['r1t1', 'first'], ['r1t2', 'third'], ['r1t3', null], ['r1t4', null]]);
  });
});

describe('clearing a rehearsal', () => {
  it('clears the live state but keeps the configuration and the tokens; each room is idle at a later revision', async () => {
    const ev = makeEvent({ id: 'ev-clear', teams: 2, judges: 5 });
    await store.saveEvent(ev);
    const token = await new Tokens(ctx.redis).ensure(ev.id, 'judge', 'r1j1');
    await openScoringFor(store, rooms, ev.id, 'room1', 'r1t1');
    expect(await submit(ev.id, 'r1t1', 'r1j1', spread(80))).toMatchObject({ ok: true });
    const before = await store.readRoom(ev.id, 'room1');
    expect(before.phase).toBe('scoring');
    const config = structuredClone(await store.getEvent(ev.id));

    await store.clearLiveState(ev.id, ['room1']);
    const room = await store.readRoom(ev.id, 'room1');
    expect(room).toMatchObject({ phase: 'idle', team: null, order: null, timer: null });
    expect(room.rev).toBe(before.rev + 1);
    expect(await store.sheets(ev.id, 'r1t1')).toEqual({});
    expect(await store.audit(ev.id)).toEqual([]);
    expect(await store.openJudges(ev.id, 'room1')).toEqual([]);
    expect(await store.getEvent(ev.id)).toEqual(config);
    expect(await new Tokens(ctx.redis).ensure(ev.id, 'judge', 'r1j1')).toBe(token);
    expect((await new Tokens(ctx.redis).lookup(token))?.judgeId).toBe('r1j1');
    // Saved again (as the demo does), the event scores from scratch.
    await store.saveEvent(ev);
    await openScoringFor(store, rooms, ev.id, 'room1', 'r1t1');
    expect(await submit(ev.id, 'r1t1', 'r1j1', spread(80))).toMatchObject({ ok: true, version: 1 });
  });
});
