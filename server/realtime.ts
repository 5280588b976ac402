// The socket.io side: the handshake decides the role from a token; each connection gets its role's handlers, then
// subscribes to every topic its role follows (server/topics.ts), receiving each one's current value (server/notify.ts).
// A reconnect is a new connection: fresh snapshots.
// The budgets of server/budgets.ts apply here: failed handshakes are slowed, phones per address capped and let in a few
// at a time, watchers' packets checked against their role's budget before any handler runs.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { clientAddress } from './addresses';
import { AdminAuth, FailureBackoff, Tokens, tokenHash } from './auth';
import { AddressCount, Admissions, LIMITS, SocketBudget, type Limits } from './budgets';
import { judgeRooms } from '../shared/domain';
import { bindAdmin } from './handlers/admin';
import { bindCommon } from './handlers/common';
import type { AppSocket } from './handlers/command';
import type { Ctx } from './handlers/context';
import { bindHost } from './handlers/host';
import { bindJudge } from './handlers/judge';
import { bindPublic } from './handlers/public';
import { bindSupervisor } from './handlers/supervisor';
import { bindVoter } from './handlers/voter';
import { codeHash } from './store/voters';
import { votingTracks } from './voting';
import { voterAuthSchema } from '../shared/protocol';
import { normalizeCode } from '../shared/voting';
import { channels, Notifier, type Io } from './notify';
import { Rooms } from './rooms';
import { isConnectionError, STORAGE_AWAY, type StorageMonitor } from './storage';
import type { Store } from './store/index';
import { Views } from './views';
import { AudienceWelcomes } from './welcome';

/**
 * Wires authentication, handlers and subscriptions onto a socket.io server; returns the shared context. `proxies`: the
 * reverse proxies whose X-Forwarded-For names a socket's address (server/addresses.ts `clientAddress`); `standby`: the
 * other machine's address, which the links carry.
 */
export function attachRealtime(io: Io, store: Store, storage: StorageMonitor, limits: Limits = LIMITS, revealSpeed = 1,
  proxies: readonly string[] = [], standby: string | null = null): Ctx {
  const views = new Views(store, revealSpeed, standby);
  const welcomes = new AudienceWelcomes(store, views, io);
  const ctx: Ctx = {
    store, views, rooms: new Rooms(store), notifier: new Notifier(io, store, views, welcomes),
    tokens: new Tokens(store.redis), admin: new AdminAuth(store.redis, limits.passwordCost), welcomes, storage, standby,
  };
  const failures = new FailureBackoff(limits.handshakeFailures);
  const drops = new FailureBackoff(limits.phoneDrops);
  let held = 0;
  const phones = new AddressCount();
  // The event loop's delay, for the phones' pace (Admissions: faster while the loop stays free for the judges).
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  io.httpServer?.once('close', () => loop.disable());
  const admissions = new Admissions(limits.phoneAdmissions, Date.now, () => {
    const p99 = loop.percentile(99) / 1e6;
    loop.reset();
    return p99;
  });
  /** Waits `ms` with one of the held places; false when every place is taken. */
  const hold = async (ms: number): Promise<boolean> => {
    if (held >= limits.heldFailures) return false;
    held += 1;
    await new Promise((r) => setTimeout(r, ms));
    held -= 1;
    return true;
  };

  io.use(async (socket, next) => {
    // No token can be checked without Redis: the client is told why and tries again (it does not count as a failure).
    if (!storage.ok) return next(new Error('UNAVAILABLE'));
    const address = clientAddress(socket.request, proxies);
    // A valid credential is checked first and never waits; only a failure is counted, and its answer is held for the
    // backoff of its address (and of all addresses together), so guessing slows down without locking anyone out.
    const deny = async (message: string) => {
      const ms = failures.fail(address);
      if (ms > 0) await hold(ms);
      next(new Error(message));
    };
    try {
      const auth = (socket.handshake.auth ?? {}) as { token?: unknown; audience?: unknown; voter?: unknown };
      if (typeof auth.audience === 'string') {
        if (phones.count(address) >= limits.audiencePerAddress) return next(new Error('RATE_LIMITED'));
        const wait = drops.current(address);
        if (wait > 0 && !(await hold(wait))) return next(new Error('RATE_LIMITED'));
        // Then its turn among the phones connecting now: the operators' handshakes never wait for it.
        if (!(await admissions.take(() => socket.conn.readyState === 'open'))) return next(new Error('RATE_LIMITED'));
        if (!(await store.hasEvent(auth.audience))) return next(new Error('NOT_FOUND')); // event ids are public
        socket.data = { role: 'audience', eventId: auth.audience, roomId: null, judgeId: null, voterId: null, tokenHash: null };
        return next();
      }
      if (auth.voter !== undefined) {
        // A voter's phone is a phone (the same caps and turns), then its code is checked and bound to its device.
        if (phones.count(address) >= limits.audiencePerAddress) return next(new Error('RATE_LIMITED'));
        if (!(await admissions.take(() => socket.conn.readyState === 'open'))) return next(new Error('RATE_LIMITED'));
        const parsed = voterAuthSchema.safeParse(auth.voter);
        if (!parsed.success) return deny('UNAUTHORIZED');
        const { event, device } = parsed.data;
        const ev = await store.getEvent(event);
        if (!ev) return next(new Error('NOT_FOUND'));
        const code = parsed.data.code === null ? null : normalizeCode(parsed.data.code);
        if (parsed.data.code !== null && code === null) return deny('UNAUTHORIZED');
        if (code === null && !votingTracks(ev).some(({ track }) => track.mix!.public.openByDevice)) return deny('UNAUTHORIZED');
        const admitted = await store.voters.admit(ev.id, code, { device, address });
        if (!admitted.ok) return deny(admitted.why === 'UNKNOWN' ? 'UNAUTHORIZED' : admitted.why);
        socket.data = { role: 'voter', eventId: ev.id, roomId: null, judgeId: null, voterId: admitted.voterId, tokenHash: code ? codeHash(code) : null };
        return next();
      }
      if (typeof auth.token !== 'string') return deny('UNAUTHORIZED');
      if (await ctx.admin.checkSession(auth.token)) {
        socket.data = { role: 'admin', eventId: null, roomId: null, judgeId: null, voterId: null, tokenHash: tokenHash(auth.token) };
        return next();
      }
      const grant = await ctx.tokens.lookup(auth.token);
      if (!grant) return deny('UNAUTHORIZED');
      let roomId = grant.roomId;
      if (grant.role === 'judge' && grant.eventId) {
        // A judge's first room (their hello's; null: on no panel). Every room of theirs is judgeRooms' (shared/domain.ts).
        const ev = await store.getEvent(grant.eventId);
        roomId = (ev && judgeRooms(ev, grant.judgeId!)[0]?.id) ?? null;
      }
      socket.data = { role: grant.role, eventId: grant.eventId, roomId, judgeId: grant.judgeId, voterId: null, tokenHash: tokenHash(auth.token) };
      return next();
    } catch (err) {
      if (!storage.ok || isConnectionError(err)) return next(new Error('UNAVAILABLE'));
      console.error('handshake failed:', err);
      return next(new Error('INTERNAL'));
    }
  });

  io.on('connection', (socket: AppSocket) => {
    const { role, tokenHash: hash } = socket.data;
    const address = clientAddress(socket.request, proxies);
    if (role === 'audience' || role === 'voter') {
      phones.add(address);
      socket.on('disconnect', () => phones.release(address));
    }
    const budget = limits.budgets[role];
    if (budget) {
      // Before any handler: a packet over the socket's budget, or one its role may not send, gets a ready-made answer.
      const bucket = new SocketBudget(role, budget, limits.invalidCost);
      socket.use((packet, next) => {
        if (!socket.connected) return; // read in the same chunk as the packet that closed it: dropped, counted once
        const ack = packet[packet.length - 1];
        const verdict = bucket.check(packet[0], packet.length > 1 && typeof ack === 'function');
        if (verdict.pass) return next();
        if (typeof ack === 'function') (ack as (a: unknown) => void)(verdict.answer);
        if (!verdict.close) return;
        if (role === 'audience') drops.fail(address);
        socket.disconnect(true);
      });
    }
    if (hash) void socket.join(channels.token(hash));
    bindCommon(ctx, socket);
    if (role === 'host') bindHost(ctx, socket, io);
    if (role === 'judge') bindJudge(ctx, socket, limits.tabletStatus);
    if (role === 'supervisor') bindSupervisor(ctx, socket);
    if (role === 'admin') bindAdmin(ctx, socket, io);
    if (role === 'host' || role === 'admin') bindPublic(ctx, socket);
    if (role === 'voter') bindVoter(ctx, socket, { device: (socket.handshake.auth as { voter: { device: string } }).voter.device, address });
    // Display and audience sockets get no command handlers at all: they only watch.
    bindRefusals(socket);
    refuseWhileStorageAway(socket, storage);
    void welcome(ctx, socket).catch((err: unknown) => console.error('snapshot failed:', err));
  });

  return ctx;
}

