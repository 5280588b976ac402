// A bench attacker process: audience sockets that flood commands a phone may not send, as fast as the socket takes them,
// each opening a new socket at once when the server drops it; or phones that connect and drop, again and again; or
// voters (大众评审) who connect with their codes and each cast one ballot at a moment of their own.
import { io, type Socket } from 'socket.io-client';
import { serve } from './child';

type Raw = Socket & { emit: (name: string, payload: unknown, ack?: (a: unknown) => void) => Socket };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function open(url: string, auth: Record<string, unknown>, localAddress: string, timeout = 10_000, why?: (message: string) => void): Promise<Raw | null> {
  return new Promise((resolve) => {
    const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout, localAddress } as Parameters<typeof io>[1]) as Raw;
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      why?.(err.message);
      socket.close();
      resolve(null);
    });
  });
}

serve(async (req) => {
  const { url, auth, ms, localAddress } = req as unknown as { url: string; auth: Record<string, unknown>; ms: number; localAddress: string };
  const until = Date.now() + ms;
  if (req.type === 'flood') {
    // `sockets` attackers, each: send invalid commands in batches (yielding to the event loop between batches, so the
    // socket's buffer drains), until dropped; then a new socket at once.
    const sockets = req.sockets as number;
    let sent = 0;
    let answered = 0;
    let dropped = 0;
    let refusedHandshakes = 0;
    /** The longest wait for a handshake (ms): the server holds new phones of an address that keeps flooding. */
    let longestHandshake = 0;
    await Promise.all(Array.from({ length: sockets }, async (_, i) => {
      while (Date.now() < until) {
        const t0 = Date.now();
        const socket = await open(url, auth, localAddress);
        longestHandshake = Math.max(longestHandshake, Date.now() - t0);
        if (!socket) {
          refusedHandshakes += 1;
          await sleep(50);
          continue;
        }
        while (socket.connected && Date.now() < until) {
          for (let k = 0; k < 50; k++) {
            socket.emit('score:submit', { sid: `flood-${i}-${sent}`, team: 'r1t1', values: { total: 1 } }, () => { answered += 1; });
            sent += 1;
          }
          await sleep(0);
        }
        if (!socket.connected) dropped += 1;
        socket.close();
      }
    }));
    return { sent, answered, dropped, refusedHandshakes, longestHandshake };
  }
  if (req.type === 'churn') {
    // `phones` phones, `concurrency` at a time: each connects, gets its welcome, and drops (until all have, or time is up).
    const phones = req.phones as number;
    const concurrency = req.concurrency as number;
    let connected = 0;
    let failed = 0;
    /** The size of a welcome (bytes; packed, when the phone asked so): what each phone is sent on connecting. */
    let welcomeBytes = 0;
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < phones && Date.now() < until) {
        next += 1;
        const socket = await open(url, auth, localAddress);
        if (!socket) {
          failed += 1;
          continue;
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 2000);
          const got = (bytes: number) => {
            welcomeBytes ||= bytes;
            clearTimeout(t);
            resolve();
          };
          socket.once('audience:welcome', (welcome: unknown) => got(Buffer.byteLength(JSON.stringify(welcome))));
          socket.once('audience:welcome-packed', (packed: { deflated?: ArrayBuffer }) => got(packed.deflated?.byteLength ?? 0));
        });
        connected += 1;
        socket.close();
      }
    }));
    return { connected, failed, welcomeBytes, seconds: Math.round((Date.now() - (until - ms)) / 100) / 10 };
  }
  if (req.type === 'vote') {
    // One voter per code, each with a device of its own: it connects (waiting its turn among the phones), then casts one
    // ballot for one team at its own moment of the phase (spread evenly, in a shuffled order), and stays connected.
    const { codes, event, track, teams } = req as unknown as { codes: string[]; event: string; track: string; teams: string[] };
    let cast = 0;
    let refused = 0;
    let failed = 0;
    let last = until - ms;
    const sockets: Raw[] = [];
    /** Why voters could not connect, by the server's (or the client's) message. */
    const why: Record<string, number> = {};
    const start = until - ms;
    await Promise.all(codes.map(async (code, i) => {
      const at = start + Math.floor((((i * 7919) % codes.length) / codes.length) * (ms - 5000));
      const socket = await open(url, { voter: { event, code, device: `bench-${event}-${code}` }, welcome: { deflate: true, have: null } }, localAddress, ms, (m) => { why[m] = (why[m] ?? 0) + 1; });
      if (!socket) {
        failed += 1;
        return;
      }
      sockets.push(socket);
      await sleep(Math.max(0, at - Date.now()));
      const ack = await socket.timeout(30_000).emitWithAck('vote:cast', { track, teams: [teams[i % teams.length]] }).catch(() => null) as { ok: boolean } | null;
      if (ack?.ok) cast += 1;
      else refused += 1;
      last = Math.max(last, Date.now());
    }));
    for (const socket of sockets) socket.close();
    if (failed) console.error('voters not connected:', JSON.stringify(why));
    return { voters: codes.length, cast, refused, failed, seconds: Math.round((last - start) / 100) / 10 };
  }
  throw new Error(`unknown request ${req.type}`);
});
process.send!({ type: 'ready' });
