// The admin over a real socket: the password stored at scrypt's production cost, events from a preset or from nothing,
// saved configurations reaching every screen at once, each change in the audit log, and the links of an event.
import { scryptSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdminAuth, SCRYPT_COST } from '../../server/auth';
import { LIMITS } from '../../server/budgets';
import { RoomMirror } from '../../shared/mirror';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, send, useServer, type Client } from '../helpers/server';

const server = useServer();
const PASSWORD = 'a long admin password';
let admin: Client;

beforeAll(async () => {
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: PASSWORD }),
  });
  admin = await server.client({ token: ((await res.json()) as { data: { token: string } }).data.token });
});

describe('admin', () => {
  it('stores the password as scrypt at the production cost (N = 2^14, r = 8), each hash checked with the cost it was made with', async () => {
    expect(SCRYPT_COST).toBe(16384);
    expect(LIMITS.passwordCost).toBe(SCRYPT_COST);
    const stored = await server.redis.redis.hgetall('fs:admin');
    expect(stored.cost).toBe('16384');
    expect(scryptSync(PASSWORD, Buffer.from(stored.salt!, 'hex'), 32, { N: 16384, r: 8, p: 1 }).toString('hex')).toBe(stored.hash);
    // A server set to another cost (a test's lower one) still checks this hash with its own.
    const cheap = new AdminAuth(server.redis.redis, 1024);
    expect(await cheap.verify(PASSWORD)).toBe(true);
    expect(await cheap.verify(`${PASSWORD}!`)).toBe(false);
    // A hash stored before the cost was recorded was made with the production cost.
    await server.redis.redis.hdel('fs:admin', 'cost');
    expect(await cheap.verify(PASSWORD)).toBe(true);
    await server.redis.redis.hset('fs:admin', 'cost', stored.cost!);
  });

  it('creates an event from the Guangdong preset, once', async () => {
    expect(await ok(admin, 'admin:create-event', { id: 'gd2026', name: '广东分赛决赛', presetId: 'sjys-2026-guangdong' })).toEqual({ eventId: 'gd2026' });
    const ev = await server.store.getEvent('gd2026');
    expect(ev?.tracks).toHaveLength(17);
    expect(ev?.name).toBe('广东分赛决赛');
    expect(await send(admin, 'admin:create-event', { id: 'gd2026', name: 'x', presetId: null })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await send(admin, 'admin:create-event', { id: 'bad', name: 'x', presetId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await server.store.audit('gd2026')).map((e) => e.action)).toEqual(['event.create']);
  });

  it('a saved configuration reaches the screens at once, and is audited', async () => {
    const ev = makeEvent({ id: 'live-edit', teams: 2, judges: 3 });
    await ok(admin, 'admin:save-event', { config: ev });
    const links = await ok(admin, 'admin:links', { eventId: ev.id });
    expect(links.rooms[0]!.display.url).toBe(`/display/${links.rooms[0]!.display.token}`);
    expect(links.judges.map((j) => j.roomId)).toEqual(['room1', 'room1', 'room1']);
    expect(links.audience).toBe('/live/live-edit');
    const mirror = new RoomMirror();
    const display = await server.client({ token: links.rooms[0]!.display.token });
    display.on('room:snapshot', (v) => void mirror.snapshot(v));
    display.on('room:patch', (p) => void mirror.patch(p));
    await ok(display, 'room:sync', {}).then((views) => views.forEach((v) => mirror.snapshot(v)));
    const renamed = { ...ev, teams: ev.teams.map((t, i) => (i === 0 ? { ...t, project: '基于可信数据空间的跨境贸易数据要素流通与价值释放平台' } : t)) };
    await ok(admin, 'admin:save-event', { config: renamed });
    await eventually(() => expect(mirror.rooms.get('room1')!.order[0]!.project).toBe('基于可信数据空间的跨境贸易数据要素流通与价值释放平台'));
    const saves = (await server.store.audit(ev.id)).filter((e) => e.action === 'event.save');
    expect(saves).toHaveLength(2);
    expect(JSON.parse(saves[1]!.after)).toMatchObject({ teams: 2, judges: 3, panels: { room1: ['r1j1', 'r1j2', 'r1j3'] } });
    expect(JSON.parse(saves[1]!.before).sha256).not.toBe(JSON.parse(saves[1]!.after).sha256);
  });

  it('refuses an invalid configuration with the reason, and keeps the old one', async () => {
    const ev = makeEvent({ id: 'live-edit', teams: 2, judges: 3 });
    const broken = { ...ev, rooms: [{ ...ev.rooms[0]!, panel: ['r1j1', 'ghost'] }] };
    const ack = await send(admin, 'admin:save-event', { config: broken });
    expect(ack).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(!ack.ok && ack.error.message).toContain('unknown judge "ghost"');
    expect((await server.store.getEvent('live-edit'))!.rooms[0]!.panel).toEqual(['r1j1', 'r1j2', 'r1j3']);
  });
});

describe('display control', () => {
  it('the host chooses what the projector shows, and reloads a stuck one', async () => {
    const ev = makeEvent({ id: 'display-control', teams: 2, judges: 3 });
    await ok(admin, 'admin:save-event', { config: ev });
    const links = await ok(admin, 'admin:links', { eventId: ev.id });
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const mirror = new RoomMirror();
    const display = await server.client({ token: links.rooms[0]!.display.token });
    let reloads = 0;
    display.on('display:reload', () => { reloads += 1; });
    display.on('room:snapshot', (v) => void mirror.snapshot(v));
    display.on('room:patch', (p) => void mirror.patch(p));
    await ok(display, 'room:sync', {}).then((views) => views.forEach((v) => mirror.snapshot(v)));
    expect(mirror.rooms.get('room1')!.displayMode).toBe('auto');
    await ok(host, 'display:set-mode', { mode: 'leaderboard' });
    await eventually(() => expect(mirror.rooms.get('room1')!.displayMode).toBe('leaderboard'));
    expect(await send(host, 'display:set-mode', { mode: 'party' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ok(host, 'display:reload', {})).toEqual({ displays: 1 });
    await eventually(() => expect(reloads).toBe(1));
    expect(await send(display, 'display:reload', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await server.store.audit(ev.id)).some((e) => e.action === 'room.display')).toBe(true);

    // The award ceremony at the host's pace: the screen the host is on, back to the first when the ceremony is
    // chosen again or the room finishes; out of range and other roles refused.
    await ok(host, 'display:ceremony', { step: 2 });
    await eventually(() => expect(mirror.rooms.get('room1')!.ceremonyStep).toBe(2));
    await ok(host, 'display:set-mode', { mode: 'ceremony' });
    await eventually(() => expect(mirror.rooms.get('room1')!.ceremonyStep).toBe(0));
    await ok(host, 'display:ceremony', { step: 1 });
    await eventually(() => expect(mirror.rooms.get('room1')!.ceremonyStep).toBe(1));
    await ok(host, 'room:finish', {});
    await eventually(() => expect([mirror.rooms.get('room1')!.phase, mirror.rooms.get('room1')!.ceremonyStep]).toEqual(['finished', 0]));
    for (const bad of [{ step: -1 }, { step: 1.5 }, { step: 201 }, { step: '1' }, {}]) {
      expect(await send(host, 'display:ceremony', bad)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await send(display, 'display:ceremony', { step: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(mirror.rooms.get('room1')!.ceremonyStep).toBe(0);
    expect((await server.store.audit(ev.id)).filter((e) => e.action === 'room.ceremony')).toHaveLength(2);
  });
});

describe('one team or judge corrected by hand (admin:edit-team, admin:edit-judge)', () => {
  it('saves the entry, audits it before and after, reaches the screens; refuses bad input and a scored team\'s track change', async () => {
    const ev = makeEvent({ id: 'entries', rooms: 2, teams: 2, judges: 3 });
    ev.tracks[0]!.topics = ['产业链协同与供应链风险预警', '工业大模型智能体的研发与应用'];
    const links = await server.setup(ev);
    const stored = async () => JSON.stringify([await server.store.getEvent(ev.id), await server.store.redis.xlen(eventKeys(ev.id).audit)]);
    const mirror = new RoomMirror();
    const display = await server.client({ token: links.rooms[0]!.display.token });
    display.on('room:snapshot', (v) => void mirror.snapshot(v));
    display.on('room:patch', (p) => void mirror.patch(p));
    await ok(display, 'room:sync', {}).then((views) => views.forEach((v) => mirror.snapshot(v)));

    // An unscored team: every field may change, its track too; no reason needed.
    const t1 = { ...ev.teams[0]!, project: '基于可信数据空间的跨境贸易数据要素流通与价值释放平台', leadOrg: '广州数据交易所有限公司',
      coOrgs: ['中山大学', '暨南大学'], topic: '工业大模型智能体的研发与应用', representatives: ['张三', '李四'] };
    const { auditId } = await ok(admin, 'admin:edit-team', { eventId: ev.id, team: t1, reason: '' });
    expect((await server.store.getEvent(ev.id))!.teams[0]).toEqual(t1);
    const entry = (await server.store.audit(ev.id)).find((e) => e.id === auditId)!;
    expect(entry).toMatchObject({ action: 'team.edit', actor: 'admin', role: 'admin', team: 'r1t1' });
    expect([JSON.parse(entry.before), JSON.parse(entry.after)]).toEqual([ev.teams[0], t1]);
    await eventually(() => expect(mirror.rooms.get('room1')!.order[0]!.project).toBe(t1.project));

    // Refused, changing nothing: bad input (zod), an unknown team, track or topic, no change, not the admin.
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const before = await stored();
    for (const [socket, payload, code, words] of [
      [admin, { eventId: ev.id, team: { ...t1, project: '' }, reason: '' }, 'BAD_REQUEST', 'team.project'],
      [admin, { eventId: ev.id, team: { ...t1, representatives: ['1', '2', '3', '4', '5', '6'] }, reason: '' }, 'BAD_REQUEST', 'team.representatives'],
      [admin, { eventId: ev.id, team: { ...t1, score: 99 }, reason: '' }, 'BAD_REQUEST', 'team'],
      [admin, { eventId: ev.id, team: { ...t1, id: 'ghost' }, reason: '' }, 'NOT_FOUND', '没有编号为「ghost」的团队'],
      [admin, { eventId: ev.id, team: { ...t1, trackId: 'T09' }, reason: '' }, 'BAD_REQUEST', '没有编号为「T09」的赛道'],
      [admin, { eventId: ev.id, team: { ...t1, topic: '推动制造业数据协同共享' }, reason: '' }, 'BAD_REQUEST', '不是赛道「赛道1」的赛题方向，可选：产业链协同与供应链风险预警、工业大模型智能体的研发与应用'],
      [admin, { eventId: ev.id, team: t1, reason: '' }, 'BAD_REQUEST', '没有改动'],
      [admin, { eventId: 'nope', team: t1, reason: '' }, 'NOT_FOUND', 'no event'],
      [admin, { eventId: ev.id, judge: { ...ev.judges[0]!, name: '' }, reason: '' }, 'BAD_REQUEST', 'judge.name'],
      [host, { eventId: ev.id, team: { ...t1, name: 'x' }, reason: '' }, 'FORBIDDEN', ''],
    ] as const) {
      const name = 'judge' in payload ? 'admin:edit-judge' : 'admin:edit-team';
      const ack = await send(socket, name, payload);
      expect(ack, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code } });
      expect(!ack.ok && ack.error.message).toContain(words);
    }
    expect(await stored()).toBe(before);

    // Scored: r1t2 holds a sheet of r1j1. Its track is locked; other changes need a reason.
    const judge = await server.client({ token: links.judges.find((j) => j.judgeId === 'r1j1')!.token });
    await ok(host, 'room:call', { team: 'r1t2' });
    await ok(host, 'room:open-scoring', {});
    await ok(judge, 'score:submit', { sid: 'entries-sid-1', team: 'r1t2', values: { criteria: { solution: 20000, model: 15000, effect: 20000, promotion: 10000, ip: 4000, defense: 8000 } } });
    expect(await ok(admin, 'admin:scored-tracks', { eventId: ev.id })).toEqual({ trackIds: ['T01'], teamIds: ['r1t2'], judgeIds: ['r1j1'] });
    const t2 = ev.teams[1]!;
    const scoredBefore = await stored();
    const moved = await send(admin, 'admin:edit-team', { eventId: ev.id, team: { ...t2, trackId: 'T02' }, reason: '报名时选错赛道' });
    expect(moved).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!moved.ok && moved.error.message).toContain('已有评分，不能改到其他赛道');
    expect(await send(admin, 'admin:edit-team', { eventId: ev.id, team: { ...t2, project: '项目1-2（更正）' }, reason: ' ' }))
      .toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    expect(await send(admin, 'admin:edit-judge', { eventId: ev.id, judge: { ...ev.judges[0]!, name: '陈立新' }, reason: '' }))
      .toMatchObject({ ok: false, error: { code: 'REASON_REQUIRED' } });
    expect(await stored()).toBe(scoredBefore);
    await ok(admin, 'admin:edit-team', { eventId: ev.id, team: { ...t2, project: '项目1-2（更正）' }, reason: '项目名称录入错误' });
    expect((await server.store.getEvent(ev.id))!.teams[1]!.project).toBe('项目1-2（更正）');
    expect(Object.keys(await server.store.sheets(ev.id, 'r1t2'))).toEqual(['r1j1']);

    // A judge: with a reason once scored; an unscored judge without.
    const j1 = { ...ev.judges[0]!, name: '陈立新', org: '华南理工大学计算机科学与工程学院', title: '教授、博士生导师' };
    const judged = await ok(admin, 'admin:edit-judge', { eventId: ev.id, judge: j1, reason: '姓名录入错误' });
    const jEntry = (await server.store.audit(ev.id)).find((e) => e.id === judged.auditId)!;
    expect(jEntry).toMatchObject({ action: 'judge.edit', judge: 'r1j1', reason: '姓名录入错误' });
    expect([JSON.parse(jEntry.before), JSON.parse(jEntry.after)]).toEqual([ev.judges[0], j1]);
    await ok(admin, 'admin:edit-judge', { eventId: ev.id, judge: { ...ev.judges[1]!, title: '研究员' }, reason: '' });
    expect((await server.store.getEvent(ev.id))!.judges.slice(0, 2)).toEqual([j1, { ...ev.judges[1]!, title: '研究员' }]);
  });
});
