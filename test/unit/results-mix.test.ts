// `npm run results` with the public's part (docs/results-file.md, mix): parts and the weighted score, and the refusals.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeResults } from '../../shared/results';

const EXAMPLE = 'docs/examples/results-mix-example.json';
const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/results.ts', file], { encoding: 'utf8' });
const read = () => JSON.parse(readFileSync(EXAMPLE, 'utf8'));
type Row = { team: string; score: string | null; rank: number | null; parts?: { panel: string; public: string } };
const lines = (rows: Row[]) => rows.map((x) => [x.team, x.score, x.rank, x.parts ?? null]);

describe('results with a mix', () => {
  it('prints the parts and F for the documented example (votes, 70 / 30)', () => {
    const r = run(EXAMPLE);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // t1: P 83.67, U 1234/1234 × 100 = 100.00 → 58.569 + 30 = 88.569 → 88.57
    // t2: P 85.33, U 600/1234 × 100 = 48.622… → 48.62 → 59.731 + 14.586 = 74.317 → 74.32
    // t3: P 74.00, U 900/1234 × 100 = 72.933… → 72.93 → 51.8 + 21.879 = 73.679 → 73.68
    expect(lines(JSON.parse(r.stdout).results)).toEqual([
      ['t1', '88.57', 1, { panel: '83.67', public: '100.00' }],
      ['t2', '74.32', 2, { panel: '85.33', public: '48.62' }],
      ['t3', '73.68', 3, { panel: '74.00', public: '72.93' }],
    ]);
  });

  it('scores: the mean of the public totals; a team with none has a public part of 0; no panel quorum, no parts', () => {
    const file = read();
    file.mix = { panelPercent: 60, publicPercent: 40, public: { kind: 'scores', fullMarks: 100 } };
    delete file.publicVotes;
    // t1: (90 + 80.5 + "77.125") / 3 = 82.541666… → 82.54; t2: none → 0; t3 loses two judges: not final.
    file.publicScores = [{ team: 't1', voter: 'v1', total: 90 }, { team: 't1', voter: 'v2', total: '80.5' }, { team: 't1', voter: 'v3', total: '77.125' },
      { team: 't3', voter: 'v1', total: 100 }];
    file.scores = file.scores.filter((s: { team: string; judge: string }) => !(s.team === 't3' && ['j1', 'j2'].includes(s.judge)));
    const { results } = computeResults(file);
    // t1: 83.67 × 60 % + 82.54 × 40 % = 50.202 + 33.016 = 83.218 → 83.22; t2: 85.33 × 60 % = 51.198 → 51.20
    expect(lines(results as Row[])).toEqual([
      ['t1', '83.22', 1, { panel: '83.67', public: '82.54' }],
      ['t2', '51.20', 2, { panel: '85.33', public: '0.00' }],
      ['t3', null, null, null],
    ]);
  });

  it('equal F: the higher panel part ranks first', () => {
    const file = read();
    file.mix = { panelPercent: 50, publicPercent: 50, public: { kind: 'scores', fullMarks: 100 } };
    delete file.publicVotes;
    // t2: (85.33 + 82.01) / 2 = 83.67; t1: (83.67 + 83.67) / 2 = 83.67: t2 has the higher P.
    file.publicScores = [{ team: 't2', voter: 'v', total: '82.01' }, { team: 't1', voter: 'v', total: '83.67' }];
    expect(lines(computeResults(file).results as Row[]).slice(0, 2)).toEqual([
      ['t2', '83.67', 1, { panel: '85.33', public: '82.01' }],
      ['t1', '83.67', 2, { panel: '83.67', public: '83.67' }],
    ]);
  });

  it('exits non-zero naming the entry: weights, bounds, counts, unknown teams', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-mix-'));
    const good = read();
    const scores = { ...good, publicVotes: undefined, mix: { ...good.mix, public: { kind: 'scores', fullMarks: 100 } } };
    const cases: Array<[string, unknown, RegExp]> = [
      ['sum', { ...good, mix: { ...good.mix, publicPercent: 20 } }, /mix: panelPercent 70 and publicPercent 20 must be whole numbers summing to 100/],
      ['fraction', { ...good, mix: { ...good.mix, panelPercent: 69.5, publicPercent: 30.5 } }, /mix: panelPercent 69.5/],
      ['negative-votes', { ...good, publicVotes: [{ team: 't1', votes: -1 }] }, /publicVotes\[0\] \(team "t1"\): -1 is not a whole number of votes/],
      ['fractional-votes', { ...good, publicVotes: [{ team: 't2', votes: 1.5 }] }, /publicVotes\[0\] \(team "t2"\): 1.5 is not a whole number/],
      ['unknown-vote-team', { ...good, publicVotes: [{ team: 'tX', votes: 3 }] }, /publicVotes\[0\] \(team "tX"\): unknown team "tX"/],
      ['over-full', { ...scores, publicScores: [{ team: 't1', voter: 'v1', total: '100.5' }] }, /publicScores\[0\] \(team "t1", voter "v1"\) total: 100.5 is over the full marks 100/],
      ['decimals', { ...scores, publicScores: [{ team: 't1', voter: 'v1', total: '88.1234' }] }, /publicScores\[0\].*more than 3 decimals/],
      ['negative-total', { ...scores, publicScores: [{ team: 't1', voter: 'v1', total: -1 }] }, /publicScores\[0\].*negative/],
      ['unknown-score-team', { ...scores, publicScores: [{ team: 'tY', voter: 'v1', total: 1 }] }, /publicScores\[0\].*unknown team "tY"/],
      ['no-mix', { ...good, mix: undefined }, /publicVotes \/ publicScores given without a mix/],
    ];
    for (const [name, content, message] of cases) expect(() => computeResults(JSON.parse(JSON.stringify(content))), name).toThrow(message);
    // The CLI says the same on standard error, nothing on standard output, exit 1 (one process: each takes seconds).
    const file = join(dir, 'sum.json');
    writeFileSync(file, JSON.stringify(cases[0]![1]));
    const r = run(file);
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(cases[0]![2]);
  });
});
