// The one typed contract between the server and every app: roles, views, socket.io event maps, payload schemas, acks.
import { z } from 'zod';
import type { Milli } from './decimal';
import { awardRulesSchema, eventConfigShape, idSchema, judgeSchema, teamSchema, type Criterion, type EventConfig } from './domain';
import type { SheetProblem, SignatureProblem } from './evidence';
import type { Phase } from './phases';
import type { RefusalParams, RefusalReason } from './refusals';
import type { Award, AwardRules, Dropped, ScoringRules, TeamStatus } from './scoring';
import type { AwardTally, SpecialAward, SpecialBallot, SpecialWinner } from './special';
import { DEVICE_ID, type WindowState } from './voting';

export const ROLES = ['admin', 'host', 'judge', 'display', 'audience', 'supervisor', 'voter'] as const;
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
  /** done: revealed; absent: marked absent; waiting: anything else, the team on stage included until its reveal. */
  status: 'waiting' | 'done' | 'absent';
}

/** A countdown the server holds: remaining = durationMs − elapsedMs − (running ? serverNow − startedAt : 0). */
export interface TimerView {
  /** `scoring`: the track's optional scoring window (`timers.scoringSec`), a countdown only: scoring stays open at zero. */
  kind: 'presentation' | 'qa' | 'scoring';
  /** The allowed time, after any extension (`timer:adjust`). */
  durationMs: number;
  /** Server time (ms since the epoch) when it last started running; null while stopped. */
  startedAt: number | null;
  /** Time already run before startedAt. */
  elapsedMs: number;
}

/**
 * Which judges have scored the team on stage, by anonymous slot number: a judge's place on the room's panel (1-based),
 * the same for every team; never a value.
 */
export interface ProgressView {
  /** How many panel judges may score the team: the panel minus the judges recused from it. */
  expected: number;
  /** The slots of those who have a stored sheet for the team, ascending. */
  submitted: number[];
  /** The slots of the judges recused from this team (they do not score it), ascending. */
  recused: number[];
}

/**
 * A team's result once revealed: every slot of the panel (ProgressView's numbering) with its judge's total and what
 * was dropped, or recused / missing (did not score); the published score; the rank among the revealed teams.
 */
export interface RevealView {
  /** The team's id. */
  team: string;
  /** `insufficient-judges`: fewer valid judges than the track's `minJudges`. */
  status: TeamStatus;
  /** Every slot of the panel, in slot order (then valid judges no longer on it). */
  judges: Array<{
    slot: number;
    /** `recused` from the team (回避), or `missing`: did not score it (未评分). */
    status: 'scored' | 'recused' | 'missing';
    /** The judge's name when the event's `revealJudgeNames` is true; otherwise null: judges stay anonymous in public. */
    name: string | null;
    /** This judge's total, the shortest exact decimal ("77", "85.5"); null unless scored. */
    total: string | null;
    /** Whether the trimmed mean dropped this total. */
    dropped: Dropped;
  }>;
  /** Exactly `decimals` decimals, or null when the team has too few valid judges. */
  score: string | null;
  /** The rank among the revealed final teams of the track (tie decisions applied), or null. */
  rank: number | null;
  /** The prize by that rank (`merit`: 优秀奖). */
  award: Award | null;
  /**
   * The track's ranking is final (every team revealed or absent, or its rooms finished); until then rank and award are
   * provisional, and screens say so (暂列第 1 名 / 暂列一等奖).
   */
  final: boolean;
  /** The track's rules that turn the totals into the score, to explain it ("为什么是这个分数"). */
  rules: ScoreRules;
  /**
   * With the public's part (大众评审) mixed in, on a final team: the published parts and their weights, `score` being
   * the weighted final (专家评分 85.13 × 70 % + 大众评审 72.41 × 30 % = 81.31). Absent: the panel alone.
   */
  mix?: MixView;
}

