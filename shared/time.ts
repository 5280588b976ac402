// The one way a time is written on every screen and export: a 24-hour clock in the event's time zone.

/** The time zone of an event that does not name one: the venues of the first events are in China. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();

function parts(at: number, timeZone: string): Record<string, string> {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/** A moment (milliseconds since the epoch, as a number or the decimal string Redis keeps) as HH:mm:ss in `timeZone`. */
export function formatTime(at: number | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(Number(at), timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** A moment as YYYY-MM-DD HH:mm:ss in `timeZone` (exports and logs, where the day matters). */
export function formatDateTime(at: number | string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const p = parts(Number(at), timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Whether `timeZone` is an IANA zone this runtime knows (validation of the event's setting). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
