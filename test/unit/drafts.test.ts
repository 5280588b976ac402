// The setup editor's forms: a stored track survives the trip to the form and back unchanged, and every mistake an
// organiser can type is named in words with nothing produced.
import { describe, expect, it } from 'vitest';
import { addCriterion, formatDuration, fromTrackDraft, parseDuration, removeCriterion, toTrackDraft } from '../../client/admin/drafts';
import { eventFromPreset, listPresets } from '../../shared/presets';

describe('setup drafts', () => {
  it('every preset track goes to the form and back unchanged', () => {
    for (const p of listPresets()) {
      for (const track of eventFromPreset(p.id, 'e').tracks) {
        expect(fromTrackDraft(track, toTrackDraft(track))).toEqual({ track, errors: [] });
      }
    }
  });

  it('reads decimals exactly, in milli-points, and durations as minutes or minutes:seconds', () => {
    const track = eventFromPreset('sjys-2026-guangdong', 'e').tracks[0]!;
    const d = toTrackDraft(track);
    d.criteria[0]!.max = '22.5';
    d.criteria[0]!.step = '0.005';
    d.presentation = '7:30';
    const out = fromTrackDraft(track, d);
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
    const out = fromTrackDraft(track, d);
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
    const out = fromTrackDraft(track, d);
    expect(out.track?.criteria.map((c) => c.id)).toEqual([...track.criteria.slice(1).map((c) => c.id), added]);
    expect(out.track?.rules.criteriaOrder).toEqual(d.criteriaOrder);
  });
});