/** A final team's two published parts (exactly `decimals` decimals) and the weights that make its score (shared/mix.ts). */
export interface MixView {
  panel: string;
  public: string;
  panelPercent: number;
  publicPercent: number;
  /** What the public part comes from: votes (ratio to the most votes × full marks) or public jurors' scores (their mean). */
  kind: 'votes' | 'scores';
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
  /**
   * The event's IANA time zone (default Asia/Shanghai): every time on the screen is written in it, on a 24-hour clock
   * (shared/time.ts).
   */
  timeZone: string;
  /** The event's theme line and organisers (主办 / 承办), for the welcome screen. */
  eventTheme: string;
  organisers: string[];
  roomId: string;
  roomName: string;
  /**
   * The room's revision, bumped by every host command of the phase machine, stored sheet, correction and configuration
   * save (not by a tie decision), so a room is at 1 or more once saved.
   */
  rev: number;
  /** The stored phase, `paused` included. */
  phase: Phase;
  /** While paused: the phase to resume to; otherwise null. */
  pausedFrom: Phase | null;
  /** The team on stage, or null (idle, finished, or after it was sent back or marked absent). */
  team: TeamCard | null;
  /**
   * The first team after `team` in `order` whose status is `waiting` (with no team on stage: the first waiting team of
   * the order); waiting teams before `team` are not considered.
   */
  next: TeamCard | null;
  /** The running order: every team of the room's tracks, with its status. */
  order: TeamCard[];
  /** The seed of the room:draw that made `order`; null before any draw and after a room:set-order (made by hand). */
  drawSeed: string | null;
  /** The host's choice of what the projector shows (display:set-mode; auto, the default: follow the phase). */
  displayMode: DisplayMode;
  /**
   * The award ceremony's screen the host is on (display:ceremony; shared/ceremony.ts lists the screens; past the last:
   * the final leaderboard); 0 after room:finish and display:set-mode `ceremony`.
   */
  ceremonyStep: number;
  /** The presentation, Q&A or scoring-window countdown, or null. */
  timer: TimerView | null;
  /** Who has scored the team on stage: set in `scoring`, `closed` and `revealed` (or paused from them), else null. */
  progress: ProgressView | null;
  /** The team's result: set only in `revealed` (or paused from it). */
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
  /** The revision this patch applies to: apply it only to a copy at exactly this revision. */
  baseRev: number;
  /** The revision after it (`rev − baseRev` can be more than 1). */
  rev: number;
  /** The fields to replace wholesale (no deep merge); one that became null is present with null; `rev` is always set. */
  set: Partial<RoomView>;
}

/** The host's and supervisor's panel board: every judge, connected or not, submitted or not, and when. */
export interface PanelView {
  roomId: string;
  /** The room's revision; presence changes and tie decisions come with an unchanged rev: replace the panel anyway. */
  rev: number;
  /** The score forms of the room's tracks (for corrections). */
  forms: FormView[];
  /** Every judge of the panel, in panel order. */
  judges: Array<{
    id: string;
    name: string;
    /**
     * The judge's anonymous slot for the team on stage (1-based, as in ProgressView), or null when recused from it;
     * with no team on stage, the panel position.
     */
    slot: number | null;
    /** Recused from the team on stage (false with no team on stage). */
    recused: boolean;
    /** At least one tablet of this judge is connected to the room now (on any server process). */
    connected: boolean;
    /** Redis time (ms, as a string) of the judge's current sheet for the team on stage, or null. */
    submittedAt: string | null;
    /** That sheet's version (1 = first; each resubmission or score:correct adds one); 0 when none. */
    version: number;
    /** The judge's total is far from the panel's median (divergencePercent of the maximum); never a value. */
    divergent: boolean;
    /** Their tablet's last report (judge:status) in this room, or null when none came within TABLET_STATUS_TTL_S. */
    tablet: TabletHealth | null;
  }>;
}

/** What a judge's tablet reports of itself (judge:status), sent on a change and every TABLET_STATUS_EVERY_S. */
export type TabletStatus = Payload<'judge:status'>;

/** A tablet's last report as the panel board shows it: with the server time (ms) it was heard. */
export interface TabletHealth extends TabletStatus {
  heardAt: number;
}

