// `npm run demo -- --rooms R --teams T --judges J [--bots]`: a rehearsal event on the running server's Redis, every
// link in DATA_DIR/demo.json, optional simulated judges. The flags are demo/args.ts, the event demo/event.ts, the links
// demo/links.ts, the simulated judges demo/bots.ts; here: the running server's Redis, the reset, the file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { Tokens } from '../auth';
import { embeddedRedisDir, embeddedStateFile, readEmbeddedState } from '../redis/embedded';
import { Store } from '../store/index';
import { parseArgs, USAGE, UsageError, type DemoOptions } from './demo/args';
import { runBots } from './demo/bots';
import { buildDemoEvent, DEMO_NAME_PREFIX } from './demo/event';
import { formatLinks, issueLinks, type DemoLinks } from './demo/links';

/** A failure to set the demo up (no server, an event that is not ours); the CLI prints the message and exits with 1. */
class DemoError extends Error {}

/** The running server's Redis: REDIS_URL, else the private redis-server its embedded launcher recorded under DATA_DIR. */
function serverRedisUrl(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.REDIS_URL) return env.REDIS_URL;
  const dir = embeddedRedisDir(dataDir);
  const file = embeddedStateFile(dir);
  const start = 'start the server first with npm start (same DATA_DIR)';
  let state: ReturnType<typeof readEmbeddedState>;
  try {
    state = readEmbeddedState(dir);
  } catch (err) {
    throw new DemoError(`cannot read ${file}: ${(err as Error).message}; ${start}`);
  }
  if (!state) {
    throw new DemoError(`no running server found: ${file} does not exist. `
      + 'Start the server first with npm start (same DATA_DIR), or set REDIS_URL to the Redis it uses.');
  }
  return state.url;
}

async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null, enableOfflineQueue: false,
  });
  let lastError = '';
  redis.on('error', (err: Error) => { lastError = err.message; });
  const shown = url.replace(/\/\/[^@]*@/, '//***@');
  try {
    await redis.connect();
    if ((await redis.ping()) !== 'PONG') throw new Error('no PONG');
  } catch (err) {
    redis.disconnect();
    throw new DemoError(`cannot reach the server's Redis at ${shown} (${lastError || (err as Error).message}); `
      + 'start the server first with npm start (same DATA_DIR)');
  }
  return redis;
}

/** The CLI: parses the flags, sets the rehearsal up, prints and writes the links, then runs the bots if asked. */
export async function main(argv: readonly string[]): Promise<number> {
  let opts: DemoOptions;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`demo: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  let links: DemoLinks;
  try {
    const redis = await openRedis(serverRedisUrl(process.env, dataDir));
    try {
      const store = new Store(redis);
      const ev = buildDemoEvent(opts);
      const previous = await store.getEvent(ev.id);
      if (previous && !previous.name.startsWith(DEMO_NAME_PREFIX)) {
        throw new DemoError(`an event "${ev.id}" exists and was not made by the demo ("${previous.name}"); `
          + 'it is left alone: choose another id with --event');
      }
      if (previous) {
        console.log(`Replacing the existing rehearsal event "${ev.id}": its room states, scores and audit are cleared; `
          + 'its links stay the same. Reload screens that are open on it.');
        await store.clearLiveState(ev.id, ev.rooms.map((r) => r.id));
      }
      await store.saveEvent(ev);
      links = await issueLinks(new Tokens(redis), ev, opts.url);
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
  } catch (err) {
    if (!(err instanceof DemoError)) throw err;
    process.stderr.write(`demo: ${err.message}\n`);
    return 1;
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo.json');
  writeFileSync(file, `${JSON.stringify(links, null, 2)}\n`);
  console.log(formatLinks(links));
  console.log(`\n${links.rooms.length} rooms, ${links.judges.length} judges: every link and token is in ${file}`);
  if (!opts.bots) return 0;
  return runBots(links);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`demo: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
