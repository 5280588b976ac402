// The supervisor page's own words (the evidence check), in Chinese (first) and English.
export const supervisorMessages = {
  'zh-CN': {
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
      sheet: '「{team}」· {judge}',
    },
  },
  en: {
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
      sheet: '"{team}" · {judge}',
    },
  },
};
