// The Wine tier: the native binding runs under the Windows build of Node (`wine node.exe`) with
// koffi's win32-x64 binary, against a fake fhsvcctl.dll built by mingw-w64 from test/native/fake/
// (every export records its arguments; see wine/cases.ts for what each case checks). One Wine
// launch runs every case. Nothing here skips: a missing tool or a failed fetch fails the run.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDll, ensureWineTier, runWineNode } from '../../../../scripts/wine-tier.mjs';
import { PROTOTYPES } from '../../src/native/declarations.js';
import { CASES } from './wine/cases.js';

interface Results {
  platform: string;
  arch: string;
  node: string;
  results: { name: string; ok: boolean; ms: number; error?: string }[];
}

/** A Linux path as the Windows process sees it (Wine maps Z: to /). */
const winPath = (p: string): string => `Z:${p.replaceAll('/', '\\')}`;

let results: Results;

beforeAll(async () => {
  const tier = ensureWineTier();
  const dll = buildDll({ name: 'fhsvcctl', sources: [join(import.meta.dirname, 'fake', 'fake.c')] });
  // under the cache folder, so require('koffi') finds the win32 build beside it
  const dir = join(tier.cacheDir, 'bundles', `fhsvcctl-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'driver.cjs');
  const out = join(dir, 'results.json');
  await build({ entryPoints: [join(import.meta.dirname, 'wine', 'driver.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['koffi'], outfile: script, logLevel: 'silent' });
  const run = await runWineNode({ nodeExe: tier.nodeExe, prefix: tier.prefix, script: winPath(script), args: [winPath(dll), winPath(out)] });
  try {
    results = JSON.parse(readFileSync(out, 'utf8')) as Results;
  } catch {
    throw new Error(`wine node.exe exited with ${run.code ?? run.signal} and wrote no results\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);

describe('native fhsvcctl over the Win64 ABI (wine node.exe, fake fhsvcctl.dll)', () => {
  it('runs the Windows build of Node', () => {
    expect([results.platform, results.arch, results.node]).toEqual(['win32', 'x64', 'v20.20.2']);
    expect(results.results.map((r) => r.name)).toEqual(CASES.map((c) => c.name));
  });

  it.each(CASES.map((c) => c.name))('%s', (name) => {
    const r = results.results.find((x) => x.name === name);
    expect(r?.error ?? '').toBe('');
    expect(r?.ok).toBe(true);
  });

  it('checks the marshalling of every fhsvcctl.dll export', () => {
    const covered = new Set<string>(CASES.flatMap((c) => c.covers));
    expect(Object.keys(PROTOTYPES).filter((f) => !covered.has(f))).toEqual([]);
  });
});
