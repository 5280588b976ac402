// The app factory: express (health, admin login, static screens) and socket.io on one HTTP server, from injected deps.
import { createServer, type Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import compression from 'compression';
import express, { type Express } from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { z } from 'zod';
import type { Io } from './notify';
import { clientAddress } from './addresses';
import { attachRealtime } from './realtime';
import { httpRoutes, refuseDeclaredOver } from './http';
import { stateFeedRoutes } from './stateFeed';
import { SCREENS } from '../shared/links';
import type { Ctx } from './handlers/context';
import { RateLimit } from './auth';
import { LIMITS, type Limits } from './budgets';
import { StorageMonitor, type StorageHealth } from './storage';
import { websocketOrigin } from './standby';
import type { Store } from './store/index';

/** What the app needs from outside: a Redis connection and the store over it; where the built screens are. */
export interface AppDeps {
  redis: Redis;
  store: Store;
  /** The folder with the built browser apps (vite build); served when it exists. */
  staticDir?: string;
  /** Share socket.io broadcasts with other server processes through Redis pub/sub (the Redis adapter). */
  shareWithOtherProcesses?: boolean;
  /** The budgets of handshakes and sockets (server/budgets.ts); tests lower them. */
  limits?: Limits;
  /** What follows the connection's state (default: a monitor of `redis`, as for a REDIS_URL). */
  storage?: StorageMonitor;
  /** The pace of the projectors' reveals, which the audience's views wait for (1 in the hall; tests play them faster). */
  revealSpeed?: number;
  /**
   * The addresses of reverse proxies in front (nginx's; TRUST_PROXY): a request from one of them is counted against the
   * address its X-Forwarded-For names (login attempts, failed handshakes, phones per address), not the proxy's.
   */
  trustProxy?: readonly string[];
  /**
   * The other machine's public address (STANDBY, server/standby.ts): the links carry it, and pages of either machine
   * may open their socket on the other when theirs is unreachable (the origin policy and the pages' connect-src).
   */
  standby?: string | null;
}

/** What `GET /api/health` answers. */
export interface Health {
  ok: boolean;
  redis: { connected: boolean; aof: boolean | null; appendfsync: string | null; version: string | null };
}

/** What `GET /api/health` answers: Redis's settings, and the storage's state (`degraded` while Redis is away). */
export interface AppHealth extends Health {
  status: 'ok' | 'degraded';
  storage: StorageHealth;
}

/** Reads Redis's connection and persistence settings, without throwing. */
export async function readHealth(redis: Redis): Promise<Health> {
  const health: Health = { ok: false, redis: { connected: false, aof: null, appendfsync: null, version: null } };
  try {
    if ((await redis.ping()) !== 'PONG') return health;
    health.redis.connected = true;
    const info = await redis.info('persistence');
    const aof = /aof_enabled:(\d)/.exec(info)?.[1];
    health.redis.aof = aof === undefined ? null : aof === '1';
    const server = await redis.info('server');
    health.redis.version = /redis_version:([^\r\n]+)/.exec(server)?.[1] ?? null;
    try {
      const [, value] = (await redis.config('GET', 'appendfsync')) as string[];
      health.redis.appendfsync = value ?? null;
    } catch {
      health.redis.appendfsync = null; // CONFIG may be disabled on a managed Redis
    }
    health.ok = health.redis.aof === true;
  } catch {
    health.redis.connected = false;
  }
  return health;
}

const passwordBody = z.object({ password: z.string().min(8, 'at least 8 characters').max(200) }).strict();

/** Sent with every answer (with no standby): no sniffing, no framing, no referrer (the links carry tokens), a content policy for the pages. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

/**
 * A built file's that is no page (the hashed /assets/…, the icon): no sniffing, not for other sites; the rest of
 * SECURITY_HEADERS governs documents only, and would cost ~0.5 KB on each of a phone's first visit's files.
 */
export const ASSET_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': SECURITY_HEADERS['X-Content-Type-Options']!,
  'Cross-Origin-Resource-Policy': SECURITY_HEADERS['Cross-Origin-Resource-Policy']!,
};

