// The phone's keeper of its welcome (shared/feed.ts, WelcomeKeeper): it asks for the welcome packed when the browser
// can inflate deflate-raw (DecompressionStream), and keeps the last welcome in localStorage by event, so a repeat visit
// or a reconnect names its hash in the handshake and the server answers `unchanged` when nothing changed since.
// (Closures rather than a class: the minifier shortens their names, and every byte of the live page counts.)
import type { WelcomeKeeper } from '../../shared/feed';
import type { AudienceWelcome, WelcomeAuth } from '../../shared/protocol';

/** The keeper of one event's welcome on this browser, and the handshake's `auth.welcome` (read at each connection). */
export function phoneWelcome(eventId: string): WelcomeKeeper & { auth(): WelcomeAuth } {
  const key = `fs-welcome:${eventId}`;
  /** Whether this browser inflates deflate-raw (Chromium 103+, Safari 16.4+, Firefox 113+); false after a failure. */
  let deflate = true;
  try {
    new DecompressionStream('deflate-raw'); // only whether it throws
  } catch {
    deflate = false;
  }
  /** The copy named in the last handshake: the one an `unchanged` answer stands for. */
  let offered: AudienceWelcome | null = null;
  /** Writes (or, with null, forgets) the kept copy; storage that refuses (full, a private window) keeps nothing. */
  const store = (welcome: AudienceWelcome | null) => {
    offered = welcome;
    try {
      if (welcome) localStorage.setItem(key, JSON.stringify(welcome));
      else localStorage.removeItem(key);
    } catch {
      offered = null;
    }
  };
  return {
    auth() {
      try {
        offered = JSON.parse(localStorage.getItem(key)!) as AudienceWelcome | null;
      } catch {
        offered = null; // unreadable: as if none
      }
      return { deflate, have: offered?.hash ?? null };
    },
    open(packed) {
      if ('deflated' in packed) {
        const stream = new Blob([packed.deflated as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
        return new Response(stream).json().catch((err: unknown) => {
          deflate = false; // not again: the next connection asks for plain JSON
          throw err;
        }) as Promise<AudienceWelcome>;
      }
      if (offered?.hash === packed.hash) return offered;
      store(null);
      return null;
    },
    keep(welcome) {
      if (offered?.hash !== welcome.hash) store(welcome);
    },
  };
}
