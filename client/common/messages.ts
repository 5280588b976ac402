// The words only the apps people act in show, Chinese (first) and English: the refusals of the server, the judge
// tablet's, the import of public votes and the tablets' health (a screen that only watches shows none of them, so the
// phones' page does not load them); each app adds them to its i18n (web/i18n.ts makeI18n) with withActing.
import type { Intent } from '../../shared/phases';
import type { ErrorCode } from '../../shared/protocol';
import type { RefusalReason, VoterRefusal } from '../../shared/refusals';
import type { Locale } from '../../web/messages';

/** A refusal of the server in words, keyed by its reason (shared/refusals.ts), or by its code when it names no reason. */
const zhRefusal = {
  'role-forbidden': '此链接无权执行该操作', 'no-room': '此链接不属于任何会场', 'no-event-session': '此链接不属于任何赛事',
  'bad-payload': '请求内容有误（{detail}）', internal: '服务器未能完成此操作，请重试',
  'event-not-found': '找不到赛事「{event}」', 'room-not-found': '找不到会场「{room}」', 'team-not-found': '找不到该团队（{team}）',
  'track-not-found': '找不到赛道「{track}」', 'preset-not-found': '找不到预设「{preset}」', 'subject-not-found': '本赛事中找不到「{subject}」',
  'audit-entry-not-found': '找不到审计记录 {entry}',
  'event-exists': '赛事编号「{event}」已存在', 'config-invalid': '配置有误，未保存：{problems}', 'config-locked': '未保存：{problems}',
  'judge-not-found': '没有编号为「{judge}」的评委', 'entry-unknown-track': '没有编号为「{track}」的赛道',
  'entry-unknown-topic': '「{topic}」不是赛道「{track}」的赛题方向，可选：{topics}', 'entry-unchanged': '没有改动',
  'team-track-locked': '团队「{team}」已有评分，不能改到其他赛道：评分是按原赛道的评审指标给出的，并计入原赛道的排名',
  'entry-needs-reason': '「{name}」已有评分：修改须填写理由（记入审计日志）',
  'wrong-phase': '当前环节为「{phase}」，不能「{intent}」', 'team-wrong-room': '团队「{team}」不在本会场比赛',
  'team-revealed': '「{team}」已亮分，不能再上台或标记缺席', 'absent-on-stage': '该团队正在台上：请先后退到「候场 · 上台」，再标记缺席',
  'judges-submitted': '已有评委提交评分，不能后退：请截止评分', 'no-eligible-judge': '本评审组没有可以为该团队评分的评委（全部回避）',
  'close-needs-reason': '还有 {n} 位评委未评分：截止评分需要填写原因', 'reopen-needs-reason': '重新开放评分需要填写原因',
  'order-incomplete': '出场顺序必须包含本会场每个团队且各一次', 'draw-started': '第一个团队上台后不能再抽签',
  'no-timer': '本会场当前没有计时', 'extend-seconds': '请说明延长多少秒', 'room-changed': '会场状态刚刚改变，请重试',
  'room-busy': '会场状态变化过快，请稍后重试',
  'tie-team-twice': '同一团队被列了两次', 'tie-not-shared-rank': '只能为同一名次的已亮分团队决定次序',
  'special-not-ready': '本赛道还有团队未亮分，特别奖须在最后一支团队亮分后评定', 'special-ballot-open': '特别奖投票正在进行，请先结束投票',
  'special-ballot-not-open': '特别奖投票未开启或已结束', 'special-ballot-done': '本赛道的特别奖投票已结束，可由主持人录入或更正决定',
  'special-no-awards': '本赛道未设特别奖', 'special-wrong-track': '该赛道不在本会场',
  'special-unknown-award': '「{award}」不是本赛道的特别奖', 'special-not-in-pool': '「{team}」不在特别奖候选（前列）之中',
  'special-over-count': '「{award}」最多 {count} 个获奖团队', 'special-two-awards': '「{team}」已获「{other}」，每个团队最多获一项特别奖',
  'special-judge-recused': '您需回避「{team}」，不能投给该团队', 'special-undecided': '还有特别奖待主持人决定（平票或重复获奖），请先录入决定',
  'special-not-announced': '特别奖尚未宣布',
  'correct-not-closed': '评分截止后才能更正评分', 'sheets-before-reveal': '亮分后才能查看评委的原评分', 'correct-scoring-open': '该团队仍在评分中：评委可在平板上直接修改',
  'correction-needs-reason': '更正评分需要填写原因',
  'public-not-imported': '该赛道的大众评审票数不是外部导入的',
  'import-needs-reason': '导入大众评审票数需要填写原因',
  'import-rows': '文件第 {row} 行「{column}」：{detail}',
  'judge-no-panel': '您不在任何会场的评审组中', 'judge-not-on-panel': '评委 {judge} 不在本会场的评审组中', 'judge-recused': '该评委与此团队存在回避关系',
  'scoring-not-open': '评分尚未开启', 'not-on-stage': '该团队不是台上的团队', 'scoring-closed-judge': '您的评分已截止',
  'duplicate-sid': '这份评分的编号已被另一份评分使用，请重新提交', 'no-form': '该赛道没有评分表', 'values-unreadable': '评分内容无法读取',
  'values-by-criteria': '该赛道按评审指标逐项评分', 'values-by-total': '该赛道只打一个总分', 'criterion-missing': '评审指标 {criterion} 未评分',
  'criterion-invalid': '评审指标 {criterion} 的分数无效', 'criterion-unknown': '没有评审指标 {criterion}',
  'criterion-over-max': '评审指标 {criterion} 超过满分', 'criterion-off-step': '评审指标 {criterion} 的分数不符合步长',
  'total-invalid': '总分无效', 'total-over-max': '总分超过满分', 'total-off-step': '总分不符合步长',
  'signing-key-invalid': '平板的签名密钥无效', 'signing-keys-full': '该评委登记的平板签名密钥已达上限，请联系工作人员',
  'signature-unknown-key': '评分的签名密钥未在服务器登记：请刷新页面后重新提交', 'signature-invalid': '评分签名校验失败，未保存：请重新提交',
  'signature-required': '本评委已登记平板签名密钥：未签名的评分不予接收，请刷新页面后重新提交',
  'status-too-often': '平板状态上报过于频繁', 'window-move': '投票窗口当前为「{window}」，不能这样操作', 'reveal-before-votes': '本赛道的大众投票还没有结束：请先结束投票再亮分（大众评审分取决于全部票数）', 'ballot-not-found': '找不到这张选票', 'ballot-voided': '这张选票已作废',
  'ballot-revealed': '已经亮分，不能再作废选票', 'voter-not-found': '找不到评审码「{voter}」', 'voter-codes-full': '评审码数量已达上限',
  'tablet-replaced': '本评委已在另一台平板上评分：这台平板已停止发送',
  BAD_REQUEST: '请求内容有误', UNAUTHORIZED: '未登录或密码错误', FORBIDDEN: '无权执行该操作', NOT_FOUND: '找不到所要的内容',
  WRONG_PHASE: '当前环节不能执行该操作', WRONG_ROOM: '该团队不在本会场比赛', NOT_ON_STAGE: '该团队不是台上的团队',
  NOT_ON_PANEL: '不在本会场的评审组中', RECUSED: '存在回避关系', SCORING_NOT_OPEN: '评分尚未开启', SCORING_CLOSED: '评分已截止',
  OVER_MAX: '分数超过满分', OFF_STEP: '分数不符合步长', BAD_VALUES: '分数无效', DUPLICATE_ID: '提交编号重复', NO_FORM: '没有评分表',
  REASON_REQUIRED: '需要填写原因', JUDGES_SUBMITTED: '已有评委提交评分：请截止评分', CONFLICT: '内容刚刚被改变，请重试',
  RATE_LIMITED: '尝试次数过多，请稍候', TOO_LARGE: '内容过大', INTERNAL: '服务器未能完成此操作，请重试',
  UNAVAILABLE: '未保存：服务器正在重新连接存储，请稍后再试', BAD_SIGNATURE: '评分签名无效，未保存',
} satisfies Record<Exclude<RefusalReason, VoterRefusal> | ErrorCode, string>;

