// The room's phase machine: its phases, the host's intents, and the table of which intent may move which phase where.

export const PHASES = ['idle', 'on-stage', 'presenting', 'qa', 'scoring', 'closed', 'revealed', 'finished', 'paused'] as const;
/** Where a room is in a team's turn on stage. */
export type Phase = (typeof PHASES)[number];

export const INTENTS = [
  'call', 'start-presentation', 'start-qa', 'open-scoring', 'close-scoring', 'reveal', 'reopen-judge',
  'mark-absent', 'back', 'pause', 'resume', 'finish', 'restart',
] as const;
/** A host's command that moves the phase. */
export type Intent = (typeof INTENTS)[number];

/**
 * The allowed transitions: for each intent, the phases it may start from and the phase it leads to.
 * `back` and `resume` lead to a phase that depends on where the room was (`BACK_TARGET`, the paused-from phase).
 * `mark-absent` keeps the phase, except that the team on stage in `on-stage` leaves it (→ `idle`); a team that is
 * presenting, being scored or revealed cannot be marked absent.
 */
export const TRANSITIONS: Record<Intent, { from: readonly Phase[]; to: Phase | 'previous' | 'same' }> = {
  call: { from: ['idle', 'on-stage', 'revealed'], to: 'on-stage' },
  'start-presentation': { from: ['on-stage'], to: 'presenting' },
  'start-qa': { from: ['on-stage', 'presenting'], to: 'qa' },
  'open-scoring': { from: ['on-stage', 'presenting', 'qa'], to: 'scoring' },
  'close-scoring': { from: ['scoring'], to: 'closed' },
  reveal: { from: ['closed'], to: 'revealed' },
  'reopen-judge': { from: ['closed'], to: 'scoring' },
  'mark-absent': { from: ['idle', 'on-stage', 'presenting', 'qa', 'scoring', 'closed', 'revealed', 'paused'], to: 'same' },
  back: { from: ['on-stage', 'presenting', 'qa', 'scoring'], to: 'previous' },
  pause: { from: ['idle', 'on-stage', 'presenting', 'qa', 'scoring', 'closed', 'revealed'], to: 'paused' },
  resume: { from: ['paused'], to: 'previous' },
  finish: { from: ['idle', 'revealed'], to: 'finished' },
  restart: { from: ['finished'], to: 'idle' },
};

/** Where `back` leads from a phase: one step earlier in the turn (scoring only while no sheet has come in). */
export const BACK_TARGET: Partial<Record<Phase, Phase>> = {
  'on-stage': 'idle',
  presenting: 'on-stage',
  qa: 'presenting',
  scoring: 'qa',
};

/** Whether an intent may be applied in a phase, by the table alone. */
export function isAllowed(intent: Intent, phase: Phase): boolean {
  return TRANSITIONS[intent].from.includes(phase);
}

/** Whether a room command is one of the phase intents, which the transition table checks. */
export function isIntent(command: string): command is Intent {
  return (INTENTS as readonly string[]).includes(command);
}

/**
 * The phase a room is in for the team on stage, through a pause: while paused, the phase it was paused in (`idle` if
 * that is unknown); otherwise its phase.
 */
export function effectivePhase(room: { phase: Phase; pausedFrom: Phase | null }): Phase {
  return room.phase === 'paused' ? room.pausedFrom ?? 'idle' : room.phase;
}
