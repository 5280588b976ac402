import { describe, it, expect } from 'vitest';
import { PRESET_EVENTS, type PresetEventData } from '../../shared/presets-data';

const EXPECTED_CODES = Array.from({ length: 17 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`);

// Track names in document order (赛道一 … 赛道十七); both guides use the same seventeen.
const EXPECTED_TRACK_NAMES = [
  '工业制造',
  '现代农业',
  '商贸流通',
  '交通运输',
  '金融服务',
  '科技创新',
  '医疗健康',
  '医疗保障',
  '应急管理',
  '气象服务',
  '城市治理',
  '绿色低碳',
  '人力资源',
  '体育发展',
  '文物保护利用',
  '中医药',
  '数据基础设施',
];

function preset(id: PresetEventData['id']): PresetEventData {
  const found = PRESET_EVENTS.find((e) => e.id === id);
  if (!found) throw new Error(`missing preset ${id}`);
  return found;
}

function topicNames(event: PresetEventData, code: string): string[] {
  const track = event.tracks.find((t) => t.code === code);
  if (!track) throw new Error(`missing track ${code} in ${event.id}`);
  return track.topics.map((t) => t.name);
}

describe('PRESET_EVENTS', () => {
  it('holds the Guangdong and Hunan presets, in that order', () => {
    expect(PRESET_EVENTS.map((e) => e.id)).toEqual(['sjys-2026-guangdong', 'sjys-2026-hunan']);
  });

  it('uses the official event names', () => {
    expect(preset('sjys-2026-guangdong').name).toBe('2026年“数据要素×”大赛广东分赛');
    expect(preset('sjys-2026-hunan').name).toBe('2026年“数据要素×”大赛湖南分赛');
  });

  it('carries the theme and organisers the documents give', () => {
    const gd = preset('sjys-2026-guangdong');
    expect(gd.theme).toBe('数据赋能 乘数而上');
    expect(gd.organisers).toEqual([
      '主办单位：广东省政务服务和数据管理局等26家单位',
      '承办单位：深圳市政务服务和数据管理局',
    ]);
    expect(preset('sjys-2026-hunan').organisers).toEqual([]);
  });

  describe.each(PRESET_EVENTS.map((e) => [e.id, e] as const))('%s', (_id, event) => {
    it('has 17 tracks with codes T01..T17 in order', () => {
      expect(event.tracks).toHaveLength(17);
      expect(event.tracks.map((t) => t.code)).toEqual(EXPECTED_CODES);
    });

    it('has unique, non-empty track names in document order', () => {
      const names = event.tracks.map((t) => t.name);
      for (const name of names) expect(name.trim()).not.toBe('');
      expect(new Set(names).size).toBe(names.length);
      expect(names).toEqual(EXPECTED_TRACK_NAMES);
    });

    it('has at least one topic per track, none empty or duplicated within a track', () => {
      for (const track of event.tracks) {
        expect(track.topics.length, track.code).toBeGreaterThan(0);
        const names = track.topics.map((t) => t.name);
        for (const name of names) {
          expect(name.trim(), `${track.code} topic`).not.toBe('');
          expect(name, `${track.code} topic untrimmed`).toBe(name.trim());
          expect(name.length, `${track.code}: ${name}`).toBeLessThanOrEqual(40);
        }
        expect(new Set(names).size, `${track.code} duplicate topic`).toBe(names.length);
      }
    });

    it('awards 1 first, 2 second, 5 third prizes per track, special awards among the top 20%', () => {
      expect(event.awards).toEqual({ first: 1, second: 2, third: 5, merit: 0, specialPoolPercent: 20 });
      expect(event.specialAwards).toEqual(['最具价值奖', '应用实践奖', '发展潜力奖', '科技创新奖']);
    });

    it('starts and ends with the topics both guides share', () => {
      expect(event.tracks[0]?.name).toBe('工业制造');
      expect(event.tracks[16]?.name).toBe('数据基础设施');
      expect(topicNames(event, 'T01')[0]).toBe('数据驱动的高端产品智能设计与迭代');
      expect(topicNames(event, 'T17')).toContain('绿色算电融合技术及运营模式探索');
    });
  });

  it('matches the Guangdong notice on spot-checked topics', () => {
    const gd = preset('sjys-2026-guangdong');
    expect(topicNames(gd, 'T04')).toHaveLength(13);
    expect(topicNames(gd, 'T04')[12]).toBe('民航旅客全流程精准服务与优化');
    // The notice numbers this sixth topic “（三）”: it must still be kept, in sixth place.
    expect(topicNames(gd, 'T10')).toEqual([
      '提高气象防灾减灾能力',
      '强化气象赋能增益作用',
      '提升应对气候变化能力',
      '开发气象数据决策新模式',
      '开展气象数据产品服务',
      '强化气象数据身份标识应用',
    ]);
    expect(topicNames(gd, 'T07')[0]).toBe('整合汇聚“三医”数据信息，构建“三医”协同发展和治理决策应用场景');
  });

  it('matches the Hunan guide on spot-checked topics', () => {
    const hn = preset('sjys-2026-hunan');
    expect(topicNames(hn, 'T04')).toHaveLength(14);
    expect(topicNames(hn, 'T04')[13]).toBe('基于隐私计算、可信数据空间等技术的交通数据协同应用');
    expect(topicNames(hn, 'T10')[4]).toBe('开展气象数据产品新服务');
    expect(topicNames(hn, 'T11')[14]).toBe('推动工程质量安全智能化管控');
  });

  it('differs between Guangdong and Hunan exactly where the guides differ', () => {
    const gd = preset('sjys-2026-guangdong');
    const hn = preset('sjys-2026-hunan');
    const differing = EXPECTED_CODES.filter(
      (code) => JSON.stringify(topicNames(gd, code)) !== JSON.stringify(topicNames(hn, code)),
    );
    expect(differing).toEqual(['T04', 'T10']);
    expect(topicNames(gd, 'T04')).not.toContain('基于隐私计算、可信数据空间等技术的交通数据协同应用');
    expect(topicNames(hn, 'T04').slice(0, 13)).toEqual(topicNames(gd, 'T04'));
  });
});
