// The rehearsal event `npm run demo` saves: R rooms (one Guangdong track each), T teams and J judges per room, with
// realistic, deterministic names from small word lists, and one recusal.
import { eventConfigSchema, type EventConfig, type Judge, type Room, type Team } from '../../../shared/domain';
import { eventFromPreset } from '../../../shared/presets';
import type { DemoOptions } from './args';

/** The preset whose tracks the rehearsal runs (one track per room, in order). */
export const DEMO_PRESET = 'sjys-2026-guangdong';
/** Every demo event's name starts with this; only such an event is ever replaced. */
export const DEMO_NAME_PREFIX = '彩排 · ';

const CITIES = ['广州', '深圳', '珠海', '佛山', '东莞', '中山', '惠州', '江门', '汕头', '湛江', '肇庆', '韶关', '清远',
  '茂名', '梅州', '阳江', '揭阳', '潮州', '云浮', '河源', '汕尾'];
const BRANDS = ['智联', '数创', '云图', '粤信', '海数', '汇智', '天枢', '星河', '数港', '鹏程', '南粤', '湾区'];
const ORG_KINDS = ['市大数据集团有限公司', '数字科技有限公司', '信息技术股份有限公司', '数据服务有限公司', '智能科技有限公司',
  '城市运营有限公司', '数据科学研究院'];
const CO_ORGS = ['中山大学', '华南理工大学', '暨南大学', '深圳大学', '南方科技大学', '广东工业大学', '华南师范大学',
  '华南农业大学', '广州大学', '汕头大学', '五邑大学'];
const PREFIXES = ['基于多源数据融合的', '面向全域感知的', '基于大模型与知识图谱的', '基于隐私计算的', '基于可信数据空间的',
  '融合时空数据的', '数据驱动的'];
const PRODUCTS = ['智能调度平台', '协同决策系统', '风险预警平台', '全链路监测系统', '一体化服务平台', '智能分析与应用平台',
  '数字孪生平台', '精准服务体系'];
/** Three scenarios per Guangdong track code: the middle of a project's name. */
const SCENARIOS: Record<string, [string, string, string]> = {
  T01: ['高端装备制造', '产业链供应链', '工业碳排放'],
  T02: ['智慧农业生产', '种业全链条', '耕地质量'],
  T03: ['跨境电商', '现代商贸流通', '品质消费'],
  T04: ['城市交通', '港口航运物流', '综合交通枢纽'],
  T05: ['普惠金融', '供应链金融', '小微企业信贷'],
  T06: ['科研数据共享', '科技成果转化', '科学数据'],
  T07: ['区域医疗协同', '慢病管理', '医学影像'],
  T08: ['医保基金监管', '医保支付', '药品耗材追溯'],
  T09: ['自然灾害', '安全生产', '城市生命线'],
  T10: ['气象灾害', '农业气象', '新能源功率预测'],
  T11: ['城市运行', '基层治理', '智慧社区'],
  T12: ['碳足迹核算', '能源消费', '绿色电力'],
  T13: ['就业服务', '职业技能提升', '人才精准匹配'],
  T14: ['全民健身', '体育赛事', '青少年体质健康'],
  T15: ['文物数字化保护', '历史文化街区', '考古遗址'],
  T16: ['中药材溯源', '中医诊疗', '中医药知识服务'],
  T17: ['算力网络调度', '数据流通交易', '公共数据授权运营'],
};
const TEAM_WORDS = ['创新团队', '攻关团队', '联合团队', '数据团队', '项目组'];
// 20 surnames and 22 given names: gcd(20 + 1, 22) = 1, so the first 440 names are all different.
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林',
  '罗', '梁'];
const GIVEN = ['建华', '志强', '海燕', '晓明', '丽娟', '国庆', '文博', '静怡', '振宇', '雅琴', '立新', '慧敏', '子涵',
  '永明', '秀英', '嘉伟', '婉婷', '春生', '若曦', '宏伟', '思远', '凤霞'];
