// The words of the public's vote on the phones' page (大众评审): loaded with the vote's panel (components/VotePanel.vue),
// so that a phone that only watches does not load them; Chinese (first) and English.

const zh = {
  vote: {
    title: '大众评审', enterCode: '输入座位卡上的评审码参与投票', join: '参与', badCode: '评审码应为 16 位字母和数字，请核对座位卡',
    codeHint: '也可以用手机扫描座位卡上的二维码。每个评审码只能在一部手机上使用。',
    none: '本赛事暂无大众评审', sealed: '投票结果在亮分时公布，此前不显示任何票数。',
    window: { idle: '尚未开始', open: '投票中', closed: '已结束' },
    voted: '已投票', scored: '已评分', yourVote: '您投给了：', yourScore: '您的评分：',
    pick: '请选择支持的团队：最多 {n} 个，每队一票', next: '已选 {n}/{m}，下一步', confirm: '确认投出 {n} 票？选票提交后不能更改。',
    back: '返回修改', submit: '提交', sending: '正在提交…',
    scoreNow: '正在评分', scoreOf: '0 – {max} 分', scoreRange: '请输入 0 到 {max} 之间的分数（最多 3 位小数）',
    refused: {
      UNAUTHORIZED: '评审码无效，请核对座位卡。', REVOKED: '此评审码已被作废，请联系工作人员。',
      OTHER_DEVICE: '此评审码已在另一部手机上使用：每个评审码只能用一部手机。',
      // The server's refusals of a ballot (shared/refusals.ts VOTER_REFUSALS); any other: `other`.
      'ballot-teams': '选票有误：最多投 {n} 票，每个团队至多一票，且只能投本赛道的团队', 'ballot-final': '您已投过票：选票一经提交不能更改',
      'public-over-max': '分数须在 0 到 {max} 之间', 'public-scoring-not-open': '该团队当前不在评分环节',
      'voter-code-required': '该赛道须凭评审码投票', 'voting-no-public': '该赛道没有大众评审',
      'voting-wrong-kind': '该赛道的大众评审不是这种方式', 'voter-revoked': '此评审码已被作废', 'voting-not-open': '投票尚未开始或已经结束',
      other: '未能提交，请稍后重试',
    },
  },
};

const en: typeof zh = {
  vote: {
    title: 'Public vote', enterCode: 'Enter the voter code on your seat card to vote', join: 'Join', badCode: 'A voter code is 16 letters and digits: check your seat card',
    codeHint: 'Or scan the QR code on your seat card. Each code works on one phone only.',
    none: 'No public vote in this event', sealed: 'Results are shown at the reveal; no counts are shown before.',
    window: { idle: 'Not open yet', open: 'Voting open', closed: 'Closed' },
    voted: 'Voted', scored: 'Scored', yourVote: 'You voted for: ', yourScore: 'Your score: ',
    pick: 'Choose the teams you support: up to {n}, one vote per team', next: '{n}/{m} chosen: next', confirm: 'Cast {n} vote(s)? A ballot cannot be changed.',
    back: 'Change', submit: 'Submit', sending: 'Submitting…',
    scoreNow: 'Scoring now', scoreOf: '0 – {max}', scoreRange: 'Enter a score from 0 to {max} (at most 3 decimals)',
    refused: {
      UNAUTHORIZED: 'This voter code is not valid: check your seat card.', REVOKED: 'This voter code was revoked: ask the staff.',
      OTHER_DEVICE: 'This voter code is in use on another phone: each code works on one phone only.',
      'ballot-teams': 'Invalid ballot: at most {n} votes, one per team, teams of this track only',
      'ballot-final': 'You have voted already: a ballot is final',
      'public-over-max': 'The score must be between 0 and {max}',
      'public-scoring-not-open': 'This team is not being scored now',
      'voter-code-required': 'This track takes votes with a voter code only',
      'voting-no-public': 'This track has no public vote',
      'voting-wrong-kind': 'This track\'s public part is not of that kind',
      'voter-revoked': 'This voter code has been revoked',
      'voting-not-open': 'Voting has not started or is over',
      other: 'Not submitted: try again shortly',
    },
  },
};

/** The `vote` section, by language, merged into the page's i18n when the panel loads. */
export const voteMessages = { 'zh-CN': zh, en };
