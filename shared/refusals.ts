// Every reason the server refuses a command for, each with its stable error code. The server names the reason (and its
// parameters) in the refusal; the apps say it in the person's language from one table of words, keyed by the reason
// (web/messages.ts, `refusal`), so no English server text reaches a Chinese screen.
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
} as const satisfies Record<string, ErrorCode>;

/** A reason the server refuses a command for. */
export type RefusalReason = keyof typeof REFUSALS;

/** What a refusal may name, for its words: a team, a judge, a phase, a count… */
export type RefusalParams = Record<string, string | number>;
