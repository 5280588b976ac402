// A tie at an award line, resolved by the host with a recorded panel decision: refused unless it orders exactly the
// tied revealed teams; then the board, the audit and the results file all carry it, and the notary's recomputation agrees.
import { describe, expect, it } from 'vitest';
import type { BoardView } from '../../shared/protocol';
import { computeResults } from '../../shared/results';
import { rankTeams, DEFAULT_RULES, type TeamAggregate } from '../../shared/scoring';
import { resultsFileFor } from '../../server/exports';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, send, useServer } from '../helpers/server';

// The display's boards wait for each reveal the projector plays: here at a rehearsal's ?speed=20.
const server = useServer({ revealSpeed: 20 });

describe('ties at an award line', () => {
  it('the engine applies a decision only to the exact tied group', () => {
    const agg = (team: string, published: number): TeamAggregate => ({
      team, status: 'final', judges: [], keptSum: 0, keptCount: 1, allSum: published, allCount: 1, criteriaSums: {}, published,
    });
    const aggs = [agg('a', 9000), agg('b', 8500), agg('c', 8500), agg('d', 8000)];
    const awards = { first: 1, second: 1, third: 1, merit: 0, specialPoolPercent: 0 };
    const rules = { ...DEFAULT_RULES, tieBreak: [] };
    expect(rankTeams(aggs, rules, awards).map((s) => [s.team, s.rank, s.award, s.tieAtLine])).toEqual([
      ['a', 1, 'first', false], ['b', 2, 'second', true], ['c', 2, 'second', true], ['d', 4, null, false],
    ]);
    expect(rankTeams(aggs, rules, awards, [['c', 'b']]).map((s) => [s.team, s.rank, s.award, s.tieAtLine])).toEqual([
      ['a', 1, 'first', false], ['c', 2, 'second', false], ['b', 3, 'third', false], ['d', 4, null, false],
    ]);
    expect(rankTeams(aggs, rules, awards, [['c', 'b', 'd']]).map((s) => s.rank)).toEqual([1, 2, 2, 4]);
  });

  it('the host records a decision; the board, the audit and the results file follow', async () => {
    const ev = makeEvent({ id: 'ties', teams: 3, judges: 3, track: { criteria: [], total: { maxMilli: 100_000, stepMilli: 10 } } });
    ev.tracks[0]!.rules = { ...ev.tracks[0]!.rules, tieBreak: [], criteriaOrder: [] };
    ev.tracks[0]!.awards = { first: 1, second: 1, third: 0, merit: 0, specialPoolPercent: 0 };
    const links = await server.setup(ev);
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const boards: BoardView[] = [];
    const display = await server.client({ token: links.rooms[0]!.display.token });
    display.on('board:leaderboard', (b) => boards.push(b));
    const judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
    const totals: Record<string, number[]> = { r1t1: [80_000, 82_000, 84_000], r1t2: [82_000, 82_000, 82_000], r1t3: [90_000, 90_000, 90_000] };
    for (const [team, list] of Object.entries(totals)) {
      await ok(host, 'room:call', { team });
      await ok(host, 'room:open-scoring', {});
      for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: `tie-${team}-${i}`, team, values: { total: list[i]! } });
      await ok(host, 'room:close-scoring', {});
      await ok(host, 'room:reveal', {});
    }
    await eventually(() => expect(boards.at(-1)?.rows.map((r) => [r.team.id, r.rank, r.tieAtLine])).toEqual([
      ['r1t3', 1, false], ['r1t1', 2, true], ['r1t2', 2, true],
    ]));
    expect(await send(host, 'room:resolve-tie', { teams: ['r1t2', 'r1t3'], reason: '合议' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await send(host, 'room:resolve-tie', { teams: ['r1t2', 'r1t1'], reason: '' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await ok(host, 'room:resolve-tie', { teams: ['r1t2', 'r1t1'], reason: '评审组合议：r1t2 各评委评分更一致' });
    await eventually(() => expect(boards.at(-1)?.rows.map((r) => [r.team.id, r.rank, r.award, r.tieAtLine])).toEqual([
      ['r1t3', 1, 'first', false], ['r1t2', 2, 'second', false], ['r1t1', 3, null, false],
    ]));
    expect((await server.store.audit(ev.id)).at(-1)).toMatchObject({ action: 'tie.resolve', reason: '评审组合议：r1t2 各评委评分更一致' });
    // A wrong order can be decided again; a team named twice is refused.
    expect(await send(host, 'room:resolve-tie', { teams: ['r1t2', 'r1t2'], reason: '重复' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await ok(host, 'room:resolve-tie', { teams: ['r1t1', 'r1t2'], reason: '录入有误，重新合议' });
    await eventually(() => expect(boards.at(-1)?.rows.map((r) => r.team.id)).toEqual(['r1t3', 'r1t1', 'r1t2']));
    await ok(host, 'room:resolve-tie', { teams: ['r1t2', 'r1t1'], reason: '评审组合议：r1t2 各评委评分更一致' });
    const file = await resultsFileFor(server.store, ev, 'T01');
    expect(file.decisions).toEqual([{ teams: ['r1t2', 'r1t1'], reason: '评审组合议：r1t2 各评委评分更一致' }]);
    expect(computeResults(file).results.map((r) => [r.team, r.rank, r.award])).toEqual([['r1t3', 1, 'first'], ['r1t2', 2, 'second'], ['r1t1', 3, null]]);
  });
});
