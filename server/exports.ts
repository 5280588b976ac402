// Exports: the results file of a track (docs/results-file.md) from the raw sheets in Redis, for `npm run results`.
import { formatMilli } from '../shared/decimal';
import { judgeOrderFor, type EventConfig } from '../shared/domain';
import type { ResultsFile } from '../shared/results';
import type { Store } from './store/index';

/** The results file of one track: its rules, criteria, awards, teams, judges, recusals and every current sheet. */
export async function resultsFileFor(store: Store, ev: EventConfig, trackId: string): Promise<ResultsFile> {
  const track = ev.tracks.find((t) => t.id === trackId);
  if (!track) throw new Error(`no track "${trackId}"`);
  const teams = ev.teams.filter((t) => t.trackId === trackId);
  const judgesById = new Map(ev.judges.map((j) => [j.id, j]));
  const order = judgeOrderFor(ev, trackId);
  const teamIds = new Set(teams.map((t) => t.id));
  const recusals = ev.recusals.filter((r) => teamIds.has(r.team)).map((r) => ({ team: r.team, judge: r.judge }));
  const recused = new Set(recusals.map((r) => `${r.team}\u0000${r.judge}`));
  const scores: ResultsFile['scores'] = [];
  for (const team of teams) {
    const sheets = await store.sheets(ev.id, team.id);
    for (const judge of order) {
      const s = sheets[judge];
      if (!s || recused.has(`${team.id}\u0000${judge}`)) continue;
      scores.push(track.criteria.length
        ? { team: team.id, judge, criteria: Object.fromEntries(track.criteria.map((c) => [c.id, formatMilli(s.criteria[c.id] ?? 0)])) }
        : { team: team.id, judge, total: formatMilli(s.total) });
    }
  }
  return {
    rules: { ...track.rules },
    criteria: track.criteria.map((c) => ({ id: c.id, name: c.name, max: formatMilli(c.maxMilli), step: formatMilli(c.stepMilli) })),
    ...(track.total ? { total: { max: formatMilli(track.total.maxMilli), step: formatMilli(track.total.stepMilli) } } : {}),
    awards: { ...track.awards },
    teams: teams.map((t) => ({ id: t.id, name: t.project })),
    judges: order.map((id) => ({ id, name: judgesById.get(id)?.name ?? id })),
    recusals,
    scores,
  };
}
