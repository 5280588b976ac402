// What every app that follows one room keeps from its socket, through the one room feed (shared/feed.ts): connection,
// who the server says we are, the room view (and every room view it follows: a judge on several panels follows each of
// their rooms; after a reconnect, the last views until the server's snapshots replace them), the server's storage and
// a problem with the link; and the server clock's offset. Called once per app, from its store, so listeners are bound once.
import { ref, shallowReactive, shallowRef, toRefs } from 'vue';
import { initialFeedState, KEEP_STALE_MS, RoomFeed, shownRooms } from '../../shared/feed';
import type { RoomView } from '../../shared/protocol';
import { request } from '../../shared/request';
import { estimateOffset } from '../../shared/clock';
import type { AppSocket } from './connect';

/** Binds the room topics of a socket and returns their reactive state. */
export function followRoom(socket: AppSocket) {
  const state = shallowReactive(initialFeedState());
  const room = shallowRef<RoomView | null>(null);
  const rooms = shallowRef<RoomView[]>([]);
  const offset = ref(0);
  /** After a reconnect, the rooms not yet re-sent keep their last view a moment (no blank page), then go. */
  let keepStaleUntil = 0;
  const publish = () => {
    rooms.value = shownRooms(feed.rooms.values(), rooms.value, Date.now() < keepStaleUntil);
    room.value = state.hello?.roomId ? rooms.value.find((r) => r.roomId === state.hello?.roomId) ?? null : null;
  };
  const feed = new RoomFeed(socket, {
    timers: globalThis, state, onEvent: (event) => {
      if (event.type === 'rooms' || event.type === 'hello') publish();
      if (event.type !== 'connected') return;
      keepStaleUntil = Date.now() + KEEP_STALE_MS;
      setTimeout(publish, KEEP_STALE_MS + 100);
      void estimateOffset(async () => {
        const ack = await request(socket, 'time:ping', {}, 5000);
        if (!ack) throw new Error('time:ping: no answer'); // the offset stays as it was
        return ack.ok ? ack.data.serverNow : Date.now();
      }).then((o) => { offset.value = o; }).catch(() => undefined);
    },
  });
  const { connected, hello, problem, storage } = toRefs(state);
  return { connected, hello, room, rooms, offset, problem, storage };
}
