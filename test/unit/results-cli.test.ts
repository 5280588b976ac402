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
  });
});
