// Who this phone is to the public's voting (大众评审): the device id it keeps in localStorage (a code is bound to the first
// device that uses it), the voter code it was given (from the seat card's QR link `?code=`, or typed in) or voting by
// device alone (`?vote=device`, where the organiser allows it), and the handshake auth that follows.
import { normalizeCode } from '../../shared/voting';

const DEVICE_KEY = 'fs-device';
const codeKey = (eventId: string) => `fs-voter:${eventId}`;
const PROBLEM_KEY = 'fs-voter-problem';

/** This phone's device id, made once (URL-safe, 128 random bits). */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/**
 * The voter this phone takes part as: a code from the link (kept, then taken out of the address bar, so a screenshot of
 * the page does not show it), else the one kept from before; `device` to vote without a code; null: only watching.
 */
export function voterCode(eventId: string): string | 'device' | null {
  const params = new URLSearchParams(location.search);
  const fromLink = params.get('code');
  const wantsDevice = params.get('vote') === 'device';
  if (fromLink || wantsDevice) {
    const code = fromLink ? normalizeCode(fromLink) : null;
    if (code || wantsDevice) localStorage.setItem(codeKey(eventId), code ?? 'device');
    params.delete('code');
    params.delete('vote');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}`);
  }
  const kept = localStorage.getItem(codeKey(eventId));
  return kept === 'device' ? 'device' : kept && normalizeCode(kept) ? normalizeCode(kept) : null;
}

/** Takes part with a typed code (false: not a code's shape) or by device; the page then connects again as a voter. */
export function useCode(eventId: string, code: string | 'device'): boolean {
  const valid = code === 'device' ? 'device' : normalizeCode(code);
  if (!valid) return false;
  localStorage.setItem(codeKey(eventId), valid);
  location.reload();
  return true;
}

/** Gives up the code this phone holds (refused by the server), remembering why for the page after the reload. */
export function dropCode(eventId: string, why: string): void {
  localStorage.removeItem(codeKey(eventId));
  sessionStorage.setItem(PROBLEM_KEY, why);
  location.reload();
}

/** Why the last code was refused, once (shown after the reload), or null. */
export function takeProblem(): string | null {
  const why = sessionStorage.getItem(PROBLEM_KEY);
  sessionStorage.removeItem(PROBLEM_KEY);
  return why;
}
