// The phones' welcome batching: one build at a time, and a caller never gets a build that began before it asked.
import { describe, expect, it } from 'vitest';
import { NextBuild } from '../../server/welcome';

/** A build whose runs are numbered in order of their start and finish when the test says so. */
function controlled() {
  const runs: Array<() => void> = [];
  let started = 0;
  const build = new NextBuild(() => new Promise<number>((resolve) => {
    const n = ++started;
    runs.push(() => resolve(n));
  }));
  return { build, runs, started: () => started };
}

describe('NextBuild', () => {
  it('starts at once when idle; callers during a build share the next one, which starts when it ends', async () => {
    const { build, runs, started } = controlled();
    const a = build.next();
    expect(started()).toBe(1);
    const b = build.next();
    const c = build.next();
    expect(started()).toBe(1); // b and c wait: build 1 began before they asked
    runs[0]!();
    expect(await a).toBe(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(started()).toBe(2);
    const d = build.next(); // build 2 is running and began before d asked: d waits for build 3
    runs[1]!();
    expect([await b, await c]).toEqual([2, 2]);
    await new Promise((r) => setTimeout(r, 0));
    expect(started()).toBe(3);
    runs[2]!();
    expect(await d).toBe(3);
    const e = build.next(); // idle again: a fresh build
    expect(started()).toBe(4);
    runs[3]!();
    expect(await e).toBe(4);
  });

  it('a failed build fails its callers only; the next callers get a new build', async () => {
    let n = 0;
    const build = new NextBuild(async () => {
      n += 1;
      if (n === 1) throw new Error('Redis away');
      return n;
    });
    const a = build.next();
    const b = build.next();
    await expect(a).rejects.toThrow('Redis away');
    expect(await b).toBe(2);
    expect(await build.next()).toBe(3);
  });
});
