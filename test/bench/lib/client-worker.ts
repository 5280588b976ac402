// A bench client process: opens many socket.io-client sockets on loopback (audience, displays, judges), timestamps
// what they receive with the machine's monotonic clock (comparable across processes), and submits sheets on order.
import { inflateRawSync } from 'node:zlib';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, RoomPatch, RoomView, ScoreReceipt, ServerToClientEvents } from '../../../shared/protocol';
import { serve } from './child';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const now = () => process.hrtime.bigint();

/** A watching socket: an audience phone, or the display of one room (it only gets that room's reveal). */
interface Watched { socket: Client; received: bigint | null; room: string | null; group: string }
const watched: Watched[] = [];
let armedRoom: string | null = null;
/** Which server's sockets are armed: ours or the floor's (both can be connected at once, to alternate). */
let armedGroup = '';
/** Whether a watcher should receive the armed reveal: every audience socket, the display of the room (if connected). */
const expects = (w: Watched) => w.group === armedGroup && w.socket.connected && (w.room === null || w.room === armedRoom);
const judges: Client[] = [];
/** The same judges' sockets to the hop server (hop-server.ts): the floor of a server between a tablet and Redis. */
const hops: Client[] = [];
/** A direct connection to the server's Redis, for the floor of a judge's wait (a bare write with the same fsync). */
let floorRedis: Redis | null = null;
let armed: string | null = null;
/** The socket.io text of the armed frame as the first watcher received it (for the floor to send the same bytes). */
let frame: string | null = null;
let lastFrame = '';

function open(url: string, auth: Record<string, unknown>, localAddress: string | undefined, reconnection = false): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket: Client = io(url, {
      auth, transports: ['websocket'], reconnection, reconnectionDelay: 200, reconnectionDelayMax: 2000, forceNew: true, timeout: 60_000,
      ...(localAddress ? { localAddress } : {}),
    } as Parameters<typeof io>[1]);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => reject(e));
  });
}

function watch(socket: Client, first: boolean, room: string | null, group: string): Watched {
  const w: Watched = { socket, received: null, room, group };
  const hit = (team: string | undefined) => {
    if (armed !== null && w.group === armedGroup && w.received === null && team === armed) {
      w.received = now();
      if (first && frame === null) frame = lastFrame;
    }
  };
  if (first) socket.io.engine.on('packet', (p: { type: string; data?: unknown }) => { if (p.type === 'message') lastFrame = String(p.data); });
  socket.on('room:patch', (p: RoomPatch) => hit(p.set.reveal?.team));
  socket.on('room:snapshot', (v: RoomView) => hit(v.reveal?.team));
  socket.on('audience:welcome', (w) => { for (const v of w.rooms) hit(v.reveal?.team); });
  socket.on('audience:welcome-packed', (p) => {
    if (!('deflated' in p)) return;
    const w = JSON.parse(inflateRawSync(Buffer.from(p.deflated as ArrayBuffer)).toString()) as { rooms: RoomView[] };
    for (const v of w.rooms) hit(v.reveal?.team);
  });
  return w;
}

/**
 * Opens `auths.length` sockets, `concurrency` at a time. A `localAddress` ending in `.*` spreads them over 200
 * addresses (the last byte 1..200), as phones on many devices: a proxy that keeps each address on one process
 * (nginx's `hash $remote_addr`) then spreads them over its processes.
 */
async function openMany(url: string, auths: Array<Record<string, unknown>>, localAddress: string | undefined, concurrency: number, reconnection = false): Promise<Client[]> {
  const addressOf = (i: number) => (localAddress?.endsWith('.*') ? `${localAddress.slice(0, -1)}${(i % 200) + 1}` : localAddress);
  const out: Client[] = new Array(auths.length);
  let next = 0;
  let failed = 0;
  let lastError = '';
  await Promise.all(Array.from({ length: Math.min(concurrency, auths.length) }, async () => {
    while (next < auths.length) {
      const i = next++;
      try {
        out[i] = await open(url, auths[i]!, addressOf(i), reconnection);
      } catch (e) {
        failed += 1;
        lastError = (e as Error).message;
      }
    }
  }));
  if (failed) throw new Error(`${failed} of ${auths.length} sockets failed to connect: ${lastError}`);
  return out;
}

