// The host console's words, in Chinese (first) and English.

const zh = {
  host: {
    title: '主持控制台', room: '会场', order: '出场顺序', draw: '抽签', drawSeed: '抽签种子', drawHint: '开场前抽签，种子公开可复核',
    dragHint: '拖动调整顺序', current: '当前团队', none: '暂无团队在台上', next: '下一组', noNext: '本场所有团队已完成',
    nextStep: '下一步', shortcuts: '快捷键',
    step: {
      call: '请下一组上台', 'start-presentation': '开始陈述', 'start-qa': '开始答辩', 'open-scoring': '开启评分',
      'close-scoring': '截止评分', reveal: '亮分', finish: '结束本场', resume: '继续', ceremony: '颁奖下一项',
    },
    ceremonyNow: '大屏颁奖 {i}/{n}：{what}', ceremonyNone: '暂无获奖团队，大屏显示排行榜', ceremonyOver: '颁奖结束：大屏显示最终排行榜', ceremonyEnd: '最终排行榜',
    ceremonyBack: '颁奖上一项', ceremonyNext: '颁奖下一项',
    reopenSession: '撤销结束，重新开放本场', reopenSessionConfirm: '重新开放本场',
    reopenSessionBody: '本场将回到「等待开始」：大屏退出颁奖，可以继续请团队上台。已亮分的成绩和排名不变，此操作记入审计日志。',
    back: '后退一步', pause: '暂停', resume: '继续', absent: '缺席/跳过', callTeam: '上台', extend: '+1 分钟',
    timerPause: '暂停计时', timerResume: '继续计时',
    panel: '评审组', connected: '在线', disconnected: '离线', submitted: '已评分', waiting: '未评分', recused: '回避',
    divergent: '分差较大', reopen: '重新开放', submittedOf: '{n} / {m} 位评委已评分',
    reasonTitle: '请填写原因', reasonClose: '还有 {n} 位评委未评分：{names}。截止评分需要填写原因。',
    reasonReopen: '为 {name} 重新开放评分的原因', reasonAbsent: '{team} 缺席或跳过的原因', reasonPlaceholder: '原因（将记入审计日志）',
    cancel: '取消', confirm: '确认', correct: '更正评分', correctJudge: '选择评委', corrected: '已更正', noSheet: '无评分', before: '原评分', after: '更正为',
    display: '大屏显示', reloadDisplays: '刷新大屏', reloaded: '已通知 {n} 块大屏刷新',
    modes: { auto: '自动（跟随流程）', welcome: '欢迎页', stage: '台上团队', leaderboard: '排行榜', ceremony: '颁奖' },
    special: {
      title: '特色奖项 · {track}', announced: '已宣布', notReady: '本赛道最后一支团队亮分后，可开启评委投票或录入评审委员会决定。',
      pool: '特别奖候选', ballotOpen: '评委投票进行中', voted: '已投 {n} / {m}', secret: '投票内容保密，结束投票后计票。',
      noVotes: '无人投票', vacant: '空缺', pending: '待决定', reason: '决定理由：{reason}',
      votes: '{team} {n} 票', open: { tie: '平票：请录入评审组决定', double: '同一团队获两项：请录入评审组决定' },
      openBallot: '开启评委投票', closeBallot: '结束投票并计票', settle: '录入评审组决定（平票/重复获奖）', correct: '更正决定',
      direct: '录入评审委员会决定', announce: '宣布特色奖项',
      dialogTitle: '特色奖项决定 · {track}', dialogHint: '每个奖项从特别奖候选中选择获奖团队（或空缺）；每个团队最多获一项特别奖。理由将记入审计日志。',
    },
    resolveTie: '决定次序', tieTitle: '评审组决定并列次序', tieHint: '按评审组合议结果排列并列团队（上方名次在前），并填写原因。', status: { waiting: '待上场', done: '已亮分', absent: '缺席', onStage: '台上 · {phase}' },
    leaderboard: '排行榜', rank: '名次', score: '得分', awards: { first: '一等奖', second: '二等奖', third: '三等奖', merit: '优秀奖' },
    boardProvisional: '暂列 · 本赛道尚未全部亮分', boardFinal: '最终排名', awardProvisional: '暂列{award}', judgeRecused: '回避', judgeMissing: '未评分',
    pool: '特别奖候选', tieAtLine: '获奖线并列，需评审组决定', revealed: '亮分结果', dropped: { highest: '去最高', lowest: '去最低' },
    badLink: '链接无效，请联系管理员。', revoked: '此链接已失效，请向管理员索取新链接。', error: '操作未完成：{message}',
    voting: {
      title: '大众评审', voters: '已有 {n} 人投票', sealed: '票数密封，亮分时公布', open: '开始投票', close: '结束投票',
      window: { idle: '未开始', open: '投票中', closed: '已结束' }, scores: '大众评审团在每队评分时打分',
    },
    publicImport: {
      title: '大众投票 · 外部平台导入', go: '导入大众投票',
      reason: '将「{file}」中的票数导入赛道「{track}」，替换此前导入的票数。请填写导入理由（如：微信投票截至 18:00 的结果），记入审计日志。',
    },
    machineOwn: '服务器：{address}', machineStandby: '已切换到备用机：{address}', correctionSaved: '更正{where}',
    savedTwo: '已保存（两台机器）', savedOne: '已保存（仅本机）',
  },
};

type Messages = typeof zh;

