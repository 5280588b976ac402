// The Node versions package.json promises are ones every locked dependency supports: `npm install` on any of them
// prints no EBADENGINE warning, and the promise covers the Node this machine runs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('engines', () => {
  it("every locked package's engines.node accepts every Node version package.json accepts", () => {
    const ours = pkg.engines.node;
    const narrower = Object.entries(lock.packages).flatMap(([path, p]) => {
      const theirs = !Array.isArray(p.engines) ? p.engines?.node : undefined;
      return path && theirs && !semver.subset(ours, theirs) ? [`${path}@${p.version}: ${theirs}`] : [];
    });
    expect(narrower).toEqual([]);
  });

  it('the Node running here is one package.json accepts', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });
});
