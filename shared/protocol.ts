// The one typed contract between the server and every app: roles, views, socket.io event maps, payload schemas, acks.
import { z } from 'zod';
import type { Milli } from './decimal';
import { awardRulesSchema, eventConfigShape, idSchema, judgeSchema, teamSchema, type Criterion, type EventConfig } from './domain';
import type { SheetProblem, SignatureProblem } from './evidence';
import type { Phase } from './phases';
import type { RefusalParams, RefusalReason } from './refusals';
import type { Award, AwardRules, Dropped, ScoringRules, TeamStatus } from './scoring';

export const ROLES = ['admin', 'host', 'judge', 'display', 'audience', 'supervisor'] as const;
/** Who is connected: set at the handshake from the token, never from the client's say-so. */
export type Role = (typeof ROLES)[number];

/** Stable error codes, for clients to act on; the message is for people. */
export const ERROR_CODES = [
  'BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'WRONG_PHASE', 'WRONG_ROOM', 'NOT_ON_STAGE',
  'NOT_ON_PANEL', 'RECUSED', 'SCORING_NOT_OPEN', 'SCORING_CLOSED', 'OVER_MAX', 'OFF_STEP', 'BAD_VALUES',
  'DUPLICATE_ID', 'NO_FORM', 'REASON_REQUIRED', 'JUDGES_SUBMITTED', 'CONFLICT', 'RATE_LIMITED', 'TOO_LARGE', 'INTERNAL',
  /** A sheet's signature is missing, made with a key not registered for the judge, or does not verify. */
  'BAD_SIGNATURE',
  /** The server cannot reach its storage (Redis) right now: nothing was saved; send it again once `storage:status` is ok. */
  'UNAVAILABLE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * A refusal: a stable code for clients to act on, the reason and its parameters for the apps to put in the person's
 * words (shared/refusals.ts; HTTP edges and old servers send none), and a message in English for logs.
 */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  reason?: RefusalReason;
  params?: RefusalParams;
}

/** Every command's answer. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckFn<T> = (ack: Ack<T>) => void;

// ---------------------------------------------------------------------------------------------------------------
// Views: what the server sends. Nothing here carries a score value before its team's reveal, except the views of the
// judge (their own sheets) and of the supervisor (everything).

/** A team as every screen may show it. */
export interface TeamCard {
  id: string;
  project: string;
  name: string;
  leadOrg: string;
  coOrgs: string[];
  trackId: string;
  trackName: string;
  topic: string;
  /** waiting: not yet on stage; done: revealed; absent: marked absent or skipped. */
  status: 'waiting' | 'done' | 'absent';
}

/** A countdown the server holds: remaining = durationMs − elapsedMs − (running ? serverNow − startedAt : 0). */
export interface TimerView {
  kind: 'presentation' | 'qa' | 'scoring';
  durationMs: number;
  /** Server time (ms) when it last started running; null while paused. */
  startedAt: number | null;
  /** Time already run before startedAt. */
  elapsedMs: number;
}

/**
 * Which judges have scored the team on stage, by anonymous slot number: a judge's place on the room's panel (1-based),
 * the same for every team; never a value.
 */
export interface ProgressView {
  expected: number;
  submitted: number[];
  /** The slots of the judges recused from this team (they do not score it). */
  recused: number[];
}

/**
 * A team's result once revealed: every slot of the panel (ProgressView's numbering) with its judge's total and what
 * was dropped, or recused / missing (did not score); the published score; the rank among the revealed teams.
 */
export interface RevealView {
  team: string;
  status: TeamStatus;
  judges: Array<{ slot: number; status: 'scored' | 'recused' | 'missing'; name: string | null; total: string | null; dropped: Dropped }>;
  /** Exactly `decimals` decimals, or null when the team has too few valid judges. */
  score: string | null;
  rank: number | null;
  award: Award | null;
  /** The track's ranking is final (every team revealed or absent, or its rooms finished); until then rank and award are provisional. */
  final: boolean;
  /** The track's rules that turn the totals into the score, to explain it ("为什么是这个分数"). */
  rules: ScoreRules;
}

/** The rules of a track that make a published score (the tie-breaks only order equal scores). */
export type ScoreRules = Pick<ScoringRules, 'method' | 'dropHighest' | 'dropLowest' | 'trimWhenAtLeast' | 'minJudges' | 'decimals'>;

