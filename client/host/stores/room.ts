// The host's room: the room view (snapshots and patches), the panel board, the leaderboards, the tracks' special awards
// and public votes (and the upload of imported ones), the server clock, and the commands, each sent with an
// acknowledgement and a timeout; with a standby machine, which machine the console is on and on how many machines the
// last correction is. Listeners are bound once, here.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { publicImportFile, publicImportOutcome } from '../../common/publicImport';
import { followRoom } from '../../common/roomFeed';
import type { Ack, BoardView, CommandName, CommandResults, ErrorBody, PanelView, Payload, SpecialView, VotingView } from '../../../shared/protocol';
import { NO_ANSWER, request } from '../../../shared/request';
import { machineOf, standbyOrigin } from '../../../web/machines';
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

  /** With a standby machine in the link: the address of the machine the console is connected to, and whether it is the other one. */
  const standby = standbyOrigin(location.href);
  const machine = ref<{ origin: string; moved: boolean } | null>(null);
  /** With a standby machine: on how many machines the last correction is (2: the standby has it too). */
  const correctionMachines = ref<number | null>(null);

  socket.on('connect', () => {
    if (standby) machine.value = { origin: machineOf(socket), moved: machineOf(socket) !== location.origin };
  });
  socket.on('room:panel', (p) => { panel.value = p; });
  socket.on('voting:state', (v) => { voting.value = v; });
  socket.on('board:leaderboard', (b) => { boards.value = { ...boards.value, [b.trackId]: b }; });
  const specials = ref<Record<string, SpecialView>>({});
  socket.on('special:state', (v) => { specials.value = { ...specials.value, [v.trackId]: v }; });

  /** Sends a command and waits for its acknowledgement; a refusal or a timeout is shown, never thrown. */
  async function run<E extends CommandName>(name: E, payload: Payload<E>): Promise<Ack<CommandResults[E]>> {
    busy.value = true;
    lastError.value = null;
    correctionMachines.value = null;
    const ack: Ack<CommandResults[E]> = (await request(socket, name, payload, 10_000)) ?? { ok: false, error: NO_ANSWER };
    busy.value = false;
    if (!ack.ok) lastError.value = ack.error;
    if (name === 'score:correct') correctionMachines.value = ack.ok ? (ack.data as CommandResults['score:correct']).machines ?? null : null;
    return ack;
  }

  /**
   * Imports a track's public vote counts from an outside platform's file, with a reason: how many teams, or the refusal
   * (the upload shows it beside its button, so it is not the console's last error).
   */
  async function importPublic(trackId: string, file: File, reason: string): Promise<ReturnType<typeof publicImportOutcome>> {
    const out = publicImportOutcome(await run('public:import', { eventId: view.value!.eventId, trackId, file: await publicImportFile(file), reason }));
    if ('error' in out) lastError.value = null;
    return out;
  }

  /** Judges on the panel who have not scored the team on stage (recused judges excepted). */
  const missing = computed(() => panel.value?.judges.filter((j) => !j.recused && j.submittedAt === null) ?? []);

  return { connected, hello, view, panel, boards, specials, voting, offset, busy, lastError, problem, storage, missing, machine, correctionMachines, run, importPublic };
});
