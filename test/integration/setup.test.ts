// The admin's setup edits over a real socket: a structurally wrong configuration is refused with the reason in the
// organiser's words and changes nothing; a track's rules are locked once its teams hold stored score sheets.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventConfig } from '../../shared/domain';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, send, useServer, type Client } from '../helpers/server';

const server = useServer();
let admin: Client;

beforeAll(async () => {
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a long admin password' }),
  });
  admin = await server.client({ token: ((await res.json()) as { data: { token: string } }).data.token });
});

/** What a refused save must leave alone: the stored configuration, its version, the audit log. */
async function stored(eventId: string): Promise<string> {
  const k = eventKeys(eventId);
  const [event, version, audit] = await Promise.all([server.store.redis.get(k.event), server.store.redis.get(k.eventVersion), server.store.redis.xlen(k.audit)]);
  return JSON.stringify({ event, version, audit });
}

const edits: Array<[string, (ev: EventConfig) => void, string]> = [
  ['a room running a track that does not exist', (ev) => { ev.rooms[0]!.trackIds.push('T99'); }, '会场「第1会场」安排的赛道「T99」不存在'],
  ['a panel judge who does not exist', (ev) => { ev.rooms[1]!.panel.push('ghost'); }, '会场「第2会场」的评审组里有不存在的评委「ghost」'],
  ['a judge on two panels', (ev) => { ev.rooms[1]!.panel.push('r1j1'); }, '同时在会场「第1会场」和「第2会场」的评审组里'],
  ['a team in a track that does not exist', (ev) => { ev.teams[0]!.trackId = 'T42'; }, '团队「项目1-1」所属的赛道「T42」不存在'],
  ['a recusal of a judge who does not exist', (ev) => { ev.recusals.push({ team: 'r1t1', judge: 'nobody', reason: '同单位' }); }, '回避关系 r1t1/nobody 指向不存在的团队或评委'],
  ['two criteria with one id', (ev) => { ev.tracks[0]!.criteria[1]!.id = 'solution'; }, '评审指标编号「solution」重复'],
  ['a tie-break order naming a criterion that is gone', (ev) => { ev.tracks[0]!.criteria.pop(); }, '平分比较顺序里的指标「defense」不存在'],
  ['trimming that leaves too few judges', (ev) => { ev.tracks[0]!.rules.trimWhenAtLeast = 2; }, '必须大于 2'],
  ['criteria and a single total at once', (ev) => { ev.tracks[0]!.total = { maxMilli: 100_000, stepMilli: 1000 }; }, '按指标评分时不能同时设置单一总分'],
  ['a max that is not a whole number of steps', (ev) => { ev.tracks[1]!.criteria[0]!.stepMilli = 2000; ev.tracks[1]!.criteria[0]!.maxMilli = 25_000; }, '满分不是步长的整数倍'],
  ['a track removed while it has teams', (ev) => { ev.tracks.shift(); }, '赛道「赛道1」还有 2 支参赛团队，不能删除'],
];

describe('structural checks on admin:save-event', () => {
  it.each(edits)('refuses %s, and changes nothing', async (_what, edit, words) => {
    const ev = makeEvent({ id: 'checks', rooms: 2, teams: 2, judges: 3 });
    await ok(admin, 'admin:save-event', { config: ev });
    const before = await stored(ev.id);
    const broken = structuredClone(ev);
    edit(broken);
    const ack = await send(admin, 'admin:save-event', { config: broken });
    expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!ack.ok && ack.error.message).toContain(words);
    expect(!ack.ok && ack.error.message).toMatch(/^配置有误，未保存：/);
    expect(await stored(ev.id)).toBe(before);
  });

  it('accepts the same edits made whole: a track removed with its teams, a new room with its panel, a recusal added', async () => {
    const ev = makeEvent({ id: 'whole', rooms: 2, teams: 2, judges: 3 });
    await ok(admin, 'admin:save-event', { config: ev });
    const next = structuredClone(ev);
    next.tracks.shift();
    next.teams = next.teams.filter((t) => t.trackId !== 'T01');
    next.rooms[0]!.trackIds = ['T02'];
    next.rooms.push({ id: 'room3', name: '第三会场（线上评审与专家复核）', trackIds: ['T02'], panel: [] });
    next.recusals.push({ team: 'r2t1', judge: 'r2j1', reason: '曾指导该项目' });
    await ok(admin, 'admin:save-event', { config: next });
    expect(await server.store.getEvent(ev.id)).toEqual(next);
  });
});