/** How often a tablet reports its status when nothing changes (seconds). */
export const TABLET_STATUS_EVERY_S = 15;
/** How long the server keeps a tablet's last report (seconds): three missed reports and it is gone. */
export const TABLET_STATUS_TTL_S = 3 * TABLET_STATUS_EVERY_S;

/** A track's public leaderboard: revealed teams only, ranked among themselves. */
export interface BoardView {
  eventId: string;
  trackId: string;
  trackName: string;
  /** Decimals of the published scores (0–3). */
  decimals: number;
  awards: AwardRules;
  /** The ranking is final (最终排行榜: every team revealed or absent, or its rooms finished); until then provisional. */
  final: boolean;
  /** Revealed teams with a final score only, ordered by rank, then team id. */
  rows: Array<{
    /** Its `status` is always `done` here. */
    team: TeamCard;
    /** Exactly `decimals` decimals. */
    score: string;
    /** Shared on ties (1, 2, 2, 4), unless a tie decision (room:resolve-tie) orders the group. */
    rank: number;
    /** Merit awards (优秀奖) follow third prize. */
    award: Award | null;
    /** The team's tie group straddles an award line (the group gets the higher award). */
    tieAtLine: boolean;
    /** rank ≤ ceil(specialPoolPercent × ranked teams / 100). */
    specialPool: boolean;
    /** A judge's sheet of this team was corrected by the host after scoring closed (已更正). */
    corrected: boolean;
    /** With a mix: the team's published panel and public parts (`score` is the weighted final). */
    parts?: { panel: string; public: string };
  }>;
  /**
   * The track's weights when it mixes in the public's part (大众评审); absent: the panel alone. `imported`: the public's
   * counts come from an outside platform (public:import; the host console offers the upload).
   */
  mix?: { panelPercent: number; publicPercent: number; imported: boolean };
  /**
   * The track's special awards once the host has announced them (special:announce), each award (configuration order,
   * count above 0) with its winners' teams; null before the announcement.
   */
  special: Array<{ award: string; teams: TeamCard[] }> | null;
}

/**
 * A track's special awards as its host and the supervisors see them: the pool, the ballot (who has voted, never what,
 * until it is closed), the tally, the decision and whether it is announced.
 */
export interface SpecialView {
  eventId: string;
  trackId: string;
  trackName: string;
  /** The track's special awards given this year (count above 0). */
  awards: SpecialAward[];
  /** The track's ranking is final (after its last reveal): a ballot may open, a decision be recorded. */
  ready: boolean;
  /** The special-award pool, in rank order (empty until `ready`). */
  pool: TeamCard[];
  ballot: 'none' | 'open' | 'closed';
  /** The panel of the rooms running the track: who has voted (never the pick before the close). */
  voters: Array<{ id: string; name: string; voted: boolean }>;
  /** Once the ballot is closed: each award's votes, winners and what is left to the host (ties, double winners). */
  tally: AwardTally[] | null;
  /** The winners as decided now (by the tally, the host's settling or the committee's decision). */
  winners: SpecialWinner[];
  /** How the winners were last decided, and why (the reason recorded with a decision, a settling or a correction). */
  decidedBy: null | { how: 'ballot' | 'decision'; reason: string; at: string };
  /** Ties or double winners of the tally still waiting for the host's decision. */
  unsettled: boolean;
  announced: boolean;
}

/** One track's special-award ballot as a judge of its panel sees it: the pool, and this judge's own picks only. */
export interface BallotView {
  eventId: string;
  trackId: string;
  trackName: string;
  awards: SpecialAward[];
  pool: TeamCard[];
  /** Teams this judge is recused from (they cannot pick them). */
  recused: string[];
  open: boolean;
  /** This judge's ballot as stored, or null before they vote. */
  picks: SpecialBallot | null;
}

/** A track's score form, in milli-points. */
export interface FormView {
  trackId: string;
  /** Criteria mode when non-empty: every criterion, each 0 … maxMilli and a multiple of stepMilli; the total is their sum. */
  criteria: Criterion[];
  /** Single-total mode (no criteria): the total's bound, or null for none but the schema's (0 … 1 000 000 000). */
  total: { maxMilli: Milli; stepMilli: Milli } | null;
}

