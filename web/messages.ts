// Every word the apps show, in Chinese (first) and English, but those only the apps people act in show
// (client/common/messages.ts: refusals, the judge tablet's, the tablets' health), which the phones' page does not load.
const zh = {
  app: { judge: '评委评分', connected: '已连接', offline: '未连接 · 正在重连', storage: '正在重新连接存储…', language: 'EN' },
  phase: {
    idle: '等待开始', 'on-stage': '候场 · 上台', presenting: '项目陈述', qa: '答辩问答', scoring: '评分中',
    closed: '评分已截止', revealed: '已亮分', finished: '本场结束', paused: '暂停',
  },
  // A judge's tablet's health (shared/health.ts), on the host's panel board and the supervisor's page.
  display: {
    projector: '大屏', live: '实时成绩', connecting: '正在连接…', offline: '连接中断 · 正在重连', storage: '正在重新连接存储…',
    badLink: '此大屏链接无效或已更换，请联系工作人员。', notFound: '未找到该赛事，请检查链接。',
    revoked: '此链接已失效，请向工作人员索取新链接。', paused: '暂停',
    welcome: '欢迎莅临', startsSoon: '决赛即将开始', first: '首位出场', next: '下一组', teams: '{n} 支参赛团队',
    onStage: '台上团队', getReady: '即将开始', presentation: '项目陈述', qa: '答辩问答', scoringWindow: '评分时间',
    remaining: '剩余时间', overrun: '超时', team: '参赛团队', leadOrg: '牵头单位', coOrgs: '联合单位',
    track: '赛道', topic: '赛题方向',
    scoring: '评委评分中', judgesScored: '位评委已评分', closed: '评分已截止', awaitingReveal: '即将亮分',
    judge: '评委 {n}', reveal: '现场亮分', dropHigh: '去掉最高分', dropLow: '去掉最低分', finalScore: '最终得分',
    rankNow: '当前排名', rankN: '第 {n} 名', insufficient: '有效评委不足，成绩暂不公布', points: '分',
    award: { first: '一等奖', second: '二等奖', third: '三等奖', merit: '优秀奖' },
    pool: '特别奖候选', board: '实时排行榜', revealedN: '已亮分 {n} 队', noResults: '尚未亮分',
    needFor: '晋级{award}需 {score} 分', gap: '还差 {gap} 分', leading: '暂列第一',
    ceremony: '颁奖典礼', winners: '获奖团队', congratulations: '热烈祝贺', specialAward: '特 色 奖 项', specialAwards: '特色奖项',
    draw: '抽签结果 · 出场顺序', drawing: '正在抽签…', seed: '抽签种子 {seed}', order: '出场顺序',
    nowOnStage: '正在进行', rooms: '各会场', pickTrack: '选择赛道', noTeam: '暂无团队上台', finished: '本场已结束',
    scoredOf: '{n}/{m} 位评委已评分', scoreRank: '{score} 分 · 第 {rank} 名', language: 'EN',
    judgeRecused: '回避', judgeMissing: '未评分', rankFinal: '最终排名', rankProvisional: '暂列第 {n} 名',
    awardProvisional: '暂列{award}', boardFinal: '最终排行榜', finalNote: '全部团队已亮分 · 排名为最终结果',
    provisionalNote: '赛道尚未全部亮分，排名与奖项为暂列', provisionalMark: '暂', provisionalBadge: '暂列 · 未全部亮分',
    scanLive: '扫码看实时成绩',
    mixLine: '专家评分 {panel} × {pp}% + 大众评审 {pub} × {up}% = {score}', mixLegend: '专家评分 {pp}% + 大众评审 {up}%',
    mixParts: '专家 {panel} · 大众 {pub}',
  },
};

type Messages = typeof zh;

const en: Messages = {
  app: { judge: 'Judge scoring', connected: 'Connected', offline: 'Offline · reconnecting', storage: 'Reconnecting to storage…', language: '中文' },
  phase: {
    idle: 'Waiting', 'on-stage': 'On stage', presenting: 'Presentation', qa: 'Q&A', scoring: 'Scoring',
    closed: 'Scoring closed', revealed: 'Revealed', finished: 'Session over', paused: 'Paused',
  },
  display: {
    projector: 'Projector', live: 'Live results', connecting: 'Connecting…', offline: 'Connection lost · reconnecting', storage: 'Reconnecting to storage…',
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
    needFor: '{award} needed {score}', gap: '{gap} short', leading: 'In the lead',
    ceremony: 'Award ceremony', winners: 'Winners', congratulations: 'Congratulations', specialAward: 'Special award', specialAwards: 'Special awards',
    draw: 'The draw · running order', drawing: 'Drawing…', seed: 'Draw seed {seed}', order: 'Running order',
    nowOnStage: 'Now', rooms: 'Rooms', pickTrack: 'Track', noTeam: 'No team on stage', finished: 'Session over',
    scoredOf: '{n} of {m} judges have scored', scoreRank: '{score} · No. {rank}', language: '中文',
    judgeRecused: 'Recused', judgeMissing: 'Not scored', rankFinal: 'Final rank', rankProvisional: 'Provisionally No. {n}',
    awardProvisional: 'Provisionally {award}', boardFinal: 'Final leaderboard', finalNote: 'Every team revealed · the ranking is final',
    provisionalNote: 'Not every team of the track is revealed: ranks and prizes are provisional', provisionalMark: '~', provisionalBadge: 'Provisional',
    scanLive: 'Scan for live results',
    mixLine: 'Panel {panel} × {pp}% + public {pub} × {up}% = {score}', mixLegend: 'Panel {pp}% + public {up}%',
    mixParts: 'Panel {panel} · public {pub}',
  },
};

export const messages = { 'zh-CN': zh, en };
export type Locale = keyof typeof messages;
