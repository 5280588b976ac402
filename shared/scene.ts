// What a room's screens show, as pure functions of the room's phase, the host's choice of screen and what there is to
// show: the projector's scene (display/projector/stores/show.ts), the livestream overlay it implies (display/overlay,
// ?view= or following), and the state feed for OBS's scene switching (server/stateFeed.ts) all derive them here, so
// the feed names the scene the projector is on and the overlay it draws.
import type { Phase } from './phases';
import type { DisplayMode, TimerView } from './protocol';

/** The screens of a room's show (`connecting` and `problem` are the projector's own, before it has a room). */
export type Scene = 'connecting' | 'problem' | 'welcome' | 'draw' | 'stage' | 'scoring' | 'closed' | 'reveal' | 'board' | 'ceremony';

/** What decides the scene, besides the room's effective phase. */
export interface SceneInputs {
  /** The room's phase through a pause (shared/phases.ts effectivePhase). */
  phase: Phase;
  mode: DisplayMode;
  hasTeam: boolean;
  /** The room view carries a reveal (only while revealed). */
  hasReveal: boolean;
  /** The reveal's animation and its hold are over: the leaderboard moves in. */
  revealOver: boolean;
  /** The ceremony has a screen at the host's step (past the last: the final leaderboard). */
  ceremonyStep: boolean;
  /** Some leaderboard of the room's tracks has a row. */
  boardsWithRows: boolean;
  /** The running order was drawn with a seed. */
  drawn: boolean;
}

/** The scene of a room's screen: the host's chosen screen, else the one that follows the phase. */
export function sceneOf(s: SceneInputs): Scene {
  const ceremony = (): Scene => (s.ceremonyStep ? 'ceremony' : 'board');
  switch (s.mode) {
    case 'welcome': return 'welcome';
    case 'stage': return s.hasTeam ? 'stage' : 'welcome';
    case 'leaderboard': return 'board';
    case 'ceremony': return ceremony();
    default: break;
  }
  switch (s.phase) {
    case 'on-stage': case 'presenting': case 'qa': return s.hasTeam ? 'stage' : 'welcome';
    case 'scoring': return 'scoring';
    case 'closed': return 'closed';
    case 'revealed': return s.revealOver || !s.hasReveal ? 'board' : 'reveal';
    case 'finished': return ceremony();
    default: return s.boardsWithRows ? 'board' : s.drawn ? 'draw' : 'welcome';
  }
}

/** The overlays, one per kind of OBS browser source. */
export const OVERLAY_VIEWS = ['lower-third', 'reveal', 'board', 'ceremony'] as const;
export type OverlayView = (typeof OVERLAY_VIEWS)[number];

/** The view a link asks for (`?view=`), or null: follow the host's screen. An unknown value follows too. */
export function viewOption(value: string | null): OverlayView | null {
  return OVERLAY_VIEWS.find((v) => v === value) ?? null;
}

/** What the overlay page can draw now: a team on stage, a leaderboard, a ceremony screen. */
export interface OverlayHas { team: boolean; board: boolean; ceremony: boolean }

/**
 * The overlay drawn now, or null (nothing: the page stays fully transparent). A fixed view shows when it has something
 * to show: the lower third while a team is on stage, the reveal while the projector reveals (the same pacing), the
 * leaderboard always, the ceremony's screen while the projector is on it. Following, the projector's scene decides.
 */
export function overlayOf(view: OverlayView | null, scene: Scene, has: OverlayHas): OverlayView | null {
  switch (view) {
    case 'lower-third': return has.team ? 'lower-third' : null;
    case 'reveal': return scene === 'reveal' ? 'reveal' : null;
    case 'board': return has.board ? 'board' : null;
    case 'ceremony': return scene === 'ceremony' && has.ceremony ? 'ceremony' : null;
    default: break;
  }
  switch (scene) {
    case 'stage': case 'scoring': case 'closed': return has.team ? 'lower-third' : null;
    case 'reveal': return 'reveal';
    case 'board': return has.board ? 'board' : null;
    case 'ceremony': return has.ceremony ? 'ceremony' : null;
    default: return null;
  }
}

/**
 * One message of a room's state feed (GET /api/rooms/<display or overlay token>/state-feed, Server-Sent Events
 * `state`): the room's phase and what its screens show, for a livestream's scene switching. Never a score.
 */
export interface StateFeedMessage {
  eventId: string;
  roomId: string;
  roomName: string;
  /** The room view's revision this message was derived from. */
  rev: number;
  /** The stored phase (`paused` included) and the phase through a pause. */
  phase: Phase;
  effectivePhase: Phase;
  displayMode: DisplayMode;
  /** The projector's scene now (the reveal until its animation and hold are over, as on the projector). */
  scene: Scene;
  /** The overlay a following overlay page draws now (null: nothing, a transparent page). */
  overlay: OverlayView | null;
  /** The team on stage. */
  team: { id: string; project: string; name: string; leadOrg: string; trackName: string } | null;
  /** The countdown, in server time (remaining = durationMs − elapsedMs − (startedAt ? serverNow − startedAt : 0)). */
  timer: TimerView | null;
  /** The server's clock when the message was sent (ms since the epoch). */
  serverNow: number;
}
