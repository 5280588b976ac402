// What each view carries, built from a real Redis: anonymous or named reveals, leaderboards of revealed teams only,
// progress without values, the optional scoring window.
import { beforeAll, describe, expect, it } from 'vitest';
import { Rooms } from '../../server/rooms';
import { Store } from '../../server/store/index';
import { Views } from '../../server/views';
import type { EventConfig } from '../../shared/domain';
import { makeEvent } from '../helpers/fixtures';
import { useRealRedis } from '../helpers/redis';
import { must, openScoringFor } from '../helpers/turns';

const ctx = useRealRedis();
let store: Store;
let rooms: Rooms;
let views: Views;
beforeAll(() => {
  store = new Store(ctx.redis);
  rooms = new Rooms(store);
  views = new Views(store);
});

/** Scores one team with single totals (milli-points) from the panel in order, and closes scoring. */
async function score(ev: EventConfig, team: string, totals: number[]): Promise<void> {
  await openScoringFor(store, rooms, ev.id, 'room1', team);
  for (const [i, total] of totals.entries()) {
    const r = await store.submitSheet({ eventId: ev.id, roomId: 'room1', teamId: team, judgeId: `r1j${i + 1}`,
      sid: `${ev.id}-${team}-${i}`, values: { total }, actor: { id: `r1j${i + 1}`, role: 'judge' } });
    expect(r.ok).toBe(true);
  }
  await must(rooms, ev.id, 'room1', { intent: 'close-scoring', payload: { reason: '测试' } });
}

const single = (id: string, extra: Partial<EventConfig> = {}): EventConfig => {
  const ev = { ...makeEvent({ id, teams: 2, judges: 5, track: { criteria: [], total: { maxMilli: 100_000, stepMilli: 10 } } }), ...extra };
  ev.tracks[0]!.rules.criteriaOrder = [];
  return ev;
};

describe('views', () => {
  it('before the reveal: progress by slot, no value anywhere; after: totals by slot, dropped marked, no names, the rules', async () => {
    const ev = single('views-anon');
    await store.saveEvent(ev);
    await score(ev, 'r1t1', [81_230, 77_770, 90_010, 68_880, 85_550]);
    const closed = await views.room(ev, ev.rooms[0]!);
    expect(closed.progress).toEqual({ expected: 5, submitted: [1, 2, 3, 4, 5], recused: [] });
    expect(closed.reveal).toBeNull();
    for (const v of ['81.23', '77.77', '90.01', '68.88', '85.55', '81230']) expect(JSON.stringify(closed)).not.toContain(v);
    expect((await views.board(ev, 'T01')).rows).toEqual([]);

    await must(rooms, ev.id, 'room1', { intent: 'reveal' });
    const revealed = await views.room(ev, ev.rooms[0]!);
    expect(revealed.reveal).toEqual({
      team: 'r1t1', status: 'final', rank: 1, award: 'first', final: false,
      // drop 90.01 and 68.88: (81.23 + 77.77 + 85.55) / 3 = 81.516… → 81.52
      score: '81.52',
      judges: [
        { slot: 1, status: 'scored', name: null, total: '81.23', dropped: null },
        { slot: 2, status: 'scored', name: null, total: '77.77', dropped: null },
        { slot: 3, status: 'scored', name: null, total: '90.01', dropped: 'highest' },
        { slot: 4, status: 'scored', name: null, total: '68.88', dropped: 'lowest' },
        { slot: 5, status: 'scored', name: null, total: '85.55', dropped: null },
      ],
      // The rules that made the score, for the phones to explain it ("为什么是这个分数").
      rules: { method: 'trimmed-mean', dropHighest: 1, dropLowest: 1, trimWhenAtLeast: 5, minJudges: 3, decimals: 2 },
    });
  });

  it('the leaderboard ranks revealed teams only, so an unrevealed score cannot move a rank', async () => {
    const ev = single('views-board');
    await store.saveEvent(ev);
    await score(ev, 'r1t1', [70_000, 70_000, 70_000, 70_000, 70_000]);
    await must(rooms, ev.id, 'room1', { intent: 'reveal' });
    await score(ev, 'r1t2', [90_000, 90_000, 90_000, 90_000, 90_000]);
    const board = await views.board(ev, 'T01');
    expect(board.rows.map((r) => [r.team.id, r.score, r.rank, r.team.status])).toEqual([['r1t1', '70.00', 1, 'done']]);
    await must(rooms, ev.id, 'room1', { intent: 'reveal' });
    expect((await views.board(ev, 'T01')).rows.map((r) => [r.team.id, r.rank])).toEqual([['r1t2', 1], ['r1t1', 2]]);
  });

  it('names the judges at the reveal when the event says so', async () => {
    const ev = single('views-named', { revealJudgeNames: true });
    await store.saveEvent(ev);
    await score(ev, 'r1t1', [80_000, 81_000, 82_000]);
    await must(rooms, ev.id, 'room1', { intent: 'reveal' });
    const reveal = (await views.room(ev, ev.rooms[0]!)).reveal!;
    // Every slot of the panel, named; the two who did not score say so.
    expect(reveal.judges.map((j) => [j.name, j.status])).toEqual([
      ['评委1-1', 'scored'], ['评委1-2', 'scored'], ['评委1-3', 'scored'], ['评委1-4', 'missing'], ['评委1-5', 'missing'],
    ]);
  });

  it('shows an optional scoring window as a countdown', async () => {
    const ev = single('views-window');
    ev.tracks[0]!.timers.scoringSec = 120;
    await store.saveEvent(ev);
    await openScoringFor(store, rooms, ev.id, 'room1', 'r1t1');
    expect((await views.room(ev, ev.rooms[0]!)).timer).toMatchObject({ kind: 'scoring', durationMs: 120_000, elapsedMs: 0 });
    await must(rooms, ev.id, 'room1', { intent: 'close-scoring', payload: { reason: '测试' } });
    expect((await views.room(ev, ev.rooms[0]!)).timer).toBeNull();
  });
});