/** The headers of every answer but the hashed files'; with a standby, its pages' sockets may also go to the standby's address. */
export function securityHeaders(standby: string | null = null): Record<string, string> {
  if (!standby) return SECURITY_HEADERS;
  const csp = SECURITY_HEADERS['Content-Security-Policy']!.replace("connect-src 'self'", `connect-src 'self' ${standby} ${websocketOrigin(standby)}`);
  return { ...SECURITY_HEADERS, 'Content-Security-Policy': csp };
}

/**
 * The origin policy: a browser names the page that opens a socket or sends a request (Origin); only pages of this
 * server (same host) and the origins listed in ALLOWED_ORIGINS (comma-separated) may. No Origin: not a browser (a
 * tablet app, a script): allowed, as the credential decides.
 */
export function originAllowed(origin: string | undefined, host: string | undefined,
  allowed: string[] = (process.env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false; // "null" (a file or a sandboxed frame) and anything unreadable
  }
}

/** How long a browser keeps a built file: hashed assets for a year without asking again; pages, asking every time. */
export const CACHE_CONTROL = { assets: 'public, max-age=31536000, immutable', pages: 'no-cache' } as const;

/**
 * The built screens (vite build): each file sent as its .br or .gz twin made at build time when the browser accepts
 * one (brotli first), with the cache policy above; pages are revalidated with their ETag.
 */
function builtFiles(dir: string): express.RequestHandler {
  const root = resolve(dir);
  const options = { enableBrotli: true, orderPreference: ['br', 'gzip'], index: 'index.html' };
  // The hashed files never change: no validators (ETag, Last-Modified) and no ranges, a few bytes less on each.
  const assets = expressStaticGzip(resolve(root, 'assets'), { ...options, index: false, serveStatic: {
    etag: false, lastModified: false, acceptRanges: false,
    setHeaders: (res) => res.setHeader('Cache-Control', CACHE_CONTROL.assets),
  } }) as express.RequestHandler;
  const rest = expressStaticGzip(root, { ...options, serveStatic: {
    setHeaders: (res) => res.setHeader('Cache-Control', CACHE_CONTROL.pages),
  } }) as express.RequestHandler;
  return (req, res, next) => {
    if (!req.url.startsWith('/assets/')) return rest(req, res, next);
    const url = req.url;
    req.url = url.slice('/assets'.length);
    assets(req, res, (err?: unknown) => {
      req.url = url;
      next(err);
    });
  };
}

