// The pacing of the projector's animated moments (reveal, draw), in ms at speed 1; `speed` divides them (the
// projector's `?speed=`, the server's revealSpeed). The projector's components and show store read the same numbers,
// so the scene changes when the animation has really ended; the server reads them to hold the audience's views until
// the projector has shown a result.

/** When each step of a reveal of `judges` totals happens, from the moment the reveal is shown. */
export function revealTimeline(judges: number, speed = 1) {
  const k = 1 / speed;
  const first = 900 * k;
  const gap = 650 * k;
  const allIn = first + Math.max(0, judges - 1) * gap + 500 * k;
  const strike = allIn + 400 * k;
  const countFrom = strike + 1100 * k;
  const countTo = countFrom + 2400 * k;
  const rank = countTo + 600 * k;
  return { judgeAt: (i: number) => first + i * gap, strike, countFrom, countTo, rank, end: rank + 900 * k };
}

/**
 * When a reveal of `judges` slots has shown everything final (the published score, then the rank and prize), from the
 * moment it is shown: before this, no other screen may show them.
 */
export function revealShownAt(judges: number, speed = 1): number {
  return revealTimeline(judges, speed).rank;
}

/** How long the reveal stays up after its last step before the leaderboard moves in. */
export const REVEAL_HOLD_MS = 9000;

/**
 * How long a reveal of `judges` slots stays on screen before the leaderboard moves in: its animation (when it plays:
 * a change seen live) and the hold after it.
 */
export function revealOnScreenMs(judges: number, speed = 1, animate = true): number {
  return (animate ? revealTimeline(judges, speed).end : 0) + REVEAL_HOLD_MS / speed;
}

/** The draw: each position of the running order locks in after the one before. */
export function drawTimeline(teams: number, speed = 1) {
  const k = 1 / speed;
  const lockAt = (i: number) => (700 + i * Math.max(140, Math.min(380, 5200 / Math.max(1, teams)))) * k;
  return { lockAt, end: lockAt(Math.max(0, teams - 1)) + 600 * k };
}

