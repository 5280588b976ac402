// Languages of the apps: Chinese first (zh-CN), English as a switch remembered on the device.
import { createI18n, type MessageCompiler, type MessageContext } from 'vue-i18n';
import { messages, type Locale } from './messages';

const KEY = 'finals:locale';

/** The locale this device chose last, or zh-CN. */
export function savedLocale(): Locale {
  const saved = localStorage.getItem(KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

let active: { t: (key: string, params?: Record<string, unknown>) => string; locale: { value: string } } | null = null;

/** What vue-i18n's message functions use of their context to put values in and join the parts (typed internally). */
type Joining = MessageContext & { interpolate(value: unknown): unknown; normalize(parts: unknown[]): unknown };

/**
 * The messages' one syntax, `{name}` for a value, as message functions: vue-i18n's own compiler (about 5 KB compressed
 * on every page) is left out of the build (vite.config.ts: __INTLIFY_DROP_MESSAGE_COMPILER__), this takes its place.
 * The parts are joined as vue-i18n joins its own (text, or the slots of <i18n-t>); test/unit/i18n.test.ts checks every
 * message of every app against vue-i18n's compiler.
 */
export const compileMessage: MessageCompiler = (source) => {
  if (typeof source !== 'string') throw new Error('messages are strings');
  const parts = source.split(/\{(\w+)\}/).map((part, i) => (i % 2 === 0 ? part : { name: part })).filter((p) => p !== '');
  return (ctx: MessageContext) => {
    const c = ctx as Joining;
    return c.normalize(parts.map((p) => (typeof p === 'string' ? p : c.interpolate(c.named(p.name))))) as string;
  };
};

/** The i18n plugin for an app, in the saved locale, with the app's own sections added to the common ones. */
export function makeI18n(own?: Record<Locale, Record<string, unknown>>) {
  const locale = savedLocale();
  document.documentElement.lang = locale;
  const all = own ? { 'zh-CN': { ...messages['zh-CN'], ...own['zh-CN'] }, en: { ...messages.en, ...own.en } } : messages;
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: all as typeof messages, messageCompiler: compileMessage });
  active = i18n.global as unknown as NonNullable<typeof active>;
  return i18n;
}

/** The app's words for a key in the language shown, for code outside components (a store); the key itself before makeI18n. */
export function translate(key: string, params?: Record<string, unknown>): string {
  return active ? active.t(key, params ?? {}) : key;
}

/** The language shown, for code outside components that holds words in both (zh-CN before makeI18n). */
export function shownLocale(): Locale {
  return active?.locale.value === 'en' ? 'en' : 'zh-CN';
}

/** Switches the language (the app's locale ref, from useI18n) and remembers it. */
export function setLocale(current: { value: string }, locale: Locale): void {
  current.value = locale;
  document.documentElement.lang = locale;
  localStorage.setItem(KEY, locale);
}
