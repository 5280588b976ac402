// Special awards (issue 15) end to end on a real server and Redis: the panel's ballot on tablets (secret until the host
// closes it; the host sees who voted), its tally with a tie the host settles, the announcement reaching the screens
// only then, a correction with a reason; the committee's decision recorded directly; refusals that change nothing; the
// audit log and the results file carrying it all.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { EventConfig } from '../../shared/domain';
import type { BallotView, BoardView, SpecialView } from '../../shared/protocol';
import { computeResults } from '../../shared/results';
import { eventPrintPages, eventResultsWorkbook, resultsFileFor } from '../../server/exports';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, send, type Client, useServer } from '../helpers/server';

const server = useServer({ revealSpeed: 50 });

/** 5 teams, 3 judges, single totals; a pool of the top 60 % (3 teams: r1t5, r1t4, r1t3); awards A (1), B (1), C (0). */
function specialEvent(id: string): EventConfig {
  const ev = makeEvent({ id, teams: 5, judges: 3, track: { criteria: [], total: { maxMilli: 100_000, stepMilli: 10 } } });
  ev.tracks[0]!.rules = { ...ev.tracks[0]!.rules, tieBreak: [], criteriaOrder: [] };
  ev.tracks[0]!.awards = { first: 1, second: 1, third: 1, merit: 0, specialPoolPercent: 60 };
  ev.tracks[0]!.specialAwards = [{ name: '最具价值奖', count: 1 }, { name: '应用实践奖', count: 1 }, { name: '科技创新奖', count: 0 }];
  return ev;
}

/** Scores and reveals every team: r1t<n> gets 70 + n points from every judge. */
async function runTrack(host: Client, judges: Client[], ev: EventConfig): Promise<void> {
  for (const team of ev.teams) {
    await ok(host, 'room:call', { team: team.id });
    await ok(host, 'room:open-scoring', {});
    const total = (70 + Number(team.id.slice(-1))) * 1000;
    for (const [i, j] of judges.entries()) await ok(j, 'score:submit', { sid: `sp-${ev.id}-${team.id}-${i}`, team: team.id, values: { total } });
    await ok(host, 'room:close-scoring', {});
    await ok(host, 'room:reveal', {});
  }
}

/** Connects everyone of an event's room 1 and records what each hears of special awards. */
async function connect(ev: EventConfig) {
  const links = await server.setup(ev);
  const host = await server.client({ token: links.rooms[0]!.host.token });
  const display = await server.client({ token: links.rooms[0]!.display.token });
  const phone = await server.client({ audience: ev.id });
  const supervisor = await server.client({ token: links.supervisor.token });
  const judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
  const heard = {
    host: [] as SpecialView[], supervisor: [] as SpecialView[], displayBoards: [] as BoardView[], phoneBoards: [] as BoardView[],
    ballots: judges.map(() => [] as BallotView[]), everything: [] as Array<[string, string, unknown]>,
  };
  host.on('special:state', (v) => heard.host.push(v));
  supervisor.on('special:state', (v) => heard.supervisor.push(v));
  display.on('board:leaderboard', (b) => heard.displayBoards.push(b));
  phone.on('board:leaderboard', (b) => heard.phoneBoards.push(b));
  phone.on('audience:welcome', (w) => heard.phoneBoards.push(...w.boards));
  judges.forEach((j, i) => j.on('judge:ballot', (b) => heard.ballots[i]!.push(b)));
  for (const [who, s] of [['display', display], ['phone', phone], ...judges.map((j, i) => [`judge${i}`, j] as const)] as Array<[string, Client]>) {
    s.onAny((name: string, payload: unknown) => heard.everything.push([who, name, payload]));
  }
  return { host, display, phone, supervisor, judges, heard };
}

/** Everything stored about a track's special awards, to show that a refusal changed nothing. */
async function stored(ev: EventConfig): Promise<string> {
  const k = eventKeys(ev.id);
  const [special, ballots, audit] = await Promise.all([
    server.store.redis.hgetall(k.special('T01')), server.store.redis.hgetall(k.specialBallots('T01')), server.store.redis.xlen(k.audit)]);
  return JSON.stringify({ special, ballots, audit });
}

