// The judge's session: the room feed (connection, identity, room views, server clock), the judge's own state, one
// per room whose panel they sit on (a judge may sit on several), and their special-award ballots (one per track whose
// ballot has opened). The room the tablet shows: the one the judge chose, else the one where scoring is open for them
// and they have not scored yet, else where it is open, else their first; scoring opening in another room shows that
// room, unless the judge still has to score in the one shown.
// Listeners are bound once, here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { followRoom } from '../../common/roomFeed';
import type { BallotView, JudgeView, RoomView } from '../../../shared/protocol';
import { socket } from '../socket';

export const useSession = defineStore('session', () => {
  const { connected, hello, rooms: views, offset, problem, storage } = followRoom(socket);
  /** The judge's state per room id. */
  const judges = shallowRef<Record<string, JudgeView>>({});
  /** The room the judge chose on the switcher, or null: the tablet picks. */
  const chosen = ref<string | null>(null);

  socket.on('judge:state', (view) => { judges.value = { ...judges.value, [view.roomId]: view }; });
  const ballots = ref<Record<string, BallotView>>({});
  socket.on('judge:ballot', (view) => { ballots.value = { ...ballots.value, [view.trackId]: view }; });

  /** The judge's rooms in the event's order (their views, once the server has sent both). */
  const rooms = computed<RoomView[]>(() => views.value.filter((r) => judges.value[r.roomId]));
  const scoringFor = (r: RoomView) => r.phase === 'scoring' && Boolean(judges.value[r.roomId]?.canScore);
  /** Scoring is open for this judge in the room and they have no sheet for its team yet. */
  const toScore = (r: RoomView) => scoringFor(r) && !judges.value[r.roomId]!.sheets.some((s) => s.team === r.team?.id);
  /** The room shown: chosen, else where this judge has to score, else where scoring is open, else the first. */
  const roomId = computed(() => {
    const list = rooms.value;
    if (chosen.value && list.some((r) => r.roomId === chosen.value)) return chosen.value;
    return (list.find(toScore) ?? list.find(scoringFor) ?? list[0])?.roomId ?? hello.value?.roomId ?? null;
  });
  const room = computed(() => rooms.value.find((r) => r.roomId === roomId.value) ?? null);
  const judge = computed(() => (roomId.value ? judges.value[roomId.value] ?? null : null));

  // Scoring opening for this judge in a room other than the one shown: the tablet shows that room, unless the judge
  // still has to score in the one shown (its switch button says scoring is open in the other).
  watch(() => rooms.value.filter(scoringFor).map((r) => r.roomId).join(','), (now, before) => {
    const opened = now.split(',').filter((id) => id && !before.split(',').includes(id));
    const shown = roomId.value ?? '';
    if (opened.length === 0 || (!opened.includes(shown) && room.value && toScore(room.value))) return;
    chosen.value = opened.includes(shown) ? shown : opened[0]!; // kept there once the judge has scored
  });

  /** Shows another of the judge's rooms. */
  function choose(id: string): void {
    chosen.value = id;
  }

  /** The form of the track of the team on stage in the room shown. */
  const form = computed(() => {
    const trackId = room.value?.team?.trackId;
    return judge.value?.forms.find((f) => f.trackId === trackId) ?? null;
  });

  return { connected, hello, rooms, room, judge, offset, problem, storage, form, ballots, choose };
});
