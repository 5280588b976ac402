// The supervisor page's own words (rooms, the judges' tablets, sheets, the judges' record, the audit log, the evidence check and the judges' signatures), in
// Chinese (first) and English; the audit actions' words are shared/audit.ts.

const zh = {
  sup: {
    title: '监督视图（只读）', fallbackTitle: '监督', rooms: '全部会场', room: '会场', phase: '阶段', onStage: '台上团队', progress: '评分进度',
    specials: '特色奖项', specialVoted: '已投 {n} / {m}（投票内容在结束投票时记录）',
    specialState: { none: '未评定', open: '评委投票中', unsettled: '待主持人决定（平票或重复获奖）', decided: '已决定，未宣布', announced: '已宣布' },
    done: '已完成', sheets: '全部评分', noSheets: '暂无评分', version: '第 {n} 版', corrected: '已更正', audit: '审计日志', chainOk: '哈希链校验通过',
    chainBad: '哈希链校验失败', verify: '重新校验', time: '时间', actor: '操作人', action: '操作', team: '团队', judge: '评委', reason: '原因',
    change: '变更', raw: '原始记录', recent: '最近 {n} 条，最新在上',
    revoked: '此链接已失效，请向工作人员索取新链接。', badLink: '链接无效，请联系工作人员。',
    tablets: '评委平板状态', tabletWarnings: '提醒', tabletHeard: '最近上报', tabletScreen: '屏幕', tabletBattery: '电量',
    tabletOutbox: '待发送', tabletForm: '表单显示', tabletNone: '平板尚未上报', online: '在线', offline: '离线',
  },
  record: {
    title: '评委画像', hint: '仅监督可见；按已亮分的团队实时计算：与评审组中位数的平均偏离、被去掉最高分 / 最低分的次数、与评审组排名的一致程度（Kendall τb，1 为完全一致）、差异最大的评分项。',
    none: '尚无已亮分的团队', revealed: '已亮分 {n} 个团队', judge: '评委', teams: '评分团队', offset: '平均偏离中位数', high: '被去掉最高分',
    low: '被去掉最低分', tau: '排名一致（τb）', criteria: '差异最大的评分项（平均绝对偏离）',
  },
  evidence: {
    title: '证据校验', ok: '一致', alarm: '告警', checkNow: '立即校验', checking: '校验中…',
    checkedAt: '最近校验 {time} · 每 5 秒自动校验', never: '尚未校验',
    chainOk: '审计哈希链完整 · 共 {n} 条', chainBroken: '审计哈希链断裂：第 {at} 条 · {reason}',
    head: '当前链头（与打印页、公示稿上的链头核对）',
    sheetsOk: '全部评分表与审计日志一致',
    problem: {
      differs: '存储的评分表与审计日志的最后记录不一致：疑似绕过系统被修改',
      unlogged: '存储中有此评分表，但审计日志中没有写入它的记录',
      missing: '审计日志中有此评分表，存储中却缺失：疑似被删除',
      unbound: '评分表所绑定的审计条目不是其最后一条记录',
    },
    signaturesOk: '评委平板的签名全部验证通过',
    signature: {
      invalid: '评分表的签名与其内容不符：疑似被伪造或篡改',
      'unknown-key': '评分表的签名密钥未在审计日志中为该评委登记：疑似绕过系统添加的密钥',
      unsigned: '该评委的平板已登记密钥，此评分表却未签名',
      'bad-key': '登记的签名密钥无法读取，或与其编号不符',
    },
    sheet: '「{team}」· {judge}',
    keyOf: '评委 {judge} 的密钥',
  },
  fraud: {
    title: '大众评审 · 异常报告', refresh: '刷新报告', voters: '{track}：{n} 人已投票', manyDevices: '同一评审码在多部手机上出现',
    devices: '{voter}：{n} 部手机', bursts: '短时集中投票（10 秒内）', burst: '{track} · {time} 起 10 秒内 {n} 张', addresses: '同一网络地址的多位投票人',
    address: '{address}：{n} 人', none: '未发现', ballots: '全部选票（最新在上）', voter: '评审码', choice: '所投 / 所评', device: '设备',
    addressCol: '地址', voided: '已作废：{reason}', void: '作废', voidReason: '作废 {voter} 的这张选票的原因（记入审计日志）：',
  },
};
type Messages = typeof zh;