export const DISPLAY_MODES = ['auto', 'welcome', 'stage', 'leaderboard', 'ceremony'] as const;
/** What the projector shows: `auto` follows the phase; the others are the host's choice until set back to auto. */
export type DisplayMode = (typeof DISPLAY_MODES)[number];

/** A room as every connected screen sees it. */
export interface RoomView {
  eventId: string;
  eventName: string;
  /** The event's time zone: every time on the screen is written in it (shared/time.ts). */
  timeZone: string;
  /** The event's theme line and organisers (主办 / 承办), for the welcome screen. */
  eventTheme: string;
  organisers: string[];
  roomId: string;
  roomName: string;
  rev: number;
  phase: Phase;
  pausedFrom: Phase | null;
  team: TeamCard | null;
  next: TeamCard | null;
  order: TeamCard[];
  drawSeed: string | null;
  /** The host's choice of what the projector shows (auto: follow the phase). */
  displayMode: DisplayMode;
  /** The award ceremony's screen the host is on (shared/ceremony.ts; past the last: the final leaderboard). */
  ceremonyStep: number;
  timer: TimerView | null;
  progress: ProgressView | null;
  reveal: RevealView | null;
  /**
   * Where the audience follows the event on their phones: the path of the live page and the address the admin chose for
   * links and QR codes (null when none was chosen: then the page's own address, unless that is loopback).
   */
  live: { base: string | null; path: string };
}

/** A room view's change: the top-level fields that changed between revisions baseRev and rev. */
export interface RoomPatch {
  roomId: string;
  baseRev: number;
  rev: number;
  set: Partial<RoomView>;
}

/** The host's and supervisor's panel board: every judge, connected or not, submitted or not, and when. */
export interface PanelView {
  roomId: string;
  rev: number;
  /** The score forms of the room's tracks (for corrections). */
  forms: FormView[];
  judges: Array<{
    id: string;
    name: string;
    /** The judge's anonymous slot for the team on stage (1-based), or null when recused from it. */
    slot: number | null;
    recused: boolean;
    connected: boolean;
    /** Server time (ms, as a string) of the judge's current sheet for the team on stage, or null. */
    submittedAt: string | null;
    version: number;
    /** The judge's total is far from the panel's median (divergencePercent of the maximum); never a value. */
    divergent: boolean;
  }>;
}

/** A track's public leaderboard: revealed teams only, ranked among themselves. */
export interface BoardView {
  eventId: string;
  trackId: string;
  trackName: string;
  decimals: number;
  awards: AwardRules;
  /** The ranking is final (every team revealed or absent, or its rooms finished); until then it is provisional. */
  final: boolean;
  rows: Array<{
    team: TeamCard;
    score: string;
    rank: number;
    award: Award | null;
    tieAtLine: boolean;
    specialPool: boolean;
    /** A judge's sheet of this team was corrected by the host after scoring closed (已更正). */
    corrected: boolean;
  }>;
}

/** A track's score form, in milli-points. */
export interface FormView {
  trackId: string;
  criteria: Criterion[];
  total: { maxMilli: Milli; stepMilli: Milli } | null;
}

/** One of a judge's own stored sheets. */
export interface OwnSheet {
  team: string;
  version: number;
  total: Milli;
  criteria: Record<string, Milli>;
  at: string;
}

/** What a judge's tablet needs: who they are, their room, the forms, their own sheets, whether they may score now. */
export interface JudgeView {
  judge: { id: string; name: string; org: string };
  eventName: string;
  /** The event's time zone: every time on the screen is written in it (shared/time.ts). */
  timeZone: string;
  roomId: string;
  roomName: string;
  forms: FormView[];
  sheets: OwnSheet[];
  /** Scoring is open for this judge on the team on stage. */
  canScore: boolean;
  /** This judge is recused from the team on stage. */
  recused: boolean;
}

/** The supervisor's view of every sheet of the event: team → judge → sheet. */
export interface SupervisorSheets {
  eventId: string;
  sheets: Record<string, Record<string, OwnSheet>>;
  /** Every team of the event with a corrected sheet (已更正), always whole. */
  corrected: string[];
}