/** The host's intents in words, for a refusal that names one. */
const zhIntent = {
  call: '请团队上台', 'start-presentation': '开始陈述', 'start-qa': '开始答辩', 'open-scoring': '开启评分', 'close-scoring': '截止评分',
  reveal: '亮分', 'reopen-judge': '重新开放评分', 'mark-absent': '标记缺席', back: '后退一步', pause: '暂停', resume: '继续',
  finish: '结束本场', restart: '重新开放本场',
} satisfies Record<Intent, string>;

const enRefusal = {
  'role-forbidden': 'This link may not do that', 'no-room': 'This link belongs to no room', 'no-event-session': 'This link belongs to no event',
  'bad-payload': 'The request is not valid ({detail})', internal: 'The server could not complete this: try again',
  'event-not-found': 'No event "{event}"', 'room-not-found': 'No room "{room}"', 'team-not-found': 'No such team ({team})',
  'track-not-found': 'No track "{track}"', 'preset-not-found': 'No preset "{preset}"', 'subject-not-found': 'No "{subject}" in this event',
  'audit-entry-not-found': 'No audit entry {entry}',
  'event-exists': 'An event "{event}" exists already', 'config-invalid': 'The setup has problems, not saved: {problems}', 'config-locked': 'Not saved: {problems}',
  'judge-not-found': 'No judge "{judge}"', 'entry-unknown-track': 'No track "{track}"',
  'entry-unknown-topic': '“{topic}” is not a topic of track “{track}”; the topics: {topics}', 'entry-unchanged': 'Nothing changed',
  'team-track-locked': 'Team “{team}” has scores: its track is locked (the scores were given on its form and rank in its list)',
  'entry-needs-reason': '“{name}” has scores: a change needs a reason (kept in the audit log)',
  'wrong-phase': 'The room is at “{phase}”: cannot “{intent}”', 'team-wrong-room': 'Team “{team}” does not compete in this room',
  'team-revealed': '“{team}” has been revealed: it cannot go on stage again or be marked absent',
  'absent-on-stage': 'This team is on stage: go back to “on stage” before marking it absent',
  'judges-submitted': 'Judges have already scored: close scoring instead of going back',
  'no-eligible-judge': 'No judge of this panel may score this team (all recused)',
  'close-needs-reason': '{n} judge(s) have not scored: closing needs a reason', 'reopen-needs-reason': 'Re-opening scoring needs a reason',
  'order-incomplete': 'The order must list every team of this room exactly once', 'draw-started': 'The draw is only possible before the first team goes on stage',
  'no-timer': 'No timer is running in this room', 'extend-seconds': 'Say by how many seconds', 'room-changed': 'The room changed meanwhile: try again',
  'room-busy': 'The room is changing too fast: try again shortly',
  'tie-team-twice': 'A team is named twice', 'tie-not-shared-rank': 'A decision orders only revealed teams that share one rank',
  'special-not-ready': 'Teams of this track are still to be revealed: special awards are decided after the last reveal', 'special-ballot-open': 'The special-award ballot is open: close it first',
  'special-ballot-not-open': 'The special-award ballot is not open', 'special-ballot-done': 'This track’s special-award ballot is over: the host records or corrects the decision',
  'special-no-awards': 'This track gives no special awards', 'special-wrong-track': 'This track is not run in this room',
  'special-unknown-award': '“{award}” is not a special award of this track', 'special-not-in-pool': '“{team}” is not in the special-award pool',
  'special-over-count': '“{award}” goes to at most {count} teams', 'special-two-awards': '“{team}” already holds “{other}”: one special award per team',
  'special-judge-recused': 'You are recused from “{team}” and cannot vote for it', 'special-undecided': 'Special awards are still to be settled by the host (a tie or a double winner): record the decision first',
  'special-not-announced': 'The special awards are not announced yet',
  'correct-not-closed': 'A score can be corrected once its scoring has closed', 'sheets-before-reveal': 'The judges’ sheets are shown once the team is revealed', 'correct-scoring-open': 'Scoring is open for this team: the judge can change the score on the tablet',
  'correction-needs-reason': 'A correction needs a reason',
  'public-not-imported': 'This track\'s public votes are not imported',
  'import-needs-reason': 'An import of public votes needs a reason',
  'import-rows': 'Row {row}, column {column} of the file: {detail}',
  'judge-no-panel': 'You are on no panel', 'judge-not-on-panel': 'Judge {judge} is not on this panel', 'judge-recused': 'This judge is recused from this team',
  'scoring-not-open': 'Scoring is not open', 'not-on-stage': 'This team is not the one on stage', 'scoring-closed-judge': 'Your scoring is closed',
  'duplicate-sid': 'This submission id was used for another sheet: submit again', 'no-form': 'This track has no score form', 'values-unreadable': 'The scores cannot be read',
  'values-by-criteria': 'This track is scored by criteria', 'values-by-total': 'This track is scored by one total', 'criterion-missing': 'Criterion {criterion} has no score',
  'criterion-invalid': 'Criterion {criterion} has no valid score', 'criterion-unknown': 'There is no criterion {criterion}',
  'criterion-over-max': 'Criterion {criterion} is over its maximum', 'criterion-off-step': 'Criterion {criterion} is not on its step',
  'total-invalid': 'The total is not valid', 'total-over-max': 'The total is over its maximum', 'total-off-step': 'The total is not on its step',
  'signing-key-invalid': 'The tablet’s signing key is not valid', 'signing-keys-full': 'This judge has registered too many tablet keys: ask the staff',
  'signature-unknown-key': 'The sheet is signed with a key the server does not know: reload the page and submit again',
  'signature-invalid': 'The sheet’s signature does not verify, not saved: submit again',
  'signature-required': 'This judge’s tablet key is registered: an unsigned sheet is not accepted; reload the page and submit again',
  'status-too-often': 'The tablet reports its status too often',
  'window-move': 'The voting window is {window}: it cannot do that',
  'reveal-before-votes': 'The public vote of this track is not closed: close it before the reveal (the public part depends on every vote)',
  'ballot-not-found': 'No such ballot', 'ballot-voided': 'This ballot is void already', 'ballot-revealed': 'Revealed already: the ballot cannot be voided',
  'voter-not-found': 'No voter code "{voter}"', 'voter-codes-full': 'Too many voter codes',
  'tablet-replaced': 'This judge now scores on another tablet: this one has stopped sending',
  BAD_REQUEST: 'The request is not valid', UNAUTHORIZED: 'Not signed in, or a wrong password', FORBIDDEN: 'Not allowed', NOT_FOUND: 'Not found',
  WRONG_PHASE: 'Not possible at this point of the show', WRONG_ROOM: 'This team does not compete in this room', NOT_ON_STAGE: 'This team is not on stage',
  NOT_ON_PANEL: 'Not on this panel', RECUSED: 'Recused', SCORING_NOT_OPEN: 'Scoring is not open', SCORING_CLOSED: 'Scoring is closed',
  OVER_MAX: 'Over the maximum', OFF_STEP: 'Not on the step', BAD_VALUES: 'The scores are not valid', DUPLICATE_ID: 'Duplicate submission id', NO_FORM: 'No score form',
  REASON_REQUIRED: 'A reason is required', JUDGES_SUBMITTED: 'Judges have already scored: close scoring instead', CONFLICT: 'Changed meanwhile: try again',
  RATE_LIMITED: 'Too many attempts: wait a moment', TOO_LARGE: 'Too large', INTERNAL: 'The server could not complete this: try again',
  UNAVAILABLE: 'Not saved: the server is reconnecting to its storage; try again shortly', BAD_SIGNATURE: 'The sheet’s signature is not valid, not saved',
} satisfies Record<Exclude<RefusalReason, VoterRefusal> | ErrorCode, string>;

