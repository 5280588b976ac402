// Every word the apps show, in Chinese (first) and English.

const zh = {
  app: { judge: '评委评分', connected: '已连接', offline: '未连接 · 正在重连', language: 'EN' },
  phase: {
    idle: '等待开始', 'on-stage': '候场 · 上台', presenting: '项目陈述', qa: '答辩问答', scoring: '评分中',
    closed: '评分已截止', revealed: '已亮分', finished: '本场结束', paused: '暂停',
  },
  judge: {
    welcome: '欢迎您，评委', confirmTitle: '请确认您的身份', confirmBody: '您正在进入 {room} 的评分系统。',
    thisIsMe: '我是 {name}，进入评分', notMe: '不是我？请联系工作人员更换链接',
    waiting: '暂无团队在台上', next: '下一组', nothingNext: '本场暂无下一组',
    onStage: '台上团队', project: '项目', team: '团队', leadOrg: '牵头单位', track: '赛道', topic: '赛题方向',
    scoringSoon: '陈述与答辩结束后，主持人将开启评分。',
    form: '评分表', total: '总分', max: '满分 {max}', step: '步长 {step}',
    submit: '提交评分', resubmit: '提交修改', confirm: '确认提交', confirmTotal: '本次提交总分', back: '返回修改',
    saved: '已保存', savedAt: '已保存 · {time}', version: '第 {n} 版', edit: '修改评分',
    pending: '尚未发送，联网后将自动发送', sending: '正在发送…',
    refused: '未能保存：{message}', recused: '您与该团队存在回避关系，本轮无需评分。',
    closed: '本团队评分已截止。', closedSaved: '您的评分已保存：{total} 分', closedMissing: '您未对本团队评分。',
    invalid: '请输入 0 到 {max} 之间、步长为 {step} 的分数', incomplete: '还有 {n} 项未评分',
    myRecord: '我的评分记录', none: '暂无记录', notSeated: '您不在任何会场的评审组中，请联系工作人员。',
    revoked: '此链接已失效，请向工作人员索取新链接。', badLink: '链接无效，请联系工作人员。',
    remaining: '剩余', overrun: '超时',
  },
  display: {
    projector: '大屏', live: '实时成绩', connecting: '正在连接…', offline: '连接中断 · 正在重连',
    badLink: '此大屏链接无效或已更换，请联系工作人员。', notFound: '未找到该赛事，请检查链接。',
    revoked: '此链接已失效，请向工作人员索取新链接。', paused: '暂停',
    welcome: '欢迎莅临', startsSoon: '决赛即将开始', first: '首位出场', next: '下一组', teams: '{n} 支参赛团队',
    onStage: '正在答辩', getReady: '即将开始', presentation: '项目陈述', qa: '答辩问答', scoringWindow: '评分时间',
    remaining: '剩余时间', overrun: '超时', team: '参赛团队', leadOrg: '牵头单位', coOrgs: '联合单位',
    track: '赛道', topic: '赛题方向',
    scoring: '评委评分中', judgesScored: '位评委已评分', closed: '评分已截止', awaitingReveal: '即将亮分',
    judge: '评委 {n}', reveal: '现场亮分', dropHigh: '去掉最高分', dropLow: '去掉最低分', finalScore: '最终得分',
    rankNow: '当前排名', rankN: '第 {n} 名', insufficient: '有效评委不足，成绩暂不公布', points: '分',
    award: { first: '一等奖', second: '二等奖', third: '三等奖', merit: '优秀奖' },
    pool: '特别奖候选', board: '实时排行榜', revealedN: '已亮分 {n} 队', noResults: '尚未亮分',
    needFor: '晋级{award}需 {score} 分', gap: '还差 {gap} 分', leading: '暂列第一', provisional: '排名随亮分实时更新',
    ceremony: '颁奖典礼', winners: '获奖团队', congratulations: '热烈祝贺',
    draw: '抽签结果 · 出场顺序', drawing: '正在抽签…', seed: '抽签种子 {seed}', order: '出场顺序',
    nowOnStage: '正在进行', rooms: '各会场', pickTrack: '选择赛道', noTeam: '暂无团队上台', finished: '本场已结束',
    scoredOf: '{n}/{m} 位评委已评分', scoreRank: '{score} 分 · 第 {rank} 名', language: 'EN',
  },
};

