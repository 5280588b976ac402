// Exact arithmetic on published score strings ("85.43"): the count-up frames of a reveal, and the score a revealed
// team would need for the next prize line. Integers in units of 10^-decimals, never floating point.
import { formatScaled } from '../../shared/decimal';
import type { BoardView } from '../../shared/protocol';
import { AWARDS, type Award } from '../../shared/scoring';

const SCORE_RE = /^(\d+)(?:\.(\d+))?$/;

/** A published score string as an integer count of 10^-decimals: "85.43" → { units: 8543n, decimals: 2 }. */
export function toUnits(score: string): { units: bigint; decimals: number } {
  const m = SCORE_RE.exec(score);
  if (!m) throw new RangeError(`"${score}" is not a published score`);
  const frac = m[2] ?? '';
  return { units: BigInt(`${m[1]}${frac}`), decimals: frac.length };
}

/** The ease-out curve of the count-up: fast at first, settling on the score. */
export function easeOut(t: number): number {
  const c = Math.min(1, Math.max(0, t));
  return 1 - (1 - c) ** 3;
}

/**
 * What the count-up shows at progress t (0…1): a whole number of units with the target's decimals, rising from
 * `from` (units) to the target. From t ≥ 1 on it is the target string itself, character for character.
 */
export function countUpText(target: string, t: number, from = 0n): string {
  if (t >= 1) return target;
  const { units, decimals } = toUnits(target);
  const start = from < units ? from : 0n;
  const span = units - start;
  // A fixed-point fraction of the span (10^6 steps) keeps every frame an exact integer of units.
  const step = BigInt(Math.floor(easeOut(t) * 1_000_000));
  const shown = start + (span * step) / 1_000_000n;
  return formatScaled(shown > units ? units : shown, decimals);
}

/** No prize, then the prizes from the lowest up. */
const ORDER: Array<Award | null> = [null, ...[...AWARDS].reverse()];

/** The next prize line above a revealed team: the award, the score that is sure to reach it, and how far that is. */
export type NextLine =
  | { kind: 'line'; award: Award; needed: string; gap: string; holder: string }
  | { kind: 'leading' };

/**
 * For a team on the board: the lowest-ranked team holding a better award is the line; beating its published score
 * by one unit (0.01 with 2 decimals) is sure to reach that award, whatever the tie-break. Null when the team is not
 * on the board or no better award is held by anyone.
 */
export function nextPrizeLine(board: BoardView, teamId: string): NextLine | null {
  const row = board.rows.find((r) => r.team.id === teamId);
  if (!row) return null;
  if (row.rank === 1) return { kind: 'leading' };
  const mine = ORDER.indexOf(row.award);
  const better = board.rows.filter((r) => ORDER.indexOf(r.award) > mine);
  const holder = better[better.length - 1];
  if (!holder || !holder.award) return null;
  const line = toUnits(holder.score);
  const own = toUnits(row.score);
  const needed = line.units + 1n;
  return {
    kind: 'line', award: holder.award, holder: holder.team.id,
    needed: formatScaled(needed, line.decimals), gap: formatScaled(needed - own.units, line.decimals),
  };
}
