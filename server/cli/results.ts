// `npm run -s results -- FILE [--head HASH]`: recomputes a track's results from a results file and prints them as
// JSON; when the file carries evidence, verifies it first (the audit chain, the sheets, the reveals, the judges'
// signatures; the printed head) and says on standard error who signed the file's sheets, judge by judge.
import { readFileSync } from 'node:fs';
import { examineEvidence } from '../../shared/evidence';
import { computeResults, ResultsFileError } from '../../shared/results';
import { nodeCrypto } from '../evidence';

function main(argv: string[]): number {
  const headAt = argv.indexOf('--head');
  const printedHead = headAt >= 0 ? argv[headAt + 1]?.replace(/\s+/g, '').toLowerCase() : undefined; // as printed, in eights
  const rest = headAt >= 0 ? argv.filter((_, i) => i !== headAt && i !== headAt + 1) : argv;
  const path = rest[0];
  if (!path || rest.length > 1 || (headAt >= 0 && !printedHead)) {
    process.stderr.write('usage: npm run -s results -- FILE [--head HASH]\n(see docs/results-file.md)\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    process.stderr.write(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return 1;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    process.stderr.write(`${path}: not valid JSON: ${(err as Error).message}\n`);
    return 1;
  }
  try {
    const findings = examineEvidence(json, nodeCrypto, printedHead);
    if (findings === null && printedHead !== undefined) {
      process.stderr.write(`${path}: no evidence to check the printed head against\n`);
      return 3;
    }
    for (const p of findings?.problems ?? []) process.stderr.write(`${path}: evidence: ${p}\n`);
    for (const s of findings?.signatures ?? []) process.stderr.write(`${path}: signed: ${s}\n`);
    if (findings?.problems.length) return 3;
    process.stdout.write(`${JSON.stringify(computeResults(json), null, 2)}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ResultsFileError) {
      process.stderr.write(`${path}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main(process.argv.slice(2));
