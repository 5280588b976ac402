// The pages leave vue-i18n's message compiler out (vite.config.ts) and compile messages with web/i18n.ts's
// compileMessage: every message of every app, in both languages, reads the same through it as through vue-i18n's own.
import { describe, expect, it } from 'vitest';
import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n, Translation } from 'vue-i18n';
import { adminMessages } from '../../client/admin/messages';
import { actingMessages } from '../../client/common/messages';
import { voteMessages } from '../../display/live/vote-messages';
import { whyMessages } from '../../display/live/why-messages';
import { hostMessages } from '../../client/host/messages';
import { supervisorMessages } from '../../client/supervisor/messages';
import { compileMessage } from '../../web/i18n';
import { messages } from '../../web/messages';

type Tree = { [key: string]: string | Tree };

/** Every message of a tree, by its dotted key. */
function leaves(tree: Tree, prefix = ''): Array<[string, string]> {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

const apps = { common: messages, acting: actingMessages, vote: voteMessages, why: whyMessages, admin: adminMessages, host: hostMessages, supervisor: supervisorMessages } as unknown as Record<string, Record<'zh-CN' | 'en', Tree>>;

describe('compileMessage', () => {
  it('puts each value in its place and keeps the rest of the text as it is', () => {
    const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': { a: '电量 {p}%，{who} 的平板', b: '评委 {n}' } }, messageCompiler: compileMessage });
    expect(i18n.global.t('a', { p: 18, who: '张三' })).toBe('电量 18%，张三 的平板');
    expect(i18n.global.t('b', { n: 3 })).toBe('评委 3');
  });

  it('fills the slots of <i18n-t> as vue-i18n\'s compiler does (the admin\'s export note)', async () => {
    const render = (messageCompiler?: typeof compileMessage) => {
      const i18n = createI18n({ legacy: false, locale: 'zh-CN', messages: adminMessages, ...(messageCompiler ? { messageCompiler } : {}) });
      const app = createSSRApp({ render: () => h(Translation, { keypath: 'admin.exports.verify', tag: 'p' }, { command: () => h('code', 'npm run -s results') }) });
      return renderToString(app.use(i18n));
    };
    const ours = await render(compileMessage);
    // (server rendering marks the slot's fragment with comments)
    expect(ours.replace(/<!--[[\]]-->/g, '')).toBe('<p>复核文件每个赛道一个：公证员用 <code>npm run -s results</code> 逐个独立复算。</p>');
    expect(ours).toBe(await render());
  });

  for (const [app, both] of Object.entries(apps)) {
    for (const locale of ['zh-CN', 'en'] as const) {
      it(`reads every message of ${app} (${locale}) as vue-i18n's compiler does`, () => {
        const tree = both[locale];
        const ours = createI18n({ legacy: false, locale, messages: { [locale]: tree }, messageCompiler: compileMessage });
        const theirs = createI18n({ legacy: false, locale, messages: { [locale]: tree } });
        const all = leaves(tree);
        expect(all.length).toBeGreaterThan(10);
        for (const [key, text] of all) {
          // A value for every name the message holds (a number and a string in turn), and one it does not hold.
          const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
          const params = Object.fromEntries([...names.map((n, i) => [n, i % 2 ? `「${n}」` : i + 7]), ['unused', 'x']]);
          expect(ours.global.t(key, params), key).toBe(theirs.global.t(key, params));
        }
      });
    }
  }
});
