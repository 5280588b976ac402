// The words of 为什么是这个分数 on the phones' page: loaded with its panel (components/ScoreWhy.vue), after the page, so
// that a phone's first visit does not wait for them; Chinese (first) and English.

const zh = {
  why: {
    title: '为什么是这个分数', sum: '保留的 {n} 个总分相加：', divide: '除以 {n}，取平均：', round: '四舍五入，保留 {d} 位小数：',
    insufficient: '有效评委 {n} 人，不足 {min} 人：成绩暂不公布。', rules: '本赛道规则',
    method: {
      'trimmed-mean': '有效评委不少于 {at} 人时，去掉 {high} 个最高分和 {low} 个最低分，其余总分取平均值。',
      mean: '所有有效评委的总分取平均值。',
      'trimmed-sum': '有效评委不少于 {at} 人时，去掉 {high} 个最高分和 {low} 个最低分，其余总分相加。',
      sum: '所有有效评委的总分相加。',
    },
    noTrim: '本队有效评委 {n} 人，少于 {at} 人，不去分。', minJudges: '有效评委少于 {n} 人时，成绩不公布。',
    rounding: '得分四舍五入保留 {d} 位小数（逢五进一），全程精确计算。', unscored: '回避或未评分的评委不计入。',
    mix: '以上为专家评分；与大众评审按权重合成，四舍五入保留 {d} 位小数：',
    mixVotes: '大众评审分 = 本队得票数 ÷ 本赛道最高票数 × 满分，四舍五入保留 {d} 位小数。', mixScores: '大众评审分 = 大众评审团打分的平均分，四舍五入保留 {d} 位小数。',
  },
};

const en: typeof zh = {
  why: {
    title: 'Why this score', sum: 'The {n} kept totals added up:', divide: 'Divided by {n}, the mean:', round: 'Rounded half up to {d} decimals:',
    insufficient: '{n} valid judges, fewer than {min}: no score is published yet.', rules: 'This track’s rules',
    method: {
      'trimmed-mean': 'With at least {at} valid judges, the {high} highest and {low} lowest totals are dropped; the mean of the rest is the score.',
      mean: 'The mean of every valid judge’s total is the score.',
      'trimmed-sum': 'With at least {at} valid judges, the {high} highest and {low} lowest totals are dropped; the rest are added up.',
      sum: 'Every valid judge’s total is added up.',
    },
    noTrim: 'This team had {n} valid judges, fewer than {at}: nothing was dropped.', minJudges: 'With fewer than {n} valid judges no score is published.',
    rounding: 'The score is rounded half up to {d} decimals, computed exactly throughout.', unscored: 'Recused judges and judges who did not score do not count.',
    mix: 'That is the panel’s score; weighed with the public’s part and rounded half up to {d} decimals:',
    mixVotes: 'The public’s part = the team’s votes ÷ the most votes in the track × full marks, rounded half up to {d} decimals.',
    mixScores: 'The public’s part = the mean of the public jurors’ scores, rounded half up to {d} decimals.',
  },
};

/** The `why` section, by language, merged into the page's i18n when the panel loads. */
export const whyMessages = { 'zh-CN': zh, en };
