// Crash tests of in-place batches: a child process applying a batch is SIGKILLed (before a given
// write or fsync step, or at a moment after it says READY), and recoverEseUpdate() must leave the
// file in the new state byte for byte, or in the old one apart from pages that were free in it,
// each holding what the new state has there.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { doubleWritePath } from '../../src/reference/ese/doublewrite.js';
import { recoverEseUpdate } from '../../src/reference/ese/updater.js';
import { writeEseDatabase } from '../../src/reference/ese/writer.js';
import { bundleChildScript, tempRoot } from '../helpers.js';
import { makeTables } from './fixture.js';

/** Runs the bundled child with `args`; resolves when it dies of SIGKILL (`delayMs`: the parent kills it that long after READY). */
export function runKilledChild(bundle: string, args: readonly string[], delayMs?: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      if (delayMs !== undefined && d.toString().includes('READY')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited with ${code}: ${err}`))));
  });
}

/** Recovers `file` and tells which state it is in, checking it byte for byte against both images. */
export function recoveredState(file: string, images: { cbPage: number; oldImage: Buffer; newImage: Buffer; oldFree: () => ReadonlySet<number> }, round: string): 'old' | 'new' {
  const { cbPage, oldImage, newImage } = images;
  recoverEseUpdate(file);
  expect(existsSync(doubleWritePath(file)), round).toBe(false);
  const got = readFileSync(file);
  const state = got.subarray(0, cbPage).equals(newImage.subarray(0, cbPage)) ? 'new' : 'old';
  if (state === 'new') expect(got.equals(newImage), round).toBe(true);
  else {
    expect(got.length, round).toBe(oldImage.length);
    const free = images.oldFree();
    for (let i = 0; i < got.length / cbPage; i++) {
      const page = got.subarray(i * cbPage, (i + 1) * cbPage);
      if (page.equals(oldImage.subarray(i * cbPage, (i + 1) * cbPage))) continue;
      // only pages free in the old state may differ, and only by holding the batch's fresh pages
      expect(free.has(i - 1), `${round}: page ${i - 1}`).toBe(true);
      expect(page.equals(newImage.subarray(i * cbPage, (i + 1) * cbPage)), `${round}: page ${i - 1}`).toBe(true);
    }
  }
  return state;
}

export interface CrashSetup {
  readonly work: { dir: string; cleanup: () => void };
  /** The bundled child script. */
  readonly bundle: string;
  /** The database before the batch (makeTables(rows)) and its image; the image after the batch. */
  readonly base: string;
  readonly oldImage: Buffer;
  readonly newImage: Buffer;
  /** The batch's write and fsync steps. */
  readonly steps: number;
}

/** Bundles `crash/<child>.ts`, writes the base database and applies the batch (`apply`) to a copy for the new image and the step count. */
export async function crashSetup(child: string, cbPage: number, rows: number, apply: (file: string, beforeStep: (step: number) => void) => void): Promise<CrashSetup> {
  const work = tempRoot();
  const bundle = join(work.dir, `${child}.mjs`);
  await bundleChildScript(join(import.meta.dirname, 'crash', `${child}.ts`), bundle);
  const base = join(work.dir, 'base.edb');
  writeFileSync(base, writeEseDatabase({ cbPage, tables: makeTables(rows), now: 0 }));
  const probe = join(work.dir, 'probe.edb');
  copyFileSync(base, probe);
  let steps = 0;
  apply(probe, (s) => (steps = s + 1));
  return { work, bundle, base, oldImage: readFileSync(base), newImage: readFileSync(probe), steps };
}
