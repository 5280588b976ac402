// shared/time.ts: every time is written on a 24-hour clock in the event's time zone, whatever the machine's locale.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, formatDateTime, formatTime, isTimeZone } from '../../shared/time';
import { eventConfigShape } from '../../shared/domain';

// 2026-12-01 21:59:55 UTC = 2026-12-02 05:59:55 in Shanghai (UTC+8, no daylight saving)
const AT = Date.UTC(2026, 11, 1, 21, 59, 55);

describe('formatTime / formatDateTime', () => {
  it('writes a 24-hour clock in Asia/Shanghai by default: never "5:59:55 AM", never an ISO string', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(formatTime(AT)).toBe('05:59:55');
    expect(formatTime(String(AT))).toBe('05:59:55'); // as Redis keeps it
    expect(formatDateTime(AT)).toBe('2026-12-02 05:59:55');
  });

  it('afternoon and midnight: 17:05:00 and 00:00:00 (not 5:05 PM, not 24:00)', () => {
    expect(formatTime(Date.UTC(2026, 11, 1, 9, 5, 0))).toBe('17:05:00');
    expect(formatTime(Date.UTC(2026, 11, 1, 16, 0, 0))).toBe('00:00:00');
    expect(formatDateTime(Date.UTC(2026, 11, 1, 16, 0, 0))).toBe('2026-12-02 00:00:00');
  });

  it('follows the event\'s time zone', () => {
    expect(formatTime(AT, 'UTC')).toBe('21:59:55');
    expect(formatTime(AT, 'Europe/London')).toBe('21:59:55');
    expect(formatDateTime(Date.UTC(2026, 6, 1, 12, 0, 0), 'Europe/Berlin')).toBe('2026-07-01 14:00:00');
  });

  it('an event\'s time zone must be one the runtime knows', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    const base = { id: 'e', name: 'x', shortName: '', theme: '', organisers: [], presetId: null, tracks: [], rooms: [], teams: [], judges: [], recusals: [] };
    expect(eventConfigShape.safeParse({ ...base, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(eventConfigShape.safeParse({ ...base, timeZone: 'Asia/Hong_Kong' }).success).toBe(true);
  });
});