const enIntent = {
  call: 'call a team', 'start-presentation': 'start the presentation', 'start-qa': 'start Q&A', 'open-scoring': 'open scoring',
  'close-scoring': 'close scoring', reveal: 'reveal', 'reopen-judge': 're-open scoring', 'mark-absent': 'mark absent', back: 'go back',
  pause: 'pause', resume: 'resume', finish: 'finish the session', restart: 're-open the session',
} satisfies Record<Intent, string>;

/** The judge tablet's words (client/judge, client/ui), the import of public votes (the admin's and the host's) and the tablets' health (the host's and the supervisor's). */
const zhActing = {
  judge: {
    welcome: '欢迎您，评委', confirmTitle: '请确认您的身份', confirmBody: '您正在进入 {room} 的评分系统。',
    thisIsMe: '我是 {name}，进入评分', notMe: '不是我？请联系工作人员更换链接',
    waiting: '暂无团队在台上', next: '下一组', nothingNext: '本场暂无下一组',
    ballot: {
      title: '特色奖项投票 · {track}', hint: '每个奖项请从特别奖候选团队中选一个，或弃权；主持人结束投票前可修改。投票内容保密。',
      closed: '投票已结束，结果由主持人宣布。', count: '（{n} 个名额）', abstain: '弃权', recused: '回避', elsewhere: '已选为其他奖项',
      submit: '提交投票', resubmit: '提交修改', saved: '您的投票已保存', noAnswer: '服务器未应答，请重试',
    },
    onStage: '台上团队', project: '项目', team: '团队', leadOrg: '牵头单位', track: '赛道', topic: '赛题方向',
    scoringSoon: '陈述与答辩结束后，主持人将开启评分。',
    form: '评分表', total: '总分', max: '满分 {max}', step: '步长 {step}',
    submit: '提交评分', resubmit: '提交修改', confirm: '确认提交', confirmTotal: '本次提交总分', back: '返回修改',
    saved: '已保存', savedTwo: '已保存（两台机器）', savedOne: '已保存（仅本机）', savedAt: '已保存 · {time}', version: '第 {n} 版', edit: '修改评分',
    pending: '尚未发送，联网后将自动发送', sending: '正在发送…', notSaved: '未保存：服务器正在重新连接存储，恢复后将自动重发',
    refused: '未能保存：{message}', recused: '您与该团队存在回避关系，本轮无需评分。',
    closed: '本团队评分已截止。', closedSaved: '您的评分已保存：{total} 分', closedMissing: '您未对本团队评分。',
    invalid: '请输入 0 到 {max} 之间、步长为 {step} 的分数', incomplete: '还有 {n} 项未评分',
    myRecord: '我的评分记录', none: '暂无记录', notSeated: '您不在任何会场的评审组中，请联系工作人员。',
    revoked: '此链接已失效，请向工作人员索取新链接。', badLink: '链接无效，请联系工作人员。',
    remaining: '剩余', overrun: '超时',
    rooms: '我的会场', scoringOpen: '评分中',
    replacedTitle: '此平板已被替换', replacedBody: '{name}评委已在另一台平板上打开评分链接。这台平板已停止发送评分，请在新平板上继续评分。',
    replacedUnsent: '这台平板上有 {n} 份评分表未发送，服务器没有保存：请在新平板上重新提交，或收回到这台平板后自动发送。',
    replacedSaved: '已保存的评分都在服务器上，新平板可以看到。', takeBack: '收回到这台平板',
    takeBackTitle: '在这台平板上继续评分？', takeBackBody: '另一台平板将停止发送评分。只有评委本人回到这台平板时才这样做。',
    takeBackConfirm: '确认收回', takeBackCancel: '取消',
  },
  /** A track's public votes imported from an outside platform (public:import): the admin's track editor and the host console. */
  publicImport: {
    hint: '文件第一行为列名：项目名称（或团队编号）、票数；每个团队一行，未列出的团队为 0 票。导入会替换本赛道此前导入的票数，并记入审计日志。',
    imported: '已导入 {n} 支团队的票数',
  },
  tablet: {
    heard: '{s} 秒前', heardMinutes: '{m} 分钟前', visible: '亮屏', asleep: '休眠', form: '表单：{team}', noForm: '表单：无', formElsewhere: '表单：另一会场的团队', outbox: '待发送 {n} 份',
    battery: '电量 {p}%',
    attention: '{n} 台评委平板需要注意',
    warn: { silent: '平板无响应', asleep: '平板休眠', 'other-team': '显示的不是台上团队', outbox: '有未发送的评分', battery: '电量低于 {p}%' },
  },
};

