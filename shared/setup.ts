// The structural checks of an event's configuration (references, ids, rules that fit together) and the rule lock once
// a track has stored scores: pure, shared by the server (refusing a save), the schema and the admin console.
import type { EventConfig, Team, Track } from './domain';

/** One thing wrong with a configuration: where, in Chinese for the organiser, and in English for logs and tests. */
export interface ConfigProblem {
  where: string;
  zh: string;
  en: string;
}

/** A problem as one line: the Chinese, then the English in brackets. */
export function problemText(p: ConfigProblem): string {
  return `${p.zh}（${p.en}）`;
}

/** The message a refusal carries: the first problem, and how many more there are. */
export function problemsMessage(problems: ConfigProblem[]): string {
  if (problems.length === 0) return '';
  const more = problems.length > 1 ? `；另有 ${problems.length - 1} 处问题` : '';
  return `${problemText(problems[0]!)}${more}`;
}

const q = (s: string) => `「${s}」`;

/**
 * Every structural problem of a configuration (empty when it is sound): duplicate ids; rooms, panels, teams and
 * recusals naming what does not exist; a judge listed twice on one panel (several panels are fine); per track, unique criterion ids, a tie-break order of
 * known criteria, trimming that leaves judges, criteria xor a single total, maxima that are whole numbers of steps.
 */
export function checkEventConfig(ev: EventConfig): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const add = (where: string, zh: string, en: string): void => void out.push({ where, zh, en });
  const dup = (ids: string[], what: string, zhWhat: string): void => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) add(`${what}s.${id}`, `${zhWhat}编号${q(id)}重复`, `duplicate ${what} id "${id}"`);
      seen.add(id);
    }
  };
  dup(ev.tracks.map((t) => t.id), 'track', '赛道');
  dup(ev.rooms.map((r) => r.id), 'room', '会场');
  dup(ev.teams.map((t) => t.id), 'team', '团队');
  dup(ev.judges.map((j) => j.id), 'judge', '评委');
  const tracks = new Set(ev.tracks.map((t) => t.id));
  const judges = new Map(ev.judges.map((j) => [j.id, j.name]));
  const teams = new Set(ev.teams.map((t) => t.id));

  for (const t of ev.teams) {
    if (!tracks.has(t.trackId)) {
      add(`teams.${t.id}`, `团队${q(t.project)}所属的赛道${q(t.trackId)}不存在`, `team "${t.id}": unknown track "${t.trackId}"`);
    }
  }
  for (const r of ev.rooms) {
    for (const k of r.trackIds) {
      if (!tracks.has(k)) add(`rooms.${r.id}`, `会场${q(r.name)}安排的赛道${q(k)}不存在`, `room "${r.id}": unknown track "${k}"`);
    }
    if (new Set(r.trackIds).size !== r.trackIds.length) add(`rooms.${r.id}`, `会场${q(r.name)}重复安排了同一赛道`, `room "${r.id}": a track listed twice`);
    const seen = new Set<string>();
    for (const j of r.panel) {
      if (!judges.has(j)) {
        add(`rooms.${r.id}`, `会场${q(r.name)}的评审组里有不存在的评委${q(j)}`, `room "${r.id}": unknown judge "${j}"`);
        continue;
      }
      if (seen.has(j)) add(`rooms.${r.id}`, `会场${q(r.name)}的评审组里评委${q(judges.get(j)!)}出现了两次`, `room "${r.id}": judge "${j}" listed twice`);
      seen.add(j);
    }
  }
  for (const rc of ev.recusals) {
    if (!teams.has(rc.team) || !judges.has(rc.judge)) {
      add('recusals', `回避关系 ${rc.team}/${rc.judge} 指向不存在的团队或评委`, `recusal ${rc.team}/${rc.judge}: unknown team or judge`);
    }
  }
  for (const t of ev.tracks) out.push(...checkTrack(t));
  return out;
}