serve(async (req) => {
  switch (req.type) {
    case 'watch': {
      const { url, auths, rooms, localAddress, concurrency, group } = req as unknown as { url: string; auths: Array<Record<string, unknown>>; rooms?: Array<string | null>; localAddress?: string; concurrency: number; group: string };
      const sockets = await openMany(url, auths, localAddress, concurrency);
      const first = !watched.some((w) => w.group === group);
      sockets.forEach((s, i) => watched.push(watch(s, first && i === 0, rooms?.[i] ?? null, group)));
      return { connected: watched.length };
    }
    case 'judges': {
      const { url, auths, localAddress } = req as unknown as { url: string; auths: Array<Record<string, unknown>>; localAddress?: string };
      judges.push(...await openMany(url, auths, localAddress, 20, true)); // tablets reconnect by themselves
      return { connected: judges.length };
    }
    case 'hops': {
      const { url, count } = req as unknown as { url: string; count: number };
      hops.push(...await openMany(url, Array.from({ length: count }, () => ({})), undefined, 20, true));
      return { connected: hops.length };
    }
    case 'drop': {
      // Closes the watching sockets of one group (a floor's, once measured).
      for (const w of watched.filter((x) => x.group === req.group)) w.socket.disconnect();
      watched.splice(0, watched.length, ...watched.filter((x) => x.group !== req.group));
      return { connected: watched.length };
    }
    case 'arm': {
      armed = req.team as string;
      armedRoom = (req.room as string | undefined) ?? null;
      armedGroup = req.group as string;
      frame = null;
      for (const w of watched) w.received = null;
      return {};
    }
    case 'collect': {
      const mine = watched.filter((w) => w.group === armedGroup);
      const got = mine.filter((w) => w.received !== null);
      const expected = mine.filter(expects).length;
      const lost = mine.filter((w) => !w.socket.connected).length;
      return { count: got.length, expected, lost, received: req.full ? got.map((w) => String(w.received)) : [], frame };
    }
    case 'submit': {
      // One sheet from each judge listed, each after its delay; the acknowledgement latency of each, in ms. A floor
      // item writes the sheet's bytes straight to Redis instead (SET, one round trip, the same AOF fsync before the
      // reply): what a judge would wait for with no server between the tablet and Redis. A hop item sends the sheet to
      // the hop server instead, which SETs it and acknowledges: the same with a bare socket.io server between them.
      const items = req.items as Array<{ judge: number; sid: string; team: string; room?: string; values: unknown; delayMs?: number; floor?: string; hop?: boolean }>;
      const results = await Promise.all(items.map(async (it) => {
        if (it.delayMs) await new Promise((r) => setTimeout(r, it.delayMs));
        const t0 = now();
        const at = Date.now();
        if (it.floor) {
          floorRedis ??= new Redis(it.floor);
          await floorRedis.set(`bench-floor:${it.sid}`, JSON.stringify({ sid: it.sid, team: it.team, room: it.room, values: it.values }));
          return { ms: Number(now() - t0) / 1e6, ok: true, code: null, retries: 0, at, floor: true };
        }
        // Like the tablet's outbox: resend the same sid until acknowledged (a lost connection, a timeout).
        let retries = 0;
        for (;;) {
          const socket = it.hop ? hops[it.judge % hops.length]! : judges[it.judge]!;
          try {
            if (!socket.connected) throw new Error('not connected');
            const ack = (await socket.timeout(30_000).emitWithAck('score:submit', { sid: it.sid, team: it.team, room: it.room, values: it.values } as never)) as Ack<ScoreReceipt>;
            return { ms: Number(now() - t0) / 1e6, ok: ack.ok, code: ack.ok ? null : ack.error.code, retries, at, ...(it.hop ? { hop: true } : {}) };
          } catch {
            retries += 1;
            if (Number(now() - t0) / 1e6 > 120_000) return { ms: Number(now() - t0) / 1e6, ok: false, code: 'TIMEOUT', retries, at };
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }));
      return { results };
    }
    case 'close': {
      for (const w of watched.splice(0)) w.socket.disconnect();
      for (const j of [...judges.splice(0), ...hops.splice(0)]) j.disconnect();
      floorRedis?.disconnect();
      floorRedis = null;
      frame = null;
      return {};
    }
  }
  throw new Error(`unknown request ${req.type}`);
});
process.send!({ type: 'ready' });