/** One of a judge's own stored sheets. */
export interface OwnSheet {
  team: string;
  /** 1, 2, …: each accepted submission for the team adds one, and so does each score:correct of this sheet. */
  version: number;
  total: Milli;
  /** By criterion id; {} for a single-total track. */
  criteria: Record<string, Milli>;
  /** Redis time (ms, as a string) it was stored. */
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
  /** One per track of the room. */
  forms: FormView[];
  /** This judge's own stored sheets for every team of the room's tracks (configuration order), corrections included. */
  sheets: OwnSheet[];
  /**
   * Scoring is open for this judge on the team on stage: the room is in `scoring`, the judge is in the set scoring is
   * open for, and not recused from the team.
   */
  canScore: boolean;
  /** This judge is recused from the team on stage (false with no team on stage). */
  recused: boolean;
}

/** The supervisor's view of every sheet of the event: team → judge → sheet. */
export interface SupervisorSheets {
  eventId: string;
  /**
   * Team id → judge id → sheet. Complete on connect (teams without sheets omitted); afterwards only the team that
   * changed, with all its sheets: replace `sheets[team]`, keep the other teams.
   */
  sheets: Record<string, Record<string, OwnSheet>>;
  /** Every team of the event with a corrected sheet (已更正), always whole. */
  corrected: string[];
  /** Per track, what its judges' record (评委画像, shared/record.ts) needs besides the sheets; always whole. */
  tracks: Record<string, TrackScoring>;
  /** Every recusal of the event (a recused judge's sheet does not count), always whole. */
  recusals: Array<{ team: string; judge: string }>;
}

/** A track's scoring rules and its judges in the results file's order (ties in the trimming go to the earlier judge). */
export interface TrackScoring {
  rules: ScoringRules;
  judges: string[];
}

/**
 * The supervisor's live check of the evidence (evidence:check): the audit chain against its recorded head, every
 * stored sheet against the log's last word on it, and every judge's sheet in the log against its signature
 * (shared/evidence.ts).
 */
export interface EvidenceReport {
  /** When the server checked, ms since the epoch. */
  checkedAt: number;
  chain: {
    ok: boolean;
    entries: number;
    /** The recorded head, to compare with the printed one. */
    head: string;
    /** The id of the first entry that breaks the chain (null: intact, or the head does not match). */
    brokenAt: string | null;
    reason: string | null;
  };
  sheets: SheetProblem[];
  signatures: SignatureProblem[];
}

/** One audit entry as sent to supervisors. */
export interface AuditView {
  /** The Redis stream id, `<ms>-<seq>`, increasing. */
  id: string;
  /** Redis time (ms, as a string). */
  at: string;
  /** `host:<roomId>` for host commands, the judge id for sheets and keys, `admin` for configuration changes. */
  actor: string;
  /** `host`, `judge` or `admin`. */
  role: string;
  /** What was done (the table of actions in docs/protocol.md §3.9). */
  action: string;
  /** The room id for room.*, score.submit, score.correct and judge.register-key; "" otherwise. */
  room: string;
  team: string;
  /** The judge concerned: room.reopen-judge (the re-opened judge), score.*, judge.register-key, judge.edit; else "". */
  judge: string;
  before: string;
  after: string;
  /** The reason given; "" when none. */
  reason: string;
  /** SHA-256 (SHA-1 on older entries) chaining this entry to the previous one (docs/redis.md). */
  hash: string;
}

