// The tablets' health warnings on the host's panel board (issue 17 point 3): which of a judge's tablet's reports
// (judge:status, PanelView's `tablet`) the host must not miss. Pure, so that the rule is written once and tested alone.
import { TABLET_STATUS_EVERY_S, type PanelView } from './protocol';

/** What the host is warned of. */
export type TabletWarning = 'silent' | 'asleep' | 'other-team' | 'outbox' | 'battery';

/** Under this battery level (0–1) the host is warned. */
export const LOW_BATTERY = 0.2;
/** A connected tablet not heard for longer than this (ms: two missed reports) is warned of as silent. */
export const SILENT_AFTER_MS = 2 * TABLET_STATUS_EVERY_S * 1000;

/** The room as the warnings need it: whether scoring is open, for which team, and the server's time now (ms). */
export interface HealthContext {
  scoringOpen: boolean;
  team: string | null;
  now: number;
}

/**
 * The warnings of one judge of the panel board: silent (connected, but no report for SILENT_AFTER_MS); asleep, or
 * showing another team, while scoring is open (for a judge not recused from the team on stage); sheets waiting in the
 * outbox; the battery under LOW_BATTERY.
 */
export function tabletWarnings(judge: PanelView['judges'][number], room: HealthContext): TabletWarning[] {
  const t = judge.tablet;
  const scoring = room.scoringOpen && !judge.recused;
  const out: TabletWarning[] = [];
  if (judge.connected && (!t || room.now - t.heardAt > SILENT_AFTER_MS)) out.push('silent');
  if (!t) return out;
  if (scoring && !t.visible) out.push('asleep');
  if (scoring && t.team !== room.team) out.push('other-team');
  if (t.outbox > 0) out.push('outbox');
  if (t.battery !== null && t.battery < LOW_BATTERY) out.push('battery');
  return out;
}
