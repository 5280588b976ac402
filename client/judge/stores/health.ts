// The tablet's health for the host's panel board (judge:status): whether the page is visible or asleep, the team its
// form shows, the sheets in its outbox and the battery where the browser reports it; sent on every change (coalesced)
// and every TABLET_STATUS_EVERY_S while connected, by the judge's active tablet only (stores/tablet.ts).
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { TABLET_STATUS_EVERY_S, type TabletStatus } from '../../../shared/protocol';
import { request } from '../../../shared/request';
import { socket } from '../socket';
import { useSession } from './session';
import { useSheets } from './sheet';
import { useTablet } from './tablet';

/** The Battery Status API's part read here (navigator.getBattery: Chromium only, absent from TypeScript's DOM types). */
interface BatteryManager extends EventTarget {
  level: number;
}

/** Changes closer together than this go out as one report (well inside the server's per-socket budget). */
const COALESCE_MS = 1000;

export const useHealth = defineStore('health', () => {
  const session = useSession();
  const sheets = useSheets();
  const tablet = useTablet();
  const visible = ref(document.visibilityState === 'visible');
  const battery = ref<number | null>(null);

  document.addEventListener('visibilitychange', () => { visible.value = document.visibilityState === 'visible'; });
  const nav = navigator as Navigator & { getBattery?: () => Promise<BatteryManager> };
  void nav.getBattery?.().then((b) => {
    battery.value = b.level;
    b.addEventListener('levelchange', () => { battery.value = b.level; });
  }).catch(() => undefined);

  const status = computed<TabletStatus>(() => ({
    visible: visible.value,
    team: session.room?.team?.id ?? null,
    outbox: sheets.outbox.length,
    // Reported in whole percents, so that a battery draining slowly does not send a report for every small step.
    battery: battery.value === null ? null : Math.round(battery.value * 100) / 100,
  }));

  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastSent = 0;

  /** Sends the current status now (when connected). */
  function send(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!socket.connected || !session.hello?.roomId || !tablet.active) return;
    lastSent = Date.now();
    void request(socket, 'judge:status', status.value, 10_000);
  }

  /** Sends the status soon: at once, unless a report went out less than COALESCE_MS ago. */
  function soon(): void {
    if (timer) return;
    timer = setTimeout(send, Math.max(0, lastSent + COALESCE_MS - Date.now()));
  }

  watch(status, soon, { deep: true });
  // Only the active tablet reports: at once when it becomes so (every (re)connection's claim, a spare taking over).
  watch(() => tablet.active, (active) => { if (active) soon(); });
  setInterval(send, TABLET_STATUS_EVERY_S * 1000);

  return { status };
});
