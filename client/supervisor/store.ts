// What a supervisor sees, kept from the server's topics: room views, panels, every sheet, the audit log and whether
// its hash chain verifies. Listeners are bound once, here.
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { RoomMirror } from '../../shared/mirror';
import type { AuditView, OwnSheet, PanelView, RoomView } from '../../shared/protocol';
import { request } from '../../web/request';
import { socket } from './socket';

export const useSupervisor = defineStore('supervisor', () => {
  const connected = ref(false);
  const rooms = shallowRef<RoomView[]>([]);
  const panels = ref<Record<string, PanelView>>({});
  const sheets = ref<Record<string, Record<string, OwnSheet>>>({});
  /** Teams with a sheet the host corrected (已更正). */
  const corrected = ref<Set<string>>(new Set());
  const audit = ref<AuditView[]>([]);
  const verified = ref<boolean | null>(null);
  const mirror = new RoomMirror();
  const show = () => { rooms.value = [...mirror.rooms.values()]; };

  async function loadAudit(): Promise<void> {
    const ack = await request(socket, 'audit:read', {}, 15_000);
    if (ack?.ok) {
      audit.value = ack.data.entries;
      verified.value = ack.data.verified;
    }
  }
  async function sync(): Promise<void> {
    const ack = await request(socket, 'room:sync', {}, 8000);
    if (ack?.ok) {
      mirror.reset();
      for (const v of ack.data as RoomView[]) mirror.snapshot(v);
      show();
    }
  }

  socket.on('connect', () => {
    connected.value = true;
    mirror.reset();
    void loadAudit();
  });
  socket.on('disconnect', () => { connected.value = false; });
  socket.on('room:snapshot', (v) => { mirror.snapshot(v); show(); });
  socket.on('room:patch', (p) => {
    if (mirror.patch(p) === 'needs-sync') void sync();
    show();
  });
  socket.on('room:panel', (p) => { panels.value = { ...panels.value, [p.roomId]: p }; });
  socket.on('supervisor:sheets', (s) => { sheets.value = { ...sheets.value, ...s.sheets }; corrected.value = new Set(s.corrected); });
  socket.on('audit:entry', (e) => {
    if (!audit.value.some((x) => x.id === e.id)) audit.value = [...audit.value, e];
  });

  return { connected, rooms, panels, sheets, corrected, audit, verified, loadAudit };
});