/**
 * The supervisor's live check of the evidence (evidence:check): the audit chain against its recorded head, every
 * stored sheet against the log's last word on it, and every judge's sheet in the log against its signature
 * (shared/evidence.ts).
 */
export interface EvidenceReport {
  /** When the server checked, ms since the epoch. */
  checkedAt: number;
  chain: { ok: boolean; entries: number; head: string; brokenAt: string | null; reason: string | null };
  sheets: SheetProblem[];
  signatures: SignatureProblem[];
}

/** One audit entry as sent to supervisors. */
export interface AuditView {
  id: string;
  at: string;
  actor: string;
  role: string;
  action: string;
  room: string;
  team: string;
  judge: string;
  before: string;
  after: string;
  reason: string;
  hash: string;
}

/** Links and tokens issued for an event, for the admin to hand out. */
export interface EventLinks {
  eventId: string;
  /** The address tablets and phones use (`http://192.168.1.23:3000`), set by the admin; null: not set yet. */
  base: string | null;
  /** This machine's LAN addresses, to choose the base from (empty when the server lists none). */
  addresses: string[];
  admin: string;
  audience: string;
  supervisor: { token: string; url: string };
  rooms: Array<{ roomId: string; host: { token: string; url: string }; display: { token: string; url: string } }>;
  judges: Array<{ judgeId: string; name: string; roomId: string | null; token: string; url: string }>;
}

// ---------------------------------------------------------------------------------------------------------------
// Payload schemas: every command's payload is parsed with these at the boundary.

const reason = z.string().trim().max(500);
const milli = z.number().int().min(0).max(1_000_000_000);
const keyId = z.string().regex(/^[0-9a-f]{64}$/, 'a key id is 64 hex digits');

