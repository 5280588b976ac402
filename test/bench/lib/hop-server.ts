// The floor of a server between a tablet and Redis: a bare socket.io server (the library and protocol the tablets use,
// with the same heartbeat) whose one handler writes the sheet's bytes to Redis with a SET (one round trip, the same
// AOF fsync) and acknowledges. No phones, no checks, no script, no broadcasts: what one hop through a Node process
// costs a judge's wait on this machine, measured in the same windows as our server's sheets.
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { LIMITS } from '../../../server/budgets';
import { serve } from './child';

const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const http = createServer();
const heartbeat = process.env.HEARTBEAT_MS ? Number(process.env.HEARTBEAT_MS) : LIMITS.heartbeat.intervalMs;
const io = new Server(http, { serveClient: false, pingInterval: heartbeat, pingTimeout: LIMITS.heartbeat.timeoutMs });
io.on('connection', (socket) => {
  socket.on('score:submit', (sheet: { sid: string }, ack: (a: unknown) => void) => {
    redis.set(`bench-hop:${sheet.sid}`, JSON.stringify(sheet)).then(() => ack({ ok: true }), () => ack({ ok: false }));
  });
});
await redis.ping();
await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));

serve(async (req) => {
  if (req.type === 'close') {
    await io.close();
    redis.disconnect();
    return {};
  }
  throw new Error(`unknown request ${req.type}`);
});
process.send!({ type: 'ready', port: (http.address() as AddressInfo).port });
