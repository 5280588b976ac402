// A real server for a test file: the app factory on port 0 over a private real Redis, and real socket.io clients.
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../server/app';
import type { Limits } from '../../server/budgets';
import { eventLinks } from '../../server/links';
import { Store } from '../../server/store/index';
import type { EventConfig } from '../../shared/domain';
import type {
  Ack, ClientToServerEvents, CommandName, CommandResults, EventLinks, Payload, ServerToClientEvents, SessionHello,
} from '../../shared/protocol';
import { useRealRedis, type TestRedis } from './redis';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A running app and what a test needs to drive it. */
export interface TestServer {
  redis: TestRedis;
  url: string;
  app: ReturnType<typeof createApp>;
  store: Store;
  /** Saves an event and issues its links (tokens). */
  setup(ev: EventConfig): Promise<EventLinks>;
  /** A connected client with this handshake auth; resolves once connected (rejects on a refused handshake). */
  client(auth: Record<string, unknown>): Promise<Client>;
  /** The session:hello a client received on connect. */
  hello(socket: Client): Promise<SessionHello>;
}

/**
 * Boots the app for the current test file and closes it, and every client, afterwards; `staticDir` serves pages;
 * `revealSpeed` the pace of the reveals the audience waits for (match it with the projector's `?speed=`); `limits`
 * replaces the budgets.
 */
export function useServer(opts: { staticDir?: string; revealSpeed?: number; limits?: Limits } = {}): TestServer {
  const redis = useRealRedis();
  const clients: Client[] = [];
  const hellos = new WeakMap<Client, Promise<SessionHello>>();
  const ctx = { redis } as TestServer;
  beforeAll(async () => {
    ctx.store = new Store(redis.connect());
    // Connected before the first test: a test that blocks the event loop (spawnSync) must not let the connection's
    // connect timeout expire meanwhile, which would close it and answer UNAVAILABLE.
    await ctx.store.redis.ping();
    ctx.app = createApp({ redis: ctx.store.redis, store: ctx.store, staticDir: opts.staticDir ?? '/nonexistent', revealSpeed: opts.revealSpeed, limits: opts.limits });
    await new Promise<void>((ok) => ctx.app.http.listen(0, '127.0.0.1', ok));
    ctx.url = `http://127.0.0.1:${(ctx.app.http.address() as AddressInfo).port}`;
    ctx.setup = async (ev) => {
      await ctx.store.saveEvent(ev);
      return eventLinks(ctx.app.ctx, ev);
    };
    ctx.client = (auth) => new Promise((resolve, reject) => {
      const socket: Client = connect(ctx.url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
      clients.push(socket);
      hellos.set(socket, new Promise((hello) => socket.once('session:hello', hello)));
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => reject(err));
    });
    ctx.hello = (socket) => hellos.get(socket)!;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await ctx.app?.close();
    ctx.app?.http.close();
    ctx.store?.disconnect();
  });
  return ctx;
}

/** Sends a command and waits for its ack. */
export function send<E extends CommandName>(socket: Client, name: E, payload: Payload<E> | unknown): Promise<Ack<CommandResults[E]>> {
  const emit = socket.timeout(10_000).emitWithAck as unknown as (n: string, p: unknown) => Promise<Ack<CommandResults[E]>>;
  return emit.call(socket, name, payload);
}

/** Sends a command that must succeed, and returns its data. */
export async function ok<E extends CommandName>(socket: Client, name: E, payload: Payload<E> | unknown): Promise<CommandResults[E]> {
  const ack = await send(socket, name, payload);
  if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Records every message a socket receives, in order, as [event, payload]. */
export function record(socket: Client): Array<[string, unknown]> {
  const frames: Array<[string, unknown]> = [];
  socket.onAny((name: string, payload: unknown) => frames.push([name, payload]));
  return frames;
}

/** Waits until `check` passes (polling), or fails with the last error after `ms`. */
export async function eventually(check: () => void | Promise<void>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