/** Links and tokens issued for an event, for the admin to hand out. */
export interface EventLinks {
  eventId: string;
  /** The address tablets and phones use (`http://192.168.1.23:3000`), set by the admin; null: not set yet. */
  base: string | null;
  /** This machine's LAN addresses, to choose the base from (empty when the server lists none). */
  addresses: string[];
  /** The standby machine's address (STANDBY), which every link below carries as `?standby=`; null without one. */
  standby: string | null;
  /** The link paths below are relative to the server's origin: `/admin`. */
  admin: string;
  /** `/live/<eventId>`. */
  audience: string;
  /** url: `/supervisor/<token>`. */
  supervisor: { token: string; url: string };
  /** urls: `/host/<token>`, `/display/<token>`, `/overlay/<token>` (the livestream's overlays: a display token of its own). */
  rooms: Array<{
    roomId: string; host: { token: string; url: string }; display: { token: string; url: string }; overlay: { token: string; url: string };
  }>;
  /** url: `/judge/<token>`; roomId: the first room whose panel lists the judge (the room they will score in), or null. */
  judges: Array<{ judgeId: string; name: string; roomId: string | null; token: string; url: string }>;
}

/**
 * The public's voting (大众评审) as the host, the supervisors and the voters see it: each track voters take part in, its
 * window, and how many voters have cast; never a count of votes or a public score before the reveal.
 */
export interface VotingView {
  eventId: string;
  /** A host: its room's tracks; supervisors and voters: every track with voters (mix kind votes or scores, not imported). */
  tracks: Array<{
    trackId: string;
    trackName: string;
    /** votes: one ballot per voter during the window the host opens; scores: a sheet per team during its scoring. */
    kind: 'votes' | 'scores';
    votesPerVoter: number;
    fullMarksMilli: Milli;
    /** The votes kind's window (shared/voting.ts); `idle` for the scores kind (it follows each team's scoring). */
    window: WindowState;
    /** Voting by device alone, without a voter code (weak: the admin page warns). */
    openByDevice: boolean;
    /** How many voters have a valid ballot (or sheet) for the track: host and supervisors; null for voters. */
    voters: number | null;
    /** The track's teams a voter may choose or score, in configuration order. */
    teams: Array<{ id: string; project: string; name: string; leadOrg: string }>;
  }>;
}

/** One of a voter's own ballots: the teams voted for (votes), or one team's score (scores). */
export type VoterBallot =
  | { kind: 'votes'; track: string; teams: string[]; at: string; voided: boolean }
  | { kind: 'scores'; track: string; team: string; total: Milli; at: string; voided: boolean };

/** What a voter's phone shows of the voter: who the server says they are, and their own ballots only. */
export interface VoterView {
  voterId: string;
  ballots: VoterBallot[];
}

/** One recorded ballot as the supervisor audits it (never on a public screen). */
export interface BallotRecord {
  track: string;
  voter: string;
  /** votes: the teams voted for; scores: the one team scored (and `total`). */
  teams: string[];
  total: Milli | null;
  /** Redis time (ms, as a string). */
  at: string;
  /** The phone's device id, cut to its first 8 characters (a hint, enough to tell phones apart). */
  device: string;
  address: string;
  voided: { reason: string; at: string } | null;
}

/** The supervisor's fraud report over the event's ballots. */
export interface FraudReport {
  eventId: string;
  /** Every ballot, newest first. */
  ballots: BallotRecord[];
  /** Voter codes presented from more than one device (the second is refused, but the attempt is kept). */
  manyDevices: Array<{ voter: string; devices: number }>;
  /** Ten-second windows of one track with an unusual number of ballots (≥ BURST_BALLOTS), busiest first. */
  bursts: Array<{ track: string; from: number; ballots: number }>;
  /** Addresses from which more than SHARED_ADDRESS_VOTERS voters cast, most first (a venue's NAT shows up here too). */
  sharedAddresses: Array<{ address: string; voters: number }>;
}