const JUDGE_ORGS = ['中山大学', '华南理工大学', '暨南大学', '深圳大学', '南方科技大学', '广东省科学院', '广东工业大学',
  '华南师范大学', '香港科技大学（广州）', '广东财经大学'];
const TITLES = ['教授', '研究员', '正高级工程师', '副教授', '高级经济师', '首席数据官', '主任医师'];

const pick = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length]!;

/** A person's name for an index: distinct for the first 440 indexes. */
export function personName(i: number): string {
  return pick(SURNAMES, i) + pick(GIVEN, i + Math.floor(i / SURNAMES.length));
}

function leadOrg(g: number): string {
  const kind = pick(ORG_KINDS, g);
  const city = pick(CITIES, g * 5 + 2);
  return kind.startsWith('市') || kind.endsWith('研究院') ? `${city}${kind}` : `${city}${pick(BRANDS, g * 7 + 1)}${kind}`;
}

/** The rehearsal event: R rooms (track i of the Guangdong preset in room i), T teams and J judges per room, one recusal. */
export function buildDemoEvent(opts: Pick<DemoOptions, 'eventId' | 'rooms' | 'teams' | 'judges'>): EventConfig {
  const base = eventFromPreset(DEMO_PRESET, opts.eventId);
  if (opts.rooms < 1 || opts.rooms > base.tracks.length) throw new RangeError(`rooms must be from 1 to ${base.tracks.length}`);
  const tracks = base.tracks.slice(0, opts.rooms);
  const rooms: Room[] = [];
  const teams: Team[] = [];
  const judges: Judge[] = [];
  tracks.forEach((track, ri) => {
    const r = ri + 1;
    const scenarios = SCENARIOS[track.code] ?? [track.name, track.name, track.name];
    for (let t = 1; t <= opts.teams; t++) {
      const i = t - 1;
      const g = ri * opts.teams + i;
      const org = leadOrg(g);
      // 7, 3 and 8 are pairwise coprime: the first 168 names of a track are all different.
      const project = `${pick(PREFIXES, i)}${pick(scenarios, i)}${pick(PRODUCTS, i)}`;
      teams.push({
        id: `r${r}t${String(t).padStart(2, '0')}`,
        trackId: track.id,
        project,
        name: `${pick(BRANDS, g * 5 + r)}${pick(TEAM_WORDS, g)}`,
        leadOrg: org,
        coOrgs: g % 3 === 2 ? [] : [pick(CO_ORGS, g * 3 + 1), ...(g % 3 === 0 ? [pick(CITIES, g + 4) + '市政务服务和数据管理局'] : [])],
        topic: track.topics.length ? pick(track.topics, i) : '',
        representatives: [personName(1000 + g * 2), ...(g % 2 === 0 ? [personName(1001 + g * 2)] : [])],
      });
    }
    const panel: string[] = [];
    for (let j = 1; j <= opts.judges; j++) {
      const g = ri * opts.judges + (j - 1);
      const id = `r${r}j${String(j).padStart(2, '0')}`;
      judges.push({ id, name: personName(g), org: pick(JUDGE_ORGS, g * 3 + r), title: pick(TITLES, g) });
      panel.push(id);
    }
    rooms.push({ id: `room${r}`, name: `第${r}会场`, trackIds: [track.id], panel });
  });
  const recusals: EventConfig['recusals'] = [];
  const firstJudge = judges[0];
  const secondTeam = teams[1];
  // Room 1's first judge works where room 1's second team is led from; that needs a second team and a second judge.
  if (firstJudge && secondTeam && opts.judges >= 2 && secondTeam.id.startsWith('r1t')) {
    firstJudge.org = secondTeam.leadOrg;
    recusals.push({ team: secondTeam.id, judge: firstJudge.id, reason: '同单位回避' });
  }
  return eventConfigSchema.parse({
    ...base,
    name: `${DEMO_NAME_PREFIX}${base.name}`,
    shortName: `${DEMO_NAME_PREFIX}${base.shortName}`,
    tracks, rooms, teams, judges, recusals,
  });
}
