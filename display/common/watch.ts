// What a watching screen knows, kept from the server's topics: the connection, the server's storage, the room views (snapshots and patches
// by revision through RoomMirror, a fresh sync when a patch does not follow), the leaderboards by track, and the
// server clock. Each app defines its store with this once; its listeners are bound once, here, never in components.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import { estimateOffset } from '../../shared/clock';
import { RoomMirror } from '../../shared/mirror';
import type { BoardView, RoomView, SessionHello, StorageStatus } from '../../shared/protocol';
import { request } from '../../web/request';
import type { WatchSocket } from './socket';

/** Why the screen cannot follow the event (shown calmly, never as a raw error). */
export type Problem = 'badLink' | 'notFound' | 'revoked' | null;

/** The Pinia store of a watching screen over its one socket. */
export function defineWatchStore(socket: WatchSocket) {
  return defineStore('watch', () => {
    const connected = ref(false);
    /** Connected at least once since the page loaded: before that the screen says "connecting", after it keeps showing. */
    const everConnected = ref(false);
    const problem = ref<Problem>(null);
    /** `reconnecting` while the server's Redis is away (the screen keeps its last views and says so, discreetly). */
    const storage = ref<StorageStatus['state']>('ok');
    const hello = ref<SessionHello | null>(null);
    const offset = ref(0);
    let estimated = false;
    const mirror = new RoomMirror();
    const rooms = shallowRef<RoomView[]>([]);
    const boards = shallowRef(new Map<string, BoardView>());

    /** After a reconnect, the rooms not yet re-sent keep their last view this long (no flicker), then go. */
    let keepStaleUntil = 0;
    const publish = () => {
      const fresh = [...mirror.rooms.values()];
      const stale = Date.now() < keepStaleUntil ? rooms.value.filter((r) => !mirror.rooms.has(r.roomId)) : [];
      const order = new Map(rooms.value.map((r, i) => [r.roomId, i]));
      rooms.value = [...fresh, ...stale].sort((a, b) => (order.get(a.roomId) ?? 1e9) - (order.get(b.roomId) ?? 1e9));
    };
    const sync = async () => {
      const ack = await request(socket, 'room:sync', {}, 8000);
      if (ack?.ok) {
        mirror.reset();
        for (const view of ack.data) mirror.snapshot(view);
        publish();
      }
    };

    socket.on('connect', () => {
      connected.value = true;
      everConnected.value = true;
      problem.value = null;
      storage.value = 'ok'; // a handshake passes only while the server reaches its storage
      mirror.reset(); // the snapshots follow; the screen keeps the last views until they arrive
      keepStaleUntil = Date.now() + 2000;
      setTimeout(publish, 2100);
      estimated = false;
      void estimateOffset(async () => {
        const ack = await request(socket, 'time:ping', {}, 5000);
        if (!ack) throw new Error('time:ping: no answer'); // the offset stays as it was
        return ack.ok ? ack.data.serverNow : Date.now();
      }).then((o) => {
        offset.value = o;
        estimated = true;
      }).catch(() => undefined);
    });
    socket.on('disconnect', () => { connected.value = false; });
    socket.on('connect_error', (err) => {
      connected.value = false;
      if (err.message === 'UNAUTHORIZED') problem.value = 'badLink';
      else if (err.message === 'NOT_FOUND') problem.value = 'notFound';
      else if (err.message === 'RATE_LIMITED') setTimeout(() => socket.connect(), 60_000);
      else if (err.message === 'INTERNAL') setTimeout(() => socket.connect(), 2000); // a refused handshake is not retried by itself
      else if (err.message === 'UNAVAILABLE') {
        storage.value = 'reconnecting';
        setTimeout(() => socket.connect(), 1000);
      }
    });
    socket.on('storage:status', (s) => { storage.value = s.state; });
    socket.on('session:hello', (h) => {
      hello.value = h;
      if (!estimated) offset.value = h.serverNow - Date.now(); // a first guess until the pings answer
    });
    socket.on('session:revoked', () => { problem.value = 'revoked'; });
    socket.on('room:snapshot', (view) => {
      if (mirror.snapshot(view) === 'applied') publish();
    });
    socket.on('room:patch', (patch) => {
      const result = mirror.patch(patch);
      if (result === 'applied') publish();
      else if (result === 'needs-sync') void sync();
    });
    socket.on('display:reload', () => location.reload()); // the host's remedy for a stuck screen (displays only)
    socket.on('board:leaderboard', (board) => {
      boards.value.set(board.trackId, board);
      triggerRef(boards);
    });
    // A phone's snapshots on connect come in one message: the rooms, then the boards.
    socket.on('audience:welcome', (welcome) => {
      if (welcome.rooms.map((view) => mirror.snapshot(view)).includes('applied')) publish();
      for (const board of welcome.boards) boards.value.set(board.trackId, board);
      triggerRef(boards);
    });

    /** The server's clock now, in ms (for countdowns). */
    const serverNow = () => Date.now() + offset.value;
    const eventName = computed(() => rooms.value[0]?.eventName ?? '');

    return { connected, everConnected, problem, storage, hello, offset, rooms, boards, eventName, serverNow };
  });
}
