// The setup editor's forms as text the organiser types ("25", "0.5", "8:00") and their exact configuration
// (milli-points via parseMilli, seconds): the conversion both ways, with every mistake in words (the words given: `t`
// of useI18n or translate, over the admin's messages). Pure.
import { formatMilli, parseMilli } from '../../shared/decimal';
import type { Criterion, EventConfig, Track } from '../../shared/domain';
import type { Method, TieBreak } from '../../shared/scoring';
import type { translate } from '../../web/i18n';
import type { adminMessages } from './messages';

/** The words for a key of the messages, with its parameters. */
type Words = typeof translate;

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
  /** The special awards, each its name and count (0: not given this year). */
  specialAwards: Array<{ name: string; count: string }>;
  divergencePercent: string;
  /** The public's part (大众评审) mixed in: on or off, the panel's and the public's weights (summing to 100), its kind and full marks. */
  mixOn: boolean;
  panelPercent: string;
  publicPercent: string;
  mixKind: 'votes' | 'scores';
  publicFullMarks: string;
  /** The votes come from an outside platform, imported per team (public:import). */
  mixImported: boolean;
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

/** The tie-break orders offered, by their joined keys; `label` names their words in the messages (admin.tieBreak). */
export const TIE_BREAK_CHOICES: Array<{ value: string; label: keyof typeof adminMessages.en.admin.tieBreak; criteria: boolean }> = [
  { value: 'untrimmed-mean,criteria', label: 'meanThenCriteria', criteria: true },
  { value: 'criteria,untrimmed-mean', label: 'criteriaThenMean', criteria: true },
  { value: 'untrimmed-mean', label: 'mean', criteria: false },
  { value: 'criteria', label: 'criteria', criteria: true },
  { value: '', label: 'none', criteria: false },
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
    specialPoolPercent: String(t.awards.specialPoolPercent), awardsReason: '', specialAwards: t.specialAwards.map((a) => ({ name: a.name, count: String(a.count) })),
    divergencePercent: String(t.divergencePercent),
    mixOn: t.mix !== null, panelPercent: String(t.mix?.panelPercent ?? 70), publicPercent: String(t.mix?.publicPercent ?? 30), mixKind: t.mix?.public.kind ?? 'votes',
    publicFullMarks: formatMilli(t.mix?.public.fullMarksMilli ?? 100_000), mixImported: t.mix?.public.imported ?? false,
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
export function fromTrackDraft(base: Track, d: TrackDraft, t: Words): { track: Track; errors: [] } | { track: null; errors: string[] } {
  const errors: string[] = [];
  const say = (key: string, params?: Record<string, unknown>) => t(`admin.draft.${key}`, params);
  const points = (text: string, what: string): number => {
    try {
      const v = parseMilli(text.trim());
      if (v === 0) errors.push(say('notPositive', { what }));
      return v;
    } catch {
      errors.push(say('notNumber', { what, text }));
      return 0;
    }
  };
  const count = (text: string, field: string, min: number, max: number, params?: Record<string, unknown>): number => {
    const s = text.trim();
    const v = /^\d{1,5}$/.test(s) ? Number(s) : NaN;
    if (!(v >= min && v <= max)) errors.push(say('count', { what: say(field, params), min, max }));
    return Number.isFinite(v) ? v : min;
  };
  const duration = (text: string, field: string): number => {
    const v = parseDuration(text);
    if (v === null || v > 7200) errors.push(say('duration', { what: say(field), text }));
    return v ?? 0;
  };
  if (!d.name.trim()) errors.push(say('trackName'));
  let criteria: Criterion[] = [];
  let total: Track['total'] = null;
  if (d.mode === 'criteria') {
    if (d.criteria.length === 0) errors.push(say('noCriteria'));
    criteria = d.criteria.map((c, i) => {
      const of = say('criterion', { n: i + 1, name: c.name.trim() ? say('named', { name: c.name.trim() }) : '' });
      if (!c.name.trim()) errors.push(say('criterionNoName', { n: i + 1 }));
      const maxMilli = points(c.max, say('max', { of }));
      const stepMilli = points(c.step, say('step', { of }));
      if (maxMilli > 0 && stepMilli > 0 && maxMilli % stepMilli !== 0) errors.push(say('notMultiple', { of, max: c.max, step: c.step }));
      const hint = c.hint.trim();
      return { id: c.id, name: c.name.trim(), maxMilli, stepMilli, ...(hint ? { hint } : {}) };
    });
  } else {
    const of = say('total');
    const maxMilli = points(d.totalMax, say('max', { of }));
    const stepMilli = points(d.totalStep, say('step', { of }));
    if (maxMilli > 0 && stepMilli > 0 && maxMilli % stepMilli !== 0) errors.push(say('notMultiple', { of, max: d.totalMax, step: d.totalStep }));
    total = { maxMilli, stepMilli };
  }
  const dropHighest = count(d.dropHighest, 'dropHighest', 0, 10);
  const dropLowest = count(d.dropLowest, 'dropLowest', 0, 10);
  const trimWhenAtLeast = count(d.trimWhenAtLeast, 'trimAt', 1, 1000);
  if (d.method.startsWith('trimmed') && trimWhenAtLeast <= dropHighest + dropLowest) {
    errors.push(say('trimTooLow', { what: say('trimAt'), n: dropHighest + dropLowest }));
  }
  const minJudges = count(d.minJudges, 'minJudges', 1, 1000);
  const decimals = count(d.decimals, 'decimals', 0, 3);
  const ids = new Set(criteria.map((c) => c.id));
  const tieBreak = (d.tieBreak ? d.tieBreak.split(',') : []) as TieBreak[];
  let mix: Track['mix'] = null;
  if (d.mixOn) {
    const panelPercent = count(d.panelPercent, 'panelPercent', 0, 100);
    const publicPercent = count(d.publicPercent, 'publicPercent', 0, 100);
    // Their sum is checked once both are read (a weight out of 0..100 is already named above).
    const read = [d.panelPercent, d.publicPercent].every((s) => /^\d{1,3}$/.test(s.trim()) && Number(s) <= 100);
    if (read && panelPercent + publicPercent !== 100) {
      errors.push(say('weightsSum', { panel: panelPercent, pub: publicPercent, sum: panelPercent + publicPercent }));
    }
    const fullMarksMilli = points(d.publicFullMarks, say('publicFullMarks'));
    mix = { panelPercent, publicPercent,
      public: { votesPerVoter: 1, openByDevice: false, ...base.mix?.public, kind: d.mixKind, fullMarksMilli, imported: d.mixKind === 'votes' && d.mixImported } };
  }
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
      first: count(d.first, 'first', 0, 100), second: count(d.second, 'second', 0, 100), third: count(d.third, 'third', 0, 100),
      merit: count(d.merit, 'merit', 0, 100),
      specialPoolPercent: count(d.specialPoolPercent, 'pool', 0, 100),
    },
    specialAwards: d.specialAwards.filter((a) => a.name.trim()).map((a) => ({ name: a.name.trim(), count: count(a.count, 'specialCount', 0, 20, { name: a.name.trim() }) })),
    divergencePercent: count(d.divergencePercent, 'divergence', 1, 100),
    mix,
    timers: { presentationSec: duration(d.presentation, 'presentation'), qaSec: duration(d.qa, 'qa'), scoringSec: duration(d.scoring, 'scoring') },
  };
  return errors.length ? { track: null, errors } : { track, errors: [] };
}

/** The form of the event's own fields. */
export function toEventDraft(ev: EventConfig): EventDraft {
  return { name: ev.name, shortName: ev.shortName, theme: ev.theme, organisers: ev.organisers.join('\n'), revealJudgeNames: ev.revealJudgeNames };
}

/** The event with the draft's fields, or the mistakes. */
export function fromEventDraft(ev: EventConfig, d: EventDraft, t: Words): { event: EventConfig; errors: [] } | { event: null; errors: string[] } {
  const errors: string[] = [];
  if (!d.name.trim()) errors.push(t('admin.draft.eventName'));
  const organisers = lines(d.organisers);
  if (organisers.length > 20) errors.push(t('admin.draft.organisers'));
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
