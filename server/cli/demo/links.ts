// The rehearsal's links: every token issued (or reused), as full URLs for DATA_DIR/demo.json and as readable lines.
import type { EventConfig } from '../../../shared/domain';
import type { Tokens } from '../../auth';
import { linkPath } from '../../../shared/links';

/** DATA_DIR/demo.json: every link and token of the rehearsal, as full URLs. */
export interface DemoLinks {
  eventId: string;
  eventName: string;
  baseUrl: string;
  admin: string;
  audience: string;
  supervisor: string;
  supervisorToken: string;
  rooms: Array<{
    roomId: string; name: string; track: string; host: string; display: string; overlay: string; hostToken: string; displayToken: string;
  }>;
  judges: Array<{ judgeId: string; name: string; roomId: string; url: string; token: string }>;
}

/** Issues (or reuses) every token of the event and returns the links as full URLs under `baseUrl`. */
export async function issueLinks(tokens: Pick<Tokens, 'ensure'>, ev: EventConfig, baseUrl: string): Promise<DemoLinks> {
  const supervisorToken = await tokens.ensure(ev.id, 'supervisor', ev.id);
  const rooms: DemoLinks['rooms'] = [];
  const judges: DemoLinks['judges'] = [];
  for (const room of ev.rooms) {
    const hostToken = await tokens.ensure(ev.id, 'host', room.id);
    const displayToken = await tokens.ensure(ev.id, 'display', room.id);
    const overlayToken = await tokens.ensure(ev.id, 'overlay', room.id);
    const track = ev.tracks.filter((t) => room.trackIds.includes(t.id)).map((t) => `${t.code} ${t.name}`).join('、');
    rooms.push({
      roomId: room.id, name: room.name, track, host: baseUrl + linkPath.host(hostToken),
      display: baseUrl + linkPath.display(displayToken), overlay: baseUrl + linkPath.overlay(overlayToken), hostToken, displayToken,
    });
    for (const judgeId of room.panel) {
      const judge = ev.judges.find((j) => j.id === judgeId)!;
      const token = await tokens.ensure(ev.id, 'judge', judgeId);
      judges.push({ judgeId, name: judge.name, roomId: room.id, url: baseUrl + linkPath.judge(token), token });
    }
  }
  return {
    eventId: ev.id, eventName: ev.name, baseUrl, admin: `${baseUrl}/admin`, audience: baseUrl + linkPath.audience(ev.id),
    supervisor: baseUrl + linkPath.supervisor(supervisorToken), supervisorToken, rooms, judges,
  };
}

/** The links as readable lines: each room (host, display, its judges), then the event-wide links. */
export function formatLinks(links: DemoLinks): string {
  const lines = [`${links.eventName} (${links.eventId})`, ''];
  for (const room of links.rooms) {
    lines.push(`${room.name} (${room.roomId}) · ${room.track}`);
    lines.push(`  主持 host      ${room.host}`);
    lines.push(`  大屏 display   ${room.display}`);
    lines.push(`  直播 overlay   ${room.overlay}`);
    for (const j of links.judges.filter((x) => x.roomId === room.roomId)) {
      lines.push(`  评委 ${j.judgeId} ${j.name.padEnd(4, '　')} ${j.url}`);
    }
    lines.push('');
  }
  lines.push(`管理 admin       ${links.admin}`);
  lines.push(`监督 supervisor  ${links.supervisor}`);
  lines.push(`观众 audience    ${links.audience}`);
  return lines.join('\n');
}
