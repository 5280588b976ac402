// `npm run -s results -- FILE`: recomputes a track's results from a results file and prints them as JSON.
import { readFileSync } from 'node:fs';
import { computeResults, ResultsFileError } from '../../shared/results';

function main(argv: string[]): number {
  const path = argv[0];
  if (!path || argv.length > 1) {
    process.stderr.write('usage: npm run -s results -- FILE\n(see docs/results-file.md)\n');
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
