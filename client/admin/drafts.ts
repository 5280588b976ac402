// The setup editor's forms as text the organiser types ("25", "0.5", "8:00") and their exact configuration
// (milli-points via parseMilli, seconds): the conversion both ways, with every mistake in words. Pure.
import { formatMilli, parseMilli } from '../../shared/decimal';
import type { Criterion, EventConfig, Track } from '../../shared/domain';
import type { Method, TieBreak } from '../../shared/scoring';

export interface CriterionDraft {
  id: string;
  name: string;
  max: string;
  step: string;
  hint: string;
}

/** A track's editable settings, as typed. */
export interface TrackDraft {
  name: string;
  code: string;
  /** One topic a line. */
  topics: string;
  mode: 'criteria' | 'total';
  criteria: CriterionDraft[];
  totalMax: string;
  totalStep: string;
  method: Method;
  dropHighest: string;
  dropLowest: string;
  trimWhenAtLeast: string;
  minJudges: string;
  decimals: string;
  /** The tie-break keys joined by commas, in order ('' for none). */
  tieBreak: string;
  /** Criterion ids in the order the "criteria" tie-break compares them. */
  criteriaOrder: string[];
  first: string;
  second: string;
  third: string;
  merit: string;
  specialPoolPercent: string;
  /** Why the prize counts of a track that already has scores change (admin:set-awards); not part of the track. */
  awardsReason: string;
  /** One special award a line. */
  specialAwards: string;
  divergencePercent: string;
  /** Minutes, or minutes:seconds ("8", "7:30"). */
  presentation: string;
  qa: string;
  scoring: string;
}

/** The event's own fields, as typed. */
export interface EventDraft {
  name: string;
  shortName: string;
  theme: string;
  /** One organiser line a line (主办：…, 承办：…). */
  organisers: string;
  revealJudgeNames: boolean;
}

/** The ways a panel's totals become a score, in the organiser's words. */
export const METHOD_LABELS: Record<Method, string> = {
  'trimmed-mean': '去掉最高分、最低分后取平均（常用）',
  mean: '全部有效评委取平均',
  'trimmed-sum': '去掉最高分、最低分后求和',
  sum: '全部有效评委求和',
};

/** The tie-break orders offered, by their joined keys. */
export const TIE_BREAK_CHOICES: Array<{ value: string; label: string; criteria: boolean }> = [
  { value: 'untrimmed-mean,criteria', label: '先比全部有效评委的平均分（不去分），再按下面的指标顺序比', criteria: true },
  { value: 'criteria,untrimmed-mean', label: '先按下面的指标顺序比，再比全部有效评委的平均分', criteria: true },
  { value: 'untrimmed-mean', label: '只比全部有效评委的平均分（不去分）', criteria: false },
  { value: 'criteria', label: '只按下面的指标顺序比', criteria: true },
  { value: '', label: '不再比较，名次并列（可由评审组决定）', criteria: false },
];

/** Seconds as the organiser writes a duration: "8", "7:30". */
export function formatDuration(sec: number): string {
  const m = Math.floor(sec / 60);
  const s = sec % 60;
  return s ? `${m}:${String(s).padStart(2, '0')}` : String(m);
}

/** A duration typed as minutes or minutes:seconds, in seconds; null when it cannot be read. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,3})(?::([0-5]\d))?$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2] ?? 0) : null;
}

const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter(Boolean);

/** The form of a stored track. */
export function toTrackDraft(t: Track): TrackDraft {
  return {
    name: t.name, code: t.code, topics: t.topics.join('\n'),
    mode: t.criteria.length ? 'criteria' : 'total',
    criteria: t.criteria.map((c) => ({ id: c.id, name: c.name, max: formatMilli(c.maxMilli), step: formatMilli(c.stepMilli), hint: c.hint ?? '' })),
    totalMax: t.total ? formatMilli(t.total.maxMilli) : '100', totalStep: t.total ? formatMilli(t.total.stepMilli) : '0.1',
    method: t.rules.method, dropHighest: String(t.rules.dropHighest), dropLowest: String(t.rules.dropLowest),
    trimWhenAtLeast: String(t.rules.trimWhenAtLeast), minJudges: String(t.rules.minJudges), decimals: String(t.rules.decimals),
    tieBreak: t.rules.tieBreak.join(','), criteriaOrder: [...t.rules.criteriaOrder],
    first: String(t.awards.first), second: String(t.awards.second), third: String(t.awards.third), merit: String(t.awards.merit),
    specialPoolPercent: String(t.awards.specialPoolPercent), awardsReason: '', specialAwards: t.specialAwards.join('\n'),
    divergencePercent: String(t.divergencePercent),
    presentation: formatDuration(t.timers.presentationSec), qa: formatDuration(t.timers.qaSec), scoring: formatDuration(t.timers.scoringSec),
  };
}