type Messages = typeof zh;

const en: Messages = {
  app: { judge: 'Judge scoring', connected: 'Connected', offline: 'Offline · reconnecting', language: '中文' },
  phase: {
    idle: 'Waiting', 'on-stage': 'On stage', presenting: 'Presentation', qa: 'Q&A', scoring: 'Scoring',
    closed: 'Scoring closed', revealed: 'Revealed', finished: 'Session over', paused: 'Paused',
  },
  judge: {
    welcome: 'Welcome', confirmTitle: 'Please confirm who you are', confirmBody: 'You are joining the panel of {room}.',
    thisIsMe: 'I am {name}: start', notMe: 'Not you? Ask the staff for your own link',
    waiting: 'No team on stage', next: 'Next', nothingNext: 'No further team in this session',
    onStage: 'On stage', project: 'Project', team: 'Team', leadOrg: 'Lead organisation', track: 'Track', topic: 'Topic',
    scoringSoon: 'The host opens scoring after the presentation and Q&A.',
    form: 'Score sheet', total: 'Total', max: 'max {max}', step: 'step {step}',
    submit: 'Submit', resubmit: 'Submit the change', confirm: 'Confirm', confirmTotal: 'Total to submit', back: 'Back',
    saved: 'Saved', savedAt: 'Saved · {time}', version: 'version {n}', edit: 'Change my score',
    pending: 'Not sent yet: it will be sent when connected', sending: 'Sending…',
    refused: 'Not saved: {message}', recused: 'You are recused from this team: no score is needed.',
    closed: 'Scoring for this team is closed.', closedSaved: 'Your score is saved: {total}', closedMissing: 'You did not score this team.',
    invalid: 'Enter a score from 0 to {max} in steps of {step}', incomplete: '{n} item(s) still to score',
    myRecord: 'My scores', none: 'None yet', notSeated: 'You are not on any panel: please ask the staff.',
    revoked: 'This link was revoked: ask the staff for a new one.', badLink: 'This link is not valid: please ask the staff.',
    remaining: 'Left', overrun: 'Over time',
  },
  display: {
    projector: 'Projector', live: 'Live results', connecting: 'Connecting…', offline: 'Connection lost · reconnecting',
    badLink: 'This display link is not valid or was replaced: please ask the staff.', notFound: 'No such event: check the link.',
    revoked: 'This link was revoked: ask the staff for a new one.', paused: 'Paused',
    welcome: 'Welcome to', startsSoon: 'The final begins shortly', first: 'First on stage', next: 'Next', teams: '{n} teams',
    onStage: 'On stage', getReady: 'Getting ready', presentation: 'Presentation', qa: 'Q&A', scoringWindow: 'Scoring time',
    remaining: 'Time left', overrun: 'Over time', team: 'Team', leadOrg: 'Lead organisation', coOrgs: 'Partners',
    track: 'Track', topic: 'Topic',
    scoring: 'The judges are scoring', judgesScored: 'judges have scored', closed: 'Scoring closed', awaitingReveal: 'The scores are coming',
    judge: 'Judge {n}', reveal: 'The scores', dropHigh: 'Highest dropped', dropLow: 'Lowest dropped', finalScore: 'Final score',
    rankNow: 'Rank now', rankN: 'No. {n}', insufficient: 'Too few valid judges: no score published', points: 'pts',
    award: { first: 'First prize', second: 'Second prize', third: 'Third prize', merit: 'Merit award' },
    pool: 'Special-award pool', board: 'Live leaderboard', revealedN: '{n} teams revealed', noResults: 'No scores yet',
    needFor: '{award} needed {score}', gap: '{gap} short', leading: 'In the lead', provisional: 'Ranks move with every reveal',
    ceremony: 'Award ceremony', winners: 'Winners', congratulations: 'Congratulations',
    draw: 'The draw · running order', drawing: 'Drawing…', seed: 'Draw seed {seed}', order: 'Running order',
    nowOnStage: 'Now', rooms: 'Rooms', pickTrack: 'Track', noTeam: 'No team on stage', finished: 'Session over',
    scoredOf: '{n} of {m} judges have scored', scoreRank: '{score} · No. {rank}', language: '中文',
  },
};

export const messages = { 'zh-CN': zh, en };
export type Locale = keyof typeof messages;