export const schemas = {
  'room:call': z.object({ team: idSchema }).strict(),
  'room:start-presentation': z.object({}).strict(),
  'room:start-qa': z.object({}).strict(),
  'room:open-scoring': z.object({}).strict(),
  'room:close-scoring': z.object({ reason: reason.optional() }).strict(),
  'room:reveal': z.object({}).strict(),
  'room:reopen-judge': z.object({ judge: idSchema, reason: reason.min(1, 'a reason is required') }).strict(),
  'room:mark-absent': z.object({ team: idSchema, reason: reason.optional() }).strict(),
  'room:back': z.object({}).strict(),
  'room:pause': z.object({}).strict(),
  'room:resume': z.object({}).strict(),
  'room:finish': z.object({}).strict(),
  'room:restart': z.object({}).strict(),
  'room:set-order': z.object({ order: z.array(idSchema).max(2000) }).strict(),
  'display:set-mode': z.object({ mode: z.enum(DISPLAY_MODES) }).strict(),
  'display:ceremony': z.object({ step: z.number().int().min(0).max(200) }).strict(),
  'display:reload': z.object({}).strict(),
  'room:draw': z.object({ seed: z.string().trim().min(1).max(128).optional() }).strict(),
  'room:resolve-tie': z.object({ teams: z.array(idSchema).min(2).max(100), reason: reason.min(1, 'a reason is required') }).strict(),
  'timer:adjust': z.object({ action: z.enum(['pause', 'resume', 'extend']), seconds: z.number().int().min(-3600).max(3600).optional() }).strict(),
  'room:sync': z.object({}).strict(),
  'score:submit': z.object({
    sid: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a submission id is 8 to 64 letters, digits, - or _'),
    team: idSchema,
    values: z.union([
      z.object({ criteria: z.record(idSchema, milli) }).strict(),
      z.object({ total: milli }).strict(),
    ]),
    // The tablet's signature over signedSheetText (shared/evidence.ts): the key's id and raw r||s, base64.
    signature: z.object({ key: keyId, sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a signature is 64 bytes in base64') }).strict().optional(),
  }).strict(),
  // A tablet's public key (ECDSA P-256, SPKI DER in base64); `extractable`: the private key is not a non-extractable
  // WebCrypto key (the fallback outside a secure context).
  'judge:register-key': z.object({
    spki: z.string().max(400).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'a public key is SPKI DER in base64'),
    extractable: z.boolean(),
  }).strict(),
  'score:sheets': z.object({ team: idSchema }).strict(),
  'score:correct': z.object({
    team: idSchema,
    judge: idSchema,
    values: z.union([
      z.object({ criteria: z.record(idSchema, milli) }).strict(),
      z.object({ total: milli }).strict(),
    ]),
    reason: reason.min(1, 'a reason is required'),
  }).strict(),
  'time:ping': z.object({}).strict(),
  'audit:read': z.object({ after: z.string().max(40).optional(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
  'evidence:check': z.object({ full: z.boolean().optional() }).strict(),
  // The shape only: the server runs the structural checks itself (setup.ts) and answers in the organiser's words.
  'admin:save-event': z.object({ config: eventConfigShape }).strict(),
  'admin:create-event': z.object({
    id: idSchema, name: z.string().trim().min(1).max(200), presetId: z.string().max(64).nullable(),
  }).strict(),
  'admin:links': z.object({ eventId: idSchema }).strict(),
  'admin:set-link-base': z.object({
    eventId: idSchema,
    base: z.string().trim().max(200).regex(/^https?:\/\/[^/?#\s]+\/?$/, 'an address such as http://192.168.1.23:3000').nullable(),
  }).strict(),
  'admin:events': z.object({}).strict(),
  'admin:event': z.object({ eventId: idSchema }).strict(),
  'admin:scored-tracks': z.object({ eventId: idSchema }).strict(),
  'admin:set-awards': z.object({
    eventId: idSchema, trackId: idSchema, awards: awardRulesSchema.strict(), reason: reason.min(1, 'a reason is required'),
  }).strict(),
  'admin:regenerate-token': z.object({
    eventId: idSchema, role: z.enum(['host', 'display', 'judge', 'supervisor']), subject: idSchema,
  }).strict(),
  // One entry of the imported lists corrected by hand (a typo, an organisation): the whole entry, by its id.
  'admin:edit-team': z.object({ eventId: idSchema, team: teamSchema.strict(), reason }).strict(),
  'admin:edit-judge': z.object({ eventId: idSchema, judge: judgeSchema.strict(), reason }).strict(),
} as const;

export type CommandName = keyof typeof schemas;
export type Payload<E extends CommandName> = z.infer<(typeof schemas)[E]>;

/** Which roles may send which command; the server checks it in every handler (display and audience: none). */
export const COMMAND_ROLES: Record<CommandName, readonly Role[]> = {
  'room:call': ['host'],
  'room:start-presentation': ['host'],
  'room:start-qa': ['host'],
  'room:open-scoring': ['host'],
  'room:close-scoring': ['host'],
  'room:reveal': ['host'],
  'room:reopen-judge': ['host'],
  'room:mark-absent': ['host'],
  'room:back': ['host'],
  'room:pause': ['host'],
  'room:resume': ['host'],
  'room:finish': ['host'],
  'room:restart': ['host'],
  'room:set-order': ['host'],
  'display:set-mode': ['host'],
  'display:ceremony': ['host'],
  'display:reload': ['host'],
  'room:draw': ['host'],
  'room:resolve-tie': ['host'],
  'timer:adjust': ['host'],
  'room:sync': ['host', 'judge', 'display', 'audience', 'supervisor'],
  'score:submit': ['judge'],
  'judge:register-key': ['judge'],
  'score:sheets': ['host'],
  'score:correct': ['host'],
  'time:ping': ['admin', 'host', 'judge', 'display', 'audience', 'supervisor'],
  'audit:read': ['supervisor'],
  'evidence:check': ['supervisor'],
  'admin:save-event': ['admin'],
  'admin:create-event': ['admin'],
  'admin:links': ['admin'],
  'admin:set-link-base': ['admin'],
  'admin:events': ['admin'],
  'admin:event': ['admin'],
  'admin:scored-tracks': ['admin'],
  'admin:set-awards': ['admin'],
  'admin:regenerate-token': ['admin'],
  'admin:edit-team': ['admin'],
  'admin:edit-judge': ['admin'],
};

/** What each command's ack carries on success. */
export interface CommandResults {
  'room:call': RoomAck;
  'room:start-presentation': RoomAck;
  'room:start-qa': RoomAck;
  'room:open-scoring': RoomAck;
  'room:close-scoring': RoomAck;
  'room:reveal': RoomAck;
  'room:reopen-judge': RoomAck;
  'room:mark-absent': RoomAck;
  'room:back': RoomAck;
  'room:pause': RoomAck;
  'room:resume': RoomAck;
  'room:finish': RoomAck;
  'room:restart': RoomAck;
  'room:set-order': RoomAck;
  'display:set-mode': RoomAck;
  'display:ceremony': RoomAck;
  'display:reload': { displays: number };
  'room:draw': RoomAck & { seed: string };
  'room:resolve-tie': { auditId: string };
  'timer:adjust': RoomAck;
  'room:sync': RoomView[];
  'score:submit': ScoreReceipt;
  /** The key's id (shared/evidence.ts keyIdOf); `registered`: new now (false: it was registered already). */
  'judge:register-key': { key: string; registered: boolean };
  /** A revealed team's current sheets by judge id, for the host to correct one (never before the reveal). */
  'score:sheets': Record<string, OwnSheet>;
  'score:correct': ScoreReceipt;
  'time:ping': { serverNow: number };
  'audit:read': { entries: AuditView[]; verified: boolean };
  'evidence:check': EvidenceReport;
  'admin:save-event': { eventId: string };
  'admin:create-event': { eventId: string };
  'admin:links': EventLinks;
  /** The event's links again, built on the new base. */
  'admin:set-link-base': EventLinks;
  'admin:events': Array<{ id: string; name: string; teams: number; judges: number }>;
  'admin:event': EventConfig;
  /**
   * The tracks whose teams hold stored score sheets (their rules, criteria and awards are locked), those teams (their
   * track is locked) and the judges who wrote them.
   */
  'admin:scored-tracks': { trackIds: string[]; teamIds: string[]; judgeIds: string[] };
  'admin:set-awards': { auditId: string };
  'admin:regenerate-token': { token: string; url: string };
  'admin:edit-team': { auditId: string };
  'admin:edit-judge': { auditId: string };
}

/** The room's revision after a host command. */
export interface RoomAck {
  rev: number;
}

/** What a judge is told once Redis has their sheet: then, and only then, the tablet says "saved". */
export interface ScoreReceipt {
  team: string;
  version: number;
  total: Milli;
  at: string;
  duplicate: boolean;
}

export type ClientToServerEvents = {
  [E in CommandName]: (payload: Payload<E>, ack: AckFn<CommandResults[E]>) => void;
};

/** What a phone gets on connecting, in one message: every room's view, then every track's public leaderboard. */
export interface AudienceWelcome {
  rooms: RoomView[];
  boards: BoardView[];
}

export interface ServerToClientEvents {
  /** An audience socket's snapshots on connect: each room view as a room:snapshot, each board as a board:leaderboard. */
  'audience:welcome': (welcome: AudienceWelcome) => void;
  'room:snapshot': (view: RoomView) => void;
  'room:patch': (patch: RoomPatch) => void;
  'room:panel': (view: PanelView) => void;
  'board:leaderboard': (view: BoardView) => void;
  'judge:state': (view: JudgeView) => void;
  'supervisor:sheets': (view: SupervisorSheets) => void;
  'audit:entry': (entry: AuditView) => void;
  'session:hello': (hello: SessionHello) => void;
  'session:revoked': (info: { message: string }) => void;
  /** The host asks the room's displays to reload the page (a stuck screen). */
  'display:reload': () => void;
  /** Whether the server reaches its storage: sent to every socket on every change, and on connect when not ok. */
  'storage:status': (status: StorageStatus) => void;
}

/**
 * The server's storage (Redis) as every screen may show it. `reconnecting`: Redis is down or being restarted; every
 * command is answered UNAVAILABLE ("not saved") until it is `ok` again. `since`: server time (ms) of the last change.
 */
export interface StorageStatus {
  state: 'ok' | 'reconnecting';
  since: number;
}

/** Sent once on connect: who the server says you are, and its clock. */
export interface SessionHello {
  role: Role;
  eventId: string | null;
  roomId: string | null;
  judgeId: string | null;
  serverNow: number;
}

/** What the server knows about each socket, set at the handshake. */
export interface SocketData {
  role: Role;
  eventId: string | null;
  roomId: string | null;
  judgeId: string | null;
  /** The hash of the token the socket authenticated with (for revocation), or null. */
  tokenHash: string | null;
}