const en: Messages = {
  host: {
    title: 'Host console', room: 'Room', order: 'Running order', draw: 'Draw', drawSeed: 'Draw seed', drawHint: 'Draw before the first team; the seed is public',
    dragHint: 'Drag to reorder', current: 'On stage', none: 'No team on stage', next: 'Next', noNext: 'Every team of this room is done',
    nextStep: 'Next step', shortcuts: 'Shortcuts',
    step: {
      call: 'Call the next team', 'start-presentation': 'Start presentation', 'start-qa': 'Start Q&A', 'open-scoring': 'Open scoring',
      'close-scoring': 'Close scoring', reveal: 'Reveal', finish: 'Finish the session', resume: 'Resume', ceremony: 'Next award',
    },
    ceremonyNow: 'Projector ceremony {i}/{n}: {what}', ceremonyNone: 'No winners yet: the projector shows the leaderboard', ceremonyOver: 'Ceremony over: the projector shows the final leaderboard', ceremonyEnd: 'Final leaderboard',
    ceremonyBack: 'Previous award', ceremonyNext: 'Next award',
    reopenSession: 'Undo finish: re-open the session', reopenSessionConfirm: 'Re-open the session',
    reopenSessionBody: 'The session goes back to “waiting”: the projector leaves the ceremony and teams can be called again. Revealed scores and ranks stay as they are; this is recorded in the audit log.',
    back: 'Back one step', pause: 'Pause', resume: 'Resume', absent: 'Absent / skip', callTeam: 'Call', extend: '+1 min',
    timerPause: 'Pause timer', timerResume: 'Resume timer',
    panel: 'Panel', connected: 'online', disconnected: 'offline', submitted: 'scored', waiting: 'not yet', recused: 'recused',
    divergent: 'far from the others', reopen: 'Re-open', submittedOf: '{n} of {m} judges have scored',
    reasonTitle: 'A reason, please', reasonClose: '{n} judge(s) have not scored: {names}. Closing needs a reason.',
    reasonReopen: 'Why re-open scoring for {name}', reasonAbsent: 'Why {team} is absent or skipped', reasonPlaceholder: 'Reason (kept in the audit log)',
    cancel: 'Cancel', confirm: 'Confirm', correct: 'Correct a score', correctJudge: 'Choose the judge', corrected: 'corrected', noSheet: 'no sheet', before: 'Before', after: 'After',
    display: 'Projector', reloadDisplays: 'Reload projectors', reloaded: '{n} projector(s) asked to reload',
    modes: { auto: 'Auto (follow the show)', welcome: 'Welcome', stage: 'On stage', leaderboard: 'Leaderboard', ceremony: 'Award ceremony' },
    special: {
      title: 'Special awards · {track}', announced: 'Announced', notReady: 'After the track’s last reveal: open the panel’s vote or record the committee’s decision.',
      pool: 'Special-award pool', ballotOpen: 'The panel is voting', voted: '{n} of {m} voted', secret: 'The votes are secret until the vote is closed and counted.',
      noVotes: 'no votes', vacant: 'vacant', pending: 'to be decided', reason: 'Reason: {reason}',
      votes: '{team}: {n}', open: { tie: 'A tie: record the panel’s decision', double: 'One team would win two: record the panel’s decision' },
      openBallot: 'Open the panel’s vote', closeBallot: 'Close and count the vote', settle: 'Record the panel’s decision (tie / double winner)', correct: 'Correct the decision',
      direct: 'Record the committee’s decision', announce: 'Announce the special awards',
      dialogTitle: 'Special awards · {track}', dialogHint: 'For each award choose the winning pool team (or leave it vacant); one special award per team. The reason goes into the audit log.',
    },
    resolveTie: 'Decide the order', tieTitle: 'The panel orders the tied teams', tieHint: 'Put the tied teams in the order the panel decided (top ranks first) and give the reason.', status: { waiting: 'waiting', done: 'revealed', absent: 'absent', onStage: 'on stage · {phase}' },
    leaderboard: 'Leaderboard', rank: 'Rank', score: 'Score', awards: { first: 'First prize', second: 'Second prize', third: 'Third prize', merit: 'Merit award' },
    boardProvisional: 'Provisional · not every team revealed', boardFinal: 'Final ranking', awardProvisional: 'Provisionally {award}', judgeRecused: 'Recused', judgeMissing: 'Not scored',
    pool: 'special-award pool', tieAtLine: 'Tie at an award line: the panel decides', revealed: 'Revealed', dropped: { highest: 'highest dropped', lowest: 'lowest dropped' },
    badLink: 'This link is not valid: ask the administrator.', revoked: 'This link was revoked: ask the administrator for a new one.', error: 'Not done: {message}',
    voting: {
      title: 'Public vote', voters: '{n} have voted', sealed: 'Counts sealed until the reveal', open: 'Open voting', close: 'Close voting',
      window: { idle: 'Not open', open: 'Open', closed: 'Closed' }, scores: 'Public jurors score each team during its scoring',
    },
    publicImport: {
      title: 'Public votes · from an outside platform', go: 'Import public votes',
      reason: 'The votes in “{file}” go to the track “{track}”, replacing those imported before. Why (e.g. the WeChat poll as of 18:00)? Kept in the audit log.',
    },
    machineOwn: 'Server: {address}', machineStandby: 'Moved to the standby machine: {address}', correctionSaved: 'Correction {where}',
    savedTwo: 'saved (on both machines)', savedOne: 'saved (on this machine only)',
  },
};

export const hostMessages = { 'zh-CN': zh, en };
