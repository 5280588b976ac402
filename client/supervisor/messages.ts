// The supervisor page's words, in Chinese (first) and English; the audit actions' words are shared/audit.ts.

const zh = {
  sup: {
    title: '监督视图（只读）', fallbackTitle: '监督', rooms: '全部会场', room: '会场', phase: '阶段', onStage: '台上团队', progress: '评分进度',
    done: '已完成', sheets: '全部评分', noSheets: '暂无评分', version: '第 {n} 版', audit: '审计日志', chainOk: '哈希链校验通过',
    chainBad: '哈希链校验失败', verify: '重新校验', time: '时间', actor: '操作人', action: '操作', team: '团队', judge: '评委', reason: '原因',
    change: '变更', raw: '原始记录', recent: '最近 {n} 条，最新在上',
  },
};
type Messages = typeof zh;

const en: Messages = {
  sup: {
    title: 'Supervisor view (read-only)', fallbackTitle: 'Supervisor', rooms: 'All rooms', room: 'Room', phase: 'Phase', onStage: 'On stage',
    progress: 'Scored', done: 'Done', sheets: 'Every score', noSheets: 'No scores yet', version: 'version {n}', audit: 'Audit log',
    chainOk: 'Hash chain verified', chainBad: 'Hash chain broken', verify: 'Verify again', time: 'Time', actor: 'Who', action: 'Action',
    team: 'Team', judge: 'Judge', reason: 'Reason', change: 'Change', raw: 'Raw', recent: 'Latest {n}, newest first',
  },
};

export const supervisorMessages = { 'zh-CN': zh, en };