/** Builds express, socket.io and their HTTP server; listening is the caller's business. */
export function createApp(deps: AppDeps): { app: Express; http: HttpServer; io: Io; ctx: Ctx; close(): Promise<void> } {
  const limits = deps.limits ?? LIMITS;
  const standby = deps.standby ?? null;
  const headers = securityHeaders(standby);
  // The other machine's pages are this event's pages too: a tablet whose page came from there moves its socket here.
  const allowed = (origin: string | undefined, host: string | undefined) => originAllowed(origin, host) || (standby !== null && origin === standby);
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.set(req.path.startsWith('/assets/') || req.path === '/favicon.svg' ? ASSET_HEADERS : headers);
    if (req.method !== 'GET' && req.method !== 'HEAD' && !allowed(req.get('origin'), req.get('host'))) {
      res.status(403).json({ ok: false, error: { code: 'FORBIDDEN', message: 'requests from pages of other sites are refused' } });
      return;
    }
    next();
  });
  // JSON bodies (the admin's password): a declared oversize answered at once, then the parser with the same limit.
  app.use((req, res, next) => (req.is('application/json') ? refuseDeclaredOver(limits.http.jsonBytes)(req, res, next) : next()));
  app.use(express.json({ limit: limits.http.jsonBytes }));
  // The API's answers (JSON exports, import previews) compressed as they go; the built files are compressed already.
  app.use(compression());

  // A client slow to send its headers (or its request) is cut off; the server checks every second.
  const http = createServer({
    headersTimeout: limits.http.headersTimeoutMs, requestTimeout: limits.http.requestTimeoutMs, connectionsCheckingInterval: 1000,
  }, app);
  const io: Io = new Server(http, {
    serveClient: false, pingInterval: limits.heartbeat.intervalMs, pingTimeout: limits.heartbeat.timeoutMs,
    allowRequest: (req, answer) => answer(null, allowed(req.headers.origin, req.headers.host)),
    // A page of the other machine whose socket falls back to polling here: its requests are cross-origin.
    ...(standby ? { cors: { origin: standby } } : {}),
  });
  const adapterClients: Redis[] = [];
  if (deps.shareWithOtherProcesses) {
    // The adapter publishes without awaiting: a publish that failed while Redis is down would be an unhandled rejection
    // and end the process. Its publishes wait for Redis instead (no retry limit); the main connection logs the outage.
    const pub = deps.redis.duplicate({ maxRetriesPerRequest: null });
    const sub = deps.redis.duplicate();
    for (const c of [pub, sub]) c.on('error', () => undefined);
    adapterClients.push(pub, sub);
    io.adapter(createAdapter(pub, sub));
  }
  const storage = deps.storage ?? new StorageMonitor(deps.redis);
  // Each process tells its own sockets about its own connection: a local emit, as the adapter's Redis may be the one away.
  storage.onChange((status) => io.local.emit('storage:status', status));
  const proxies = deps.trustProxy ?? [];
  const ctx = attachRealtime(io, deps.store, storage, limits, deps.revealSpeed, proxies, standby);
  const logins = new RateLimit(10, 60_000);

  app.get('/api/health', async (_req, res) => {
    // While Redis is away, answer at once from what the monitor knows rather than wait on a ping.
    const base: Health = storage.ok ? await readHealth(deps.redis)
      : { ok: false, redis: { connected: false, aof: null, appendfsync: null, version: null } };
    const health: AppHealth = { ...base, status: storage.ok && base.redis.connected ? 'ok' : 'degraded', storage: storage.health() };
    res.status(health.redis.connected ? 200 : 503).json(health);
  });

  app.get('/api/admin/status', async (_req, res) => {
    res.json({ ok: true, data: { passwordSet: await ctx.admin.hasPassword() } });
  });

  app.post('/api/admin/setup', async (req, res) => {
    const body = passwordBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ ok: false, error: { code: 'BAD_REQUEST', message: `password: ${body.error.issues[0]!.message}` } });
      return;
    }
    if (!(await ctx.admin.setPassword(body.data.password, true))) {
      res.status(409).json({ ok: false, error: { code: 'CONFLICT', message: 'the admin password is already set' } });
      return;
    }
    res.json({ ok: true, data: { token: await ctx.admin.createSession() } });
  });

  app.post('/api/admin/login', async (req, res) => {
    if (!logins.take(clientAddress(req, proxies))) {
      res.status(429).json({ ok: false, error: { code: 'RATE_LIMITED', message: 'too many attempts: wait a minute' } });
      return;
    }
    const body = passwordBody.safeParse(req.body);
    if (!body.success || !(await ctx.admin.verify(body.data.password))) {
      res.status(401).json({ ok: false, error: { code: 'UNAUTHORIZED', message: 'wrong password' } });
      return;
    }
    res.json({ ok: true, data: { token: await ctx.admin.createSession() } });
  });

  app.use(httpRoutes(ctx, limits.http));
  const stateFeeds = stateFeedRoutes(ctx, deps.revealSpeed ?? 1);
  app.use(stateFeeds.router);

  const dir = deps.staticDir ?? resolve(import.meta.dirname, '..', 'dist');
  if (existsSync(dir)) {
    const files = builtFiles(dir);
    app.use(files);
    // Each screen's page, whatever token or id follows in its link (the app reads it from the address).
    for (const { path, page } of Object.values(SCREENS)) {
      app.get(path, (req, res, next) => {
        req.url = `/${page}`;
        files(req, res, next);
      });
    }
  }

  app.use('/api', (_req, res) => {
    res.status(404).json({ ok: false, error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
  });
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const given = (err as { status?: unknown }).status;
    const status = typeof given === 'number' && given >= 400 && given < 600 ? given : 500;
    // A request the body parser could not read (bad JSON, unsupported charset or encoding) is the client's: BAD_REQUEST.
    const code = status === 404 ? 'NOT_FOUND' : status === 413 ? 'TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
    const message = status === 404 ? 'not found' : status === 413 ? 'too large' : status < 500 ? 'the request could not be read' : 'internal error';
    res.status(status).json({ ok: false, error: { code, message } });
  });

  return {
    app, http, io, ctx,
    async close() {
      stateFeeds.close();
      ctx.notifier.close();
      await new Promise<void>((ok) => io.close(() => ok()));
      for (const c of adapterClients) c.disconnect();
    },
  };
}
