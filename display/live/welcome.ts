// The phone's keeper of its welcome (shared/feed.ts, WelcomeKeeper): it asks for the welcome packed when the browser
// can inflate deflate-raw (DecompressionStream), and keeps the last welcome in localStorage by event, so a repeat visit
// or a reconnect names its hash in the handshake and the server answers `unchanged` when nothing changed since.
import type { WelcomeKeeper } from '../../shared/feed';
import type { AudienceWelcome, PackedWelcome, WelcomeAuth } from '../../shared/protocol';

/** Whether this browser inflates deflate-raw (Chromium 103+, Safari 16.4+, Firefox 113+). */
function canInflate(): boolean {
  try {
    return new DecompressionStream('deflate-raw') instanceof DecompressionStream;
  } catch {
    return false;
  }
}

/** The welcome in a deflate-raw of its JSON. */
async function inflate(bytes: ArrayBuffer | Uint8Array): Promise<AudienceWelcome> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  return JSON.parse(await new Response(stream).text()) as AudienceWelcome;
}

/** The keeper of one event's welcome on this browser. */
export class PhoneWelcome implements WelcomeKeeper {
  private deflate = canInflate();
  /** The copy named in the last handshake: the one an `unchanged` answer stands for. */
  private offered: AudienceWelcome | null = null;

  constructor(private readonly eventId: string) {}

  private get key(): string {
    return `fs-welcome:${this.eventId}`;
  }

  /** What the next handshake asks for (`auth.welcome`): read at each connection, with the copy kept now. */
  auth(): WelcomeAuth {
    try {
      const kept = JSON.parse(localStorage.getItem(this.key) ?? 'null') as AudienceWelcome | null;
      this.offered = kept && typeof kept.hash === 'string' && Array.isArray(kept.rooms) && Array.isArray(kept.boards) ? kept : null;
    } catch {
      this.offered = null; // unreadable: as if none
    }
    return { deflate: this.deflate, have: this.offered?.hash ?? null };
  }

  open(packed: PackedWelcome): AudienceWelcome | Promise<AudienceWelcome> | null {
    if (!('unchanged' in packed)) {
      return inflate(packed.deflated).catch((err: unknown) => {
        this.deflate = false; // not again: the next connection asks for plain JSON
        throw err;
      });
    }
    if (this.offered?.hash === packed.hash) return this.offered;
    this.forget();
    return null;
  }

  keep(welcome: AudienceWelcome): void {
    if (this.offered?.hash === welcome.hash) return; // the same as kept
    this.offered = welcome;
    try {
      localStorage.setItem(this.key, JSON.stringify(welcome));
    } catch {
      this.forget(); // full or refused (a private window): the next visit gets the whole welcome
    }
  }

  private forget(): void {
    this.offered = null;
    try {
      localStorage.removeItem(this.key);
    } catch {
      // nothing kept, nothing to forget
    }
  }
}
