// What a watching screen knows, kept from the server's topics: the connection, the server's storage and the room views
// through the one room feed (shared/feed.ts), the leaderboards by track, and the server clock. Each app defines its
// store with this once; its listeners are bound once, here, never in components.
import { defineStore } from 'pinia';
import { computed, ref, shallowReactive, shallowRef, toRefs, triggerRef } from 'vue';
import { estimateOffset } from '../../shared/clock';
import { initialFeedState, KEEP_STALE_MS, RoomFeed, shownRooms, type FeedProblem, type WelcomeKeeper } from '../../shared/feed';
import type { BoardView, RoomView } from '../../shared/protocol';
import { request } from '../../shared/request';
import type { WatchSocket } from './socket';

/** Why the screen cannot follow the event (shown calmly, never as a raw error). */
export type Problem = FeedProblem | null;

/** The Pinia store of a watching screen over its one socket (a phone's: with the keeper of its welcome). */
export function defineWatchStore(socket: WatchSocket, welcomes?: WelcomeKeeper) {
  return defineStore('watch', () => {
    const state = shallowReactive(initialFeedState());
    const offset = ref(0);
    let estimated = false;
    const rooms = shallowRef<RoomView[]>([]);
    const boards = shallowRef(new Map<string, BoardView>());

    /** After a reconnect, the rooms not yet re-sent keep their last view a moment (no flicker), then go. */
    let keepStaleUntil = 0;
    const publish = () => {
      rooms.value = shownRooms(feed.rooms.values(), rooms.value, Date.now() < keepStaleUntil);
    };

    const feed = new RoomFeed(socket, {
      timers: globalThis, state, welcomes, onEvent: (event) => {
        if (event.type === 'rooms') publish();
        else if (event.type === 'welcome') {
          // A phone's snapshots on connect come in one message: the rooms (taken by the feed), then the boards.
          for (const board of event.welcome.boards) boards.value.set(board.trackId, board);
          triggerRef(boards);
        }
        else if (event.type === 'hello' && !estimated && state.hello) {
          offset.value = state.hello.serverNow - Date.now(); // a first guess until the pings answer
        } else if (event.type === 'connected') {
          // The snapshots follow; the screen keeps the last views until they arrive.
          keepStaleUntil = Date.now() + KEEP_STALE_MS;
          setTimeout(publish, KEEP_STALE_MS + 100);
          estimated = false;
          void estimateOffset(async () => {
            const ack = await request(socket, 'time:ping', {}, 5000);
            if (!ack) throw new Error('time:ping: no answer'); // the offset stays as it was
            return ack.ok ? ack.data.serverNow : Date.now();
          }).then((o) => {
            offset.value = o;
            estimated = true;
          }).catch(() => undefined);
        }
      },
    });
    socket.on('display:reload', () => location.reload()); // the host's remedy for a stuck screen (displays only)
    // In their order with the welcome, which may still be being opened when a board comes.
    socket.on('board:leaderboard', (board) => feed.inOrder(() => {
      boards.value.set(board.trackId, board);
      triggerRef(boards);
    }));
    const { connected, everConnected, problem, storage, hello } = toRefs(state);

    /** The server's clock now, in ms (for countdowns). */
    const serverNow = () => Date.now() + offset.value;
    const eventName = computed(() => rooms.value[0]?.eventName ?? '');

    return { connected, everConnected, problem, storage, hello, offset, rooms, boards, eventName, serverNow };
  });
}
