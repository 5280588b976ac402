// The public's part (大众评审) mixed into a team's score by weight, exactly: the public part U from votes (ratio to the
// track's most votes × full marks) or public jurors' totals (their mean), the final F = (P × panel% + U × public%) / 100,
// each published half-up to the track's decimals. Integers and BigInt only; the Lua aggregate (server/store/lua) agrees.
import { roundHalfUp, type Milli } from './decimal';
import type { TeamAggregate } from './scoring';

/** What the arithmetic needs of a track's mix (shared/domain.ts Mix, or a results file's `mix`). */
export interface MixRule {
  panelPercent: number;
  publicPercent: number;
  public: { kind: 'votes' | 'scores'; fullMarksMilli: Milli };
}

/**
 * What a team's public part is made of: its votes and the most votes any team of its track got, or the sum (milli-points)
 * and number of its public jurors' totals. A team with no votes, or no public totals, has a public part of 0.
 */
export type PublicInput = { kind: 'votes'; votes: number; maxVotes: number } | { kind: 'scores'; sum: Milli; count: number };

/** A team's published parts in units of 10^-decimals (8513 is 85.13 at 2 decimals): the panel's P and the public's U. */
export interface MixParts {
  panel: number;
  public: number;
}

const pow10 = (decimals: number): bigint => 10n ** BigInt(decimals);

/** The public part U, in units of 10^-decimals, rounded half-up from the exact ratio (votes) or the exact mean (scores). */
export function publicPart(rule: MixRule, input: PublicInput, decimals: number): number {
  const scale = pow10(decimals);
  if (input.kind === 'votes') {
    if (input.maxVotes <= 0 || input.votes <= 0) return 0;
    return Number(roundHalfUp(BigInt(input.votes) * BigInt(rule.public.fullMarksMilli) * scale, BigInt(input.maxVotes) * 1000n));
  }
  if (input.count <= 0) return 0;
  return Number(roundHalfUp(BigInt(input.sum) * scale, BigInt(input.count) * 1000n));
}

/** The final score F from the published parts (all in units of 10^-decimals): (P × panel% + U × public%) / 100, half-up. */
export function mixedScore(rule: Pick<MixRule, 'panelPercent' | 'publicPercent'>, parts: MixParts): number {
  const weighted = BigInt(parts.panel) * BigInt(rule.panelPercent) + BigInt(parts.public) * BigInt(rule.publicPercent);
  return Number(roundHalfUp(weighted, 100n));
}

/** The public input of one team of a track from the track's vote counts (team id → votes); a team not listed has 0. */
export function votesInput(counts: Record<string, number>, team: string): PublicInput {
  const maxVotes = Object.values(counts).reduce((m, v) => (v > m ? v : m), 0);
  return { kind: 'votes', votes: counts[team] ?? 0, maxVotes };
}

/** The public input of one team from its public jurors' totals (milli-points). */
export function scoresInput(totals: readonly Milli[]): PublicInput {
  return { kind: 'scores', sum: totals.reduce((a, b) => a + b, 0), count: totals.length };
}

/**
 * A team's aggregate with the mix applied: when the panel's score is final, `parts` holds P (the panel's published score)
 * and U, and `published` becomes F; without a panel quorum it stays without a score, whatever the public part. No mix:
 * the aggregate unchanged.
 */
export function applyMix(agg: TeamAggregate, rule: MixRule | null, input: PublicInput, decimals: number): TeamAggregate {
  if (!rule || agg.published === null) return agg;
  const parts: MixParts = { panel: agg.published, public: publicPart(rule, input, decimals) };
  return { ...agg, published: mixedScore(rule, parts), parts };
}
