// The arithmetic of the budgets on a clock the test moves: failed handshakes' backoff, a socket's bucket, the phones'
// turns to connect.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FailureBackoff } from '../../server/auth';
import { Admissions, SocketBudget } from '../../server/budgets';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

describe('failed handshakes: backoff', () => {
  const rules = { freePerKey: 3, freeInAll: 10, baseMs: 100, maxMs: 1000, windowMs: 60_000 };

  it('answers the free failures of an address at once, then doubles the delay up to the cap', () => {
    const c = clock();
    const b = new FailureBackoff(rules, c.now);
    const delays = Array.from({ length: 9 }, () => b.fail('10.0.0.1'));
    expect(delays).toEqual([0, 0, 0, 100, 200, 400, 800, 1000, 1000]);
  });

  it('tells the delay an address has earned so far, without counting a failure', () => {
    const c = clock();
    const b = new FailureBackoff(rules, c.now);
    for (let i = 0; i < 3; i++) b.fail('10.0.0.1');
    expect(b.current('10.0.0.1')).toBe(0);
    expect(b.fail('10.0.0.1')).toBe(100);
    expect([b.current('10.0.0.1'), b.current('10.0.0.1'), b.current('10.0.0.2')]).toEqual([100, 100, 0]);
    c.advance(60_001);
    expect(b.current('10.0.0.1')).toBe(0);
  });

  it('keeps addresses apart, and starts over after the window', () => {
    const c = clock();
    const b = new FailureBackoff(rules, c.now);
    for (let i = 0; i < 5; i++) b.fail('10.0.0.1');
    expect(b.fail('10.0.0.2')).toBe(0);
    c.advance(60_001);
    expect(b.fail('10.0.0.1')).toBe(0);
  });

  it('slows every address once all of them together have failed more than the free number', () => {
    const c = clock();
    const b = new FailureBackoff(rules, c.now);
    const delays = Array.from({ length: 12 }, (_, i) => b.fail(`10.0.${i}.1`)); // one failure each: no address over its own
    expect(delays).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 200]);
  });
});

describe('a socket\'s budget', () => {
  const budget = { burst: 5, perSecond: 2 };

  it('passes the role\'s commands up to the burst, then refuses and closes; the bucket refills with time', () => {
    const c = clock();
    const s = new SocketBudget('audience', budget, 3, c.now);
    const verdicts = Array.from({ length: 6 }, () => s.check('room:sync', true));
    expect(verdicts.slice(0, 5).every((v) => v.pass)).toBe(true);
    expect(verdicts[5]).toMatchObject({ pass: false, close: true, answer: { ok: false, error: { code: 'RATE_LIMITED' } } });
    const fresh = new SocketBudget('audience', budget, 3, c.now);
    for (let i = 0; i < 5; i++) fresh.check('time:ping', true);
    c.advance(1000); // two more
    expect(fresh.check('time:ping', true).pass).toBe(true);
    expect(fresh.check('time:ping', true).pass).toBe(true);
    expect(fresh.check('time:ping', true).pass).toBe(false);
  });

  it('answers what the role may not send with FORBIDDEN at a higher cost, then closes', () => {
    const c = clock();
    const s = new SocketBudget('audience', budget, 2, c.now);
    expect(s.check('score:submit', true)).toMatchObject({ pass: false, close: false, answer: { error: { code: 'FORBIDDEN' } } });
    expect(s.check('room:sync', false)).toMatchObject({ pass: false, close: false }); // no ack: not a command
    expect(s.check(42, true)).toMatchObject({ pass: false, close: true });
  });
});

describe('phones\' turns to connect', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });
  const rules = { perSecond: 10, burst: 3, queue: 5 };

  /** Takes a turn for each phone, noting the order in which their answers come. */
  function line(a: Admissions, phones: Array<{ name: string; alive?: () => boolean }>) {
    const answers: string[] = [];
    for (const p of phones) void a.take(p.alive).then((ok) => answers.push(`${p.name}:${ok ? 'in' : 'out'}`));
    return answers;
  }

  it('lets the burst in at once, then one phone each 1/perSecond, first come first served', async () => {
    const a = new Admissions(rules);
    const answers = line(a, ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => ({ name })));
    await vi.advanceTimersByTimeAsync(0);
    expect(answers).toEqual(['a:in', 'b:in', 'c:in']);
    await vi.advanceTimersByTimeAsync(99);
    expect(answers).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(answers).toEqual(['a:in', 'b:in', 'c:in', 'd:in']);
    await vi.advanceTimersByTimeAsync(200);
    expect(answers).toEqual(['a:in', 'b:in', 'c:in', 'd:in', 'e:in', 'f:in']);
  });

  it('refuses at once past the queue, and takes phones again once it has room', async () => {
    const a = new Admissions(rules);
    const answers = line(a, Array.from({ length: 9 }, (_, i) => ({ name: `p${i}` })));
    await vi.advanceTimersByTimeAsync(0);
    // 3 of the burst, 5 waiting, the ninth refused at once.
    expect(answers).toEqual(['p0:in', 'p1:in', 'p2:in', 'p8:out']);
    await vi.advanceTimersByTimeAsync(500);
    expect(answers.slice(4)).toEqual(['p3:in', 'p4:in', 'p5:in', 'p6:in', 'p7:in']);
    const later = line(a, [{ name: 'late' }]);
    await vi.advanceTimersByTimeAsync(100);
    expect(later).toEqual(['late:in']);
  });

  it('gives the turn of a phone that gave up waiting to the next one', async () => {
    const a = new Admissions({ ...rules, burst: 1 });
    let waiting = true;
    const answers = line(a, [{ name: 'first' }, { name: 'gone', alive: () => waiting }, { name: 'next' }]);
    await vi.advanceTimersByTimeAsync(0);
    waiting = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(answers).toEqual(['first:in', 'gone:out', 'next:in']);
  });
});

describe('phones\' turns to connect, at the pace the server keeps up with', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('grows by half each quarter second while the event loop is free, halves when it is not, within its bounds', async () => {
    let lag = 0;
    const a = new Admissions({ perSecond: 100, burst: 10, queue: 100_000, adaptive: { maxPerSecond: 400, loopDelayMs: 10 } }, Date.now, () => lag);
    let admitted = 0;
    for (let i = 0; i < 5000; i++) void a.take().then((ok) => { if (ok) admitted += 1; });
    expect(a.pace).toBe(100);
    await vi.advanceTimersByTimeAsync(260);
    expect(a.pace).toBe(150);
    await vi.advanceTimersByTimeAsync(250);
    expect(a.pace).toBe(225);
    await vi.advanceTimersByTimeAsync(500);
    expect(a.pace).toBe(400); // 337.5, then the cap
    const before = admitted;
    await vi.advanceTimersByTimeAsync(1000);
    expect(admitted - before).toBeGreaterThanOrEqual(390); // 400 a second now
    expect(admitted - before).toBeLessThanOrEqual(401);
    lag = 25; // the loop is held: the pace halves, down to perSecond and no lower
    await vi.advanceTimersByTimeAsync(250);
    expect(a.pace).toBe(200);
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.pace).toBe(100);
  });

  it('keeps the fixed pace without the adaptive rule', async () => {
    const a = new Admissions({ perSecond: 100, burst: 1, queue: 1000 }, Date.now, () => 0);
    for (let i = 0; i < 500; i++) void a.take();
    await vi.advanceTimersByTimeAsync(2000);
    expect(a.pace).toBe(100);
  });
});
