// The public's part end to end over real sockets and Redis: a host imports a track's vote counts from a CSV (refused
// without a reason, with a bad row, by a judge, on a track without imported votes), the panel scores and reveals, the
// reveal and the board show F and both parts, a later import moves every team's part, and the exports equal the screens.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConfig } from '../../shared/domain';
import { DEFAULT_RULES } from '../../shared/scoring';
import type { BoardView, EventLinks } from '../../shared/protocol';
import { computeResults, type ResultsFile } from '../../shared/results';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, send, useServer, type Client } from '../helpers/server';

const server = useServer({ revealSpeed: 20 });
let ev: EventConfig;
let links: EventLinks;
let host: Client;
const boards: BoardView[] = [];

const csv = (rows: string[][]) => ({ name: 'votes.csv', base64: Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\n')}`).toString('base64') });

beforeAll(async () => {
  ev = makeEvent({ id: 'mix', rooms: 2, teams: 3, judges: 3, track: {
    criteria: [], total: { maxMilli: 100_000, stepMilli: 10 }, rules: { ...DEFAULT_RULES, criteriaOrder: [] },
    mix: { panelPercent: 70, publicPercent: 30, public: { kind: 'votes', fullMarksMilli: 100_000, votesPerVoter: 1, imported: true, openByDevice: false } },
  } });
  ev.tracks[1]!.mix = { ...ev.tracks[0]!.mix!, public: { ...ev.tracks[0]!.mix!.public, imported: false } };
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  const display = await server.client({ token: links.rooms[0]!.display.token });
  display.on('board:leaderboard', (b) => { if (b.trackId === 'T01') boards.push(b); });
});

describe('importing public vote counts', () => {
  it('is refused without a reason, with a bad row, to a judge, for another room\'s track, on a track without imported votes', async () => {
    const good = csv([['项目名称', '票数'], ['项目1-1', '1234'], ['r1t2', '600'], ['项目1-3', '900']]);
    expect(await send(host, 'public:import', { eventId: 'mix', trackId: 'T01', file: good, reason: '' }))
      .toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await send(host, 'public:import', { eventId: 'mix', trackId: 'T01', file: csv([['项目名称', '票数'], ['项目2-1', '5']]), reason: '微信投票结果' }))
      .toMatchObject({ ok: false, error: { reason: 'import-rows', params: { row: 2, column: '项目名称' } } });
    expect(await send(host, 'public:import', { eventId: 'mix', trackId: 'T01', file: csv([['项目名称', '票数'], ['项目1-1', '-5']]), reason: '微信投票结果' }))
      .toMatchObject({ ok: false, error: { reason: 'import-rows', params: { row: 2, column: '票数' } } });
    const judge = await server.client({ token: links.judges[0]!.token });
    expect(await send(judge, 'public:import', { eventId: 'mix', trackId: 'T01', file: good, reason: '微信投票结果' }))
      .toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await send(host, 'public:import', { eventId: 'mix', trackId: 'T02', file: good, reason: '微信投票结果' }))
      .toMatchObject({ ok: false, error: { reason: 'track-not-found' } });
    const host2 = await server.client({ token: links.rooms[1]!.host.token });
    expect(await send(host2, 'public:import', { eventId: 'mix', trackId: 'T02', file: good, reason: '微信投票结果' }))
      .toMatchObject({ ok: false, error: { reason: 'public-not-imported' } });
    expect(await server.redis.redis.hgetall('fs:{mix}:pub:imported:T01')).toEqual({});
    expect((await server.store.audit('mix')).filter((e) => e.action === 'public.import')).toEqual([]);
  });

  it('replaces the counts with an audit entry naming who, before, after and why', async () => {
    const out = await ok(host, 'public:import', { eventId: 'mix', trackId: 'T01', reason: '微信投票结果（截至 12 月 1 日 18:00）',
      file: csv([['项目名称', '票数'], ['项目1-1', '1234'], ['r1t2', '600'], ['项目1-3', '900']]) });
    expect(out.counts).toEqual({ r1t1: 1234, r1t2: 600, r1t3: 900 });
    const entry = (await server.store.audit('mix')).find((e) => e.action === 'public.import')!;
    expect(entry).toMatchObject({ actor: 'host:room1', role: 'host', reason: '微信投票结果（截至 12 月 1 日 18:00）' });
    expect(JSON.parse(entry.before)).toEqual({ track: 'T01', counts: {} });
    expect(JSON.parse(entry.after)).toEqual({ track: 'T01', counts: { r1t1: 1234, r1t2: 600, r1t3: 900 } });
  });
});

