// The audit log in words, for people: one table of what each recorded action means (Chinese and English), and how an
// entry's actor and change read. The supervisor page and the workbook both use it; the raw entry and its hash chain
// stay as they are, beside the words.
import { formatMilli } from './decimal';
import type { EventConfig } from './domain';
import { readRegistration, REGISTER_KEY_ACTION, sheetSignature } from './evidence';
import type { AuditView } from './protocol';

/** The languages the words exist in (the apps' locales). */
export type AuditLang = 'zh-CN' | 'en';

/** Every action the server records, in words. An action missing here is shown as recorded. */
export const AUDIT_ACTIONS: Record<string, Record<AuditLang, string>> = {
  'event.create': { 'zh-CN': '创建赛事', en: 'Event created' },
  'event.save': { 'zh-CN': '保存赛事设置', en: 'Event settings saved' },
  'event.import-teams': { 'zh-CN': '导入参赛团队', en: 'Teams imported' },
  'event.import-judges': { 'zh-CN': '导入评委', en: 'Judges imported' },
  'track.awards': { 'zh-CN': '修改奖项名额', en: 'Award places changed' },
  'links.base': { 'zh-CN': '设置平板与手机使用的地址', en: 'Address for tablets and phones set' },
  'team.edit': { 'zh-CN': '修改参赛团队信息', en: 'Team details edited' },
  'judge.edit': { 'zh-CN': '修改评委信息', en: 'Judge details edited' },
  'room.call': { 'zh-CN': '请团队上台', en: 'Team called on stage' },
  'room.draw': { 'zh-CN': '抽签排序', en: 'Order drawn' },
  'room.set-order': { 'zh-CN': '调整出场顺序', en: 'Order changed' },
  'room.start-presentation': { 'zh-CN': '开始项目陈述', en: 'Presentation started' },
  'room.start-qa': { 'zh-CN': '开始答辩', en: 'Q&A started' },
  'room.open-scoring': { 'zh-CN': '开始评分', en: 'Scoring opened' },
  'room.close-scoring': { 'zh-CN': '结束评分', en: 'Scoring closed' },
  'room.reveal': { 'zh-CN': '亮分', en: 'Score revealed' },
  'room.reopen-judge': { 'zh-CN': '为评委重新开放评分', en: 'Scoring re-opened for a judge' },
  'room.mark-absent': { 'zh-CN': '标记缺席', en: 'Marked absent' },
  'room.back': { 'zh-CN': '后退一步', en: 'Back one step' },
  'room.pause': { 'zh-CN': '暂停', en: 'Paused' },
  'room.resume': { 'zh-CN': '继续', en: 'Resumed' },
  'room.finish': { 'zh-CN': '结束本场', en: 'Session finished' },
  'room.restart': { 'zh-CN': '重新开放本场', en: 'Session reopened' },
  'room.timer': { 'zh-CN': '计时器操作', en: 'Timer' },
  'room.display': { 'zh-CN': '切换大屏画面', en: 'Display switched' },
  'room.ceremony': { 'zh-CN': '颁奖环节翻页', en: 'Ceremony step' },
  'score.submit': { 'zh-CN': '提交评分', en: 'Score submitted' },
  'score.correct': { 'zh-CN': '更正评分', en: 'Score corrected' },
  'judge.register-key': { 'zh-CN': '登记评分平板的签名密钥', en: 'Tablet signing key registered' },
  'tie.resolve': { 'zh-CN': '评审组决定并列次序', en: 'Tie decided by the panel' },
  'special.open': { 'zh-CN': '开启特别奖投票', en: 'Special-award ballot opened' },
  'special.vote': { 'zh-CN': '评委投特别奖票（内容在结束投票时记录）', en: 'Special-award vote cast (recorded at the close)' },
  'special.close': { 'zh-CN': '结束特别奖投票并计票', en: 'Special-award ballot closed and counted' },
  'special.decide': { 'zh-CN': '录入或更正特别奖决定', en: 'Special awards decided or corrected' },
  'special.announce': { 'zh-CN': '宣布特别奖', en: 'Special awards announced' },
  'public.import': { 'zh-CN': '导入大众评审票数', en: 'Public votes imported' },
  'vote.open': { 'zh-CN': '开始大众投票', en: 'Public voting opened' },
  'vote.close': { 'zh-CN': '结束大众投票', en: 'Public voting closed' },
  'vote.void': { 'zh-CN': '作废大众评审选票', en: 'Public ballot voided' },
  'voter.add-codes': { 'zh-CN': '生成大众评审码', en: 'Voter codes made' },
  'voter.revoke': { 'zh-CN': '作废大众评审码', en: 'Voter code revoked' },
};

