// The admin console's words, in Chinese (first) and English: the screens, the setup editor's mistakes and choices.
import type { Method } from '../../shared/scoring';

/** The ways a panel's totals become a score, in the organiser's words. */
const zhMethod = {
  'trimmed-mean': '去掉最高分、最低分后取平均（常用）', mean: '全部有效评委取平均',
  'trimmed-sum': '去掉最高分、最低分后求和', sum: '全部有效评委求和',
} satisfies Record<Method, string>;

const zh = {
  admin: {
    title: '赛事设置 · Admin', saved: '已保存', scored: '已评分', unsaved: '有未保存的修改', cancel: '取消',
    confirmRemove: '确认删除「{name}」？', empty: '（空）',
    /** Between names of a list, and between whole sentences. */
    sep: { list: '、', clause: '；' },
    signin: {
      setupTitle: '首次使用：设置管理员密码', title: '管理员登录', password: '管理员密码', placeholder: '至少 8 位',
      setup: '设置并进入', submit: '登录',
    },
    events: {
      title: '赛事', none: '还没有赛事：在下面新建一个（可从模板开始）。', counts: '{teams} 支团队 · {judges} 位评委',
      create: '新建赛事', id: '赛事编号（字母、数字，用于链接）', name: '赛事名称', preset: '从模板开始（赛道与赛题方向）',
      presetOption: '{name}（{n} 个赛道）', blank: '空白赛事', submit: '新建赛事',
    },
    summary: {
      counts: '{tracks} 个赛道 · {teams} 支团队 · {judges} 位评委 · {rooms} 个会场', room: '{room}：{tracks} · 评委 {judges}',
    },
    exports: {
      title: '成绩导出', all: '全部赛道：', eventXlsx: '成绩汇总与评分表（Excel）', eventPrint: '打印页（各赛道汇总、获奖名单、公示）',
      track: '{track}：', trackXlsx: '成绩汇总（Excel）', trackPrint: '打印页（汇总、获奖名单、公示）', json: '复核文件（JSON）',
      verify: '复核文件每个赛道一个：公证员用 {command} 逐个独立复算。', file: '文件',
    },
    event: {
      title: '赛事信息', name: '赛事名称', short: '简称（可空）', theme: '主题口号（大屏欢迎页）',
      organisers: '主办、承办等单位（每行一条，如“主办单位：国家数据局”）',
      revealNames: '亮分时显示评委姓名（默认不勾选：只显示“评委 1、评委 2……”）', save: '保存赛事信息',
    },
    import: {
      teams: '导入参赛团队', judges: '导入评委（含评审组与评审赛道）', formats: '支持 Excel（.xlsx）与 CSV（UTF-8）。', template: '下载模板',
      teamsFile: '参赛团队文件', judgesFile: '评委文件', problems: '文件有 {n} 处问题，未导入任何数据：',
      validTracks: '可用的赛道名称（也可填编号）：', validTopics: '赛道「{track}」的赛题方向：',
      saved: '已导入 {n} 条。', recusals: '自动回避 {n} 项（同单位），请在下方核对。', preview: '预览：共 {n} 条，没有发现问题。',
      compared: '与现有的 {n} 支团队相比：', unchanged: '没有变化。', added: '新增：{project}', removed: '删除：{project}', changed: '修改：{project}',
      fieldChange: '{field}「{before}」→「{after}」', blocked: '不能导入：',
      confirm: '已有团队评分：我已核对上述 {n} 处变化，确认用该文件替换参赛团队（已评分团队的评分保留不变）', commit: '确认导入',
      field: { project: '项目名称', name: '团队名称', leadOrg: '牵头单位', coOrgs: '联合单位', trackId: '赛道', topic: '赛题方向', representatives: '团队代表' },
    },
    links: {
      title: '链接与二维码', base: '评委平板、大屏和观众手机访问本机的地址', useBase: '用于链接和二维码', lan: '本机的局域网地址：',
      noLan: '服务器没有找到本机的局域网地址：请填写平板能访问到的地址。',
      localhost: '⚠ 现在的链接和二维码指向 {base}：这是本机自己的地址，评委平板、大屏电脑和观众手机打开后会连不上。请在上方选择本机的局域网地址，再打印二维码。',
      now: '链接和二维码使用：', print: '打印评委二维码（每个会场一页 A4）',
      who: '对象', room: '会场', link: '链接', host: '主持控制台', display: '大屏', judge: '评委 {name}', supervisor: '监督员', audience: '观众页',
      printLocalhost: '⚠ 这些二维码指向 {base}（本机地址），平板扫码后无法打开：请在管理页选择局域网地址后重新打印。',
      sheet: '{room} · 评委评分二维码（请勿转交他人）',
    },
    recusals: {
      title: '回避关系（共 {n} 项，请核对）',
      intro: '与团队牵头单位或联合单位相同的评委在导入时自动回避；其他需要回避的情况（如曾指导该项目）请手动添加。回避的评委不为该团队评分，成绩按其他评委计算。',
      judge: '评委', team: '回避团队（项目）', reason: '原因', remove: '取消回避', none: '暂无回避关系。',
      pickJudge: '评委…', pickTeam: '回避的团队…', reasonPlaceholder: '原因，如“曾指导该项目”', add: '＋ 添加回避',
      needBoth: '请选择评委和团队', exists: '该回避关系已存在',
    },
    rooms: {
      title: '会场与评审组',
      intro: '每个会场有一个评审组、一位主持人和一块大屏，可同时进行。导入评委时每个“评审组”会自动成为一个会场；也可以在这里手动新建、改名、安排赛道和评委。',
      unassigned: '尚未安排会场的赛道：{tracks}', unseated: '尚未进入任何评审组的评委：{judges}',
      newName: '新会场名称，如“第一会场（主会场）”', add: '＋ 新建会场', needName: '请先填写会场名称',
    },
    room: {
      name: '会场名称', nameEmpty: '会场名称不能为空', tracks: '本会场评审的赛道', alsoIn: '（也在 {rooms}）', panel: '评审组（按顺序；共 {n} 位）',
      removeJudge: '移出', noJudges: '还没有评委', pick: '选择评委加入本会场…', seatedIn: '（也在「{room}」评分）', add: '加入',
      importFirst: '请先导入评委名单。', save: '保存会场', remove: '删除会场',
    },
    roster: {
      title: '团队与评委（共 {teams} 支团队、{judges} 位评委，导入后请核对）', search: '搜索', searchPlaceholder: '项目、单位、姓名或编号',
      intro: '发现错字或单位有误，点“修改”更正这一条，修改前后记入审计日志。已评分团队不能改赛道；修改已评分的团队或已评分的评委须填写理由。回避关系不随修改自动变化，请在下方“回避关系”中核对。',
      savedTeam: '已保存：{project}', savedJudge: '已保存：评委 {name}', editTeam: '修改团队 {id}', editJudge: '修改评委 {id}',
      project: '项目名称', teamName: '团队名称', leadOrg: '牵头单位', coOrgs: '联合单位（用“、”分隔）', representatives: '团队代表（用“、”分隔，最多 5 人）',
      track: '赛道', trackLocked: '已有评分，赛道已锁定：评分按本赛道的评审指标给出并计入本赛道排名',
      topic: '赛题方向', topicNone: '（不填）', topicOutside: '{topic}（不在本赛道的赛题方向中）',
      judgeName: '姓名', judgeTitle: '职称', org: '单位', reason: '修改理由', reasonRequired: '（必填：已有评分）', reasonOptional: '（可空）',
      save: '保存这一条', edit: '修改', id: '编号', teamCol: '项目名称 · 团队', orgCol: '牵头单位 · 联合单位', trackCol: '赛道 · 赛题方向',
      judgeCol: '姓名 · 职称', panelCol: '评审组', noPanel: '（未分组）',
      noMatchTeams: '没有符合搜索的团队', noTeams: '尚未导入参赛团队', noMatchJudges: '没有符合搜索的评委', noJudges: '尚未导入评委',
    },
    tracks: {
      title: '赛道、赛题方向与评分规则', teams: '{n} 支团队', criteria: '{n} 项指标', singleTotal: '单一总分', noRoom: '未安排会场', started: '已开评',
      newName: '新赛道名称', add: '＋ 添加赛道', name: '赛道名称', code: '赛道编号（表格与文件名用）', topics: '赛题方向（每行一个）',
      save: '保存本赛道', reset: '放弃修改', remove: '删除赛道', none: '还没有赛道：在左侧添加一个。',
      hasTeams: '赛道「{name}」还有 {n} 支参赛团队，不能删除：请先在团队名单里把这些团队改到其他赛道（重新导入团队），再删除。',
      needName: '请先填写赛道名称', awardsReason: '本赛道已有评分：调整奖项名额须填写理由（记入审计日志）',
    },
    rules: {
      locked: '本赛道已有评委提交的评分：评审指标和计分规则已锁定，不能再改（否则已有成绩会悄悄改变）。奖项名额仍可调整（如评审组决定某奖项空缺），须填写理由并记入审计日志。名称、赛题方向、特别奖名称和计时仍可修改。',
      mode: '评分方式', byCriteria: '按评审指标逐项打分，总分为各项之和', byTotal: '只打一个总分',
      criterion: '评审指标', max: '满分', step: '步长', hint: '评分要点（评委平板上显示）', criterionName: '指标名称', optional: '可空',
      up: '上移', down: '下移', removeCriterion: '删除此指标', addCriterion: '＋ 添加指标', unnamed: '（未命名指标）',
      sum: '满分合计 {sum} 分。分值可填小数（如 0.5），步长是评委可输入的最小单位。',
      totalMax: '总分满分', totalHint: '如满分 100、步长 0.1；或满分 10、步长 0.01。',
      rules: '计分规则', method: '计算方法', dropHighest: '去掉最高分', dropLowest: '去掉最低分', scores: '个',
      trimAt: '有效评委至少', trimAtAfter: '位才去分', minJudges: '有效评委少于', minJudgesAfter: '位时成绩不作数',
      round: '成绩保留', decimals: '{d} 位小数', halfUp: '（四舍五入）', tieBreak: '得分相同时',
      awards: '奖项', first: '一等奖', second: '二等奖', third: '三等奖', merit: '优秀奖', places: '名',
      pool: '特别奖候选：排名前', poolAfter: '%（向上取整）',
      awardsReason: '调整奖项名额的理由（必填，记入审计日志）', awardsReasonPlaceholder: '如：评审组合议决定一等奖空缺',
      awardsHint: '名额填 0 表示该奖项空缺；优秀奖排在三等奖之后，名次相同跨获奖线时按较高奖项并提示评审组决定。',
      more: '特别奖名称、提醒与计时', specialAwards: '特别奖名称（每行一个）',
      divergence: '某位评委总分偏离中位数超过', divergenceAfter: '% 满分时提醒主持人',
      presentation: '陈述', qa: '答辩', scoring: '评分倒计时', timersHint: '时长写分钟（8）或 分:秒（7:30）；评分倒计时填 0 表示不显示。',
    },
    method: zhMethod,
    /** The tie-break orders offered (drafts.ts TIE_BREAK_CHOICES). */
    tieBreak: {
      meanThenCriteria: '先比全部有效评委的平均分（不去分），再按下面的指标顺序比', criteriaThenMean: '先按下面的指标顺序比，再比全部有效评委的平均分',
      mean: '只比全部有效评委的平均分（不去分）', criteria: '只按下面的指标顺序比', none: '不再比较，名次并列（可由评审组决定）',
    },
    /** The setup editor's mistakes (drafts.ts); {what} is one of the field names below. */
    draft: {
      notPositive: '{what}必须大于 0', notNumber: '{what}「{text}」不是有效的数（如 25、0.5，最多 3 位小数）',
      count: '{what}应为 {min} 到 {max} 的整数', duration: '{what}「{text}」应写成分钟（如 8）或 分:秒（如 7:30），不超过 120 分钟',
      trackName: '赛道名称不能为空', noCriteria: '按指标评分时至少要有一项评审指标（或改为单一总分）',
      criterion: '第 {n} 项指标{name}的', named: '「{name}」', criterionNoName: '第 {n} 项指标的名称不能为空', total: '总分的',
      max: '{of}满分', step: '{of}步长', notMultiple: '{of}满分 {max} 不是步长 {step} 的整数倍',
      dropHighest: '去掉最高分的个数', dropLowest: '去掉最低分的个数', trimAt: '“至少几位有效评委才去分”',
      trimTooLow: '{what}必须大于去掉的分数个数之和 {n}', minJudges: '最少有效评委人数', decimals: '保留小数位数',
      first: '一等奖名额', second: '二等奖名额', third: '三等奖名额', merit: '优秀奖名额', pool: '特别奖候选比例', divergence: '评分偏离提醒阈值',
      presentation: '陈述时长', qa: '答辩时长', scoring: '评分倒计时',
      eventName: '赛事名称不能为空', organisers: '主办、承办等单位最多 20 行',
    },
  },
};

