// Phones connecting together (a venue's Wi-Fi comes back): each gets every room's view and every track's board, built
// once for many of them, and each ends on the latest view when a change happens while they connect.
import { inflateRawSync } from 'node:zlib';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { AudienceWelcome, BoardView, PackedWelcome, RoomPatch, RoomView, WelcomeAuth } from '../../shared/protocol';
import { RoomMirror } from '../../shared/mirror';
import { makeEvent } from '../helpers/fixtures';
import { eventually, ok, useServer, type Client } from '../helpers/server';

const server = useServer();
const phones: Client[] = [];
afterAll(() => { for (const p of phones) p.disconnect(); });

/**
 * An audience socket with its mirror of the rooms and its boards, kept as the phones' page keeps them
 * (display/common/watch.ts): a patch that does not follow asks for a fresh snapshot with room:sync.
 */
async function phone(eventId: string) {
  const mirror = new RoomMirror();
  const boards = new Map<string, BoardView>();
  const socket: Client = io(server.url, { auth: { audience: eventId }, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
  phones.push(socket);
  socket.on('room:snapshot', (v: RoomView) => mirror.snapshot(v));
  socket.on('room:patch', (p: RoomPatch) => {
    if (mirror.patch(p) !== 'needs-sync') return;
    void ok(socket, 'room:sync', {}).then((views) => {
      mirror.reset();
      for (const v of views) mirror.snapshot(v);
    });
  });
  socket.on('board:leaderboard', (b: BoardView) => boards.set(b.trackId, b));
  socket.on('audience:welcome', (w) => {
    for (const v of w.rooms) mirror.snapshot(v);
    for (const b of w.boards) boards.set(b.trackId, b);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
    socket.connect();
  });
  return { socket, mirror, boards };
}

/** Counts the room views the server builds from now until `restore`; `room` builds one without counting. */
function countRoomViews() {
  const views = server.app.ctx.views;
  const room = views.room.bind(views);
  let builds = 0;
  views.room = (...args: Parameters<typeof views.room>) => {
    builds += 1;
    return room(...args);
  };
  return { room, builds: () => builds, restore: () => { views.room = room; } };
}

describe('the phones’ welcome', () => {
  it('is built once for all the phones that ask while a build runs, and equals a fresh build', async () => {
    const ev = makeEvent({ id: 'welcome-batch', rooms: 3, teams: 4, judges: 5 });
    await server.setup(ev);
    const { room, builds, restore } = countRoomViews();
    try {
      // 50 phones at the same moment: the first starts a build, the 49 others share the next one.
      const welcomes = await Promise.all(Array.from({ length: 50 }, () => server.app.ctx.welcomes.next(ev.id)));
      expect(builds()).toBe(2 * ev.rooms.length);
      expect(new Set(welcomes).size).toBe(2);
      const fresh = await Promise.all(ev.rooms.map((r) => room(ev, r)));
      for (const w of welcomes) {
        expect(w!.rooms).toEqual(fresh);
        expect(w!.boards.map((b) => b.trackId)).toEqual(ev.tracks.map((t) => t.id));
      }
    } finally {
      restore();
    }
  });

  it('answers a phone\'s room:sync from the same batched build, however often it asks', async () => {
    const ev = makeEvent({ id: 'welcome-sync', rooms: 3, teams: 4, judges: 5 });
    await server.setup(ev);
    const p = await phone(ev.id);
    const { room, builds, restore } = countRoomViews();
    try {
      // One phone asking 40 times at once (a page stuck in a loop) costs a few builds, not 40.
      const answers = await Promise.all(Array.from({ length: 40 }, () => ok(p.socket, 'room:sync', {})));
      const fresh = await Promise.all(ev.rooms.map((r) => room(ev, r)));
      for (const a of answers) expect(a).toEqual(fresh);
      expect(builds()).toBeLessThan(40 * ev.rooms.length / 4);
    } finally {
      restore();
    }
  });

  it('leaves every phone on the latest view of each room when a change is made while they connect', async () => {
    const ev = makeEvent({ id: 'welcome', rooms: 3, teams: 4, judges: 5 });
    const links = await server.setup(ev);
    const host = await server.client({ token: links.rooms[0]!.host.token });

    // 60 phones connect while the host of room 1 calls a team and starts the presentation.
    const connecting = Promise.all(Array.from({ length: 60 }, () => phone(ev.id)));
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:start-presentation', {});
    const all = await connecting;

    const views = server.app.ctx.views;
    const fresh = await Promise.all(ev.rooms.map((r) => views.room(ev, r)));
    expect(fresh[0]!.phase).toBe('presenting');
    await eventually(() => {
      for (const p of all) {
        expect(ev.rooms.map((r) => p.mirror.rooms.get(r.id))).toEqual(fresh);
        expect(p.boards.size).toBe(ev.tracks.length);
      }
    });
  });

  /** A phone that asks for its welcome as `welcome` says; its first welcome message, as it came. */
  async function packedPhone(eventId: string, welcome: unknown) {
    const socket: Client = io(server.url, { auth: { audience: eventId, welcome }, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
    phones.push(socket);
    const got = new Promise<{ plain: AudienceWelcome } | { packed: PackedWelcome }>((resolve) => {
      socket.once('audience:welcome', (plain) => resolve({ plain }));
      socket.once('audience:welcome-packed', (packed) => resolve({ packed }));
    });
    socket.connect();
    return { socket, got: await got };
  }
  const inflated = (packed: PackedWelcome): AudienceWelcome => {
    if (!('deflated' in packed)) throw new Error(`not deflated: ${JSON.stringify(packed)}`);
    return JSON.parse(inflateRawSync(packed.deflated as Buffer).toString('utf8')) as AudienceWelcome;
  };
  const asks = (have: string | null): WelcomeAuth => ({ deflate: true, have });

  it('sends a phone that can inflate the build deflated, the same welcome as the plain one of the same build', async () => {
    const ev = makeEvent({ id: 'welcome-packed', rooms: 3, teams: 4, judges: 5 });
    await server.setup(ev);
    // Phones of both kinds in one build: the build is the same, each kind encoded once for its group.
    const all = await Promise.all([
      ...Array.from({ length: 5 }, () => packedPhone(ev.id, asks(null))),
      packedPhone(ev.id, undefined),
      packedPhone(ev.id, { deflate: 'yes', have: 7 }), // malformed: plain JSON
    ]);
    const plain = all.slice(5).map((p) => ('plain' in p.got ? p.got.plain : null));
    expect(plain.every((w) => w !== null)).toBe(true);
    const fresh = await server.app.ctx.welcomes.next(ev.id);
    expect(plain[0]).toEqual(fresh);
    for (const p of all.slice(0, 5)) {
      expect('packed' in p.got).toBe(true);
      const packed = (p.got as { packed: PackedWelcome }).packed;
      expect(packed.hash).toBe(fresh!.hash);
      expect(inflated(packed)).toEqual(fresh);
      // Smaller than its JSON by far (an event's names repeat in every view).
      expect('deflated' in packed && packed.deflated.byteLength).toBeLessThan(JSON.stringify(fresh).length / 4);
    }
  });

  it('answers `unchanged` to a phone that names the build\'s hash, and the whole welcome once anything changed', async () => {
    const ev = makeEvent({ id: 'welcome-kept', rooms: 3, teams: 4, judges: 5 });
    const links = await server.setup(ev);
    const first = await packedPhone(ev.id, asks(null));
    const kept = inflated((first.got as { packed: PackedWelcome }).packed);

    // A repeat visit with nothing changed: `unchanged`, and the kept copy is what the server would send now.
    const again = await packedPhone(ev.id, asks(kept.hash));
    expect(again.got).toEqual({ packed: { hash: kept.hash, unchanged: true } });
    expect(await server.app.ctx.welcomes.next(ev.id)).toEqual(kept);
    // A plain phone naming the hash: also `unchanged` (it said what it has).
    const plainKept = await packedPhone(ev.id, { deflate: false, have: kept.hash });
    expect(plainKept.got).toEqual({ packed: { hash: kept.hash, unchanged: true } });

    // The host calls a team: the kept copy is stale, so a phone naming it gets the whole new welcome.
    const host = await server.client({ token: links.rooms[0]!.host.token });
    await ok(host, 'room:call', { team: 'r1t1' });
    const changed = await packedPhone(ev.id, asks(kept.hash));
    const now = inflated((changed.got as { packed: PackedWelcome }).packed);
    expect(now.hash).not.toBe(kept.hash);
    expect(now.rooms[0]!.team?.id).toBe('r1t1');
    expect(now).toEqual(await server.app.ctx.welcomes.next(ev.id));
    // So does one naming a hash the server never made, and one that cannot inflate gets it plain.
    expect(inflated(((await packedPhone(ev.id, asks('not-a-hash'))).got as { packed: PackedWelcome }).packed)).toEqual(now);
    expect((await packedPhone(ev.id, { deflate: false, have: kept.hash })).got).toEqual({ plain: now });
  });
});
