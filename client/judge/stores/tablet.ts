// Which of the judge's tablets is the active one (judge:claim): a page opened on this device takes over from any other
// tablet; a reconnection only resumes (it never takes over); a tablet told another has taken over (judge:tablet) is
// replaced: it stops sending until the judge takes back here, with a confirmation. Only the active tablet sends
// sheets and reports its status; the server refuses the others (tablet-replaced).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { request } from '../../../shared/request';
import { socket, token } from '../socket';

const key = (name: string) => `judge:${token}:${name}`;

/** This device's id for the judge's link, made once and kept on the tablet. */
function deviceId(): string {
  const known = localStorage.getItem(key('device'));
  if (known) return known;
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  localStorage.setItem(key('device'), id);
  return id;
}

export const useTablet = defineStore('tablet', () => {
  const device = deviceId();
  /** This tablet is the judge's active one over the current connection (false while unknown or disconnected). */
  const active = ref(false);
  /** Another tablet took over (kept across a reload, so that a reload here does not take over unasked). */
  const replaced = ref(localStorage.getItem(key('replaced')) === '1');
  /** Until its first claim is answered, this page takes over (it was opened here); afterwards it only resumes. */
  let opened = true;

  function setReplaced(value: boolean): void {
    replaced.value = value;
    if (value) localStorage.setItem(key('replaced'), '1');
    else localStorage.removeItem(key('replaced'));
  }

  /** Claims to be the active tablet; `take`: take over from another one. */
  async function claim(take: boolean): Promise<void> {
    const ack = await request(socket, 'judge:claim', { device, take }, 10_000);
    if (!ack || !ack.ok) return; // no answer, or the storage is away: claimed again on reconnect or when it is back
    opened = false;
    setReplaced(!ack.data.active);
    active.value = ack.data.active;
  }

  /** The judge came back to this tablet and confirmed: take back from the other one. */
  function takeBack(): Promise<void> {
    return claim(true);
  }

  socket.on('connect', () => { void claim(opened && !replaced.value); });
  socket.on('disconnect', () => { active.value = false; });
  socket.on('storage:status', (s) => {
    if (s.state === 'ok' && socket.connected && !active.value && !replaced.value) void claim(opened);
  });
  socket.on('judge:tablet', (t) => {
    if (t.device === device) return;
    active.value = false;
    setReplaced(true);
  });

  return { device, active, replaced, takeBack };
});
