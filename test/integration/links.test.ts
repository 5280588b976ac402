// The address the links and QR codes carry, over a real admin socket: this machine's LAN addresses listed (only listed:
// nothing here connects to them) on the port the admin reached the server on; the chosen address saved per event,
// checked, audited, and cleared; the displays told of it at once (the projector's QR code of the live page).
import { networkInterfaces } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../helpers/fixtures';
import { RoomMirror } from '../../shared/mirror';
import { eventually, ok, send, useServer, type Client } from '../helpers/server';

const server = useServer();
let admin: Client;
const ev = makeEvent({ id: 'links', teams: 2, judges: 3 });

beforeAll(async () => {
  const res = await fetch(`${server.url}/api/admin/setup`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'a long admin password' }),
  });
  admin = await server.client({ token: ((await res.json()) as { data: { token: string } }).data.token });
  await ok(admin, 'admin:save-event', { config: ev });
});

describe('links: the address tablets and phones use', () => {
  it('lists the LAN addresses of this machine on the server\'s port, never a loopback one', async () => {
    const links = await ok(admin, 'admin:links', { eventId: ev.id });
    expect(links.base).toBeNull();
    const port = new URL(server.url).port;
    const ours = Object.values(networkInterfaces()).flat().filter((a) => a && a.family === 'IPv4').map((a) => a!.address);
    for (const address of links.addresses) {
      const url = new URL(address);
      expect(url.protocol).toBe('http:');
      expect(url.port).toBe(port);
      expect(ours).toContain(url.hostname);
      expect(url.hostname).not.toMatch(/^127\.|^localhost$/);
    }
    // Every non-loopback IPv4 interface address is offered (link-local 169.254.x excepted).
    const lan = Object.values(networkInterfaces()).flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')).map((a) => a!.address);
    expect(links.addresses.map((a) => new URL(a).hostname).sort()).toEqual([...new Set(lan)].sort());
  });

  it('saves the chosen address for the event, refuses what is not one, audits it, and clears it', async () => {
    const set = await ok(admin, 'admin:set-link-base', { eventId: ev.id, base: 'http://192.168.50.10:3000/' });
    expect(set.base).toBe('http://192.168.50.10:3000');
    expect((await ok(admin, 'admin:links', { eventId: ev.id })).base).toBe('http://192.168.50.10:3000');
    for (const bad of ['ftp://192.168.50.10', '192.168.50.10:3000', 'http://192.168.50.10:3000/judge/x', 'http://a b']) {
      expect(await send(admin, 'admin:set-link-base', { eventId: ev.id, base: bad }), bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(await send(admin, 'admin:set-link-base', { eventId: 'nope', base: null }))
      .toMatchObject({ ok: false, error: { code: 'NOT_FOUND', reason: 'event-not-found' } });
    expect((await server.store.audit(ev.id)).filter((e) => e.action === 'links.base').map((e) => [e.before, e.after]))
      .toEqual([['', 'http://192.168.50.10:3000']]);
    expect((await ok(admin, 'admin:set-link-base', { eventId: ev.id, base: null })).base).toBeNull();
    // A host's token cannot change it.
    const links = await ok(admin, 'admin:links', { eventId: ev.id });
    const host = await server.client({ token: links.rooms[0]!.host.token });
    expect(await send(host, 'admin:set-link-base', { eventId: ev.id, base: 'http://10.0.0.9:3000' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('tells the displays where the audience follows the event, and follows a change of address at once', async () => {
    const links = await ok(admin, 'admin:links', { eventId: ev.id });
    const display = await server.client({ token: links.rooms[0]!.display.token });
    const mirror = new RoomMirror();
    display.on('room:snapshot', (view) => mirror.snapshot(view));
    display.on('room:patch', (patch) => mirror.patch(patch));
    const live = () => mirror.rooms.get(ev.rooms[0]!.id)?.live;
    await eventually(() => expect(live()).toEqual({ base: null, path: `/live/${ev.id}` }));
    await ok(admin, 'admin:set-link-base', { eventId: ev.id, base: 'http://192.168.50.10:3000' });
    await eventually(() => expect(live()).toEqual({ base: 'http://192.168.50.10:3000', path: `/live/${ev.id}` }));
    await ok(admin, 'admin:set-link-base', { eventId: ev.id, base: null });
    await eventually(() => expect(live()?.base).toBeNull());
  });
});
