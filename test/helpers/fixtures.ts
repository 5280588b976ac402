// Small event configurations for tests: a track on the default template, rooms with panels, teams and judges.
import { defaultTrackSettings, type EventConfig, type Track } from '../../shared/domain';

/** An event with `rooms` rooms, each with its own track, `teams` teams per track and `judges` judges per panel. */
export function makeEvent(opts: { id: string; rooms?: number; teams?: number; judges?: number; track?: Partial<Track> }): EventConfig {
  const rooms = opts.rooms ?? 1;
  const teams = opts.teams ?? 3;
  const judges = opts.judges ?? 5;
  const ev: EventConfig = {
    id: opts.id, name: '测试赛事', shortName: '', theme: '', organisers: [], presetId: null,
    tracks: [], rooms: [], teams: [], judges: [], recusals: [], revealJudgeNames: false,
  };
  for (let r = 1; r <= rooms; r++) {
    const trackId = `T${String(r).padStart(2, '0')}`;
    ev.tracks.push({ id: trackId, code: trackId, name: `赛道${r}`, topics: [], ...defaultTrackSettings(), ...opts.track });
    const panel: string[] = [];
    for (let j = 1; j <= judges; j++) {
      const id = `r${r}j${j}`;
      ev.judges.push({ id, name: `评委${r}-${j}`, org: `单位${r}-${j}`, title: '教授' });
      panel.push(id);
    }
    ev.rooms.push({ id: `room${r}`, name: `第${r}会场`, trackIds: [trackId], panel });
    for (let t = 1; t <= teams; t++) {
      ev.teams.push({
        id: `r${r}t${t}`, trackId, project: `项目${r}-${t}`, name: `团队${r}-${t}`,
        leadOrg: `牵头单位${r}-${t}`, coOrgs: [], topic: '', representatives: [],
      });
    }
  }
  return ev;
}