const enActing: typeof zhActing = {
  judge: {
    welcome: 'Welcome', confirmTitle: 'Please confirm who you are', confirmBody: 'You are joining the panel of {room}.',
    thisIsMe: 'I am {name}: start', notMe: 'Not you? Ask the staff for your own link',
    waiting: 'No team on stage', next: 'Next', nothingNext: 'No further team in this session',
    ballot: {
      title: 'Special awards vote · {track}', hint: 'For each award pick one team of the special-award pool, or abstain; you can change it until the host closes the vote. Your vote is secret.',
      closed: 'The vote is closed: the host announces the result.', count: ' ({n} places)', abstain: 'Abstain', recused: 'Recused', elsewhere: 'Picked for another award',
      submit: 'Send my vote', resubmit: 'Send the change', saved: 'Your vote is saved', noAnswer: 'No answer from the server: try again',
    },
    onStage: 'On stage', project: 'Project', team: 'Team', leadOrg: 'Lead organisation', track: 'Track', topic: 'Topic',
    scoringSoon: 'The host opens scoring after the presentation and Q&A.',
    form: 'Score sheet', total: 'Total', max: 'max {max}', step: 'step {step}',
    submit: 'Submit', resubmit: 'Submit the change', confirm: 'Confirm', confirmTotal: 'Total to submit', back: 'Back',
    saved: 'Saved', savedTwo: 'Saved (on both machines)', savedOne: 'Saved (on this machine only)', savedAt: 'Saved · {time}', version: 'version {n}', edit: 'Change my score',
    pending: 'Not sent yet: it will be sent when connected', sending: 'Sending…',
    notSaved: 'Not saved: the server is reconnecting to its storage; it will be resent automatically',
    refused: 'Not saved: {message}', recused: 'You are recused from this team: no score is needed.',
    closed: 'Scoring for this team is closed.', closedSaved: 'Your score is saved: {total}', closedMissing: 'You did not score this team.',
    invalid: 'Enter a score from 0 to {max} in steps of {step}', incomplete: '{n} item(s) still to score',
    myRecord: 'My scores', none: 'None yet', notSeated: 'You are not on any panel: please ask the staff.',
    revoked: 'This link was revoked: ask the staff for a new one.', badLink: 'This link is not valid: please ask the staff.',
    remaining: 'Left', overrun: 'Over time',
    rooms: 'My rooms', scoringOpen: 'scoring open',
    replacedTitle: 'This tablet has been replaced', replacedBody: '{name}’s link was opened on another tablet. This tablet has stopped sending scores: please go on scoring on the new tablet.',
    replacedUnsent: '{n} score sheet(s) on this tablet were not sent and are not saved: submit them again on the new tablet, or take back this tablet to send them.',
    replacedSaved: 'Every saved score is on the server: the new tablet shows them.', takeBack: 'Take back this tablet',
    takeBackTitle: 'Go on scoring on this tablet?', takeBackBody: 'The other tablet will stop sending scores. Only do this when the judge is back at this tablet.',
    takeBackConfirm: 'Take back', takeBackCancel: 'Cancel',
  },
  publicImport: {
    hint: 'The first row names the columns 项目名称 (or the team id) and 票数; one team a row, a team not listed has 0. An import replaces the track’s imported votes and is kept in the audit log.',
    imported: 'Votes of {n} teams imported',
  },
  tablet: {
    heard: '{s} s ago', heardMinutes: '{m} min ago', visible: 'screen on', asleep: 'asleep', form: 'form: {team}', noForm: 'form: none', formElsewhere: 'form: a team of another room', outbox: '{n} unsent',
    battery: 'battery {p}%',
    attention: '{n} judge tablet(s) need attention',
    warn: { silent: 'tablet not responding', asleep: 'tablet asleep', 'other-team': 'not showing the team on stage', outbox: 'unsent sheets', battery: 'battery under {p} %' },
  },
};

/**
 * The words of the apps people act in that the screens that only watch never show: the `refusal` and `intent` sections
 * (client/common/refusal.ts reads them), the judge tablet's, the import of public votes and the tablets' health, by language.
 */
export const actingMessages = {
  'zh-CN': { refusal: zhRefusal, intent: zhIntent, ...zhActing }, en: { refusal: enRefusal, intent: enIntent, ...enActing },
};

/** An app's own sections with the acting apps' words added, for makeI18n. */
export function withActing(own?: Record<Locale, Record<string, unknown>>): Record<Locale, Record<string, unknown>> {
  return { 'zh-CN': { ...own?.['zh-CN'], ...actingMessages['zh-CN'] }, en: { ...own?.en, ...actingMessages.en } };
}