describe('the reveal, the board and the exports with the public\'s part', () => {
  it('shows F and both parts, follows a later import, and exports the same to the digit', async () => {
    const judges = await Promise.all(links.judges.filter((j) => j.judgeId.startsWith('r1')).map((j) => server.client({ token: j.token })));
    // Panel totals: r1t1 83.67 (83.67 × 3), r1t2 85.33, r1t3 74.
    const totals: Record<string, number[]> = { r1t1: [83_670, 83_670, 83_670], r1t2: [85_330, 85_330, 85_330], r1t3: [74_000, 74_000, 74_000] };
    for (const team of Object.keys(totals)) {
      await ok(host, 'room:call', { team });
      await ok(host, 'room:open-scoring', {});
      for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: `mix-${team}-${i}`, team, values: { total: totals[team]![i]! } });
      await ok(host, 'room:close-scoring', {});
      await ok(host, 'room:reveal', {});
    }
    const [view] = await ok(host, 'room:sync', {});
    // r1t3: U 900 / 1234 × 100 = 72.933… → 72.93; F 74 × 70 % + 72.93 × 30 % = 51.8 + 21.879 = 73.679 → 73.68
    expect(view!.reveal).toMatchObject({ team: 'r1t3', score: '73.68', mix: { panel: '74.00', public: '72.93', panelPercent: 70, publicPercent: 30, kind: 'votes' } });
    const rows = (b: BoardView | undefined) => b?.rows.map((r) => [r.team.id, r.score, r.rank, r.parts]);
    await eventually(() => expect(rows(boards.at(-1))).toEqual([
      ['r1t1', '88.57', 1, { panel: '83.67', public: '100.00' }],
      ['r1t2', '74.32', 2, { panel: '85.33', public: '48.62' }],
      ['r1t3', '73.68', 3, { panel: '74.00', public: '72.93' }],
    ]), 10_000);
    expect(boards.at(-1)!.mix).toEqual({ panelPercent: 70, publicPercent: 30, imported: true });

    // A corrected import: r1t3 now has the most votes, so every team's public part moves.
    await ok(host, 'public:import', { eventId: 'mix', trackId: 'T01', reason: '平台更正了重复投票',
      file: csv([['项目名称', '票数'], ['项目1-1', '1000'], ['项目1-2', '600'], ['项目1-3', '2000']]) });
    await eventually(() => expect(rows(boards.at(-1))).toEqual([
      ['r1t3', '81.80', 1, { panel: '74.00', public: '100.00' }], // 51.8 + 30
      ['r1t1', '73.57', 2, { panel: '83.67', public: '50.00' }], // 58.569 + 15 = 73.569
      ['r1t2', '68.73', 3, { panel: '85.33', public: '30.00' }], // 59.731 + 9 = 68.731
    ]), 10_000);

    // The exports: the results file recomputes to the board, to the digit; the workbook lists both parts.
    const q = `?token=${links.supervisor.token}`;
    const file = (await (await fetch(`${server.url}/api/events/mix/tracks/T01/results.json${q}`)).json()) as ResultsFile;
    expect(file.mix).toEqual({ panelPercent: 70, publicPercent: 30, public: { kind: 'votes', fullMarks: '100' } });
    expect(file.publicVotes).toEqual([{ team: 'r1t1', votes: 1000 }, { team: 'r1t2', votes: 600 }, { team: 'r1t3', votes: 2000 }]);
    expect(computeResults(file).results.map((r) => [r.team, r.score, r.rank, r.parts])).toEqual(rows(boards.at(-1)));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await fetch(`${server.url}/api/events/mix/tracks/T01/results.xlsx${q}`)).arrayBuffer());
    const summary = wb.getWorksheet('成绩汇总表')!;
    expect(summary.getRow(2).values).toEqual([undefined, '名次', '项目名称', '团队名称', '牵头单位', '最终得分', '专家评分', '大众评审', '奖项', '特别奖候选', '特别奖', '备注']);
    expect([5, 6, 7].map((c) => summary.getRow(3).getCell(c).value)).toEqual([81.8, 74, 100]);
    expect(summary.getRow(3).getCell(6).numFmt).toBe('0.00');
    const print = await (await fetch(`${server.url}/api/events/mix/tracks/T01/print${q}`)).text();
    expect(print).toContain('专家评分 74.00 × 70% + 大众评审 100.00 × 30%');
  }, 120_000);
});
