// Events built from the presets are valid configurations with 17 tracks on the default template.
import { describe, expect, it } from 'vitest';
import { eventConfigSchema } from '../../shared/domain';
import { blankEvent, eventFromPreset, listPresets } from '../../shared/presets';

describe('eventFromPreset', () => {
  it('builds a valid event for each preset, with 17 tracks, awards 1/2/5, a 20% pool and the default criteria', () => {
    expect(listPresets().map((p) => p.id)).toEqual(['sjys-2026-guangdong', 'sjys-2026-hunan']);
    for (const { id } of listPresets()) {
      const ev = eventConfigSchema.parse(eventFromPreset(id, 'ev1'));
      expect(ev.tracks).toHaveLength(17);
      for (const t of ev.tracks) {
        expect(t.awards).toEqual({ first: 1, second: 2, third: 5, merit: 0, specialPoolPercent: 20 });
        expect(t.criteria.map((c) => [c.name, c.maxMilli / 1000])).toEqual([
          ['解决方案与技术先进性', 25], ['模式创新性与价值创造', 20], ['应用成效', 25],
          ['示范推广与发展潜力', 15], ['知识产权与团队', 5], ['现场陈述与答辩', 10],
        ]);
        expect(t.rules).toMatchObject({ method: 'trimmed-mean', dropHighest: 1, dropLowest: 1, trimWhenAtLeast: 5, minJudges: 3, decimals: 2 });
        expect(t.rules.criteriaOrder).toEqual(['effect', 'solution', 'model', 'promotion', 'defense', 'ip']);
        expect(t.specialAwards).toEqual(['最具价值奖', '应用实践奖', '发展潜力奖', '科技创新奖'].map((name) => ({ name, count: 1 })));
        expect(t.timers).toEqual({ presentationSec: 480, qaSec: 420, scoringSec: 0 });
        expect(t.topics.length).toBeGreaterThan(0);
      }
    }
    expect(eventFromPreset('sjys-2026-guangdong', 'x').name).toBe('2026年“数据要素×”大赛广东分赛');
    expect(() => eventFromPreset('nope', 'x')).toThrow(/unknown preset/);
  });

  it('starts an event from nothing too', () => {
    const ev = eventConfigSchema.parse(blankEvent('ev2', '挑战杯校赛决赛'));
    expect(ev.tracks).toHaveLength(1);
    expect(ev.presetId).toBeNull();
  });
});
