// The screens' links: one table of every screen (the path its link has, the built page that serves it), the link of
// each role from it, and an event's whole set of links (with the tokens they carry) for the admin.
import type { EventConfig } from '../shared/domain';
import type { EventLinks } from '../shared/protocol';
import { lanAddresses } from './addresses';
import type { Tokens } from './auth';
import type { Store } from './store/index';

/** Every screen: the path of its link (the token, or the event id, it carries as its parameter) and its built page. */
export const SCREENS = {
  judge: { path: '/judge/:token', page: 'client/judge/index.html' },
  host: { path: '/host/:token', page: 'client/host/index.html' },
  admin: { path: '/admin', page: 'client/admin/index.html' },
  supervisor: { path: '/supervisor/:token', page: 'client/supervisor/index.html' },
  display: { path: '/display/:token', page: 'display/projector/index.html' },
  audience: { path: '/live/:eventId', page: 'display/live/index.html' },
} as const;

/** A screen's link: its path with `value` (a token, or the event id) in place of its parameter. */
const link = (screen: keyof typeof SCREENS) => (value: string): string => SCREENS[screen].path.replace(/:\w+$/, value);

/** The paths of the links each role opens. */
export const linkPath = {
  host: link('host'),
  display: link('display'),
  judge: link('judge'),
  supervisor: link('supervisor'),
  audience: link('audience'),
};

/**
 * Every link of an event, making the tokens that do not exist yet, with the base address they are used at and this
 * machine's LAN addresses on `port` (the port the admin reached the server on) to choose it from.
 */
export async function eventLinks({ tokens, store }: { tokens: Tokens; store: Store }, ev: EventConfig, port = ''): Promise<EventLinks> {
  const supervisor = await tokens.ensure(ev.id, 'supervisor', ev.id);
  const rooms = [];
  for (const room of ev.rooms) {
    const host = await tokens.ensure(ev.id, 'host', room.id);
    const display = await tokens.ensure(ev.id, 'display', room.id);
    rooms.push({ roomId: room.id, host: { token: host, url: linkPath.host(host) }, display: { token: display, url: linkPath.display(display) } });
  }
  const judges = [];
  for (const judge of ev.judges) {
    const token = await tokens.ensure(ev.id, 'judge', judge.id);
    const roomId = ev.rooms.find((r) => r.panel.includes(judge.id))?.id ?? null;
    judges.push({ judgeId: judge.id, name: judge.name, roomId, token, url: linkPath.judge(token) });
  }
  return {
    eventId: ev.id, base: await store.linkBase(ev.id), addresses: lanAddresses(port), admin: SCREENS.admin.path, audience: linkPath.audience(ev.id),
    supervisor: { token: supervisor, url: linkPath.supervisor(supervisor) }, rooms, judges,
  };
}
