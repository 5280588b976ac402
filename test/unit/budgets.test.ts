// The arithmetic of the budgets on a clock the test moves: failed handshakes' backoff, a socket's bucket.
import { describe, expect, it } from 'vitest';
import { FailureBackoff } from '../../server/auth';
import { SocketBudget } from '../../server/budgets';

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
