// Every reason the server refuses a command for, each with its stable error code. The server names the reason (and its
// parameters) in the refusal; the apps say it in the person's language from one table of words, keyed by the reason
// (client/common/messages.ts, `refusal`), so no English server text reaches a Chinese screen.
import type { ErrorCode } from './protocol';

export const REFUSALS = {
  // sessions and roles
  'role-forbidden': 'FORBIDDEN', 'no-room': 'FORBIDDEN', 'no-event-session': 'BAD_REQUEST', 'bad-payload': 'BAD_REQUEST',
  internal: 'INTERNAL',
  // things that are not there
  'event-not-found': 'NOT_FOUND', 'room-not-found': 'NOT_FOUND', 'team-not-found': 'NOT_FOUND', 'track-not-found': 'NOT_FOUND',
  'preset-not-found': 'NOT_FOUND', 'subject-not-found': 'NOT_FOUND', 'audit-entry-not-found': 'NOT_FOUND',
  // the admin's setup
  'event-exists': 'CONFLICT', 'config-invalid': 'BAD_REQUEST', 'config-locked': 'CONFLICT', 'judge-not-found': 'NOT_FOUND',
  'entry-unknown-track': 'BAD_REQUEST', 'entry-unknown-topic': 'BAD_REQUEST', 'entry-unchanged': 'BAD_REQUEST',
  'team-track-locked': 'CONFLICT', 'entry-needs-reason': 'REASON_REQUIRED',
  // the room's phase machine
  'wrong-phase': 'WRONG_PHASE', 'team-wrong-room': 'WRONG_ROOM', 'team-revealed': 'WRONG_PHASE', 'absent-on-stage': 'WRONG_PHASE',
  'judges-submitted': 'JUDGES_SUBMITTED', 'no-eligible-judge': 'NOT_ON_PANEL', 'close-needs-reason': 'REASON_REQUIRED',
  'reopen-needs-reason': 'REASON_REQUIRED', 'order-incomplete': 'BAD_REQUEST', 'draw-started': 'WRONG_PHASE',
  'no-timer': 'WRONG_PHASE', 'extend-seconds': 'BAD_REQUEST', 'room-changed': 'CONFLICT', 'room-busy': 'CONFLICT',
  // ties and corrections
  'tie-team-twice': 'BAD_REQUEST', 'tie-not-shared-rank': 'BAD_REQUEST', 'correct-not-closed': 'WRONG_PHASE', 'sheets-before-reveal': 'WRONG_PHASE',
  'correct-scoring-open': 'WRONG_PHASE', 'correction-needs-reason': 'REASON_REQUIRED',
  // judges and their sheets
  'judge-no-panel': 'NOT_ON_PANEL', 'judge-not-on-panel': 'NOT_ON_PANEL', 'judge-recused': 'RECUSED',
  'scoring-not-open': 'SCORING_NOT_OPEN', 'not-on-stage': 'NOT_ON_STAGE', 'scoring-closed-judge': 'SCORING_CLOSED',
  'duplicate-sid': 'DUPLICATE_ID', 'no-form': 'NO_FORM', 'values-unreadable': 'BAD_VALUES', 'values-by-criteria': 'BAD_VALUES',
  'values-by-total': 'BAD_VALUES', 'criterion-missing': 'BAD_VALUES', 'criterion-invalid': 'BAD_VALUES',
  'criterion-unknown': 'BAD_VALUES', 'criterion-over-max': 'OVER_MAX', 'criterion-off-step': 'OFF_STEP',
  'total-invalid': 'BAD_VALUES', 'total-over-max': 'OVER_MAX', 'total-off-step': 'OFF_STEP',
  // tablets' keys and signatures (issue 19 point 7)
  'signing-key-invalid': 'BAD_REQUEST', 'signing-keys-full': 'CONFLICT', 'signature-unknown-key': 'BAD_SIGNATURE',
  'signature-invalid': 'BAD_SIGNATURE', 'signature-required': 'BAD_SIGNATURE',
  // tablets' health (issue 17 point 3)
  'status-too-often': 'RATE_LIMITED', 'tablet-replaced': 'CONFLICT',
  // special awards (issue 15)
  'special-not-ready': 'WRONG_PHASE', 'special-ballot-open': 'WRONG_PHASE', 'special-ballot-not-open': 'WRONG_PHASE',
  'special-ballot-done': 'WRONG_PHASE', 'special-no-awards': 'BAD_REQUEST', 'special-wrong-track': 'WRONG_ROOM',
  'special-unknown-award': 'BAD_REQUEST', 'special-not-in-pool': 'BAD_REQUEST', 'special-over-count': 'BAD_REQUEST',
  'special-two-awards': 'BAD_REQUEST', 'special-judge-recused': 'RECUSED', 'special-undecided': 'CONFLICT',
  'special-not-announced': 'WRONG_PHASE',
  // the public's part: imported counts (issue 16)
  'public-not-imported': 'WRONG_PHASE', 'import-needs-reason': 'REASON_REQUIRED', 'import-rows': 'BAD_REQUEST',
  // the public's voting (issue 16)
  'voting-no-public': 'BAD_REQUEST', 'voting-wrong-kind': 'BAD_REQUEST', 'window-move': 'WRONG_PHASE', 'voting-not-open': 'WRONG_PHASE',
  'ballot-teams': 'BAD_REQUEST', 'ballot-final': 'CONFLICT', 'voter-revoked': 'FORBIDDEN', 'public-scoring-not-open': 'SCORING_NOT_OPEN',
  'public-over-max': 'OVER_MAX', 'ballot-not-found': 'NOT_FOUND', 'ballot-voided': 'CONFLICT', 'ballot-revealed': 'WRONG_PHASE',
  'voter-not-found': 'NOT_FOUND', 'reveal-before-votes': 'WRONG_PHASE', 'voter-codes-full': 'CONFLICT', 'voter-code-required': 'FORBIDDEN',
} as const satisfies Record<string, ErrorCode>;

