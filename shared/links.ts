// The links people open: every screen's path and its built page (SCREENS), and the path of each role's link. Shared by
// the server that serves the pages and builds the links, and the pages that show them as QR codes.

/** Every screen: the path of its link (the token, or the event id, it carries as its parameter) and its built page. */
export const SCREENS = {
  judge: { path: '/judge/:token', page: 'client/judge/index.html' },
  host: { path: '/host/:token', page: 'client/host/index.html' },
  admin: { path: '/admin', page: 'client/admin/index.html' },
  supervisor: { path: '/supervisor/:token', page: 'client/supervisor/index.html' },
  display: { path: '/display/:token', page: 'display/projector/index.html' },
  /** The livestream's transparent overlays for OBS (a display token of its own, revocable apart from the projector's). */
  overlay: { path: '/overlay/:token', page: 'display/overlay/index.html' },
  audience: { path: '/live/:eventId', page: 'display/live/index.html' },
} as const;

/** The query parameter of a link naming the standby machine's address, which the page moves to when this one is unreachable. */
export const STANDBY_PARAM = 'standby';

/**
 * A screen's link: its path with `value` (a token, or the event id) in place of its parameter, and with a standby
 * machine, its address (`?standby=http%3A%2F%2F192.168.1.24%3A3000`).
 */
const link = (screen: keyof typeof SCREENS) => (value: string, standby: string | null = null): string =>
  SCREENS[screen].path.replace(/:\w+$/, value) + (standby ? `?${STANDBY_PARAM}=${encodeURIComponent(standby)}` : '');

/** The paths of the links each role opens. */
export const linkPath = {
  host: link('host'),
  display: link('display'),
  overlay: link('overlay'),
  judge: link('judge'),
  supervisor: link('supervisor'),
  audience: link('audience'),
};