describe('the rule lock', () => {
  it("refuses to change a scored track's rules, criteria or awards, and allows everything else", async () => {
    const ev = makeEvent({ id: 'locked', rooms: 2, teams: 2, judges: 3 });
    const links = await server.setup(ev);
    await ok(admin, 'admin:save-event', { config: ev });
    expect(await ok(admin, 'admin:scored-tracks', { eventId: ev.id })).toEqual({ trackIds: [] });

    const host = await server.client({ token: links.rooms[0]!.host.token });
    const judge = await server.client({ token: links.judges.find((j) => j.judgeId === 'r1j1')!.token });
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    await ok(judge, 'score:submit', { sid: 'setup-lock-sid-1', team: 'r1t1', values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } } });
    expect(await ok(admin, 'admin:scored-tracks', { eventId: ev.id })).toEqual({ trackIds: ['T01'] });

    for (const edit of [
      (e: EventConfig) => { e.tracks[0]!.criteria[0]!.maxMilli = 30_000; },
      (e: EventConfig) => { e.tracks[0]!.rules.decimals = 3; },
      (e: EventConfig) => { e.tracks[0]!.awards.first = 2; },
    ]) {
      const before = await stored(ev.id);
      const changed = structuredClone(ev);
      edit(changed);
      const ack = await send(admin, 'admin:save-event', { config: changed });
      expect(ack).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(!ack.ok && ack.error.message).toContain('赛道「赛道1」已有评委提交的评分，评分规则、评审指标和奖项设置已锁定');
      expect(await stored(ev.id)).toBe(before);
    }

    // The unscored track's rules, and the scored track's name, topics and timers, still change.
    const allowed = structuredClone(ev);
    allowed.tracks[0]!.name = '数据要素×工业制造（已开评）';
    allowed.tracks[0]!.topics = ['智能制造'];
    allowed.tracks[0]!.timers.presentationSec = 300;
    allowed.tracks[1]!.criteria[0]!.maxMilli = 30_000;
    allowed.tracks[1]!.awards = { first: 1, second: 1, third: 1, merit: 0, specialPoolPercent: 30 };
    await ok(admin, 'admin:save-event', { config: allowed });
    expect(await server.store.getEvent(ev.id)).toEqual(allowed);
  });
});