/** A criterion id not yet used in the draft: c1, c2, … */
export function newCriterionId(draft: TrackDraft): string {
  const used = new Set(draft.criteria.map((c) => c.id));
  let n = draft.criteria.length + 1;
  while (used.has(`c${n}`)) n += 1;
  return `c${n}`;
}

/** Adds an empty criterion at the end (and at the end of the tie-break order). */
export function addCriterion(draft: TrackDraft): void {
  const id = newCriterionId(draft);
  draft.criteria.push({ id, name: '', max: '10', step: '1', hint: '' });
  draft.criteriaOrder.push(id);
}

/** Removes a criterion (and its place in the tie-break order). */
export function removeCriterion(draft: TrackDraft, id: string): void {
  draft.criteria = draft.criteria.filter((c) => c.id !== id);
  draft.criteriaOrder = draft.criteriaOrder.filter((c) => c !== id);
}

/** Moves an item of a list one place up (-1) or down (+1). */
export function move<T>(list: T[], index: number, by: -1 | 1): void {
  const to = index + by;
  if (to < 0 || to >= list.length) return;
  [list[index], list[to]] = [list[to]!, list[index]!];
}

/** The track a draft describes (over the stored one, for what the form does not show), or every mistake in words. */
export function fromTrackDraft(base: Track, d: TrackDraft): { track: Track; errors: [] } | { track: null; errors: string[] } {
  const errors: string[] = [];
  const points = (text: string, what: string): number => {
    try {
      const v = parseMilli(text.trim());
      if (v === 0) errors.push(`${what}必须大于 0`);
      return v;
    } catch {
      errors.push(`${what}「${text}」不是有效的数（如 25、0.5，最多 3 位小数）`);
      return 0;
    }
  };
  const count = (text: string, what: string, min: number, max: number): number => {
    const t = text.trim();
    const v = /^\d{1,5}$/.test(t) ? Number(t) : NaN;
    if (!(v >= min && v <= max)) errors.push(`${what}应为 ${min} 到 ${max} 的整数`);
    return Number.isFinite(v) ? v : min;
  };
  const duration = (text: string, what: string): number => {
    const v = parseDuration(text);
    if (v === null || v > 7200) errors.push(`${what}「${text}」应写成分钟（如 8）或 分:秒（如 7:30），不超过 120 分钟`);
    return v ?? 0;
  };
  if (!d.name.trim()) errors.push('赛道名称不能为空');
  let criteria: Criterion[] = [];
  let total: Track['total'] = null;
  if (d.mode === 'criteria') {
    if (d.criteria.length === 0) errors.push('按指标评分时至少要有一项评审指标（或改为单一总分）');
    criteria = d.criteria.map((c, i) => {
      const label = `第 ${i + 1} 项指标${c.name.trim() ? `「${c.name.trim()}」` : ''}的`;
      if (!c.name.trim()) errors.push(`第 ${i + 1} 项指标的名称不能为空`);
      const maxMilli = points(c.max, `${label}满分`);
      const stepMilli = points(c.step, `${label}步长`);
      if (maxMilli > 0 && stepMilli > 0 && maxMilli % stepMilli !== 0) errors.push(`${label}满分 ${c.max} 不是步长 ${c.step} 的整数倍`);
      const hint = c.hint.trim();
      return { id: c.id, name: c.name.trim(), maxMilli, stepMilli, ...(hint ? { hint } : {}) };
    });
  } else {
    const maxMilli = points(d.totalMax, '总分的满分');
    const stepMilli = points(d.totalStep, '总分的步长');
    if (maxMilli > 0 && stepMilli > 0 && maxMilli % stepMilli !== 0) errors.push(`总分的满分 ${d.totalMax} 不是步长 ${d.totalStep} 的整数倍`);
    total = { maxMilli, stepMilli };
  }
  const dropHighest = count(d.dropHighest, '去掉最高分的个数', 0, 10);
  const dropLowest = count(d.dropLowest, '去掉最低分的个数', 0, 10);
  const trimWhenAtLeast = count(d.trimWhenAtLeast, '“至少几位有效评委才去分”', 1, 1000);
  if (d.method.startsWith('trimmed') && trimWhenAtLeast <= dropHighest + dropLowest) {
    errors.push(`“至少几位有效评委才去分”必须大于去掉的分数个数之和 ${dropHighest + dropLowest}`);
  }
  const minJudges = count(d.minJudges, '最少有效评委人数', 1, 1000);
  const decimals = count(d.decimals, '保留小数位数', 0, 3);
  const ids = new Set(criteria.map((c) => c.id));
  const tieBreak = (d.tieBreak ? d.tieBreak.split(',') : []) as TieBreak[];
  const track: Track = {
    ...base,
    name: d.name.trim(), code: d.code.trim(), topics: lines(d.topics),
    criteria, total,
    rules: {
      method: d.method, dropHighest, dropLowest, trimWhenAtLeast: Math.max(trimWhenAtLeast, dropHighest + dropLowest + 1), minJudges, decimals,
      tieBreak: d.mode === 'criteria' ? tieBreak : tieBreak.filter((k) => k !== 'criteria'),
      criteriaOrder: d.mode === 'criteria' ? d.criteriaOrder.filter((c) => ids.has(c)) : [],
    },
    awards: {
      first: count(d.first, '一等奖名额', 0, 100), second: count(d.second, '二等奖名额', 0, 100), third: count(d.third, '三等奖名额', 0, 100),
      merit: count(d.merit, '优秀奖名额', 0, 100),
      specialPoolPercent: count(d.specialPoolPercent, '特别奖候选比例', 0, 100),
    },
    specialAwards: lines(d.specialAwards),
    divergencePercent: count(d.divergencePercent, '评分偏离提醒阈值', 1, 100),
    timers: { presentationSec: duration(d.presentation, '陈述时长'), qaSec: duration(d.qa, '答辩时长'), scoringSec: duration(d.scoring, '评分倒计时') },
  };
  return errors.length ? { track: null, errors } : { track, errors: [] };
}

