// An event's whole set of links (with the tokens they carry, and the standby machine's address when there is one) for
// the admin, from the screens' table in shared/links.ts.
import { judgeRooms, type EventConfig } from '../shared/domain';
import { linkPath, SCREENS } from '../shared/links';
import type { EventLinks } from '../shared/protocol';
import { lanAddresses } from './addresses';
import type { Tokens } from './auth';
import type { Store } from './store/index';

/**
 * Every link of an event, making the tokens that do not exist yet, with the base address they are used at and this
 * machine's LAN addresses on `port` (the port the admin reached the server on) to choose it from.
 */
export async function eventLinks({ tokens, store, standby }: { tokens: Tokens; store: Store; standby: string | null }, ev: EventConfig,
  port = ''): Promise<EventLinks> {
  const supervisor = await tokens.ensure(ev.id, 'supervisor', ev.id);
  const rooms = [];
  for (const room of ev.rooms) {
    const host = await tokens.ensure(ev.id, 'host', room.id);
    const display = await tokens.ensure(ev.id, 'display', room.id);
    const overlay = await tokens.ensure(ev.id, 'overlay', room.id);
    rooms.push({
      roomId: room.id, host: { token: host, url: linkPath.host(host, standby) }, display: { token: display, url: linkPath.display(display, standby) },
      overlay: { token: overlay, url: linkPath.overlay(overlay, standby) },
    });
  }
  const judges = [];
  for (const judge of ev.judges) {
    const token = await tokens.ensure(ev.id, 'judge', judge.id);
    const roomId = judgeRooms(ev, judge.id)[0]?.id ?? null; // the first of the judge's rooms
    judges.push({ judgeId: judge.id, name: judge.name, roomId, token, url: linkPath.judge(token, standby) });
  }
  return {
    eventId: ev.id, base: await store.linkBase(ev.id), addresses: lanAddresses(port), admin: SCREENS.admin.path, audience: linkPath.audience(ev.id, standby), standby,
    supervisor: { token: supervisor, url: linkPath.supervisor(supervisor, standby) }, rooms, judges,
  };
}
