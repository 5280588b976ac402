// The public's voting (大众评审, issue #16): the voting window's rules in one place (which host intent moves it where, and
// when a voter's ballot or score sheet may be cast), and the voter codes' printed form. Pure: no runtime globals.
import type { Track } from './domain';
import type { Phase } from './phases';

/** A track's voting window (votes kind): not yet opened, open, or closed for good. */
export const WINDOW_STATES = ['idle', 'open', 'closed'] as const;
export type WindowState = (typeof WINDOW_STATES)[number];

/** What the host asks of a track's voting window. */
export type WindowIntent = 'open' | 'close';

/** The window's moves: idle → open → closed; a closed window stays closed (a ballot is final, so is the count). */
const MOVES: Record<WindowIntent, { from: readonly WindowState[]; to: WindowState }> = {
  open: { from: ['idle'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
};

/** The window's state after an intent, or null when the intent is not allowed from `current`. */
export function moveWindow(current: WindowState, intent: WindowIntent): WindowState | null {
  return MOVES[intent].from.includes(current) ? MOVES[intent].to : null;
}

/** The public kind of a track voters take part in, or null (no mix, or counts imported from outside). */
export function publicKind(track: Pick<Track, 'mix'>): 'votes' | 'scores' | null {
  const pub = track.mix?.public;
  if (!pub || pub.imported) return null;
  return pub.kind;
}

/**
 * Whether a public juror may score a team now (scores kind): during that team's scoring window, that is while its room
 * is in `scoring` with the team on stage, and before its reveal.
 */
export function canScorePublic(room: { phase: Phase; team: string | null }, team: string): boolean {
  return room.phase === 'scoring' && room.team === team;
}

/** The letters of a voter code: Crockford's base 32 (no I, L, O, U), easy to read off a seat card and to type. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A voter code's letters: 16 of base 32 is 80 bits of randomness. */
export const CODE_LENGTH = 16;

/** A typed or scanned code in its canonical form (upper case, no spaces or dashes, look-alike letters mapped), or null. */
export function normalizeCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** A code as printed on a seat card: groups of four (ABCD-EFGH-JKMN-PQRS). */
export function printedCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** A device id a phone keeps in its localStorage: 16 to 64 URL-safe characters. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{16,64}$/;
