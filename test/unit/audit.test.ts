// shared/audit.ts: every action the server records has words in both languages, and entries read as people speak.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, actionWords, actorWords, changeWords, type AuditNames } from '../../shared/audit';
import { INTENTS } from '../../shared/phases';

/** Every action string the server writes: literals in server/, the room intents, the Lua scripts' actions. */
function recordedActions(): string[] {
  const found = new Set<string>(INTENTS.map((i) => `room.${i}`));
  const walk = (dir: string) => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, f.name);
      if (f.isDirectory()) walk(path);
      else if (/\.(ts|lua)$/.test(f.name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(/action\s*[:=]\s*'([a-z]+\.[a-z-]+)'|'(team|judge)\.edit'/g)) found.add(m[1] ?? `${m[2]}.edit`);
      }
    }
  };
  walk('server');
  for (const kind of ['teams', 'judges']) found.add(`event.import-${kind}`);
  return [...found];
}

const names: AuditNames = {
  judges: new Map([['j007', '陈立新']]), rooms: new Map([['room1', '第一评审组']]), criteria: new Map([['effect', '应用成效']]),
};

describe('the audit log in words', () => {
  it('knows every action the server records, in Chinese and English', () => {
    const actions = recordedActions();
    expect(actions).toEqual(expect.arrayContaining(['score.submit', 'score.correct', 'room.call', 'room.mark-absent', 'tie.resolve']));
    for (const a of actions) {
      expect(AUDIT_ACTIONS[a], a).toBeDefined();
      expect(AUDIT_ACTIONS[a]!['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(AUDIT_ACTIONS[a]!.en).toMatch(/^[A-Z]/);
    }
    expect(actionWords('some.future-action', 'zh-CN')).toBe('some.future-action');
  });

  it('names people instead of codes', () => {
    expect(actorWords({ actor: 'j007', role: 'judge', room: 'room1' }, names, 'zh-CN')).toBe('评委 陈立新');
    expect(actorWords({ actor: 'j007', role: 'judge', room: 'room1' }, names, 'en')).toBe('Judge 陈立新');
    expect(actorWords({ actor: 'host:room1', role: 'host', room: 'room1' }, names, 'zh-CN')).toBe('主持人');
    expect(actorWords({ actor: 'host:room1', role: 'host', room: '' }, names, 'zh-CN')).toBe('主持人（第一评审组）');
    expect(actorWords({ actor: 'admin', role: 'admin', room: '' }, names, 'zh-CN')).toBe('管理员');
  });

  it('says what changed in a sheet, before → after', () => {
    const sheet = (v: number, total: number, effect: number) => JSON.stringify({ version: v, total, criteria: { effect }, at: '1', sid: 'x' });
    expect(changeWords({ action: 'score.submit', before: '', after: sheet(1, 80_000, 20_000) }, names, 'zh-CN')).toBe('总分 80（第 1 版） · 未签名');
    const signed = JSON.stringify({ ...JSON.parse(sheet(1, 80_000, 20_000)), key: 'ab12cd34'.repeat(8), sig: 'c2ln' });
    expect(changeWords({ action: 'score.submit', before: '', after: signed }, names, 'en')).toBe('Total 80 (version 1) · signed by tablet key ab12cd34');
    const registered = JSON.stringify({ key: 'ab12cd34'.repeat(8), spki: 'MFkw', extractable: true });
    expect(changeWords({ action: 'judge.register-key', before: '', after: registered }, names, 'zh-CN')).toBe('密钥 ab12cd34（可导出的备用密钥）');
    expect(changeWords({ action: 'score.correct', before: sheet(1, 80_000, 20_000), after: sheet(2, 85_500, 25_500) }, names, 'zh-CN'))
      .toBe('总分 80 → 85.5；应用成效 20 → 25.5（第 2 版） · 主持人更正，无评委签名');
    expect(changeWords({ action: 'score.correct', before: sheet(1, 80_000, 20_000), after: sheet(2, 85_500, 25_500) }, names, 'en'))
      .toBe('Total 80 → 85.5; 应用成效 20 → 25.5 (version 2) · host’s correction, not signed by the judge');
    expect(changeWords({ action: 'room.call', before: '{}', after: '{}' }, names, 'zh-CN')).toBe('');
  });
});
