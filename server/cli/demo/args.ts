// `npm run demo`'s command line: the flags, their limits and the usage text; a bad flag is a UsageError naming it.
import { idSchema } from '../../../shared/domain';

/** The accepted range of each count flag. */
export const LIMITS = {
  rooms: { min: 1, max: 17, default: 2 },
  teams: { min: 1, max: 60, default: 8 },
  judges: { min: 1, max: 25, default: 7 },
} as const;

/** What the command line asked for. */
export interface DemoOptions {
  rooms: number;
  teams: number;
  judges: number;
  eventId: string;
  bots: boolean;
  /** The server's base URL, without a trailing slash. */
  url: string;
  help: boolean;
}

/** A command line that cannot be run; the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {}

export const USAGE = `usage: npm run demo -- [--rooms R] [--teams T] [--judges J] [--event ID] [--bots] [--url URL]

Creates (or replaces) a rehearsal event on the running server's Redis and writes DATA_DIR/demo.json
with every link and token: admin, supervisor, audience, each room's host and display, each judge.
Run it with the same DATA_DIR as the server (and the same REDIS_URL, if the server uses one).

  --rooms R    rooms, one Guangdong track each (${LIMITS.rooms.min}-${LIMITS.rooms.max}, default ${LIMITS.rooms.default})
  --teams T    teams per room (${LIMITS.teams.min}-${LIMITS.teams.max}, default ${LIMITS.teams.default})
  --judges J   judges per room (${LIMITS.judges.min}-${LIMITS.judges.max}, default ${LIMITS.judges.default})
  --event ID   the event id (default demo)
  --bots       stay running with simulated judges who score whenever scoring opens for them
  --url URL    the server's address in the links (default http://127.0.0.1:$PORT, PORT default 3000)
  --help       this text`;

const VALUE_FLAGS = ['rooms', 'teams', 'judges', 'event', 'url'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function countFlag(name: 'rooms' | 'teams' | 'judges', raw: string | undefined): number {
  const { min, max, default: fallback } = LIMITS[name];
  if (raw === undefined) return fallback;
  if (!/^\d{1,6}$/.test(raw)) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max}, not ${n}`);
  return n;
}

/** Normalises a base URL (http or https, no query, no trailing slash), or throws a UsageError. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an absolute http(s) address such as http://192.168.1.10:3000, not "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must start with http:// or https://, not "${raw}"`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(`--url must be a plain address without query, fragment or credentials, not "${raw}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Parses the command line (`--flag value` or `--flag=value`); throws a UsageError naming the bad flag. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DemoOptions {
  const values: Partial<Record<ValueFlag, string>> = {};
  let bots = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(`unexpected argument "${arg}"`);
    const name = m[1]!;
    const inline = m[2];
    if (name === 'bots' || name === 'help') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      if (name === 'bots') bots = true;
      else help = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) throw new UsageError(`unknown option --${name}`);
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = next;
      i += 1;
    }
    values[name as ValueFlag] = value;
  }
  const eventId = values.event ?? 'demo';
  if (!idSchema.safeParse(eventId).success) {
    throw new UsageError(`--event must be 1 to 64 letters, digits, - or _, not "${eventId}"`);
  }
  return {
    rooms: countFlag('rooms', values.rooms),
    teams: countFlag('teams', values.teams),
    judges: countFlag('judges', values.judges),
    eventId,
    bots,
    url: normaliseBaseUrl(values.url ?? `http://127.0.0.1:${env.PORT || 3000}`),
    help,
  };
}