/** The problems of one track's rules on their own: criteria, single total, trimming, tie-break order. */
export function checkTrack(t: Track): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const where = `tracks.${t.id}`;
  const add = (zh: string, en: string): void => void out.push({ where, zh: `赛道${q(t.name)}：${zh}`, en: `track "${t.id}": ${en}` });
  const ids = new Set<string>();
  for (const c of t.criteria) {
    if (ids.has(c.id)) add(`评审指标编号${q(c.id)}重复`, `duplicate criterion id "${c.id}"`);
    ids.add(c.id);
    if (c.stepMilli > 0 && c.maxMilli % c.stepMilli !== 0) {
      add(`评审指标${q(c.name)}的满分不是步长的整数倍`, `criterion "${c.id}": the max must be a whole number of steps`);
    }
  }
  for (const c of t.rules.criteriaOrder) {
    if (!ids.has(c)) add(`平分比较顺序里的指标${q(c)}不存在`, `criteriaOrder names unknown criterion "${c}"`);
  }
  if (new Set(t.rules.criteriaOrder).size !== t.rules.criteriaOrder.length) add('平分比较顺序里有重复的指标', 'criteriaOrder lists a criterion twice');
  if (new Set(t.rules.tieBreak).size !== t.rules.tieBreak.length) add('平分规则重复', 'tieBreak lists a key twice');
  const names = t.specialAwards.map((a) => a.name);
  if (new Set(names).size !== names.length) add('特别奖名称重复', 'a special award is named twice');
  if (t.criteria.length > 0 && t.total !== null) add('按指标评分时不能同时设置单一总分', 'criteria and a single total are exclusive');
  if (t.criteria.length === 0 && t.total === null) add('没有评审指标时必须设置单一总分（满分与步长）', 'a track without criteria needs a single total');
  if (t.total && t.total.stepMilli > 0 && t.total.maxMilli % t.total.stepMilli !== 0) {
    add('单一总分的满分不是步长的整数倍', 'the total max must be a whole number of steps');
  }
  if (t.mix && t.mix.panelPercent + t.mix.publicPercent !== 100) {
    add(`专家评分与大众评审的权重之和必须是 100%（现为 ${t.mix.panelPercent}% + ${t.mix.publicPercent}%）`, 'panelPercent + publicPercent must be 100');
  }
  if (t.rules.trimWhenAtLeast <= t.rules.dropHighest + t.rules.dropLowest) {
    add(`去掉最高分 ${t.rules.dropHighest} 个、最低分 ${t.rules.dropLowest} 个时，“至少几位评委才去分”必须大于 ${t.rules.dropHighest + t.rules.dropLowest}`,
      'trimWhenAtLeast must be greater than dropHighest + dropLowest');
  }
  return out;
}

/** What of a track decides its results: the form, the aggregation, the awards (not names, topics, timers). */
function decisive(t: Track): string {
  return JSON.stringify([
    t.criteria.map((c) => [c.id, c.maxMilli, c.stepMilli]),
    t.total ? [t.total.maxMilli, t.total.stepMilli] : null,
    [t.rules.method, t.rules.dropHighest, t.rules.dropLowest, t.rules.trimWhenAtLeast, t.rules.minJudges, t.rules.decimals,
      t.rules.tieBreak, t.rules.criteriaOrder],
    [t.awards.first, t.awards.second, t.awards.third, t.awards.merit, t.awards.specialPoolPercent],
    t.mix,
  ]);
}

/** The tracks present before and after whose scoring form, aggregation or awards changed. */
export function rulesChanged(before: EventConfig, after: EventConfig): string[] {
  const old = new Map(before.tracks.map((t) => [t.id, t]));
  return after.tracks.filter((t) => old.has(t.id) && decisive(old.get(t.id)!) !== decisive(t)).map((t) => t.id);
}

/** The tracks that `after` drops although teams still name them (a clearer word than "unknown track"). */
export function removedTrackProblems(before: EventConfig, after: EventConfig): ConfigProblem[] {
  const kept = new Set(after.tracks.map((t) => t.id));
  return before.tracks.flatMap((t) => {
    const n = after.teams.filter((x) => x.trackId === t.id).length;
    return kept.has(t.id) || n === 0 ? [] : [{ where: `tracks.${t.id}`,
      zh: `赛道${q(t.name)}还有 ${n} 支参赛团队，不能删除：请先把这些团队移到其他赛道或删除`, en: `track "${t.id}" still has ${n} teams` }];
  });
}

