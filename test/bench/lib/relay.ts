// A pub/sub bench process (test/bench/pubsub.ts): a bare socket.io server on the Redis adapter (as server/app.ts
// attaches it), one local socket.io client in one room; it broadcasts to that room on request and records when its
// client receives each broadcast (monotonic clock, comparable across the processes of one machine).
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { serve } from './child';

const pub = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null });
const sub = pub.duplicate();
const http = createServer();
const io = new Server(http, { serveClient: false });
io.adapter(createAdapter(pub, sub));
io.on('connection', (socket) => void socket.join('room'));
await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
/** When the client received each broadcast, by its sequence number (hrtime, ns as a string). */
let received = new Map<number, string>();
client.on('room:patch' as never, (msg: { seq: number }) => {
  received.set(msg.seq, process.hrtime.bigint().toString());
});
await new Promise<void>((ok) => client.once('connect', () => ok()));
// The adapter subscribes on its first use: give its (p)subscriptions a moment to reach Redis.
await new Promise((ok) => setTimeout(ok, 500));

serve(async (req) => {
  if (req.type === 'emit') {
    // `count` broadcasts of a payload of `bytes`, `batch` at a time every `gapMs`: each one's emit time is returned.
    const { count, bytes, batch, gapMs } = req as unknown as { count: number; bytes: number; batch: number; gapMs: number };
    const filler = 'x'.repeat(bytes);
    const sent: string[] = [];
    for (let i = 0; i < count; i += batch) {
      for (let j = i; j < Math.min(count, i + batch); j++) {
        sent.push(process.hrtime.bigint().toString());
        io.to('room').emit('room:patch' as never, { seq: j, filler } as never);
      }
      await new Promise((ok) => setTimeout(ok, gapMs));
    }
    return { sent };
  }
  if (req.type === 'collect') {
    const out = Object.fromEntries(received);
    received = new Map();
    return { received: out };
  }
  throw new Error(`unknown request ${req.type}`);
});
process.send!({ type: 'ready' });
