// The host's room: the room view (snapshots and patches), the panel board, the leaderboards, the tracks' special awards,
// the server clock, and
// the commands, each sent with an acknowledgement and a timeout. Listeners are bound once, here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { followRoom } from '../../common/roomFeed';
import type { Ack, BoardView, CommandName, CommandResults, ErrorBody, PanelView, Payload, SpecialView, VotingView } from '../../../shared/protocol';
import { NO_ANSWER, request } from '../../../shared/request';
import { socket } from '../socket';

export const useRoom = defineStore('room', () => {
  const { connected, hello, room: view, offset, problem, storage } = followRoom(socket);
  const panel = shallowRef<PanelView | null>(null);
  const boards = ref<Record<string, BoardView>>({});
  const busy = ref(false);
  /** The last refusal (or timeout), shown in the host's words (client/common/refusal.ts). */
  const lastError = shallowRef<ErrorBody | null>(null);

  /** The public's vote of the room's tracks: windows and how many have voted (never a count of votes). */
  const voting = shallowRef<VotingView | null>(null);

  socket.on('room:panel', (p) => { panel.value = p; });
  socket.on('voting:state', (v) => { voting.value = v; });
  socket.on('board:leaderboard', (b) => { boards.value = { ...boards.value, [b.trackId]: b }; });
  const specials = ref<Record<string, SpecialView>>({});
  socket.on('special:state', (v) => { specials.value = { ...specials.value, [v.trackId]: v }; });

  /** Sends a command and waits for its acknowledgement; a refusal or a timeout is shown, never thrown. */
  async function run<E extends CommandName>(name: E, payload: Payload<E>): Promise<Ack<CommandResults[E]>> {
    busy.value = true;
    lastError.value = null;
    const ack: Ack<CommandResults[E]> = (await request(socket, name, payload, 10_000)) ?? { ok: false, error: NO_ANSWER };
    busy.value = false;
    if (!ack.ok) lastError.value = ack.error;
    return ack;
  }

  /** Judges on the panel who have not scored the team on stage (recused judges excepted). */
  const missing = computed(() => panel.value?.judges.filter((j) => !j.recused && j.submittedAt === null) ?? []);

  return { connected, hello, view, panel, boards, specials, voting, offset, busy, lastError, problem, storage, missing, run };
});
