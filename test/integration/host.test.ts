// The host's correction, over real sockets and Redis: the judge's current sheet is given to the host only once the
// team is revealed; a correction marks the team 已更正 on the leaderboard, for the supervisors and in the exports
// (workbook summary and print pages); a refusal names its reason for the host's words.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoardView, EventLinks, SupervisorSheets } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, record, send, useServer, type Client } from '../helpers/server';

const server = useServer();
const ev = makeEvent({ id: 'host-int', teams: 3, judges: 3 });
let links: EventLinks;
let host: Client;
let judges: Client[];

const sheet = (solution: number) => ({ criteria: { solution: solution * 1000, model: 15_000, effect: 20_000, promotion: 10_000, ip: 3_000, defense: 7_000 } });

beforeAll(async () => {
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
});

describe('host: a correction', () => {
  it('shows the sheets only after the reveal, then marks the corrected team on the board, for supervisors and in the exports', async () => {
    const supervisor = await server.client({ token: links.supervisor.token });
    const seen = record(supervisor);
    const boards = record(host);
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: `host-int-${i}-aaaa`, team: 'r1t1', values: sheet(20 + i) });
    await ok(host, 'room:close-scoring', {});

    // Closed but not revealed: the host gets no values (they would be on the console before the projector shows them).
    const early = await send(host, 'score:sheets', { team: 'r1t1' });
    expect(early).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE', reason: 'sheets-before-reveal' } });

    await ok(host, 'room:reveal', {});
    const before = await ok(host, 'score:sheets', { team: 'r1t1' });
    expect(before.r1j2).toMatchObject({ version: 1, total: 76_000, criteria: { solution: 21_000, defense: 7_000 } });
    expect(Object.keys(before).sort()).toEqual(['r1j1', 'r1j2', 'r1j3']);
    const board = () => boards.filter(([e]) => e === 'board:leaderboard').map(([, b]) => b as BoardView).at(-1);
    await eventually(() => expect(board()?.rows.find((r) => r.team.id === 'r1t1')).toMatchObject({ corrected: false }));

    await ok(host, 'score:correct', { team: 'r1t1', judge: 'r1j2', values: sheet(25), reason: '评委书面申请更正' });
    const after = await ok(host, 'score:sheets', { team: 'r1t1' });
    expect(after.r1j2).toMatchObject({ version: 2, total: 80_000 });
    await eventually(() => expect(board()?.rows.find((r) => r.team.id === 'r1t1')).toMatchObject({ corrected: true }));
    const sup = () => seen.filter(([e]) => e === 'supervisor:sheets').map(([, s]) => s as SupervisorSheets).at(-1);
    await eventually(() => expect(sup()?.corrected).toEqual(['r1t1']));

    // Another team, revealed without a correction, is not marked.
    await ok(host, 'room:call', { team: 'r1t2' });
    await ok(host, 'room:open-scoring', {});
    for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: `host-int-${i}-bbbb`, team: 'r1t2', values: sheet(10 + i) });
    await ok(host, 'room:close-scoring', {});
    await ok(host, 'room:reveal', {});
    await eventually(() => expect(board()?.rows.find((r) => r.team.id === 'r1t2')).toMatchObject({ corrected: false }));
    // A new supervisor gets the mark in its first snapshot.
    const late = record(await server.client({ token: links.supervisor.token }));
    await eventually(() => expect(late.find(([e]) => e === 'supervisor:sheets')?.[1]).toMatchObject({ corrected: ['r1t1'] }));

    const q = `?token=${links.supervisor.token}`;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.xlsx${q}`)).arrayBuffer());
    const notes = new Map<string, string>();
    wb.getWorksheet('成绩汇总表')!.eachRow((row, i) => { if (i > 2) notes.set(String(row.getCell(2).value), String(row.getCell(9).value ?? '')); });
    expect(notes.get('项目1-1')).toContain('已更正');
    expect(notes.get('项目1-2')).not.toContain('已更正');
    const print = await (await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/print${q}`)).text();
    expect(print.match(/data-mark="corrected"/g)).toHaveLength(1);
    expect(print).toMatch(/项目1-1[^]*?已更正[^]*?项目1-2/);
  });

  it('names the reason of a refusal, with its parameters, for the host to read it in Chinese or English', async () => {
    await ok(host, 'room:call', { team: 'r1t3' });
    await ok(host, 'room:open-scoring', {});
    await ok(judges[0]!, 'score:submit', { sid: 'host-int-back-1', team: 'r1t3', values: sheet(20) });
    expect(await send(host, 'room:back', {})).toMatchObject({ ok: false, error: { code: 'JUDGES_SUBMITTED', reason: 'judges-submitted' } });
    expect(await send(host, 'room:reveal', {})).toMatchObject({
      ok: false, error: { code: 'WRONG_PHASE', reason: 'wrong-phase', params: { intent: 'reveal', phase: 'scoring' } },
    });
    expect(await send(host, 'room:close-scoring', {})).toMatchObject({
      ok: false, error: { code: 'REASON_REQUIRED', reason: 'close-needs-reason', params: { n: 2 } },
    });
    expect(await send(judges[1]!, 'score:submit', { sid: 'host-int-over-1', team: 'r1t3', values: { criteria: { ...sheet(20).criteria, ip: 9000 } } }))
      .toMatchObject({ ok: false, error: { code: 'OVER_MAX', reason: 'criterion-over-max', params: { criterion: 'ip' } } });
  });
});