/** The form of the event's own fields. */
export function toEventDraft(ev: EventConfig): EventDraft {
  return { name: ev.name, shortName: ev.shortName, theme: ev.theme, organisers: ev.organisers.join('\n'), revealJudgeNames: ev.revealJudgeNames };
}

/** The event with the draft's fields, or the mistakes. */
export function fromEventDraft(ev: EventConfig, d: EventDraft): { event: EventConfig; errors: [] } | { event: null; errors: string[] } {
  const errors: string[] = [];
  if (!d.name.trim()) errors.push('赛事名称不能为空');
  const organisers = lines(d.organisers);
  if (organisers.length > 20) errors.push('主办、承办等单位最多 20 行');
  if (errors.length) return { event: null, errors };
  return { event: { ...ev, name: d.name.trim(), shortName: d.shortName.trim(), theme: d.theme.trim(), organisers, revealJudgeNames: d.revealJudgeNames }, errors: [] };
}

/** An id not yet used among `ids`: prefix1, prefix2, … (T-ids zero-padded like the presets' T01). */
export function freshId(ids: Iterable<string>, prefix: string, pad = 0): string {
  const used = new Set(ids);
  for (let n = 1; ; n++) {
    const id = `${prefix}${String(n).padStart(pad, '0')}`;
    if (!used.has(id)) return id;
  }
}
