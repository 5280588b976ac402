// The audience's welcome (its snapshot of the room and board topics, server/topics.ts): every room's view and every
// track's leaderboard, built once for all the phones that connect together (thousands reconnect at once after the
// venue's Wi-Fi drops) instead of once per phone, and sent to all of them as one audience:welcome broadcast (encoded
// once: the same single WebSocket frame for every phone). A build serves only sockets that had joined their channels
// before it began, so none misses a change: what happened before the build is in it, what happens after reaches the
// socket as a patch.
import type { AudienceWelcome } from '../shared/protocol';
import type { Io } from './notify';
import type { Store } from './store/index';
import type { Views } from './views';

/** One build at a time; a caller that comes while one runs waits for the next build, shared by every such caller. */
export class NextBuild<T> {
  private running: Promise<T> | null = null;
  private queued: Promise<T> | null = null;

  constructor(private readonly build: () => Promise<T>) {}

  /** The result of a build that began after this call. */
  next(): Promise<T> {
    if (!this.running) return this.start();
    this.queued ??= this.running.then(() => undefined, () => undefined).then(() => {
      this.queued = null;
      return this.start();
    });
    return this.queued;
  }

  private start(): Promise<T> {
    const p = this.build();
    this.running = p;
    const settled = () => {
      if (this.running === p) this.running = null;
    };
    p.then(settled, settled);
    return p;
  }
}

/** The audience's welcome per event, batched as above. */
export class AudienceWelcomes {
  private readonly builds = new Map<string, NextBuild<AudienceWelcome | null>>();
  /** The sockets (by id, on this process) waiting for each build, to be sent its views together. */
  private readonly waiting = new Map<Promise<AudienceWelcome | null>, string[]>();

  constructor(private readonly store: Store, private readonly views: Views, private readonly io: Io) {}

  /**
   * Sends a socket that has already joined its topics' channels the next build: one audience:welcome broadcast
   * to every socket of this process that waits for the same build.
   */
  async send(eventId: string, socketId: string): Promise<void> {
    const build = this.next(eventId);
    let ids = this.waiting.get(build);
    if (!ids) {
      const group: string[] = [];
      ids = group;
      this.waiting.set(build, group);
      void build.then((welcome) => {
        this.waiting.delete(build);
        if (welcome) this.io.local.to(group).emit('audience:welcome', welcome);
      }, () => { this.waiting.delete(build); });
    }
    ids.push(socketId);
    await build;
  }

  /** A welcome for a socket that has already joined its topics' channels; null if the event is gone. */
  next(eventId: string): Promise<AudienceWelcome | null> {
    let b = this.builds.get(eventId);
    if (!b) {
      b = new NextBuild(() => this.build(eventId));
      this.builds.set(eventId, b);
    }
    return b.next();
  }

  private async build(eventId: string): Promise<AudienceWelcome | null> {
    const ev = await this.store.getEvent(eventId);
    if (!ev) return null;
    // As the audience may see them now: a result a projector is still revealing is held back (server/views.ts).
    const now = Date.now();
    const held = await this.views.heldTeams(ev, now);
    const [rooms, boards] = await Promise.all([
      Promise.all(ev.rooms.map((r) => this.views.audienceRoom(ev, r, now))),
      Promise.all(ev.tracks.map((t) => this.views.board(ev, t.id, held))),
    ]);
    return { rooms, boards };
  }
}
