// The bench's visit section (`npm run bench -- --only visit`): what a phone's visit to the audience page /live/<event>
// costs on the wire. One production build, the server as server/index.ts builds it over a private Redis, and Debian's
// Chromium (playwright-core) opening the page twice in one browser context: a first visit (empty cache) and a repeat
// visit (the cache of the first). Bytes are Chromium's own count (CDP Network.loadingFinished.encodedDataLength: the
// response's headers and body as received, compressed) plus the WebSocket frames' payloads both ways.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { chromium, type BrowserContext } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../../server/app';
import { Store } from '../../server/store/index';
import type { EventConfig } from '../../shared/domain';
import { CHROMIUM } from '../helpers/browser';
import { ROOT, sleep, TestRedisProcess } from './lib/procs';

/** One visit as Chromium saw it. */
export interface Visit {
  /** HTTP: requests that went to the network, bytes received for them (headers and bodies, compressed as sent). */
  requests: number;
  httpBytes: number;
  /** The same per file (path → bytes), the largest first. */
  files: Array<{ path: string; bytes: number; status: number }>;
  /** Requests answered from the browser's cache without asking the server. */
  fromCache: number;
  /** The socket: frames received and sent (payload bytes). */
  socketIn: number;
  socketOut: number;
  /** Commands Redis processed for the visit (the page, the handshake, the welcome), less the server's idle ones. */
  redisCommands: number;
}

async function commandsProcessed(redis: Redis): Promise<number> {
  return Number(/total_commands_processed:(\d+)/.exec(await redis.info('stats'))![1]);
}

/** Opens `url` in a new page of `context`, until its socket has been quiet for a second, and counts what it cost. */
async function visit(context: BrowserContext, url: string, redis: Redis): Promise<Visit> {
  // What the server asks of Redis with no visit (its storage monitor, its timers), per ms, subtracted below.
  const idle0 = await commandsProcessed(redis);
  await sleep(3000);
  const idlePerMs = ((await commandsProcessed(redis)) - idle0 - 1) / 3000;
  const t0 = Date.now();
  const commands0 = await commandsProcessed(redis);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const urls = new Map<string, { path: string; status: number }>();
  const v: Visit = { requests: 0, httpBytes: 0, files: [], fromCache: 0, socketIn: 0, socketOut: 0, redisCommands: 0 };
  let lastFrame = Date.now();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, { path: new URL(e.request.url).pathname, status: 0 }));
  // The status as it came over the wire (a revalidated page's 304; responseReceived would give the cached 200).
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    const u = urls.get(e.requestId);
    if (u) u.status = e.statusCode;
  });
  cdp.on('Network.requestServedFromCache', () => { v.fromCache += 1; });
  cdp.on('Network.loadingFinished', (e) => {
    const u = urls.get(e.requestId);
    if (e.encodedDataLength === 0) return; // answered from the cache
    v.requests += 1;
    v.httpBytes += e.encodedDataLength;
    v.files.push({ path: u?.path ?? '?', bytes: e.encodedDataLength, status: u?.status ?? 0 });
  });
  cdp.on('Network.webSocketFrameReceived', (e) => {
    v.socketIn += Buffer.byteLength(e.response.payloadData, e.response.opcode === 1 ? 'utf8' : 'base64');
    lastFrame = Date.now();
  });
  cdp.on('Network.webSocketFrameSent', (e) => {
    v.socketOut += Buffer.byteLength(e.response.payloadData, e.response.opcode === 1 ? 'utf8' : 'base64');
  });
  await cdp.send('Network.enable');
  await page.goto(url, { waitUntil: 'load' });
  await page.getByTestId('live-event').filter({ hasNotText: '…' }).waitFor({ timeout: 30_000 });
  // The socket's welcome comes in one go; a second without a frame (bounded to 15 s) ends the visit.
  const deadline = Date.now() + 15_000;
  while (Date.now() - lastFrame < 1000 && Date.now() < deadline) await sleep(100);
  await cdp.detach();
  await page.close();
  // Less the INFO call of this count and what the server asks with no visit.
  v.redisCommands = Math.round((await commandsProcessed(redis)) - commands0 - 1 - idlePerMs * (Date.now() - t0));
  v.files.sort((a, b) => b.bytes - a.bytes);
  return v;
}

/** Builds the pages, serves them with the app over a private Redis with `ev`, and measures a first and a repeat visit. */
export async function measureVisits(ev: EventConfig): Promise<{ first: Visit; repeat: Visit }> {
  const dist = resolve(ROOT, '.tmp', 'visit-dist');
  mkdirSync(dist, { recursive: true });
  await build({ logLevel: 'warn', build: { outDir: dist, emptyOutDir: true } });
  const redisProcess = await TestRedisProcess.start();
  const redis = new Redis(redisProcess.url);
  const store = new Store(redis);
  await store.saveEvent(ev);
  const app = createApp({ redis, store, staticDir: dist });
  await new Promise<void>((ok) => app.http.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(app.http.address() as AddressInfo).port}/live/${ev.id}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    // A phone: its screen, its touch, one context (one cache) for both visits.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const first = await visit(context, url, redis);
    const repeat = await visit(context, url, redis);
    await context.close();
    return { first, repeat };
  } finally {
    await browser.close();
    await app.close();
    app.http.close();
    redis.disconnect();
    await redisProcess.stop();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The section's report: both visits, HTTP and socket apart, and what each file cost on the first. */
export function visitReport(ev: EventConfig, m: { first: Visit; repeat: Visit }, when: string, machine: string): string {
  const row = (label: string, v: Visit) => `| ${label} | ${v.requests} | ${v.fromCache} | **${kb(v.httpBytes)}** | ${kb(v.socketIn)} / ${kb(v.socketOut)} | ${kb(v.httpBytes + v.socketIn + v.socketOut)} | ${v.redisCommands} |`;
  return [
    `Measured ${when} UTC on ${machine}; Debian's Chromium, headless, a 390x844 phone, over loopback; the event of ${ev.rooms.length} rooms and ${ev.teams.length} teams.`,
    '',
    '| visit | requests to the network | answered from the cache | HTTP bytes received (headers and bodies as sent) | socket frames in / out | all | Redis commands |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row('first (empty cache)', m.first),
    row('repeat (same browser)', m.repeat),
    '',
    `First visit, by file: ${m.first.files.map((f) => `\`${f.path}\` ${kb(f.bytes)}`).join(', ')}.`,
    `Repeat visit, by file: ${m.repeat.files.map((f) => `\`${f.path}\` ${kb(f.bytes)} (${f.status})`).join(', ') || 'none'}.`,
  ].join('\n');
}
