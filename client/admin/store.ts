// The admin's state: the session, the events, the open event and its links; every command acknowledged.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { EventConfig } from '../../shared/domain';
import type { Ack, CommandName, CommandResults, EventLinks, Payload } from '../../shared/protocol';
import type { AppSocket } from '../common/connect';
import { adminSocket } from './socket';

const KEY = 'finals:admin-session';

export const useAdmin = defineStore('admin', () => {
  const token = ref(sessionStorage.getItem(KEY) ?? '');
  const passwordSet = ref<boolean | null>(null);
  const events = ref<CommandResults['admin:events']>([]);
  const event = shallowRef<EventConfig | null>(null);
  const links = shallowRef<EventLinks | null>(null);
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
    const emit = socket!.timeout(15_000).emitWithAck as unknown as (n: E, p: Payload<E>) => Promise<Ack<CommandResults[E]>>;
    const ack = await emit.call(socket, name, payload).catch(() => ({ ok: false as const, error: { code: 'INTERNAL' as const, message: 'timeout' } }));
    error.value = ack.ok ? '' : ack.error.message;
    return ack;
  }

  async function refresh(): Promise<void> {
    const ack = await run('admin:events', {});
    if (ack.ok) events.value = ack.data;
    if (event.value) await select(event.value.id);
  }

  async function select(eventId: string): Promise<void> {
    const [ev, l] = await Promise.all([run('admin:event', { eventId }), run('admin:links', { eventId })]);
    if (ev.ok) event.value = ev.data;
    if (l.ok) links.value = l.data;
  }

  async function create(id: string, name: string, presetId: string | null): Promise<void> {
    const ack = await run('admin:create-event', { id, name, presetId });
    if (ack.ok) {
      await refresh();
      await select(id);
    }
  }

  return { token, passwordSet, events, event, links, error, connected, status, signIn, open, refresh, select, create };
});
