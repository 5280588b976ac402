// Domain types and their zod schemas: an event's configuration (tracks, rules, rooms, teams, judges, recusals).
import { z } from 'zod';
import { MILLI } from './decimal';
import { DEFAULT_AWARDS, DEFAULT_RULES, METHODS, TIE_BREAKS } from './scoring';
import { checkEventConfig, problemText } from './setup';
import { specialAwardsSchema } from './special';
import { isTimeZone } from './time';

/** Ids are short, URL- and Redis-key-safe strings. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id is 1 to 64 letters, digits, - or _');
const text = (max: number) => z.string().trim().max(max);
/** A count of milli-points (thousandths of a point). */
const milliSchema = z.number().int().min(0).max(1_000_000_000);

export const criterionSchema = z.object({
  id: idSchema,
  name: text(100).min(1),
  /** The criterion's maximum, in milli-points (25 points is 25000): a whole number of steps. */
  maxMilli: milliSchema.min(1),
  /** The smallest increment a judge may enter, in milli-points (step 0.5 is 500). */
  stepMilli: milliSchema.min(1),
  hint: text(300).optional(),
});
export type Criterion = z.infer<typeof criterionSchema>;

/** A track's scoring rules: their meanings are on ScoringRules (shared/scoring.ts). */
export const scoringRulesSchema = z.object({
  method: z.enum(METHODS),
  dropHighest: z.number().int().min(0).max(10),
  dropLowest: z.number().int().min(0).max(10),
  trimWhenAtLeast: z.number().int().min(1).max(1000),
  minJudges: z.number().int().min(1).max(1000),
  decimals: z.number().int().min(0).max(3),
  tieBreak: z.array(z.enum(TIE_BREAKS)).max(2),
  criteriaOrder: z.array(idSchema),
});

/** A track's prize counts: their meanings are on AwardRules (shared/scoring.ts). */
export const awardRulesSchema = z.object({
  first: z.number().int().min(0).max(100),
  second: z.number().int().min(0).max(100),
  third: z.number().int().min(0).max(100),
  /** Merit awards (优秀奖), after third prize; 0 in a configuration saved before they existed. */
  merit: z.number().int().min(0).max(100).default(0),
  specialPoolPercent: z.number().int().min(0).max(100),
});

/**
 * How a track mixes the public's part (大众评审) into the final score, or null: the panel alone (the default).
 * Final = (panel × panelPercent + public × publicPercent) / 100, each part published to the track's decimals.
 * The public part is either votes (each voter has `votesPerVoter` votes for the track, at most one per team; the team's
 * part = its votes / the most votes any team of the track got × fullMarks; `imported`: the counts come from an outside
 * platform, entered per team, instead of voter codes) or scores (public jurors score each team 0..fullMarks; the part is
 * the exact mean of their totals). `openByDevice`: voting without a voter code, by device alone (weak: warned).
 */
export const mixSchema = z.object({
  panelPercent: z.number().int().min(0).max(100),
  publicPercent: z.number().int().min(0).max(100),
  public: z.object({
    kind: z.enum(['votes', 'scores']),
    /** The public part's full marks, in milli-points (100 points is 100000). */
    fullMarksMilli: milliSchema.min(1),
    votesPerVoter: z.number().int().min(1).max(100).default(1),
    imported: z.boolean().default(false),
    openByDevice: z.boolean().default(false),
  }),
});
export type Mix = z.infer<typeof mixSchema>;

export const trackSchema = z.object({
  id: idSchema,
  /** A short code; an import's 赛道 column may name the track by it, by its name, or by its name followed by 赛道. */
  code: text(20),
  name: text(100).min(1),
  /** The topics (赛题方向) its teams may name; empty: any. */
  topics: z.array(text(200)).max(100),
  /** Criteria mode when non-empty; single-total mode (one number per judge, bounded by `total`) when empty. */
  criteria: z.array(criterionSchema).max(30),
  /** Single-total mode's bound on a judge's total (maxMilli a whole number of steps), or null: none but the schema's. */
  total: z.object({ maxMilli: milliSchema.min(1), stepMilli: milliSchema.min(1) }).nullable(),
  rules: scoringRulesSchema,
  awards: awardRulesSchema,
  /** The special awards (特色奖项) with a count each, given from the pool; a names-only list (older configs) reads as count 1. */
  specialAwards: specialAwardsSchema,
  /** The public's part mixed in by weight (see mixSchema); null or absent: the panel's score alone. */
  mix: mixSchema.nullable().default(null),
  /** Flag a judge to the host and supervisors when their total is this far (% of the maximum) from the panel's median. */
  divergencePercent: z.number().int().min(1).max(100).default(15),
  timers: z.object({
    presentationSec: z.number().int().min(0).max(7200),
    qaSec: z.number().int().min(0).max(7200),
    /** An optional scoring window shown as a countdown (0: none); scoring still closes only when the host closes it. */
    scoringSec: z.number().int().min(0).max(7200).default(0),
  }),
});
export type Track = z.infer<typeof trackSchema>;

export const teamSchema = z.object({
  id: idSchema,
  trackId: idSchema,
  project: text(200).min(1),
  name: text(200),
  leadOrg: text(200).min(1),
  coOrgs: z.array(text(200)).max(20),
  topic: text(200),
  representatives: z.array(text(50)).max(5),
});
export type Team = z.infer<typeof teamSchema>;

export const judgeSchema = z.object({
  id: idSchema,
  name: text(50).min(1),
  org: text(200),
  title: text(100),
});
export type Judge = z.infer<typeof judgeSchema>;

