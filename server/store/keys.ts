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
    /** hash: a track's public votes cast by voters, team id → number of valid votes (written with each ballot; #16). */
    pubVotes: (trackId: string) => `${p}pub:votes:${trackId}`,
    /** hash: a track's public vote counts imported from an outside platform, team id → count (mix.public.imported). */
    pubImported: (trackId: string) => `${p}pub:imported:${trackId}`,
    /** hash: a team's public jurors' totals, voter id → total in milli-points (mix.public.kind scores). */
    pubScores: (teamId: string) => `${p}pub:scores:${teamId}`,
    /** sorted set: a track's leaderboard, team id scored by its published score (with a mix: the final F) in units of 10^-decimals. */
    board: (trackId: string) => `${p}board:${trackId}`,
    /** stream: the audit log, each entry chained to the previous one by hash. */
    audit: `${p}audit`,
    /** string: the hash of the newest audit entry. */
    auditHead: `${p}audit:head`,
    /** string: a track's recorded panel decisions ordering tied teams, JSON [{teams: [ids in order], reason}]. */
    decisions: (trackId: string) => `${p}decisions:${trackId}`,
    /**
     * hash: a track's special awards (issue 15): `ballot` none | open | closed (the vote script checks it), `record`
     * JSON {tally, winners, decidedBy, unsettled, announced} (server/special.ts SpecialRecord).
     */
    special: (trackId: string) => `${p}special:${trackId}`,
    /** hash: a track's special-award ballots, judge id → JSON {award name: team id | null}; secret until the close. */
    specialBallots: (trackId: string) => `${p}special:${trackId}:ballots`,
    /** set: the teams whose results have been revealed (only these reach public screens). */
    revealed: `${p}revealed`,
    /** set: the teams with a sheet corrected by the host (score.correct), marked 已更正 on boards, supervisor page, exports. */
    corrected: `${p}corrected`,
    /** string: the base address of the event's links and QR codes (`http://192.168.1.23:3000`), set by the admin. */
    linkBase: `${p}link-base`,
    /** hash: "<role>:<subject>" → the role token handed out for it (judge, host, display, supervisor links). */
    tokens: `${p}tokens`,
    // The public's voting (大众评审, issue #16): pubVotes and pubScores above are written atomically with each ballot
    // (server/store/voters.ts) and read by the aggregate.
    /** hash: a track's ballots, voter id (votes) or "<voter>/<team>" (scores) → JSON BallotRecord (shared/protocol.ts). */
    ballots: (trackId: string) => `${p}pub:ballots:${trackId}`,
    /** set: the voters with a valid ballot or sheet for a track (the host sees only its size). */
    voted: (trackId: string) => `${p}pub:voted:${trackId}`,
    /** hash: track id → its voting window (shared/voting.ts WindowState); absent: idle. */
    voteWindow: `${p}pub:window`,
    /** hash: voter id → JSON {code, at}: every voter code made for the event (the admin prints them). */
    voters: `${p}voters`,
    /** hash: SHA-256 of a voter code → voter id (the handshake looks a code up by its hash). */
    voterCodes: `${p}voter-codes`,
    /** string: the last voter number handed out (v0001, v0002…). */
    voterSeq: `${p}voter-seq`,
    /** set: the revoked voters. */
    votersRevoked: `${p}voters:revoked`,
    /** hash: voter id → the device it is bound to (the first that used its code). */
    voterDevice: `${p}voter-device`,
    /** hash: voter id → the address it was bound from. */
    voterAddress: `${p}voter-address`,
    /** set: every device id a voter's code was presented from (more than one: the fraud report lists it); voter_admit.lua builds this name from the prefix. */
    voterDevices: (voterId: string) => `${p}voter-devices:${voterId}`,
  };
}