/** A command refused for `reason` (or, for a command the role has no handler of, with FORBIDDEN), changing nothing. */
const refused = async (socket: Client, name: Parameters<typeof send>[1], payload: unknown, reason: string, ev: EventConfig) => {
  const before = await stored(ev);
  const ack = await send(socket, name, payload);
  expect(ack, `${name} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: reason === 'role-forbidden' ? { code: 'FORBIDDEN' } : { reason } });
  expect(await stored(ev)).toBe(before);
};

describe('special awards', () => {
  it('the panel votes on tablets: secret until closed, a tie settled by the host, announced, corrected', async () => {
    const ev = specialEvent('special-ballot');
    const { host, judges, heard } = await connect(ev);
    const [j1, j2, j3] = judges as [Client, Client, Client];

    // Before the track's last reveal: no ballot, no decision.
    await refused(host, 'special:open-ballot', { trackId: 'T01' }, 'special-not-ready', ev);
    await refused(host, 'special:decide', { trackId: 'T01', winners: [], reason: '太早' }, 'special-not-ready', ev);
    await runTrack(host, judges, ev);
    await eventually(() => expect(heard.host.at(-1)).toMatchObject({ ready: true, ballot: 'none' }));
    expect(heard.host.at(-1)!.pool.map((t) => t.id)).toEqual(['r1t5', 'r1t4', 'r1t3']);
    expect(heard.host.at(-1)!.awards.map((a) => a.name)).toEqual(['最具价值奖', '应用实践奖']);

    // Votes before the ballot opens, a host on another track, a judge's command from a host: refused, nothing stored.
    await refused(j1, 'special:vote', { trackId: 'T01', picks: { 最具价值奖: 'r1t5' } }, 'special-ballot-not-open', ev);
    await refused(host, 'special:open-ballot', { trackId: 'T99' }, 'special-wrong-track', ev);
    await refused(host, 'special:vote', { trackId: 'T01', picks: {} }, 'role-forbidden', ev);
    await refused(j1, 'special:open-ballot', { trackId: 'T01' }, 'role-forbidden', ev);

    await ok(host, 'special:open-ballot', { trackId: 'T01' });
    await refused(host, 'special:open-ballot', { trackId: 'T01' }, 'special-ballot-open', ev);
    await eventually(() => expect(heard.ballots.map((b) => b.at(-1)?.open)).toEqual([true, true, true]));
    expect(heard.ballots[0]!.at(-1)).toMatchObject({ trackId: 'T01', picks: null, awards: [{ name: '最具价值奖', count: 1 }, { name: '应用实践奖', count: 1 }] });

    // Bad ballots: outside the pool, an award not given, a team not of the event.
    await refused(j1, 'special:vote', { trackId: 'T01', picks: { 最具价值奖: 'r1t1' } }, 'special-not-in-pool', ev);
    await refused(j1, 'special:vote', { trackId: 'T01', picks: { 科技创新奖: 'r1t5' } }, 'special-unknown-award', ev);
    await refused(j1, 'special:vote', { trackId: 'T01', picks: { 最具价值奖: 'bad id!' } }, 'bad-payload', ev);

    // 最具价值奖: r1t5 1, r1t4 1 (a tie; j3 abstains); 应用实践奖: r1t3 3 (j1 changes their mind first).
    await ok(j1, 'special:vote', { trackId: 'T01', picks: { 最具价值奖: 'r1t4', 应用实践奖: 'r1t3' } });
    await ok(j1, 'special:vote', { trackId: 'T01', picks: { 最具价值奖: 'r1t5', 应用实践奖: 'r1t3' } });
    await ok(j2, 'special:vote', { trackId: 'T01', picks: { 最具价值奖: 'r1t4', 应用实践奖: 'r1t3' } });
    await eventually(() => expect(heard.host.at(-1)!.voters.map((v) => v.voted)).toEqual([true, true, false]));
    await ok(j3, 'special:vote', { trackId: 'T01', picks: { 最具价值奖: null, 应用实践奖: 'r1t3' } });
    await eventually(() => expect(heard.host.at(-1)!.voters.map((v) => v.voted)).toEqual([true, true, true]));

    // Secret while open: the host and supervisors see who voted, no tally; each judge sees only their own ballot;
    // no display, phone or judge has heard anything about an award's winner; the audit says who voted, never what.
    await eventually(() => expect(heard.supervisor.at(-1)?.voters.map((v) => v.voted)).toEqual([true, true, true]));
    for (const v of [...heard.host, ...heard.supervisor]) expect([v.tally, v.winners]).toEqual([null, []]);
    expect(heard.ballots[1]!.at(-1)!.picks).toEqual({ 最具价值奖: 'r1t4', 应用实践奖: 'r1t3' });
    const sent = [
      [{ 最具价值奖: 'r1t4', 应用实践奖: 'r1t3' }, { 最具价值奖: 'r1t5', 应用实践奖: 'r1t3' }],
      [{ 最具价值奖: 'r1t4', 应用实践奖: 'r1t3' }],
      [{ 最具价值奖: null, 应用实践奖: 'r1t3' }],
    ];
    for (const [i, list] of heard.ballots.entries()) {
      for (const b of list) if (b.picks) expect(sent[i]).toContainEqual(b.picks);
    }
    const votes = (await server.store.audit(ev.id)).filter((e) => e.action === 'special.vote');
    expect(votes.map((e) => [e.judge, e.after])).toEqual([['r1j1', '{"track":"T01"}'], ['r1j1', '{"track":"T01"}'], ['r1j2', '{"track":"T01"}'], ['r1j3', '{"track":"T01"}']]);
    await refused(host, 'special:announce', { trackId: 'T01' }, 'special-ballot-open', ev);
    await refused(host, 'special:decide', { trackId: 'T01', winners: [{ award: '最具价值奖', team: 'r1t5' }], reason: '合议' }, 'special-ballot-open', ev);

    const closed = await ok(host, 'special:close-ballot', { trackId: 'T01' });
    expect(closed.tally.map((t) => [t.award, t.winners, t.open])).toEqual([
      ['最具价值奖', [], { why: 'tie', teams: ['r1t5', 'r1t4'], places: 1 }],
      ['应用实践奖', ['r1t3'], null],
    ]);
    await refused(j3, 'special:vote', { trackId: 'T01', picks: { 最具价值奖: 'r1t5' } }, 'special-ballot-not-open', ev);
    await refused(host, 'special:close-ballot', { trackId: 'T01' }, 'special-ballot-not-open', ev);
    await refused(host, 'special:open-ballot', { trackId: 'T01' }, 'special-ballot-done', ev);
    await eventually(() => expect(heard.host.at(-1)).toMatchObject({ ballot: 'closed', unsettled: true, winners: [{ award: '应用实践奖', team: 'r1t3' }] }));
    await eventually(() => expect(heard.supervisor.at(-1)?.tally?.map((t) => t.winners)).toEqual([[], ['r1t3']]));
    // The tie is the host's to settle: announcing before is refused.
    await refused(host, 'special:announce', { trackId: 'T01' }, 'special-undecided', ev);
    const close = (await server.store.audit(ev.id)).find((e) => e.action === 'special.close')!;
    expect(JSON.parse(close.after).ballots).toEqual({
      r1j1: { 最具价值奖: 'r1t5', 应用实践奖: 'r1t3' }, r1j2: { 最具价值奖: 'r1t4', 应用实践奖: 'r1t3' }, r1j3: { 最具价值奖: null, 应用实践奖: 'r1t3' },
    });

    // Settling: invalid decisions are refused and change nothing.
    const decide = (winners: Array<{ award: string; team: string }>, reason = '评审组合议') => ({ trackId: 'T01', winners, reason });
    await refused(host, 'special:decide', decide([{ award: '最具价值奖', team: 'r1t5' }, { award: '最具价值奖', team: 'r1t4' }]), 'special-over-count', ev);
    await refused(host, 'special:decide', decide([{ award: '最具价值奖', team: 'r1t3' }, { award: '应用实践奖', team: 'r1t3' }]), 'special-two-awards', ev);
    await refused(host, 'special:decide', decide([{ award: '科技创新奖', team: 'r1t5' }]), 'special-over-count', ev);
    await refused(host, 'special:decide', decide([{ award: '最佳创意奖', team: 'r1t5' }]), 'special-unknown-award', ev);
    await refused(host, 'special:decide', decide([{ award: '最具价值奖', team: 'r1t2' }]), 'special-not-in-pool', ev);
    await refused(host, 'special:decide', decide([{ award: '最具价值奖', team: 'r1t5' }], ''), 'bad-payload', ev);
    await ok(host, 'special:decide', decide([{ award: '应用实践奖', team: 'r1t3' }, { award: '最具价值奖', team: 'r1t5' }], '平票：评审组合议，r1t5 数据价值更突出'));
    await eventually(() => expect(heard.host.at(-1)).toMatchObject({
      unsettled: false, announced: false, decidedBy: { how: 'decision', reason: '平票：评审组合议，r1t5 数据价值更突出' },
      winners: [{ award: '最具价值奖', team: 'r1t5' }, { award: '应用实践奖', team: 'r1t3' }],
    }));

    // Nothing public before the announcement.
    const publicBefore = heard.everything.length;
    expect(heard.everything.filter(([, name]) => name === 'board:leaderboard' || name === 'audience:welcome')
      .flatMap(([, , p]) => ('boards' in (p as object) ? (p as { boards: BoardView[] }).boards : [p as BoardView]))
      .every((b) => b.special === null)).toBe(true);
    expect(heard.everything.some(([who, name]) => name === 'special:state' || (who !== 'judge0' && who !== 'judge1' && who !== 'judge2' && name === 'judge:ballot'))).toBe(false);

    await ok(host, 'special:announce', { trackId: 'T01' });
    const announced = [{ award: '最具价值奖', teams: ['r1t5'] }, { award: '应用实践奖', teams: ['r1t3'] }];
    const shown = (b: BoardView | undefined) => b?.special?.map((s) => ({ award: s.award, teams: s.teams.map((t) => t.id) }));
    await eventually(() => {
      expect(shown(heard.displayBoards.at(-1))).toEqual(announced);
      expect(shown(heard.phoneBoards.at(-1))).toEqual(announced);
    });
    expect(heard.everything.length).toBeGreaterThan(publicBefore);

    // A correction after the announcement: with a reason, audited, on every screen at once.
    await ok(host, 'special:decide', decide([{ award: '最具价值奖', team: 'r1t4' }, { award: '应用实践奖', team: 'r1t3' }], '更正：录入有误，合议结果为 r1t4'));
    await eventually(() => expect(shown(heard.phoneBoards.at(-1))).toEqual([{ award: '最具价值奖', teams: ['r1t4'] }, { award: '应用实践奖', teams: ['r1t3'] }]));
    const audit = (await server.store.audit(ev.id)).filter((e) => e.action.startsWith('special.'));
    expect(audit.map((e) => e.action)).toEqual(['special.open', 'special.vote', 'special.vote', 'special.vote', 'special.vote',
      'special.close', 'special.decide', 'special.announce', 'special.decide']);
    const correction = audit.at(-1)!;
    expect([correction.reason, JSON.parse(correction.before).winners, JSON.parse(correction.after).winners]).toEqual([
      '更正：录入有误，合议结果为 r1t4',
      [{ award: '最具价值奖', team: 'r1t5' }, { award: '应用实践奖', team: 'r1t3' }],
      [{ award: '最具价值奖', team: 'r1t4' }, { award: '应用实践奖', team: 'r1t3' }],
    ]);

    // The results file carries them, and the notary's recomputation checks them.
    const file = await resultsFileFor(server.store, ev, 'T01');
    expect(file.awards.special).toEqual([{ name: '最具价值奖', count: 1 }, { name: '应用实践奖', count: 1 }, { name: '科技创新奖', count: 0 }]);
    expect(file.specialAwards).toEqual([{ name: '最具价值奖', team: 'r1t4' }, { name: '应用实践奖', team: 'r1t3' }]);
    expect(computeResults(file).results.map((r) => [r.team, r.specialAwards])).toEqual([
      ['r1t5', []], ['r1t4', ['最具价值奖']], ['r1t3', ['应用实践奖']], ['r1t2', []], ['r1t1', []],
    ]);

    // The workbook's summary and 获奖名单, the print pages and the 公示 draft list them.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await eventResultsWorkbook(server.store, ev) as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('赛事成绩汇总')!;
    const rows: unknown[][] = [];
    summary.eachRow((row, i) => { if (i > 2) rows.push([row.getCell(4).value, row.getCell(9).value]); });
    expect(rows).toEqual([['团队1-5', ''], ['团队1-4', '最具价值奖'], ['团队1-3', '应用实践奖'], ['团队1-2', ''], ['团队1-1', '']]);
    const list: unknown[][] = [];
    wb.getWorksheet('T01-获奖名单')!.eachRow((row, i) => { if (i > 1) list.push([row.getCell(1).value, row.getCell(3).value]); });
    expect(list).toEqual([['一等奖', '项目1-5'], ['二等奖', '项目1-4'], ['三等奖', '项目1-3'], ['最具价值奖', '项目1-4'], ['应用实践奖', '项目1-3']]);
    const html = await eventPrintPages(server.store, ev);
    const notice = html.slice(html.indexOf('data-page="notice"'));
    expect(notice).toContain('<td class="c">最具价值奖</td><td>项目1-4</td>');
    expect(notice).toContain('<td class="c">应用实践奖</td><td>项目1-3</td>');
    expect(html.slice(0, html.indexOf('data-page="awards"'))).toContain('<td class="c">最具价值奖</td></tr>');
  });

  it('the host records the committee\'s decision directly; a ballot cannot open after it', async () => {
    const ev = specialEvent('special-direct');
    const { host, judges, heard } = await connect(ev);
    await runTrack(host, judges, ev);
    await ok(host, 'special:decide', { trackId: 'T01', winners: [{ award: '最具价值奖', team: 'r1t3' }], reason: '评审委员会会议决定' });
    await refused(host, 'special:open-ballot', { trackId: 'T01' }, 'special-ballot-done', ev);
    await ok(host, 'special:announce', { trackId: 'T01' });
    await eventually(() => expect(heard.phoneBoards.at(-1)?.special?.map((s) => [s.award, s.teams.map((t) => t.id)]))
      .toEqual([['最具价值奖', ['r1t3']], ['应用实践奖', []]]));
    expect(heard.ballots.every((list) => list.length === 0)).toBe(true);
    const entry = (await server.store.audit(ev.id)).find((e) => e.action === 'special.decide')!;
    expect(entry).toMatchObject({ actor: 'host:room1', role: 'host', reason: '评审委员会会议决定' });
  });
});
