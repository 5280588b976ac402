// `npm run results`: JSON on stdout for a good file, a non-zero exit naming the entry for a bad one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeResults } from '../../shared/results';

const EXAMPLE = 'docs/examples/results-example.json';
const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/results.ts', file], { encoding: 'utf8' });

describe('results CLI', () => {
  it('prints only the results JSON for the documented example', () => {
    const r = run(EXAMPLE);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toEqual(computeResults(JSON.parse(readFileSync(EXAMPLE, 'utf8'))));
    // t2: 89 82 85 79 90 → drop 90 and 79 → (89+82+85)/3 = 85.333… → 85.33
    // t1: 85 80 93 73 86 → drop 93 and 73 → (85+80+86)/3 = 83.666… → 83.67
    // t3: 69 75 78 (j5 recused; 3 judges, nothing dropped) → 74
    expect(out.results.map((x: { team: string; score: string; rank: number; award: string }) => [x.team, x.score, x.rank, x.award]))
      .toEqual([['t2', '85.33', 1, 'first'], ['t1', '83.67', 2, 'second'], ['t3', '74.00', 3, 'second']]);
  });

  it('prints a late-recused judge\'s sheet as excluded and an absent team as absent, exit 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-cli-'));
    const good = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    const file = join(dir, 'late.json');
    writeFileSync(file, JSON.stringify({ ...good, scores: [...good.scores, { team: 't3', judge: 'j5', criteria: good.scores[0].criteria }],
      absent: [{ team: 't1', reason: '团队未到场' }] }));
    const r = run(file);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.excluded).toEqual([
      ...good.scores.filter((s: { team: string }) => s.team === 't1').map((s: { judge: string }) => ({ team: 't1', judge: s.judge, reason: 'team-absent' })),
      { team: 't3', judge: 'j5', reason: 'recused' },
    ]);
    expect(out.results.map((x: { team: string; status: string; score: string | null }) => [x.team, x.status, x.score]))
      .toEqual([['t2', 'final', '85.33'], ['t3', 'final', '74.00'], ['t1', 'absent', null]]);
  });

  it('exits non-zero with a message naming the entry for bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-cli-'));
    const good = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    const cases: Array<[string, unknown, RegExp]> = [
      ['malformed', '{"rules":', /not valid JSON/],
      ['unknown-team', { ...good, scores: [...good.scores, { team: 'tX', judge: 'j1', criteria: good.scores[0].criteria }] }, /unknown team "tX"/],
      ['over-max', { ...good, scores: [{ ...good.scores[0], criteria: { ...good.scores[0].criteria, ip: 6 } }] }, /criterion "ip".*over the max 5/],
      ['off-step', { ...good, scores: [{ ...good.scores[0], criteria: { ...good.scores[0].criteria, ip: 4.5 } }] }, /criterion "ip".*not a multiple of the step 1/],
      ['absent-unknown', { ...good, absent: [{ team: 'tX', reason: '未到场' }] }, /absent\[0\]: unknown team "tX"/],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
      const r = run(file);
      expect(r.status, name).toBe(1);
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).toMatch(message);
    }
    expect(run(join(dir, 'missing.json')).status).toBe(1);
  }, 120_000); // six CLI processes, each a tsx start: seconds apiece on a loaded machine
});

describe('results CLI: special awards', () => {
  // The example's pool at 40%: ceil(0.4 × 3) = 2 → t2 (rank 1) and t1 (rank 2); t3 (rank 3) is outside.
  const good = () => {
    const { specialAwards: _decided, ...file } = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    return { ...file, awards: { ...file.awards, specialPoolPercent: 40, special: [{ name: '最具价值奖', count: 1 }, { name: '应用实践奖', count: 1 }, { name: '科技创新奖', count: 0 }] } };
  };
  const write = (name: string, content: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'fs-cli-')), `${name}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('lists each result\'s special awards (empty when none) when the file has specialAwards, not otherwise', () => {
    const r = run(write('special', { ...good(), specialAwards: [{ name: '应用实践奖', team: 't1' }, { name: '最具价值奖', team: 't2' }] }));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).results.map((x: { team: string; specialAwards: string[] }) => [x.team, x.specialAwards]))
      .toEqual([['t2', ['最具价值奖']], ['t1', ['应用实践奖']], ['t3', []]]);
    const none = run(write('none', good()));
    expect(none.status).toBe(0);
    expect(JSON.parse(none.stdout).results.every((x: object) => !('specialAwards' in x))).toBe(true);
  });

  it('refuses, naming the entry, an unknown award, a team outside the pool or unranked, too many winners, a team with two', () => {
    const cases: Array<[string, unknown, RegExp]> = [
      ['unknown-award', [{ name: '最佳创意奖', team: 't2' }], /specialAwards\[0\] \("最佳创意奖", team "t2"\): the award "最佳创意奖" is not one of the track's special awards/],
      ['outside-pool', [{ name: '最具价值奖', team: 't3' }], /specialAwards\[0\] .*team "t3" is not ranked in the special-award pool/],
      ['unknown-team', [{ name: '最具价值奖', team: 'tX' }], /specialAwards\[0\] .*unknown team "tX"/],
      ['over-count', [{ name: '最具价值奖', team: 't2' }, { name: '最具价值奖', team: 't1' }], /specialAwards\[1\] .*more winners of "最具价值奖" than its count 1/],
      ['count-zero', [{ name: '科技创新奖', team: 't1' }], /specialAwards\[0\] .*than its count 0/],
      ['two-awards', [{ name: '最具价值奖', team: 't2' }, { name: '应用实践奖', team: 't2' }], /specialAwards\[1\] .*team "t2" already holds the special award "最具价值奖"/],
    ];
    // Each through the recomputation the CLI runs (its message is what the CLI prints), two through the CLI itself.
    for (const [name, specialAwards, message] of cases) {
      expect(() => computeResults({ ...good(), specialAwards }), name).toThrow(message);
    }
    for (const [name, specialAwards, message] of cases.filter(([n]) => n === 'outside-pool' || n === 'two-awards')) {
      const r = run(write(name, { ...good(), specialAwards }));
      expect(r.status, name).toBe(1);
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).toMatch(message);
    }
    // An absent team is not ranked, so not in the pool.
    expect(() => computeResults({ ...good(), absent: [{ team: 't1', reason: '未到场' }], specialAwards: [{ name: '应用实践奖', team: 't1' }] }))
      .toThrow(/team "t1" is not ranked in the special-award pool/);
  }, 60_000);
});
