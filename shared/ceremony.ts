// The award ceremony's screens, in the order they are shown: for each of the room's tracks with winners, its announced
// special awards (特色奖项, one screen per award with a winner, in the configuration's order), merit awards (优秀奖),
// then third, second and first prize. The host moves through them (RoomView.ceremonyStep); the projector shows the one the host
// is on, and the final leaderboard once the host has gone past the last. Pure: the host console and the projector
// derive the same list from the same leaderboards.
import type { BoardView, RoomView } from './protocol';
import { AWARDS, type Award } from './scoring';

/** One screen of the ceremony: the winners of one prize, or of one special award, of one track. */
export interface CeremonyStep {
  trackId: string;
  trackName: string;
  /** A prize, or 'special': a special award (named by `special`). */
  award: Award | 'special';
  /** The special award's name (award 'special' only). */
  special?: string;
  rows: BoardView['rows'];
}

/** The tracks of a room's running order, in order of first appearance. */
export function roomTrackIds(room: RoomView): string[] {
  return [...new Set(room.order.map((t) => t.trackId))];
}

/** The ceremony's screens for these leaderboards (in the room's track order). */
export function ceremonySteps(boards: BoardView[]): CeremonyStep[] {
  return boards.flatMap((b) => [
    ...(b.special ?? []).flatMap(({ award, teams }): CeremonyStep[] => {
      const rows = teams.flatMap((t) => b.rows.filter((r) => r.team.id === t.id));
      return rows.length ? [{ trackId: b.trackId, trackName: b.trackName, award: 'special', special: award, rows }] : [];
    }),
    ...[...AWARDS].reverse().flatMap((award): CeremonyStep[] => {
      const rows = b.rows.filter((r) => r.award === award);
      return rows.length ? [{ trackId: b.trackId, trackName: b.trackName, award, rows }] : [];
    }),
  ]);
}