const ROLES: Record<string, Record<AuditLang, string>> = {
  admin: { 'zh-CN': '管理员', en: 'Admin' },
  host: { 'zh-CN': '主持人', en: 'Host' },
  judge: { 'zh-CN': '评委', en: 'Judge' },
  supervisor: { 'zh-CN': '监督员', en: 'Supervisor' },
  display: { 'zh-CN': '大屏', en: 'Display' },
};

/** The names an entry's ids stand for (what the reader knows of the event): judges, rooms and criteria by id. */
export interface AuditNames {
  judges: ReadonlyMap<string, string>;
  rooms: ReadonlyMap<string, string>;
  criteria: ReadonlyMap<string, string>;
}

/** The names of an event's judges, rooms and criteria. */
export function auditNamesOf(ev: EventConfig): AuditNames {
  return {
    judges: new Map(ev.judges.map((j) => [j.id, j.name])),
    rooms: new Map(ev.rooms.map((r) => [r.id, r.name])),
    criteria: new Map(ev.tracks.flatMap((t) => t.criteria.map((c) => [c.id, c.name] as const))),
  };
}

/** An action in words (the recorded code when the table does not know it). */
export function actionWords(action: string, lang: AuditLang): string {
  return AUDIT_ACTIONS[action]?.[lang] ?? action;
}

/** Who did it, in words: 评委 陈立新, 主持人 (its room named only when the entry's room column does not say it), 管理员. */
export function actorWords(e: Pick<AuditView, 'actor' | 'role' | 'room'>, names: AuditNames, lang: AuditLang): string {
  const role = ROLES[e.role]?.[lang] ?? e.role;
  if (e.role === 'judge') return `${role} ${names.judges.get(e.actor) ?? e.actor}`;
  if (e.role === 'host') {
    const roomId = e.actor.replace(/^host:/, '');
    if (roomId === e.room) return role;
    const room = names.rooms.get(roomId) ?? roomId;
    return lang === 'en' ? `${role} (${room})` : `${role}（${room}）`;
  }
  return role;
}

interface RecordedSheet {
  version: number;
  total: number;
  criteria?: Record<string, number>;
}

function sheetOf(raw: string): RecordedSheet | null {
  if (!raw) return null;
  try {
    const s = JSON.parse(raw) as RecordedSheet;
    return typeof s.total === 'number' && typeof s.version === 'number' ? s : null;
  } catch {
    return null;
  }
}

/**
 * What changed, in words, for the entries whose before/after a person needs to read (a score sheet: total and each
 * criterion that changed, before → after, and who signed it; a tablet's key registered: its id, whether extractable);
 * '' for the others, whose action and team say it all.
 */
export function changeWords(e: Pick<AuditView, 'action' | 'before' | 'after'>, names: AuditNames, lang: AuditLang): string {
  const zh = lang === 'zh-CN';
  if (e.action === REGISTER_KEY_ACTION) {
    const r = readRegistration(e.after);
    if (!r) return '';
    const kind = r.extractable ? (zh ? '可导出的备用密钥' : 'extractable fallback key') : (zh ? '不可导出' : 'non-extractable');
    return zh ? `密钥 ${r.key.slice(0, 8)}（${kind}）` : `Key ${r.key.slice(0, 8)} (${kind})`;
  }
  if (e.action === 'special.decide' || e.action === 'special.close') {
    const list = (raw: string) => (raw ? (JSON.parse(raw) as { winners?: Array<{ award: string; team: string }> }).winners ?? [] : [])
      .map((w) => `${w.award}${zh ? '：' : ': '}${w.team}`).join(zh ? '；' : '; ') || '—';
    return e.before ? `${list(e.before)} → ${list(e.after)}` : list(e.after);
  }
  if (e.action !== 'score.submit' && e.action !== 'score.correct') return '';
  const before = sheetOf(e.before);
  const after = sheetOf(e.after);
  if (!after) return '';
  const total = zh ? '总分' : 'Total';
  const parts = [before ? `${total} ${formatMilli(before.total)} → ${formatMilli(after.total)}` : `${total} ${formatMilli(after.total)}`];
  for (const [id, value] of Object.entries(after.criteria ?? {})) {
    const old = before?.criteria?.[id];
    if (before && old !== value) parts.push(`${names.criteria.get(id) ?? id} ${old === undefined ? '—' : formatMilli(old)} → ${formatMilli(value)}`);
  }
  const signature = sheetSignature(e.after);
  const signed = e.action === 'score.correct' ? (zh ? '主持人更正，无评委签名' : 'host’s correction, not signed by the judge')
    : signature ? (zh ? `平板签名 ${signature.key.slice(0, 8)}` : `signed by tablet key ${signature.key.slice(0, 8)}`)
      : (zh ? '未签名' : 'unsigned');
  return `${parts.join(zh ? '；' : '; ')}${zh ? `（第 ${after.version} 版）` : ` (version ${after.version})`} · ${signed}`;
}
