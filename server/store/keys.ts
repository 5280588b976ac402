// The Redis key layout (docs/redis.md): one hash-tagged prefix per event, so an event's keys share a cluster slot.

/** The set of every event id. */
export const EVENTS_KEY = 'fs:events';

/**
 * The key sets made so far, by event id: they are asked for on every command, so each is made once. Only well-formed
 * ids are kept, and at most 1,000 of them, so that ids a client makes up cannot fill the memory.
 */
const made = new Map<string, ReturnType<typeof makeKeys>>();

/** Every key of one event, by what it holds. */
export function eventKeys(eventId: string): ReturnType<typeof makeKeys> {
  let keys = made.get(eventId);
  if (!keys) {
    keys = makeKeys(eventId);
    if (made.size < 1000 && /^[A-Za-z0-9_-]{1,64}$/.test(eventId)) made.set(eventId, keys);
  }
  return keys;
}

function makeKeys(eventId: string) {
  const p = `fs:{${eventId}}:`;
  return {
    prefix: p,
    /** string: the event's configuration, JSON (shared/domain.ts EventConfig). */
    event: `${p}event`,
    /** string: the SHA-256 of the configuration's JSON, set with it, so servers re-read the configuration only when it changed. */
    eventVersion: `${p}event:version`,
    /** hash: a room's live state (phase, team, track, rev). */
    room: (roomId: string) => `${p}room:${roomId}`,
    /** set: the judges who may submit right now in a room. */
    open: (roomId: string) => `${p}room:${roomId}:open`,
    /** set: the judges on a room's panel. */
    panel: (roomId: string) => `${p}room:${roomId}:panel`,
    /** set: the judges recused from a team. */
    recused: (teamId: string) => `${p}recused:${teamId}`,
    /** string: a track's score form, JSON {criteria: [{id, max, step}], total: {max, step} | null}, milli-points. */
    form: (trackId: string) => `${p}form:${trackId}`,
    /** hash: a team's score sheets, judge id → JSON {version, total, criteria, at, sid}. */
    sheets: (teamId: string) => `${p}sheets:${teamId}`,
    /**
     * hash: a judge's tablets' public keys, key id → JSON {spki, extractable, at, entry} (entry: the hash of the
     * judge.register-key audit entry); keys are never removed: a spare tablet adds its own.
     */
    signingKeys: (judgeId: string) => `${p}keys:${judgeId}`,
    /**
     * string: a judge's tablet's last status report, JSON TabletHealth (shared/protocol.ts); expires
     * TABLET_STATUS_TTL_S after it (kept in Redis so that every server process's panel board sees every tablet).
     */
    tablet: (judgeId: string) => `${p}tablet:${judgeId}`,
    /**
     * string: the device id of a judge's active tablet (judge:claim); only it may submit and report. Set by a tablet
     * taking over (a spare, or "take back"); never expires.
     */
    device: (judgeId: string) => `${p}device:${judgeId}`,
    /** hash: submission id → the result that was acknowledged (idempotency). */
    sids: `${p}sids`,
    /** string: a team's aggregate, JSON (shared/scoring.ts TeamAggregate). */
    agg: (teamId: string) => `${p}agg:${teamId}`,
    /** sorted set: a track's leaderboard, team id scored by its published score in units of 10^-decimals. */
    board: (trackId: string) => `${p}board:${trackId}`,
    /** stream: the audit log, each entry chained to the previous one by hash. */
    audit: `${p}audit`,
    /** string: the hash of the newest audit entry. */
    auditHead: `${p}audit:head`,
    /** string: a track's recorded panel decisions ordering tied teams, JSON [{teams: [ids in order], reason}]. */
    decisions: (trackId: string) => `${p}decisions:${trackId}`,
    /** set: the teams whose results have been revealed (only these reach public screens). */
    revealed: `${p}revealed`,
    /** set: the teams with a sheet corrected by the host (score.correct), marked 已更正 on boards, supervisor page, exports. */
    corrected: `${p}corrected`,
    /** string: the base address of the event's links and QR codes (`http://192.168.1.23:3000`), set by the admin. */
    linkBase: `${p}link-base`,
    /** hash: "<role>:<subject>" → the role token handed out for it (judge, host, display, supervisor links). */
    tokens: `${p}tokens`,
  };
}