/** A voter code as the admin prints it. */
export interface VoterCodeView {
  voter: string;
  /** The code (shared/voting.ts), unprinted form. */
  code: string;
  revoked: boolean;
  /** The code has been used: bound to a device. */
  bound: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Payload schemas: every command's payload is parsed with these at the boundary.

const reason = z.string().trim().max(500);
/** A score value in milli-points: an integer 0 … 1 000 000 000. */
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
  // Special awards (issue 15): the host opens and closes a track's ballot, records the committee's decision (or settles
  // the tally, or corrects a decision: the whole list of winners, with a reason), then announces them; judges vote.
  'special:open-ballot': z.object({ trackId: idSchema }).strict(),
  'special:close-ballot': z.object({ trackId: idSchema }).strict(),
  'special:decide': z.object({
    trackId: idSchema,
    winners: z.array(z.object({ award: z.string().trim().min(1).max(50), team: idSchema }).strict()).max(100),
    reason: reason.min(1, 'a reason is required'),
  }).strict(),
  'special:announce': z.object({ trackId: idSchema }).strict(),
  /** Per award name, one pool team or null (abstain); an award left out abstains. */
  'special:vote': z.object({ trackId: idSchema, picks: z.record(z.string().max(50), idSchema.nullable()) }).strict(),
  'timer:adjust': z.object({ action: z.enum(['pause', 'resume', 'extend']), seconds: z.number().int().min(-3600).max(3600).optional() }).strict(),
  'room:sync': z.object({}).strict(),
  'score:submit': z.object({
    /** The submission id: fresh for every new sheet, the same when resending one (a replay gets the first receipt). */
    sid: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a submission id is 8 to 64 letters, digits, - or _'),
    /** Must be the team on stage. */
    team: idSchema,
    /**
     * The room whose stage the team is on: one whose panel the judge sits on (a judge may sit on several). Absent (a
     * tablet of before): the judge's room running the team's track.
     */
    room: idSchema.optional(),
    /** Criteria mode: every criterion of the form and nothing else; single-total mode: the total. */
    values: z.union([
      z.object({ criteria: z.record(idSchema, milli) }).strict(),
      z.object({ total: milli }).strict(),
    ]),
    // The tablet's signature over signedSheetText (shared/evidence.ts): the id of a key registered for this judge (the
    // SHA-256 of its SPKI, hex) and the ECDSA P-256 / SHA-256 signature, raw r||s in base64; absent: an unsigned sheet.
    signature: z.object({ key: keyId, sig: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a signature is 64 bytes in base64') }).strict().optional(),
  }).strict(),
  // A tablet's public key (ECDSA P-256, SPKI DER in base64); `extractable`: the private key is not a non-extractable
  // WebCrypto key (the fallback outside a secure context).
  'judge:register-key': z.object({
    spki: z.string().max(400).regex(/^[A-Za-z0-9+/]+={0,2}$/, 'a public key is SPKI DER in base64'),
    extractable: z.boolean(),
  }).strict(),
  // A tablet's health, for the host's panel board: the page visible (document.visibilityState) or asleep, the team its
  // form shows, the sheets waiting in its outbox, its battery (0–1) where the browser reports it. No judge field: a
  // tablet reports for the judge it is signed in as.
  'judge:status': z.object({
    visible: z.boolean(),
    team: idSchema.nullable(),
    outbox: z.number().int().min(0).max(10_000),
    battery: z.number().min(0).max(1).nullable(),
  }).strict(),
  // A tablet claims to be the judge's active one (a spare tablet takes over): `device`, the tablet's own random id;
  // `take`: take over from another tablet (a page opened on this device, or "take back" confirmed), else only when no
  // other tablet is active (a reconnection). Only the active tablet may submit and report its status.
  'judge:claim': z.object({
    device: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a device id is 8 to 64 letters, digits, - or _'),
    take: z.boolean(),
  }).strict(),
  'score:sheets': z.object({ team: idSchema }).strict(),
  'score:correct': z.object({
    /** A team of one of this room's tracks. */
    team: idSchema,
    /** A judge of this room's panel. */
    judge: idSchema,
    /** As in score:submit. */
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
    eventId: idSchema, role: z.enum(['host', 'display', 'overlay', 'judge', 'supervisor']), subject: idSchema,
  }).strict(),
  // One entry of the imported lists corrected by hand (a typo, an organisation): the whole entry, by its id.
  'admin:edit-team': z.object({ eventId: idSchema, team: teamSchema.strict(), reason }).strict(),
  'admin:edit-judge': z.object({ eventId: idSchema, judge: judgeSchema.strict(), reason }).strict(),
  // A track's public vote counts imported from an outside platform (mix.public.imported): an .xlsx or .csv with the
  // columns 项目名称 (or the team's id) and 票数, in base64; it replaces the track's imported counts, with the reason.
  'public:import': z.object({
    eventId: idSchema,
    trackId: idSchema,
    file: z.object({ name: z.string().trim().min(1).max(200), base64: z.string().max(900_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the file in base64') }).strict(),
    reason: reason.min(1, 'a reason is required'),
  }).strict(),
  // The public's voting (大众评审): the host opens and closes a track's window (votes kind); a voter casts one final
  // ballot per track, or scores the team on stage (scores kind); the supervisor reads the fraud report and voids a
  // ballot before the reveal; the admin makes and revokes voter codes.
  'vote:open': z.object({ track: idSchema }).strict(),
  'vote:close': z.object({ track: idSchema }).strict(),
  'vote:cast': z.object({ track: idSchema, teams: z.array(idSchema).min(1).max(100) }).strict(),
  'vote:score': z.object({ team: idSchema, total: milli }).strict(),
  'vote:report': z.object({}).strict(),
  'vote:void': z.object({ track: idSchema, voter: idSchema, team: idSchema.nullable(), reason: reason.min(1, 'a reason is required') }).strict(),
  'admin:voter-codes': z.object({ eventId: idSchema, add: z.number().int().min(0).max(5000) }).strict(),
  'admin:revoke-voter': z.object({ eventId: idSchema, voter: idSchema, reason: reason.min(1, 'a reason is required') }).strict(),
} as const;

/**
 * A voter's handshake (`auth.voter`): the event, the code from the seat card (null: voting by device alone, where the
 * event allows it) and the device id the phone keeps in its localStorage.
 */
export const voterAuthSchema = z.object({
  event: idSchema,
  code: z.string().max(40).nullable(),
  device: z.string().regex(DEVICE_ID, 'a device id is 16 to 64 letters, digits, - or _'),
}).strict();

/**
 * A phone's welcome as it asks for it in its handshake (`auth.welcome`, audience and voter alike; absent: plain JSON
 * every time): whether it can inflate a deflate-raw welcome (the browser's DecompressionStream), and the hash of the
 * welcome it keeps from an earlier visit (null: none), which the server answers with `unchanged` when its build is the same.
 */
export const welcomeAuthSchema = z.object({
  deflate: z.boolean(),
  have: z.string().max(64).nullable(),
}).strict();

export type WelcomeAuth = z.infer<typeof welcomeAuthSchema>;

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
  'special:open-ballot': ['host'],
  'special:close-ballot': ['host'],
  'special:decide': ['host'],
  'special:announce': ['host'],
  'special:vote': ['judge'],
  'timer:adjust': ['host'],
  'room:sync': ['host', 'judge', 'display', 'audience', 'supervisor', 'voter'],
  'score:submit': ['judge'],
  'judge:register-key': ['judge'],
  'judge:status': ['judge'],
  'judge:claim': ['judge'],
  'score:sheets': ['host'],
  'score:correct': ['host'],
  'time:ping': ['admin', 'host', 'judge', 'display', 'audience', 'supervisor', 'voter'],
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
  'public:import': ['admin', 'host'],
  'vote:open': ['host'],
  'vote:close': ['host'],
  'vote:cast': ['voter'],
  'vote:score': ['voter'],
  'vote:report': ['supervisor'],
  'vote:void': ['supervisor'],
  'admin:voter-codes': ['admin'],
  'admin:revoke-voter': ['admin'],
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
  'special:open-ballot': { auditId: string };
  'special:close-ballot': { auditId: string; tally: AwardTally[] };
  'special:decide': { auditId: string };
  'special:announce': { auditId: string };
  'special:vote': { auditId: string };
  'timer:adjust': RoomAck;
  'room:sync': RoomView[];
  'score:submit': ScoreReceipt;
  /** The key's id (shared/evidence.ts keyIdOf); `registered`: new now (false: it was registered already). */
  'judge:register-key': { key: string; registered: boolean };
  /** The server time (ms) the report was heard. */
  'judge:status': { heardAt: number };
  /** Whether this tablet is now the judge's active one (false: another tablet took over and `take` was false). */
  'judge:claim': { active: boolean };
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
  /** The counts now in force, by team id. */
  'public:import': { auditId: string; counts: Record<string, number> };
  'vote:open': { window: WindowState };
  'vote:close': { window: WindowState };
  /** Sent once Redis has the ballot: only then does the phone say 已投票. */
  'vote:cast': { track: string; teams: string[]; at: string };
  'vote:score': { team: string; total: Milli; at: string };
  'vote:report': FraudReport;
  'vote:void': { auditId: string };
  /** Every voter code of the event (after adding `add` new ones). */
  'admin:voter-codes': VoterCodeView[];
  'admin:revoke-voter': { auditId: string };
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
  /** Redis time (ms, as a string) the sheet was stored. */
  at: string;
  /** A replay of a known `sid`: this is the first receipt, and nothing was written (score:correct: always false). */
  duplicate: boolean;
  /**
   * Only when a standby machine is configured: on how many machines the sheet is (this one, and the standby's replica
   * once it has it: 2). 1 is no failure: the sheet is saved here, but not yet on the standby.
   */
  machines?: number;
}

export type ClientToServerEvents = {
  [E in CommandName]: (payload: Payload<E>, ack: AckFn<CommandResults[E]>) => void;
};

/** What a phone gets on connecting, in one message: every room's view, then every track's public leaderboard. */
export interface AudienceWelcome {
  rooms: RoomView[];
  boards: BoardView[];
  /** The build's content hash (of `rooms` and `boards`): a page that keeps this welcome names it in its next handshake. */
  hash: string;
}

/**
 * The welcome to a phone that asked for it packed (`auth.welcome`): the build's welcome as deflate-raw of its JSON,
 * compressed once per build (binary), or, when the hash the phone named is the build's, `unchanged`: the phone's
 * own copy is the welcome.
 */
export type PackedWelcome =
  | { hash: string; deflated: ArrayBuffer | Uint8Array }
  | { hash: string; unchanged: true };

export interface ServerToClientEvents {
  /** An audience socket's snapshots on connect: each room view as a room:snapshot, each board as a board:leaderboard. */
  'audience:welcome': (welcome: AudienceWelcome) => void;
  /** The same welcome, packed, to a phone that asked for it so (`auth.welcome`). */
  'audience:welcome-packed': (packed: PackedWelcome) => void;
  'room:snapshot': (view: RoomView) => void;
  'room:patch': (patch: RoomPatch) => void;
  'room:panel': (view: PanelView) => void;
  'board:leaderboard': (view: BoardView) => void;
  'judge:state': (view: JudgeView) => void;
  /** One track's special-award ballot, to each judge of its panel (their own picks only). */
  'judge:ballot': (view: BallotView) => void;
  /** One track's special awards, to its host and the supervisors. */
  'special:state': (view: SpecialView) => void;
  /** To every tablet signed in as the judge: this device is now the judge's active tablet; any other has been replaced. */
  'judge:tablet': (tablet: { device: string }) => void;
  'supervisor:sheets': (view: SupervisorSheets) => void;
  'voting:state': (view: VotingView) => void;
  'voter:state': (view: VoterView) => void;
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
  /** Null for an admin. */
  eventId: string | null;
  /** Host, display: their room; judge: the room computed at the handshake (null: on no panel); others: null. */
  roomId: string | null;
  /** Judges only. */
  judgeId: string | null;
  /** Voters only. */
  voterId: string | null;
  /** Server time, ms since the epoch. */
  serverNow: number;
}

/** What the server knows about each socket, set at the handshake. */
export interface SocketData {
  role: Role;
  eventId: string | null;
  roomId: string | null;
  judgeId: string | null;
  /** Voters only: the voter (`v…` for a code, `d…` for a device voting without one). */
  voterId: string | null;
  /** The hash of the token the socket authenticated with (for revocation), or null. */
  tokenHash: string | null;
  /** A judge's tablet: the device id it claimed with (judge:claim); absent until it claims. */
  device?: string;
}
