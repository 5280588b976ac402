// A ticking clock for components that show time (countdowns): one ref updated on an interval while mounted.
import { onBeforeUnmount, ref, type Ref } from 'vue';

/** Date.now(), refreshed every `ms` while the calling component is mounted. */
export function useNow(ms = 200): Ref<number> {
  const now = ref(Date.now());
  const id = setInterval(() => { now.value = Date.now(); }, ms);
  onBeforeUnmount(() => clearInterval(id));
  return now;
}
