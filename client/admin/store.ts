// The admin's state: the session, the events, the open event and its links; every command acknowledged.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { defaultTrackSettings, eventConfigShape, type EventConfig, type Judge, type Room, type Team, type Track } from '../../shared/domain';
import type { AwardRules } from '../../shared/scoring';
import type { Ack, CommandName, CommandResults, EventLinks, Payload, VoterCodeView } from '../../shared/protocol';
import { checkEventConfig, removedTrackProblems } from '../../shared/setup';
import { freshId } from './drafts';
import type { AppSocket } from '../common/connect';
import { shownLocale, translate } from '../../web/i18n';
import { refusalText } from '../common/refusal';
import { publicImportFile, publicImportOutcome } from '../common/publicImport';
import { NO_ANSWER, request } from '../../shared/request';
import { adminSocket } from './socket';

const KEY = 'finals:admin-session';
/** The address's parameter naming the open event. */
const EVENT_PARAM = 'event';

export const useAdmin = defineStore('admin', () => {
  const token = ref(sessionStorage.getItem(KEY) ?? '');
  const passwordSet = ref<boolean | null>(null);
  const events = ref<CommandResults['admin:events']>([]);
  const event = shallowRef<EventConfig | null>(null);
  const links = shallowRef<EventLinks | null>(null);
  /** The open event's voter codes (大众评审), once the voters' panel asked for them. */
  const codes = shallowRef<VoterCodeView[]>([]);
  /** The open event's tracks whose teams hold stored sheets: their rules are locked. */
  const scoredTracks = ref<string[]>([]);
  /** The open event's teams that hold stored sheets (their track is locked), and the judges who wrote them. */
  const scoredTeams = ref<string[]>([]);
  const scoredJudges = ref<string[]>([]);
  const error = ref('');
  const connected = ref(false);
  let socket: AppSocket | null = null;

  async function status(): Promise<void> {
    const res = await fetch('/api/admin/status');
    passwordSet.value = ((await res.json()) as { data: { passwordSet: boolean } }).data.passwordSet;
  }

  /** Signs in (or sets the password the first time) and opens the socket. */
  async function signIn(password: string): Promise<boolean> {
    error.value = '';
    const res = await fetch(passwordSet.value ? '/api/admin/login' : '/api/admin/setup', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password }),
    });
    const body = (await res.json()) as { ok: boolean; data?: { token: string }; error?: { message: string } };
    if (!body.ok || !body.data) {
      error.value = body.error?.message ?? 'error';
      return false;
    }
    token.value = body.data.token;
    sessionStorage.setItem(KEY, token.value);
    open();
    return true;
  }

  function open(): void {
    if (!token.value || socket) return;
    socket = adminSocket(token.value);
    socket.on('connect', () => { connected.value = true; void refresh(); });
    socket.on('disconnect', () => { connected.value = false; });
    socket.on('connect_error', (err) => {
      if (err.message === 'UNAUTHORIZED') {
        sessionStorage.removeItem(KEY);
        token.value = '';
      }
    });
  }

  async function run<E extends CommandName>(name: E, payload: Payload<E>): Promise<Ack<CommandResults[E]>> {
    const ack: Ack<CommandResults[E]> = (await request(socket!, name, payload, 15_000)) ?? { ok: false, error: NO_ANSWER };
    error.value = ack.ok ? '' : refusalText(translate, ack.error);
    return ack;
  }

  /** The events, and the open one again: after a reload, the one the address names (?event=), if it still exists. */
  async function refresh(): Promise<void> {
    const ack = await run('admin:events', {});
    if (ack.ok) events.value = ack.data;
    const chosen = event.value?.id ?? new URLSearchParams(location.search).get(EVENT_PARAM);
    if (chosen && events.value.some((e) => e.id === chosen)) await select(chosen);
  }

  /** Opens an event, and keeps its id in the address so that a reload (or a bookmark) comes back to it. */
  async function select(eventId: string): Promise<void> {
    const [ev, l, s] = await Promise.all([run('admin:event', { eventId }), run('admin:links', { eventId }), run('admin:scored-tracks', { eventId })]);
    if (ev.ok) {
      event.value = ev.data;
      const url = new URL(location.href);
      url.searchParams.set(EVENT_PARAM, eventId);
      history.replaceState(history.state, '', url);
    }
    if (l.ok) links.value = l.data;
    if (s.ok) [scoredTracks.value, scoredTeams.value, scoredJudges.value] = [s.data.trackIds, s.data.teamIds, s.data.judgeIds];
  }

  /**
   * Saves a whole new configuration of the open event: checked here first (the server checks again, and refuses a
   * scored track's rule change), then admin:save-event. Returns null when saved, or the reason in words.
   */
  async function save(next: EventConfig): Promise<string | null> {
    const before = event.value;
    const problems = [...(before ? removedTrackProblems(before, next) : []), ...checkEventConfig(next)];
    if (problems.length) return problems.map((p) => (shownLocale() === 'en' ? p.en : p.zh)).join(translate('admin.sep.clause'));
    const shape = eventConfigShape.safeParse(next);
    if (!shape.success) return `${shape.error.issues[0]!.path.join('.')}: ${shape.error.issues[0]!.message}`;
    const ack = await run('admin:save-event', { config: shape.data });
    error.value = '';
    if (!ack.ok) return refusalText(translate, ack.error);
    event.value = shape.data;
    await refresh();
    return null;
  }

  /** The open event with one change made by `edit` on a deep copy. */
  function edited(edit: (ev: EventConfig) => void): EventConfig {
    const next = structuredClone(event.value!) as EventConfig;
    edit(next);
    return next;
  }

  /** Replaces the event's own fields (name, theme, organisers, reveal with names). */
  const saveEventInfo = (ev: EventConfig) => save(ev);

  /** Replaces one track (its topics, rules, awards, timers). */
  const saveTrack = (track: Track) => save(edited((ev) => { ev.tracks = ev.tracks.map((t) => (t.id === track.id ? track : t)); }));

  /**
   * Changes a track's prize counts with a reason, also once it has scores (a panel decision such as a prize left
   * vacant: it changes no score); null, or why it was refused.
   */
  async function setAwards(trackId: string, awards: AwardRules, reason: string): Promise<string | null> {
    if (!reason.trim()) return translate('admin.tracks.awardsReason');
    const ack = await run('admin:set-awards', { eventId: event.value!.id, trackId, awards, reason: reason.trim() });
    error.value = '';
    if (!ack.ok) return refusalText(translate, ack.error);
    await refresh();
    return null;
  }

  /**
   * Imports a track's public vote counts from an outside platform (an .xlsx or .csv: 项目名称, 票数) with a reason;
   * the number of teams counted, or why it was refused.
   */
  async function importPublic(trackId: string, file: File, reason: string): Promise<{ teams: number } | { message: string }> {
    const out = publicImportOutcome(await run('public:import', { eventId: event.value!.id, trackId, file: await publicImportFile(file), reason: reason.trim() }));
    return 'error' in out ? { message: refusalText(translate, out.error) } : out;
  }

  /** Adds a track on the default settings; returns its id, or the reason it was refused. */
  async function addTrack(name: string): Promise<{ id: string | null; message: string | null }> {
    const ev = event.value!;
    const id = freshId(ev.tracks.map((t) => t.id), 'T', 2);
    const track: Track = { id, code: id, name: name.trim(), topics: [], ...defaultTrackSettings() };
    const message = name.trim() ? await save(edited((e) => { e.tracks.push(track); })) : translate('admin.tracks.needName');
    return { id: message ? null : id, message };
  }

  /** Removes a track with no teams (and takes it out of every room). */
  function removeTrack(id: string): Promise<string | null> {
    return save(edited((ev) => {
      ev.tracks = ev.tracks.filter((t) => t.id !== id);
      for (const r of ev.rooms) r.trackIds = r.trackIds.filter((t) => t !== id);
    }));
  }

  /** Adds an empty room. */
  async function addRoom(name: string): Promise<string | null> {
    if (!name.trim()) return translate('admin.rooms.needName');
    return save(edited((ev) => { ev.rooms.push({ id: freshId(ev.rooms.map((r) => r.id), 'room'), name: name.trim(), trackIds: [], panel: [] }); }));
  }

  /** Replaces a room (name, tracks, panel); a judge taken onto its panel leaves any other panel. */
  function saveRoom(room: Room): Promise<string | null> {
    return save(edited((ev) => {
      // A judge may sit on the panels of several rooms: the other rooms' panels stay as they are.
      ev.rooms = ev.rooms.map((r) => (r.id === room.id ? room : r));
    }));
  }

  /** Removes a room (its judges are then on no panel). */
  const removeRoom = (id: string) => save(edited((ev) => { ev.rooms = ev.rooms.filter((r) => r.id !== id); }));

  /** Adds a recusal by hand: this judge does not score this team. */
  function addRecusal(team: string, judge: string, reason: string): Promise<string | null> {
    if (event.value!.recusals.some((r) => r.team === team && r.judge === judge)) return Promise.resolve(translate('admin.recusals.exists'));
    return save(edited((ev) => { ev.recusals.push({ team, judge, reason: reason.trim() || '手动添加' }); }));
  }

  /** Removes a recusal: the judge scores the team after all. */
  function removeRecusal(team: string, judge: string): Promise<string | null> {
    return save(edited((ev) => { ev.recusals = ev.recusals.filter((r) => !(r.team === team && r.judge === judge)); }));
  }

  /** Replaces one team or one judge (audited on the server, before and after); null, or why it was refused. */
  async function editEntry(entry: { team: Team } | { judge: Judge }, reason: string): Promise<string | null> {
    const eventId = event.value!.id;
    const ack = 'team' in entry
      ? await run('admin:edit-team', { eventId, team: entry.team, reason: reason.trim() })
      : await run('admin:edit-judge', { eventId, judge: entry.judge, reason: reason.trim() });
    error.value = '';
    if (!ack.ok) return refusalText(translate, ack.error);
    await refresh();
    return null;
  }

  async function create(id: string, name: string, presetId: string | null): Promise<void> {
    const ack = await run('admin:create-event', { id, name, presetId });
    if (ack.ok) {
      await refresh();
      await select(id);
    }
  }

  /** Sets the address the event's links and QR codes carry (null: this page's address); null, or why it was refused. */
  async function setLinkBase(base: string | null): Promise<string | null> {
    const ack = await run('admin:set-link-base', { eventId: event.value!.id, base });
    if (!ack.ok) return refusalText(translate, ack.error);
    links.value = ack.data;
    return null;
  }

  /** The open event's voter codes (大众评审), after making `add` more; null, or why it was refused. */
  async function voterCodes(add: number): Promise<string | null> {
    const ack = await run('admin:voter-codes', { eventId: event.value!.id, add });
    if (!ack.ok) return refusalText(translate, ack.error);
    codes.value = ack.data;
    return null;
  }

  /** Revokes a voter code with a reason (audited); null, or why it was refused. */
  async function revokeVoter(voter: string, reason: string): Promise<string | null> {
    const ack = await run('admin:revoke-voter', { eventId: event.value!.id, voter, reason });
    if (!ack.ok) return refusalText(translate, ack.error);
    return voterCodes(0);
  }

  return {
    setLinkBase, codes, voterCodes, revokeVoter,
    token, passwordSet, events, event, links, scoredTracks, scoredTeams, scoredJudges, editEntry, error, connected, status, signIn, open, refresh, select, create,
    save, saveEventInfo, saveTrack, setAwards, importPublic, addTrack, removeTrack, addRoom, saveRoom, removeRoom, addRecusal, removeRecusal,
  };
});
