// The audience's welcome (its snapshot of the room and board topics, server/topics.ts): every room's view and every
// track's leaderboard, built once for all the phones that connect together (thousands reconnect at once after the
// venue's Wi-Fi drops) instead of once per phone, and sent to all of them as one audience:welcome broadcast (encoded
// once: the same single WebSocket frame for every phone). A build serves only sockets that had joined their channels
// before it began, so none misses a change: what happened before the build is in it, what happens after reaches the
// socket as a patch. A phone that asks for it (auth.welcome) gets the build packed instead: deflate-raw, compressed
// once per build, or just `unchanged` when the copy it keeps from an earlier visit has the build's hash; each kind of
// message is encoded once per build, and nothing is kept per socket beyond its place in the waiting group.
import { createHash } from 'node:crypto';
import { constants, deflateRawSync } from 'node:zlib';
import { welcomeAuthSchema, type AudienceWelcome, type WelcomeAuth } from '../shared/protocol';
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

/** What a phone asks of its welcome in its handshake; a missing or malformed `auth.welcome` asks for plain JSON. */
export function welcomeAuth(auth: unknown): WelcomeAuth {
  const parsed = welcomeAuthSchema.safeParse((auth as { welcome?: unknown } | null)?.welcome);
  return parsed.success ? parsed.data : { deflate: false, have: null };
}

/** A socket waiting for a build, and what it asked of its welcome. */
interface Waiting { id: string; auth: WelcomeAuth }

/** The audience's welcome per event, batched as above. */
export class AudienceWelcomes {
  private readonly builds = new Map<string, NextBuild<AudienceWelcome | null>>();
  /** The sockets (on this process) waiting for each build, to be sent it together. */
  private readonly waiting = new Map<Promise<AudienceWelcome | null>, Waiting[]>();

  constructor(private readonly store: Store, private readonly views: Views, private readonly io: Io) {}

  /**
   * Sends a socket that has already joined its topics' channels the next build, as it asked (`auth`, welcomeAuth): at
   * most one broadcast of each kind (plain, unchanged, deflated) to the sockets of this process waiting for the same build.
   */
  async send(eventId: string, socketId: string, auth: WelcomeAuth): Promise<void> {
    const build = this.next(eventId);
    let waiting = this.waiting.get(build);
    if (!waiting) {
      const group: Waiting[] = [];
      waiting = group;
      this.waiting.set(build, group);
      void build.then((welcome) => {
        this.waiting.delete(build);
        if (welcome) this.deliver(welcome, group);
      }, () => { this.waiting.delete(build); });
    }
    waiting.push({ id: socketId, auth });
    await build;
  }

  /** One build to its waiting group, at once (no change may reach a socket between the build and its welcome). */
  private deliver(welcome: AudienceWelcome, group: Waiting[]): void {
    const to = { plain: [] as string[], unchanged: [] as string[], deflated: [] as string[] };
    for (const { id, auth } of group) to[auth.have === welcome.hash ? 'unchanged' : auth.deflate ? 'deflated' : 'plain'].push(id);
    const { hash } = welcome;
    if (to.plain.length) this.io.local.to(to.plain).emit('audience:welcome', welcome);
    if (to.unchanged.length) this.io.local.to(to.unchanged).emit('audience:welcome-packed', { hash, unchanged: true });
    // Once per build, only when a phone asks for it: the best compression, ~2 ms for a 17-room event (BENCHMARKS.md).
    if (to.deflated.length) {
      const deflated = deflateRawSync(JSON.stringify(welcome), { level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
      this.io.local.to(to.deflated).emit('audience:welcome-packed', { hash, deflated });
    }
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
    return { rooms, boards, hash: createHash('sha256').update(JSON.stringify({ rooms, boards })).digest('base64url').slice(0, 22) };
  }
}