export const roomSchema = z.object({
  id: idSchema,
  name: text(100).min(1),
  /** The tracks the room runs. */
  trackIds: z.array(idSchema),
  /** The panel: judge ids, in the order the panel is listed (which also orders equal totals when dropping). */
  panel: z.array(idSchema).max(100),
});
export type Room = z.infer<typeof roomSchema>;

/**
 * An event's configuration, field by field. Whether its parts fit together (references, unique ids, rules) is
 * `checkEventConfig` in setup.ts, which `eventConfigSchema` applies.
 */
export const eventConfigShape = z.object({
  id: idSchema,
  name: text(200).min(1),
  shortName: text(100),
  theme: text(200),
  organisers: z.array(text(300)).max(20),
  presetId: z.string().max(64).nullable(),
  tracks: z.array(trackSchema).max(100),
  rooms: z.array(roomSchema).max(100),
  teams: z.array(teamSchema).max(5000),
  judges: z.array(judgeSchema).max(2000),
  /** The judges who do not score a team (回避), each with the reason. */
  recusals: z.array(z.object({ team: idSchema, judge: idSchema, reason: text(200) })).max(100_000),
  /** Show the judges' names beside their totals at the reveal (default: anonymous numbered slots). */
  revealJudgeNames: z.boolean().default(false),
  /** The IANA time zone of the venue, for every time shown (default Asia/Shanghai, see shared/time.ts). */
  timeZone: z.string().max(64).refine(isTimeZone, 'not a known time zone').optional(),
});

/** A whole, sound configuration: the shape, then every structural check (see `checkEventConfig`). */
export const eventConfigSchema = eventConfigShape.superRefine((ev, ctx) => {
  for (const p of checkEventConfig(ev)) ctx.addIssue({ code: 'custom', message: problemText(p) });
});
export type EventConfig = z.infer<typeof eventConfigShape>;

/** The item of one of an event's lists with this id; throws, naming the event and what it lacks, when there is none. */
function byId<T extends { id: string }>(ev: EventConfig, list: readonly T[], kind: string, id: string): T {
  const found = list.find((x) => x.id === id);
  if (!found) throw new Error(`event "${ev.id}" has no ${kind} "${id}"`);
  return found;
}

/** A team the caller knows the event has (checked before, or named by stored state); throws when it has not. */
export const teamOf = (ev: EventConfig, id: string): Team => byId(ev, ev.teams, 'team', id);
/** A track the caller knows the event has; throws when it has not. */
export const trackOf = (ev: EventConfig, id: string): Track => byId(ev, ev.tracks, 'track', id);
/** A room the caller knows the event has; throws when it has not. */
export const roomOf = (ev: EventConfig, id: string): Room => byId(ev, ev.rooms, 'room', id);
/** A judge the caller knows the event has; throws when it has not. */
export const judgeOf = (ev: EventConfig, id: string): Judge => byId(ev, ev.judges, 'judge', id);

/**
 * The rooms whose panels a judge sits on, in the event's order: the one place that decides which rooms a judge may
 * follow and score in (a judge may sit on the panels of several rooms).
 */
export function judgeRooms(ev: EventConfig, judgeId: string): Room[] {
  return ev.rooms.filter((r) => r.panel.includes(judgeId));
}

/** Every judge of the event, the panel of the room running the track first: the order that separates equal totals. */
export function judgeOrderFor(ev: EventConfig, trackId: string): string[] {
  const panel = ev.rooms.find((r) => r.trackIds.includes(trackId))?.panel ?? [];
  return [...panel, ...ev.judges.map((j) => j.id).filter((id) => !panel.includes(id))];
}

/**
 * The default criteria template (proposed; no official weights are published), step 1, out of 100,
 * with the tie-break order 应用成效, 解决方案, 模式创新, 示范推广, 答辩, 知识产权.
 */
export const DEFAULT_CRITERIA: Criterion[] = [
  { id: 'solution', name: '解决方案与技术先进性', maxMilli: 25 * MILLI, stepMilli: MILLI, hint: '方案完整、技术先进、数据应用深入' },
  { id: 'model', name: '模式创新性与价值创造', maxMilli: 20 * MILLI, stepMilli: MILLI, hint: '模式新颖，经济与社会价值明确' },
  { id: 'effect', name: '应用成效', maxMilli: 25 * MILLI, stepMilli: MILLI, hint: '已落地应用，成效可量化' },
  { id: 'promotion', name: '示范推广与发展潜力', maxMilli: 15 * MILLI, stepMilli: MILLI, hint: '可复制、可推广，前景广阔' },
  { id: 'ip', name: '知识产权与团队', maxMilli: 5 * MILLI, stepMilli: MILLI, hint: '自主知识产权，团队结构合理' },
  { id: 'defense', name: '现场陈述与答辩', maxMilli: 10 * MILLI, stepMilli: MILLI, hint: '陈述清晰，回答准确' },
];

export const DEFAULT_CRITERIA_ORDER = ['effect', 'solution', 'model', 'promotion', 'defense', 'ip'];

/** A track's settings when nothing else is said: default criteria, rules, awards 1/2/5, timers 8 + 7 minutes. */
export function defaultTrackSettings(): Pick<Track, 'criteria' | 'total' | 'rules' | 'awards' | 'specialAwards' | 'mix' | 'timers' | 'divergencePercent'> {
  return {
    criteria: DEFAULT_CRITERIA.map((c) => ({ ...c })),
    total: null,
    rules: { ...DEFAULT_RULES, tieBreak: [...DEFAULT_RULES.tieBreak], criteriaOrder: [...DEFAULT_CRITERIA_ORDER] },
    awards: { ...DEFAULT_AWARDS },
    specialAwards: [],
    mix: null,
    divergencePercent: 15,
    timers: { presentationSec: 8 * 60, qaSec: 7 * 60, scoringSec: 0 },
  };
}
