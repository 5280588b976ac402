// The admin over a real socket: events from a preset or from nothing, saved configurations reaching every screen at
// once, each change in the audit log, and the links of an event.
import { beforeAll, describe, expect, it } from 'vitest';
import { RoomMirror } from '../../shared/mirror';
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

describe('admin', () => {
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