describe('prize counts changed with a reason once a track has scores (admin:set-awards)', () => {
  it('changes who gets which prize, never a score: audited, announced to the boards, refused without a reason', async () => {
    const ev = makeEvent({ id: 'awards-day', rooms: 1, teams: 3, judges: 3 });
    const links = await server.setup(ev);
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
    const display = await server.client({ token: links.rooms[0]!.display.token });
    // Totals 90, 80 and 70 from every judge, each team revealed.
    const sheets: Record<string, number[]> = { r1t1: [23, 18, 22, 14, 5, 8], r1t2: [20, 16, 20, 12, 4, 8], r1t3: [18, 14, 17, 11, 3, 7] };
    for (const [team, v] of Object.entries(sheets)) {
      await ok(host, 'room:call', { team });
      await ok(host, 'room:open-scoring', {});
      const criteria = { solution: v[0]! * 1000, model: v[1]! * 1000, effect: v[2]! * 1000, promotion: v[3]! * 1000, ip: v[4]! * 1000, defense: v[5]! * 1000 };
      for (const [j, judge] of judges.entries()) await ok(judge, 'score:submit', { sid: `awards-day-${team}-${j}`, team, values: { criteria } });
      await ok(host, 'room:close-scoring', {});
      await ok(host, 'room:reveal', {});
    }
    const awards = async () => (await server.store.standings(ev.id, 'T01')).standings.map((s) => [s.team, s.rank, s.award]);
    expect(await awards()).toEqual([['r1t1', 1, 'first'], ['r1t2', 2, 'second'], ['r1t3', 3, 'second']]);
    const aggregates = JSON.stringify(await Promise.all(['r1t1', 'r1t2', 'r1t3'].map((t) => server.store.redis.get(eventKeys(ev.id).agg(t)))));

    // Refused, changing nothing: not the admin, no reason, an unknown track or event, a count out of range.
    const vacantFirst = { first: 0, second: 1, third: 1, merit: 1, specialPoolPercent: 20 };
    const before = await stored(ev.id);
    for (const [socket, payload, code] of [
      [host, { eventId: ev.id, trackId: 'T01', awards: vacantFirst, reason: '评审组决定' }, 'FORBIDDEN'],
      [admin, { eventId: ev.id, trackId: 'T01', awards: vacantFirst, reason: '  ' }, 'BAD_REQUEST'],
      [admin, { eventId: ev.id, trackId: 'T09', awards: vacantFirst, reason: '评审组决定' }, 'NOT_FOUND'],
      [admin, { eventId: 'nope', trackId: 'T01', awards: vacantFirst, reason: '评审组决定' }, 'NOT_FOUND'],
      [admin, { eventId: ev.id, trackId: 'T01', awards: { ...vacantFirst, third: 101 }, reason: '评审组决定' }, 'BAD_REQUEST'],
    ] as const) {
      expect(await send(socket, 'admin:set-awards', payload)).toMatchObject({ ok: false, error: { code } });
    }
    expect(await stored(ev.id)).toBe(before);
    // admin:save-event still may not change them.
    const changed = structuredClone(ev);
    changed.tracks[0]!.awards = vacantFirst;
    expect(await send(admin, 'admin:save-event', { config: changed })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // The panel leaves first prize vacant: the ranks and scores stay, the prizes move down.
    const boards: Array<{ trackId: string; rows: Array<{ team: { id: string }; award: string | null }> }> = [];
    display.on('board:leaderboard', (b) => boards.push(b as unknown as (typeof boards)[number]));
    const { auditId } = await ok(admin, 'admin:set-awards', { eventId: ev.id, trackId: 'T01', awards: vacantFirst, reason: '评审组合议：一等奖空缺' });
    expect(await awards()).toEqual([['r1t1', 1, 'second'], ['r1t2', 2, 'third'], ['r1t3', 3, 'merit']]);
    expect((await server.store.getEvent(ev.id))!.tracks[0]!.awards).toEqual(vacantFirst);
    expect(JSON.stringify(await Promise.all(['r1t1', 'r1t2', 'r1t3'].map((t) => server.store.redis.get(eventKeys(ev.id).agg(t)))))).toBe(aggregates);
    await eventually(() => expect(boards.at(-1)?.rows.map((r) => [r.team.id, r.award])).toEqual([['r1t1', 'second'], ['r1t2', 'third'], ['r1t3', 'merit']]));
    const entry = (await server.store.audit(ev.id)).find((e) => e.id === auditId)!;
    expect(entry).toMatchObject({ action: 'track.awards', actor: 'admin', role: 'admin', reason: '评审组合议：一等奖空缺' });
    expect(JSON.parse(entry.before)).toEqual({ first: 1, second: 2, third: 5, merit: 0, specialPoolPercent: 20 });
    expect(JSON.parse(entry.after)).toEqual(vacantFirst);
  });
});