/** The refusals of a voter's ballot: the phones' page words these (display/live/vote-messages.ts), the acting apps the rest. */
export const VOTER_REFUSALS = [
  'ballot-teams', 'ballot-final', 'public-over-max', 'public-scoring-not-open', 'voter-code-required', 'voting-no-public',
  'voting-wrong-kind', 'voter-revoked', 'voting-not-open',
] as const satisfies ReadonlyArray<keyof typeof REFUSALS>;
export type VoterRefusal = (typeof VOTER_REFUSALS)[number];

/** A reason the server refuses a command for. */
export type RefusalReason = keyof typeof REFUSALS;

/** What a refusal may name, for its words: a team, a judge, a phase, a count… */
export type RefusalParams = Record<string, string | number>;

/** A refused command as the server's parts hand it on: the reason's code, the reason, its parameters, a message for logs. */
export interface Refusal {
  ok: false;
  code: ErrorCode;
  message: string;
  reason: RefusalReason;
  params?: RefusalParams;
}

/** A refusal for a reason (its code follows from the table), with an English message for logs and its parameters. */
export function refusal(reason: RefusalReason, message: string, params?: RefusalParams): Refusal {
  return { ok: false, code: REFUSALS[reason], message, reason, ...(params ? { params } : {}) };
}

/** Whether a value is one of the reasons of the table. */
export function isRefusalReason(value: unknown): value is RefusalReason {
  return typeof value === 'string' && Object.hasOwn(REFUSALS, value);
}

/**
 * A refusal that crossed a boundary untyped (a Lua script's reply), checked once: its reason must be one of the table,
 * its code the one the table gives that reason, its parameters texts and numbers. Anything else is a bug of the
 * script, thrown rather than passed on to a client.
 */
export function readRefusal(reply: { code?: unknown; message?: unknown; reason?: unknown; params?: unknown }): Refusal {
  const { code, message, reason, params } = reply;
  if (!isRefusalReason(reason)) throw new Error(`a refusal with an unknown reason: ${JSON.stringify(reason)} (code ${String(code)})`);
  if (code !== REFUSALS[reason]) throw new Error(`the refusal "${reason}" came with the code ${String(code)}, not ${REFUSALS[reason]}`);
  if (typeof message !== 'string') throw new Error(`the refusal "${reason}" came without a message`);
  if (params === undefined || params === null) return refusal(reason, message);
  const valid = typeof params === 'object' && !Array.isArray(params)
    && Object.values(params).every((v) => typeof v === 'string' || typeof v === 'number');
  if (!valid) throw new Error(`the refusal "${reason}" came with unreadable parameters: ${JSON.stringify(params)}`);
  return refusal(reason, message, params as RefusalParams);
}
