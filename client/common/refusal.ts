// A refusal of the server in the person's language: the words of its reason (or of its code) from the messages'
// `refusal` table (client/common/messages.ts), with its parameters; a phase or an intent it names is put in words too.
import type { ErrorBody } from '../../shared/protocol';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** The words for a refusal, in the app's current language (`t` from useI18n or the i18n instance). */
export function refusalText(t: Translate, error: Pick<ErrorBody, 'code' | 'reason' | 'params'>): string {
  const params: Record<string, unknown> = { ...error.params };
  if (typeof params.phase === 'string') params.phase = t(`phase.${params.phase}`);
  if (typeof params.intent === 'string') params.intent = t(`intent.${params.intent}`);
  return t(`refusal.${error.reason ?? error.code}`, params);
}