/**
 * The problems of saving `after` over `before` when the `scored` tracks hold stored score sheets: their form,
 * aggregation and awards may not change, or the published results would change silently.
 */
export function lockedRuleProblems(before: EventConfig, after: EventConfig, scored: ReadonlySet<string>): ConfigProblem[] {
  return rulesChanged(before, after).filter((id) => scored.has(id)).map((id) => ({ where: `tracks.${id}`,
    zh: `赛道${q(after.tracks.find((t) => t.id === id)!.name)}已有评委提交的评分，评分规则、评审指标和奖项设置已锁定，不能再改（否则已公布的成绩会悄悄改变）；奖项名额如需调整，须填写理由另行保存`,
    en: `track "${id}" has stored score sheets: its criteria, rules and awards are locked` }));
}

/** A list typed in one cell or field (organisations, representatives): split at 、，, ; ； or new lines. */
export const splitList = (cell: string): string[] => cell.split(/[、，,;；\n]+/).map((s) => s.trim()).filter(Boolean);

/** Whether a team's topic (赛题方向) may stand in this track: empty, one of the track's topics, or any when it lists none. */
export function knownTopic(track: Track, topic: string): boolean {
  return topic === '' || track.topics.length === 0 || track.topics.includes(topic);
}

/** What a re-import of the teams would change, team by team (`scored`: the team holds stored score sheets). */
export interface TeamsDiff {
  added: Array<{ id: string; project: string }>;
  removed: Array<{ id: string; project: string; scored: boolean }>;
  changed: Array<{ id: string; project: string; scored: boolean; fields: Array<{ field: keyof Team; before: string; after: string }> }>;
}

const shown = (v: Team[keyof Team]): string => (Array.isArray(v) ? v.join('、') : v);

/** The difference between the stored teams and the imported ones, matched by id. */
export function teamsDiff(before: Team[], after: Team[], scored: ReadonlySet<string>): TeamsDiff {
  const old = new Map(before.map((t) => [t.id, t]));
  const kept = new Set(after.map((t) => t.id));
  const fields = ['project', 'name', 'leadOrg', 'coOrgs', 'trackId', 'topic', 'representatives'] as const;
  return {
    added: after.filter((t) => !old.has(t.id)).map(({ id, project }) => ({ id, project })),
    removed: before.filter((t) => !kept.has(t.id)).map(({ id, project }) => ({ id, project, scored: scored.has(id) })),
    changed: after.flatMap((t) => {
      const o = old.get(t.id);
      const changes = o ? fields.filter((f) => shown(o[f]) !== shown(t[f])).map((field) => ({ field, before: shown(o[field]), after: shown(t[field]) })) : [];
      return changes.length ? [{ id: t.id, project: t.project, scored: scored.has(t.id), fields: changes }] : [];
    }),
  };
}

/**
 * What a re-import may not do to a team that holds stored score sheets: drop it (its sheets would be orphaned) or move
 * it to another track (scores given on one track's form would rank in another's). Renaming one is its own edit.
 */
export function scoredTeamProblems(diff: TeamsDiff, before: Team[], after: Team[]): ConfigProblem[] {
  const old = new Map(before.map((t) => [t.id, t]));
  const now = new Map(after.map((t) => [t.id, t]));
  return [
    ...diff.removed.filter((t) => t.scored).map((t) => ({ where: `teams.${t.id}`,
      zh: `团队${q(t.project)}已有评分，导入文件里没有它：已评分的团队不能通过重新导入删除（项目名称有改动时，请在“团队与评委”列表里单独修改该团队）`,
      en: `team "${t.id}" has stored score sheets and is missing from the file` })),
    ...diff.changed.filter((t) => t.scored && old.get(t.id)!.trackId !== now.get(t.id)!.trackId).map((t) => ({ where: `teams.${t.id}`,
      zh: `团队${q(t.project)}已有评分，不能改到其他赛道（评分是按原赛道的评审指标给出的）`,
      en: `team "${t.id}" has stored score sheets: its track is locked` })),
  ];
}