/**
 * Commands this role has no handler for still get a clear refusal, not silence. A socket middleware, so that it runs
 * after the budget (socket.io calls onAny listeners before any middleware).
 */
function bindRefusals(socket: AppSocket): void {
  socket.use((packet, next) => {
    const [name] = packet;
    const ack = packet[packet.length - 1];
    if (packet.length < 2 || typeof ack !== 'function' || socket.listeners(name as never).length > 0) return next();
    (ack as (a: unknown) => void)({ ok: false, error: { code: 'FORBIDDEN', message: `a ${socket.data.role} may not ${String(name)}` } });
  });
}

/** While Redis is away every command but the clock's is answered UNAVAILABLE at once, before any handler runs. */
function refuseWhileStorageAway(socket: AppSocket, storage: StorageMonitor): void {
  socket.use((packet, next) => {
    if (storage.ok || packet[0] === 'time:ping') return next();
    const ack = packet[packet.length - 1];
    if (typeof ack === 'function') (ack as (a: unknown) => void)({ ok: false, error: { code: 'UNAVAILABLE', message: STORAGE_AWAY } });
  });
}

/** Says hello, then subscribes the socket to every topic its role follows (server/topics.ts): each one's current value. */
async function welcome(ctx: Ctx, socket: AppSocket): Promise<void> {
  const { role, eventId, roomId, judgeId, voterId } = socket.data;
  socket.emit('session:hello', { role, eventId, roomId, judgeId, voterId, serverNow: Date.now() });
  // A connection assumes the storage is ok; it is told otherwise if Redis went away since its handshake.
  if (!ctx.storage.ok) socket.emit('storage:status', ctx.storage.status());
  const rooms = await ctx.notifier.subscribe(socket);
  // A judge's presence is on the panel board of each of their rooms: connecting and leaving change it.
  if (role !== 'judge' || !eventId || rooms.length === 0) return;
  const panels = rooms.map((r) => ({ topic: 'panel', roomId: r.id }) as const);
  const leave = () => void ctx.notifier.publish(eventId, panels).catch(() => undefined);
  if (socket.connected) socket.on('disconnect', leave);
  else leave();
  await ctx.notifier.publish(eventId, panels);
}
