// Languages of the apps: Chinese first (zh-CN), English as a switch remembered on the device.
import { createI18n } from 'vue-i18n';
import { messages, type Locale } from './messages';

const KEY = 'finals:locale';

/** The locale this device chose last, or zh-CN. */
export function savedLocale(): Locale {
  const saved = localStorage.getItem(KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

let active: { t: (key: string, params?: Record<string, unknown>) => string; locale: { value: string } } | null = null;

/** The i18n plugin for an app, in the saved locale, with the app's own sections added to the common ones. */
export function makeI18n(own?: Record<Locale, Record<string, unknown>>) {
  const locale = savedLocale();
  document.documentElement.lang = locale;
  const all = own ? { 'zh-CN': { ...messages['zh-CN'], ...own['zh-CN'] }, en: { ...messages.en, ...own.en } } : messages;
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: all as typeof messages });
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