type Messages = typeof zh;

const en: Messages = {
  admin: {
    title: 'Event setup', saved: 'Saved', scored: 'scored', unsaved: 'Unsaved changes', cancel: 'Cancel',
    confirmRemove: 'Really remove “{name}”?', empty: '(empty)',
    sep: { list: ', ', clause: '; ' },
    signin: {
      setupTitle: 'First use: set the administrator password', title: 'Administrator sign-in', password: 'Administrator password',
      placeholder: 'At least 8 characters', setup: 'Set and enter', submit: 'Sign in',
    },
    events: {
      title: 'Events', none: 'No event yet: create one below (from a template if you like).', counts: '{teams} team(s) · {judges} judge(s)',
      create: 'New event', id: 'Event id (letters and digits, used in links)', name: 'Event name', preset: 'Start from a template (tracks and topics)',
      presetOption: '{name} ({n} tracks)', blank: 'Blank event', submit: 'Create the event',
    },
    summary: {
      counts: '{tracks} track(s) · {teams} team(s) · {judges} judge(s) · {rooms} room(s)', room: '{room}: {tracks} · judges {judges}',
    },
    exports: {
      title: 'Results', all: 'All tracks: ', eventXlsx: 'Results and score sheets (Excel)', eventPrint: 'Print page (each track’s results, winners, public notice)',
      track: '{track}: ', trackXlsx: 'Results (Excel)', trackPrint: 'Print page (results, winners, public notice)', json: 'Verification file (JSON)',
      verify: 'One verification file per track: a notary recomputes each one independently with {command}.', file: 'file',
    },
    event: {
      title: 'Event', name: 'Event name', short: 'Short name (optional)', theme: 'Theme line (projector welcome)',
      organisers: 'Organisers (one a line, e.g. “Host: National Data Administration”)',
      revealNames: 'Show the judges’ names at the reveal (unticked: only “Judge 1, Judge 2…”)', save: 'Save the event',
    },
    import: {
      teams: 'Import teams', judges: 'Import judges (with panels and tracks)', formats: 'Excel (.xlsx) or CSV (UTF-8). ', template: 'Download the template',
      teamsFile: 'Teams file', judgesFile: 'Judges file', problems: 'The file has {n} problem(s): nothing was imported:',
      validTracks: 'Valid track names (or codes): ', validTopics: 'Topics of track “{track}”: ',
      saved: '{n} rows imported. ', recusals: '{n} recusal(s) added (same organisation): check them below.', preview: 'Preview: {n} rows, no problem found.',
      compared: 'Compared with the {n} teams now:', unchanged: 'No change.', added: 'New: {project}', removed: 'Removed: {project}', changed: 'Changed: {project}',
      fieldChange: '{field} “{before}” → “{after}”', blocked: 'Cannot import:',
      confirm: 'Teams have scores: I have checked the {n} change(s) above and replace the teams with this file (scored teams keep their scores)', commit: 'Import',
      field: { project: 'Project', name: 'Team name', leadOrg: 'Lead organisation', coOrgs: 'Partners', trackId: 'Track', topic: 'Topic', representatives: 'Representatives' },
    },
    links: {
      title: 'Links and QR codes', base: 'The address judges’ tablets, projectors and audience phones use to reach this machine',
      useBase: 'Use in links and QR codes', lan: 'This machine’s LAN addresses: ',
      noLan: 'The server found no LAN address of this machine: type an address the tablets can reach.',
      localhost: '⚠ The links and QR codes point at {base}: this machine itself, which judges’ tablets, projector computers and audience phones cannot reach. Choose a LAN address of this machine above, then print the QR codes.',
      now: 'Links and QR codes use: ', print: 'Print the judges’ QR codes (one A4 page per room)',
      who: 'For', room: 'Room', link: 'Link', host: 'Host console', display: 'Projector', judge: 'Judge {name}', supervisor: 'Supervisor', audience: 'Audience page',
      printLocalhost: '⚠ These QR codes point at {base} (this machine itself): tablets cannot open them. Choose a LAN address on the admin page and print again.',
      sheet: '{room} · judges’ scoring QR codes (personal: do not pass on)',
    },
    recusals: {
      title: 'Recusals ({n}: please check)',
      intro: 'A judge from a team’s lead or partner organisation is recused at import; add any other case (such as having advised the project) by hand. A recused judge does not score that team; its score comes from the other judges.',
      judge: 'Judge', team: 'Team (project)', reason: 'Reason', remove: 'Remove', none: 'No recusal yet.',
      pickJudge: 'Judge…', pickTeam: 'Team…', reasonPlaceholder: 'Reason, e.g. “advised the project”', add: '+ Add a recusal',
      needBoth: 'Choose a judge and a team', exists: 'This recusal exists already',
    },
    rooms: {
      title: 'Rooms and panels',
      intro: 'Each room has one panel, one host and one projector; rooms run at the same time. Importing judges makes each panel a room; here rooms are also created, renamed and given tracks and judges by hand.',
      unassigned: 'Tracks in no room: {tracks}', unseated: 'Judges on no panel: {judges}',
      newName: 'New room name, e.g. “Room 1 (main hall)”', add: '+ New room', needName: 'Type the room’s name first',
    },
    room: {
      name: 'Room name', nameEmpty: 'The room needs a name', tracks: 'Tracks judged in this room', alsoIn: ' (also in {rooms})', panel: 'Panel (in order; {n} judges)',
      removeJudge: 'Remove', noJudges: 'No judge yet', pick: 'Choose a judge for this room…', seatedIn: ' (also scores in “{room}”)', add: 'Add',
      importFirst: 'Import the judges first.', save: 'Save the room', remove: 'Remove the room',
    },
    roster: {
      title: 'Teams and judges ({teams} teams, {judges} judges: check them after an import)', search: 'Search', searchPlaceholder: 'Project, organisation, name or id',
      intro: 'A typo or a wrong organisation? “Edit” corrects that one entry; before and after go to the audit log. A scored team keeps its track; changing a scored team, or a judge who has scored, needs a reason. Recusals do not follow an edit: check them under “Recusals” below.',
      savedTeam: 'Saved: {project}', savedJudge: 'Saved: judge {name}', editTeam: 'Edit team {id}', editJudge: 'Edit judge {id}',
      project: 'Project', teamName: 'Team name', leadOrg: 'Lead organisation', coOrgs: 'Partners (separated by “、” or commas)', representatives: 'Representatives (separated by “、” or commas, at most 5)',
      track: 'Track', trackLocked: 'Scored: the track is locked (the scores were given on its criteria and rank in its list)',
      topic: 'Topic', topicNone: '(none)', topicOutside: '{topic} (not a topic of this track)',
      judgeName: 'Name', judgeTitle: 'Title', org: 'Organisation', reason: 'Reason for the change', reasonRequired: ' (required: scored)', reasonOptional: ' (optional)',
      save: 'Save this entry', edit: 'Edit', id: 'Id', teamCol: 'Project · team', orgCol: 'Lead organisation · partners', trackCol: 'Track · topic',
      judgeCol: 'Name · title', panelCol: 'Panel', noPanel: '(no panel)',
      noMatchTeams: 'No team matches', noTeams: 'No team imported yet', noMatchJudges: 'No judge matches', noJudges: 'No judge imported yet',
    },
    tracks: {
      title: 'Tracks, topics and scoring rules', teams: '{n} team(s)', criteria: '{n} criteria', singleTotal: 'one total', noRoom: 'no room', started: 'scored',
      newName: 'New track name', add: '+ Add a track', name: 'Track name', code: 'Track code (for sheets and file names)', topics: 'Topics (one a line)',
      save: 'Save the track', reset: 'Discard changes', remove: 'Remove the track', none: 'No track yet: add one on the left.',
      hasTeams: 'Track “{name}” still has {n} teams and cannot be removed: move them to other tracks first (import the teams again), then remove it.',
      needName: 'Type the track’s name first', awardsReason: 'This track has scores: changing its prize counts needs a reason (kept in the audit log)',
    },
    rules: {
      locked: 'Judges have scored on this track: its criteria and scoring rules are locked (a change would silently alter the scores given). Prize counts can still change (such as a prize the panel leaves vacant) with a reason kept in the audit log. The name, topics, special awards and timers can still change.',
      mode: 'Scoring', byCriteria: 'By criteria: the total is their sum', byTotal: 'One total only',
      criterion: 'Criterion', max: 'Max', step: 'Step', hint: 'Guidance (shown on the judges’ tablets)', criterionName: 'Criterion name', optional: 'Optional',
      up: 'Move up', down: 'Move down', removeCriterion: 'Remove this criterion', addCriterion: '+ Add a criterion', unnamed: '(unnamed criterion)',
      sum: 'The maxima add up to {sum}. Points may have decimals (such as 0.5); the step is the smallest unit a judge can enter.',
      totalMax: 'Total max', totalHint: 'E.g. max 100, step 0.1; or max 10, step 0.01.',
      rules: 'Rules', method: 'Method', dropHighest: 'Drop the highest', dropLowest: 'Drop the lowest', scores: 'score(s)',
      trimAt: 'Drop only with at least', trimAtAfter: 'valid judges', minJudges: 'No score with fewer than', minJudgesAfter: 'valid judges',
      round: 'Round scores to', decimals: '{d} decimals', halfUp: '(half up)', tieBreak: 'On equal scores',
      awards: 'Awards', first: 'First prize', second: 'Second prize', third: 'Third prize', merit: 'Merit award', places: '',
      pool: 'Special-award pool: the top', poolAfter: '% (rounded up)',
      awardsReason: 'Why the prize counts change (required, kept in the audit log)', awardsReasonPlaceholder: 'E.g. the panel leaves first prize vacant',
      awardsHint: '0 leaves a prize vacant; merit awards come after third prizes; teams tied across a prize line get the higher prize and the panel is asked to decide.',
      more: 'Special awards, alert and timers', specialAwards: 'Special awards (one a line)',
      divergence: 'Alert the host when a judge’s total is more than', divergenceAfter: '% of the max off the median',
      presentation: 'Presentation', qa: 'Q&A', scoring: 'Scoring countdown', timersHint: 'Durations in minutes (8) or minutes:seconds (7:30); a scoring countdown of 0 shows none.',
    },
    method: {
      'trimmed-mean': 'Mean after dropping the highest and lowest (usual)', mean: 'Mean of every valid judge',
      'trimmed-sum': 'Sum after dropping the highest and lowest', sum: 'Sum of every valid judge',
    },
    tieBreak: {
      meanThenCriteria: 'First the mean of every valid judge (nothing dropped), then the criteria in the order below',
      criteriaThenMean: 'First the criteria in the order below, then the mean of every valid judge',
      mean: 'Only the mean of every valid judge (nothing dropped)', criteria: 'Only the criteria in the order below',
      none: 'No further comparison: the teams share the rank (the panel may decide)',
    },
    draft: {
      notPositive: '{what} must be more than 0', notNumber: '{what} “{text}” is not a number (such as 25 or 0.5, at most 3 decimals)',
      count: '{what} must be a whole number from {min} to {max}', duration: '{what} “{text}” must be minutes (such as 8) or minutes:seconds (such as 7:30), at most 120 minutes',
      trackName: 'The track needs a name', noCriteria: 'Scoring by criteria needs at least one criterion (or score one total)',
      criterion: 'Criterion {n}{name}', named: ' “{name}”', criterionNoName: 'Criterion {n} needs a name', total: 'Total',
      max: '{of}: max', step: '{of}: step', notMultiple: '{of}: max {max} is not a whole number of steps {step}',
      dropHighest: 'The number of highest scores dropped', dropLowest: 'The number of lowest scores dropped', trimAt: '“Only with at least … valid judges”',
      trimTooLow: '{what} must be more than the {n} scores dropped', minJudges: 'The minimum of valid judges', decimals: 'The decimals',
      first: 'First prizes', second: 'Second prizes', third: 'Third prizes', merit: 'Merit awards', pool: 'The special-award pool', divergence: 'The divergence alert',
      presentation: 'The presentation time', qa: 'The Q&A time', scoring: 'The scoring countdown',
      eventName: 'The event needs a name', organisers: 'At most 20 lines of organisers',
    },
  },
};

export const adminMessages = { 'zh-CN': zh, en };
