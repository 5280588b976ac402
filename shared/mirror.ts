// A client's copy of the room views it follows, kept from snapshots and patches; older revisions are dropped and a
// patch that does not follow the local revision asks for a fresh snapshot (reset + snapshot).
import type { RoomPatch, RoomView } from './protocol';

/** What applying a message did. */
export type MirrorResult = 'applied' | 'stale' | 'needs-sync';

/** The room views by room id. */
export class RoomMirror {
  readonly rooms = new Map<string, RoomView>();

  /** Takes a snapshot unless an equal or newer revision is already here. */
  snapshot(view: RoomView): MirrorResult {
    const have = this.rooms.get(view.roomId);
    if (have && have.rev >= view.rev) return 'stale';
    this.rooms.set(view.roomId, view);
    return 'applied';
  }

  /** Applies a patch that follows the local revision exactly; otherwise says a snapshot is needed. */
  patch(patch: RoomPatch): MirrorResult {
    const have = this.rooms.get(patch.roomId);
    if (have && have.rev >= patch.rev) return 'stale';
    if (!have || have.rev !== patch.baseRev) return 'needs-sync';
    this.rooms.set(patch.roomId, { ...have, ...patch.set, rev: patch.rev });
    return 'applied';
  }

  /** Forgets everything (on reconnect, before the new snapshots). */
  reset(): void {
    this.rooms.clear();
  }
}
