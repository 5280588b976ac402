// The setup editor's forms: a stored track survives the trip to the form and back unchanged, and every mistake an
// organiser can type is named in words (Chinese, or English) with nothing produced.
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { addCriterion, formatDuration, fromEventDraft, fromTrackDraft, parseDuration, removeCriterion, toEventDraft, toTrackDraft } from '../../client/admin/drafts';
import { adminMessages } from '../../client/admin/messages';
import { eventFromPreset, listPresets } from '../../shared/presets';

/** The admin's words in one language, as the console gives them to the drafts. */
function words(locale: 'zh-CN' | 'en') {
  const i18n = createI18n({ legacy: false, locale, missingWarn: false, fallbackWarn: false, messages: adminMessages });
  return (key: string, params?: Record<string, unknown>): string => {
    expect(i18n.global.te(key), key).toBe(true);
    return i18n.global.t(key, params ?? {});
  };
}
const zh = words('zh-CN');

describe('setup drafts', () => {
  it('every preset track goes to the form and back unchanged', () => {
    for (const p of listPresets()) {
      for (const track of eventFromPreset(p.id, 'e').tracks) {
        expect(fromTrackDraft(track, toTrackDraft(track), zh)).toEqual({ track, errors: [] });
      }
    }
  });

  it('edits the public\'s part: off by default, on with both weights (summing to 100), kind and full marks', () => {
    const track = eventFromPreset('sjys-2026-guangdong', 'e').tracks[0]!;
    expect(track.mix).toBeNull();
    const d = toTrackDraft(track);
    expect(d.mixOn).toBe(false);
    Object.assign(d, { mixOn: true, panelPercent: '60', publicPercent: '40', mixKind: 'votes', publicFullMarks: '10', mixImported: true });
    const on = fromTrackDraft(track, d, zh).track!;
    expect(on.mix).toEqual({ panelPercent: 60, publicPercent: 40,
      public: { kind: 'votes', fullMarksMilli: 10_000, votesPerVoter: 1, imported: true, openByDevice: false } });
    expect(fromTrackDraft(on, toTrackDraft(on), zh)).toEqual({ track: on, errors: [] });
    const bad = fromTrackDraft(track, { ...d, panelPercent: '101', publicFullMarks: '0' }, zh);
    expect(bad.track).toBeNull();
    expect(bad.errors).toEqual(['专家评分的权重应为 0 到 100 的整数', '大众评审满分必须大于 0']);
    expect(fromTrackDraft(track, { ...d, panelPercent: '70', publicPercent: '20' }, zh).errors).toEqual(['专家评分 70% 与大众评审 20% 相加应为 100%（现为 90%）']);
    expect(fromTrackDraft(on, { ...toTrackDraft(on), mixOn: false }, zh).track!.mix).toBeNull();
  });

  it('reads decimals exactly, in milli-points, and durations as minutes or minutes:seconds', () => {
    const track = eventFromPreset('sjys-2026-guangdong', 'e').tracks[0]!;
    const d = toTrackDraft(track);
    d.criteria[0]!.max = '22.5';
    d.criteria[0]!.step = '0.005';
    d.presentation = '7:30';
    const out = fromTrackDraft(track, d, zh);
    expect(out.track?.criteria[0]).toMatchObject({ maxMilli: 22_500, stepMilli: 5 });
    expect(out.track?.timers.presentationSec).toBe(450);
    expect([parseDuration('8'), parseDuration('0:45'), parseDuration('7:60'), parseDuration('8 分钟')]).toEqual([480, 45, null, null]);
    expect([formatDuration(480), formatDuration(450)]).toEqual(['8', '7:30']);
  });

  it('names every mistake and produces nothing', () => {
    const track = eventFromPreset('sjys-2026-guangdong', 'e').tracks[0]!;
    const d = toTrackDraft(track);
    d.name = ' ';
    d.criteria[1]!.max = '20';
    d.criteria[1]!.step = '3';
    d.criteria[2]!.max = '2.5.1';
    d.criteria[3]!.step = '0';
    d.dropHighest = '3';
    d.dropLowest = '3';
    d.trimWhenAtLeast = '5';
    d.decimals = '4';
    d.first = '-1';
    d.qa = '200';
    const out = fromTrackDraft(track, d, zh);
    expect(out.track).toBeNull();
    expect(out.errors).toEqual([
      '赛道名称不能为空',
      '第 2 项指标「模式创新性与价值创造」的满分 20 不是步长 3 的整数倍',
      '第 3 项指标「应用成效」的满分「2.5.1」不是有效的数（如 25、0.5，最多 3 位小数）',
      '第 4 项指标「示范推广与发展潜力」的步长必须大于 0',
      '“至少几位有效评委才去分”必须大于去掉的分数个数之和 6',
      '保留小数位数应为 0 到 3 的整数',
      '一等奖名额应为 0 到 100 的整数',
      '答辩时长「200」应写成分钟（如 8）或 分:秒（如 7:30），不超过 120 分钟',
    ]);
    expect(fromTrackDraft(track, d, words('en')).errors).toEqual([
      'The track needs a name',
      'Criterion 2 “模式创新性与价值创造”: max 20 is not a whole number of steps 3',
      'Criterion 3 “应用成效”: max “2.5.1” is not a number (such as 25 or 0.5, at most 3 decimals)',
      'Criterion 4 “示范推广与发展潜力”: step must be more than 0',
      '“Only with at least … valid judges” must be more than the 6 scores dropped',
      'The decimals must be a whole number from 0 to 3',
      'First prizes must be a whole number from 0 to 100',
      'The Q&A time “200” must be minutes (such as 8) or minutes:seconds (such as 7:30), at most 120 minutes',
    ]);
  });

  it('names the mistakes of a single total and of the event’s own fields, in either language', () => {
    const ev = eventFromPreset('sjys-2026-guangdong', 'e');
    const d = { ...toTrackDraft(ev.tracks[0]!), mode: 'total' as const, totalMax: '10', totalStep: '0.3', criteria: [] };
    expect(fromTrackDraft(ev.tracks[0]!, d, zh).errors).toEqual(['总分的满分 10 不是步长 0.3 的整数倍']);
    expect(fromTrackDraft(ev.tracks[0]!, d, words('en')).errors).toEqual(['Total: max 10 is not a whole number of steps 0.3']);
    const e = { ...toEventDraft(ev), name: '', organisers: Array.from({ length: 21 }, (_, i) => `主办单位${i}`).join('\n') };
    expect(fromEventDraft(ev, e, zh).errors).toEqual(['赛事名称不能为空', '主办、承办等单位最多 20 行']);
    expect(fromEventDraft(ev, e, words('en')).errors).toEqual(['The event needs a name', 'At most 20 lines of organisers']);
  });

  it('adding and removing a criterion keeps the tie-break order in step', () => {
    const track = eventFromPreset('sjys-2026-guangdong', 'e').tracks[0]!;
    const d = toTrackDraft(track);
    addCriterion(d);
    const added = `c${track.criteria.length + 1}`;
    expect([d.criteria.at(-1)!.id, d.criteriaOrder.at(-1)]).toEqual([added, added]);
    removeCriterion(d, track.criteria[0]!.id);
    expect(d.criteriaOrder).not.toContain(track.criteria[0]!.id);
    d.criteria.at(-1)!.name = '数据安全';
    const out = fromTrackDraft(track, d, zh);
    expect(out.track?.criteria.map((c) => c.id)).toEqual([...track.criteria.slice(1).map((c) => c.id), added]);
    expect(out.track?.rules.criteriaOrder).toEqual(d.criteriaOrder);
  });
});
