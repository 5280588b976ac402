// The app factory: express (health, static screens) and the HTTP server, built from injected dependencies.
import { createServer, type Server as HttpServer } from 'node:http';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import type { Store } from './store/index';

/** What the app needs from outside: a Redis connection and the store over it; where the built screens are. */
export interface AppDeps {
  redis: Redis;
  store: Store;
  /** The folder with the built browser apps (vite build); served when it exists. */
  staticDir?: string;
}

/** What `GET /api/health` answers. */
export interface Health {
  ok: boolean;
  redis: { connected: boolean; aof: boolean | null; appendfsync: string | null; version: string | null };
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

/** Builds the express app and its HTTP server; listening is the caller's business. */
export function createApp(deps: AppDeps): { app: Express; http: HttpServer } {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '2mb' }));

  app.get('/api/health', async (_req, res) => {
    const health = await readHealth(deps.redis);
    res.status(health.redis.connected ? 200 : 503).json(health);
  });

  const dir = deps.staticDir ?? resolve(import.meta.dirname, '..', 'dist');
  if (existsSync(dir)) app.use(express.static(dir, { index: 'index.html' }));

  app.use('/api', (_req, res) => {
    res.status(404).json({ ok: false, error: { code: 'NOT_FOUND', message: 'no such endpoint' } });
  });
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    const code = status === 400 ? 'BAD_REQUEST' : status === 413 ? 'TOO_LARGE' : 'INTERNAL';
    res.status(status).json({ ok: false, error: { code, message: status === 500 ? 'internal error' : 'the request could not be read' } });
  });

  return { app, http: createServer(app) };
}