const en: Messages = {
  sup: {
    title: 'Supervisor view (read-only)', fallbackTitle: 'Supervisor', rooms: 'All rooms', room: 'Room', phase: 'Phase', onStage: 'On stage',
    specials: 'Special awards', specialVoted: '{n} of {m} voted (the votes are recorded at the close)',
    specialState: { none: 'not decided', open: 'the panel is voting', unsettled: 'for the host to settle (tie or double winner)', decided: 'decided, not announced', announced: 'announced' },
    progress: 'Scored', done: 'Done', sheets: 'Every score', noSheets: 'No scores yet', version: 'version {n}', corrected: 'Corrected', audit: 'Audit log',
    chainOk: 'Hash chain verified', chainBad: 'Hash chain broken', verify: 'Verify again', time: 'Time', actor: 'Who', action: 'Action',
    team: 'Team', judge: 'Judge', reason: 'Reason', change: 'Change', raw: 'Raw', recent: 'Latest {n}, newest first',
    revoked: 'This link was revoked: ask the staff for a new one.', badLink: 'This link is not valid: please ask the staff.',
    tablets: 'Judges’ tablets', tabletWarnings: 'Warnings', tabletHeard: 'Last heard', tabletScreen: 'Screen', tabletBattery: 'Battery',
    tabletOutbox: 'Unsent', tabletForm: 'Form shows', tabletNone: 'No report from this tablet yet', online: 'online', offline: 'offline',
  },
  record: {
    title: "Judges' record", hint: "Supervisor only; live over the revealed teams: mean offset from the panel's median, how often dropped as highest / lowest, agreement with the panel's ranking (Kendall's τb, 1 = the same order), the criteria where the judge differs most.",
    none: 'No team revealed yet', revealed: '{n} teams revealed', judge: 'Judge', teams: 'Teams', offset: 'Mean offset from median', high: 'Dropped as highest',
    low: 'Dropped as lowest', tau: 'Rank agreement (τb)', criteria: 'Criteria differing most (mean absolute offset)',
  },
  evidence: {
    title: 'Evidence check', ok: 'Consistent', alarm: 'ALARM', checkNow: 'Check now', checking: 'Checking…',
    checkedAt: 'Last checked {time} · every 5 s', never: 'Not checked yet',
    chainOk: 'Audit hash chain intact · {n} entries', chainBroken: 'Audit hash chain broken at entry {at} · {reason}',
    head: 'Current chain head (compare with the printed pages and the public notice)',
    sheetsOk: 'Every score sheet agrees with the audit log',
    problem: {
      differs: "The stored sheet differs from the audit log's last word on it: changed behind the system's back?",
      unlogged: 'The store holds this sheet, but no audit entry wrote it',
      missing: 'The audit log has this sheet, but the store lacks it: deleted?',
      unbound: 'The sheet is bound to an audit entry that is not its last',
    },
    signaturesOk: "Every signature of the judges' tablets verifies",
    signature: {
      invalid: 'The signature does not match the sheet: forged or changed?',
      'unknown-key': 'Signed with a key the audit log never registered for this judge: a key slipped in behind the system?',
      unsigned: "Unsigned, though the judge's tablet had registered a key",
      'bad-key': 'The registered signing key is unreadable or does not match its id',
    },
    sheet: '"{team}" · {judge}',
    keyOf: "Judge {judge}'s key",
  },
  fraud: {
    title: 'Public vote · fraud report', refresh: 'Refresh', voters: '{track}: {n} have voted', manyDevices: 'Voter codes seen on several phones',
    devices: '{voter}: {n} phones', bursts: 'Bursts (within 10 s)', burst: '{track} · {n} ballots in 10 s from {time}', addresses: 'Addresses with many voters',
    address: '{address}: {n} voters', none: 'None found', ballots: 'Every ballot (newest first)', voter: 'Voter', choice: 'Voted for / score', device: 'Device',
    addressCol: 'Address', voided: 'Void: {reason}', void: 'Void', voidReason: 'Why void this ballot of {voter}? (kept in the audit log)',
  },
};

export const supervisorMessages = { 'zh-CN': zh, en };
