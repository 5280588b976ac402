// The leaderboard's rows as the projector lays them out: which rows fit on the screen (the top of the board, and the
// team just revealed with its neighbours when it ranks lower), and the bars beside them.
import type { BoardView } from '../../shared/protocol';
import type { Award } from '../../shared/scoring';

export type BoardRow = BoardView['rows'][number];

/** A line of the board on screen: a team, or a gap standing for rows left out. */
export type Line = { kind: 'row'; row: BoardRow; index: number } | { kind: 'gap'; hidden: number };

/** One bar: the value only sets its length (the digits shown are the score strings, in the board's HTML). */
export interface Bar {
  key: string;
  value: number | null;
  award: Award | null;
  highlight: boolean;
}

/**
 * The lines to show when at most `max` fit: every row if they fit; otherwise the top rows, a gap, and the
 * highlighted team with one neighbour on each side (the top rows then give way to keep the total within `max`).
 */
export function visibleLines(rows: BoardRow[], highlight: string | null, max: number): Line[] {
  const all = rows.map((row, index): Line => ({ kind: 'row', row, index }));
  if (rows.length <= max) return all;
  const at = highlight ? rows.findIndex((r) => r.team.id === highlight) : -1;
  const tail = max - 1; // keep room for the gap line
  if (at < tail - 1) {
    return [...all.slice(0, tail), { kind: 'gap', hidden: rows.length - tail }];
  }
  const from = at - 1;
  const to = Math.min(rows.length, at + 2);
  const top = Math.max(1, max - 1 - (to - from) - (to < rows.length ? 1 : 0));
  const lines: Line[] = [...all.slice(0, top), { kind: 'gap', hidden: from - top }, ...all.slice(from, to)];
  if (to < rows.length) lines.push({ kind: 'gap', hidden: rows.length - to });
  return lines;
}
