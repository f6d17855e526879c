// Crash safety of in-place update batches with real processes: a child applying a batch is
// SIGKILLed before each write and fsync of its commit (and at random moments); after
// recoverEseUpdate() the file is the old state (byte for byte, apart from pages free in it) or
// exactly the new one, every page verifies, and our reader and esedbexport show exactly the old
// or the new rows.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { doubleWritePath } from '../../src/reference/ese/doublewrite.js';
import { EseDatabaseReader } from '../../src/reference/ese/reader.js';
import { applyEseBatch, recoverEseUpdate } from '../../src/reference/ese/updater.js';
import { cbLVIntrinsicMost, writeEseDatabase } from '../../src/reference/ese/writer.js';
import { bundleChildScript, tempRoot } from '../helpers.js';
import { esedbexport, expectedExport, makeTables } from './fixture.js';
import { freePages, hex, readRows, rng, spaceMismatch, TableModel } from './updatemodel.js';

const cbPage = 8192;
const ROWS = 800;
const K = 24;
const NOW = Date.UTC(2026, 11, 4, 21, 0);
let work: { dir: string; cleanup: () => void };
let bundle: string;
let base: string;
let oldImage: Buffer;
let newImage: Buffer;
let steps = 0;
const oldModel = new TableModel(makeTables(ROWS)[0]!.rows);
const newModel = new TableModel(makeTables(ROWS)[0]!.rows);
const seed = 4242;

beforeAll(async () => {
  work = tempRoot();
  bundle = join(work.dir, 'updatechild.mjs');
  await bundleChildScript(join(import.meta.dirname, 'crash', 'updatechild.ts'), bundle);
  base = join(work.dir, 'base.edb');
  writeFileSync(base, writeEseDatabase({ cbPage, tables: makeTables(ROWS), now: 0 }));
  oldImage = readFileSync(base);
  const probe = join(work.dir, 'probe.edb');
  copyFileSync(base, probe);
  const changes = newModel.batch(seed, K);
  applyEseBatch(probe, 'Files', changes, { now: NOW, beforeStep: (s) => (steps = s + 1) });
  newModel.apply(changes);
  newImage = readFileSync(probe);
});
afterAll(() => work.cleanup());

function run(file: string, killAt: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, file, String(ROWS), String(seed), String(K), String(killAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      if (killAt < 0 && d.toString().includes('READY')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited with ${code}: ${err}`))));
  });
}

let oldFreeSet: Set<number>;
const inline = (v: Buffer): boolean => v.length <= cbLVIntrinsicMost;

function check(file: string, round: string): 'old' | 'new' {
  recoverEseUpdate(file);
  expect(existsSync(doubleWritePath(file)), round).toBe(false);
  const got = readFileSync(file);
  const state = got.subarray(0, cbPage).equals(newImage.subarray(0, cbPage)) ? 'new' : 'old';
  if (state === 'new') expect(got.equals(newImage), round).toBe(true);
  else {
    expect(got.length, round).toBe(oldImage.length);
    oldFreeSet ??= freePages(base);
    for (let i = 0; i < got.length / cbPage; i++) {
      const page = got.subarray(i * cbPage, (i + 1) * cbPage);
      if (page.equals(oldImage.subarray(i * cbPage, (i + 1) * cbPage))) continue;
      // only pages free in the old state may differ, and only by holding the batch's fresh pages
      expect(oldFreeSet.has(i - 1), `${round}: page ${i - 1}`).toBe(true);
      expect(page.equals(newImage.subarray(i * cbPage, (i + 1) * cbPage)), `${round}: page ${i - 1}`).toBe(true);
    }
  }
  const r = EseDatabaseReader.open(file, round);
  try {
    expect(r.verifyAllPages()).toBeGreaterThan(0);
  } finally {
    r.close();
  }
  expect(spaceMismatch(file), round).toBeNull();
  const model = state === 'new' ? newModel : oldModel;
  expect(readRows(file), round).toEqual(model.sorted().map(hex));
  return state;
}

it('a batch killed before any write or fsync of its commit recovers to the old or the new state', async () => {
  expect(steps).toBeGreaterThan(10);
  const seen = { old: 0, new: 0 };
  for (let step = 0; step < steps; step++) {
    const file = join(work.dir, `s${step}.edb`);
    copyFileSync(base, file);
    await run(file, step, 0);
    const state = check(file, `step ${step}`);
    seen[state]++;
    // the double-write file is durable from the first in-place write on: from there, the new state
    if (step >= 1 && esedbexportEvery(step)) {
      const out = esedbexport(file, join(work.dir, `x${step}`));
      expect(out.get('Files')).toBe(expectedExport((state === 'new' ? newModel : oldModel).table(), inline));
    }
  }
  expect(seen.old).toBeGreaterThan(0);
  expect(seen.new).toBeGreaterThan(0);
}, 300_000);

function esedbexportEvery(step: number): boolean {
  return step % 5 === 0 || step === steps - 1 || step === steps - 3;
}

it('SIGKILL at random moments of a batch recovers to the old or the new state', async () => {
  const r = rng(99);
  for (let round = 0; round < 12; round++) {
    const file = join(work.dir, `t${round}.edb`);
    copyFileSync(base, file);
    await run(file, -1, Math.floor(r() * 60));
    const state = check(file, `timed ${round}`);
    if (round % 4 === 0) expect(esedbexport(file, join(work.dir, `xt${round}`)).get('Files')).toBe(expectedExport((state === 'new' ? newModel : oldModel).table(), inline));
  }
}, 300_000);

it('a torn double-write file is dropped (the old state stands); a whole one is replayed', () => {
  for (const torn of [true, false]) {
    const file = join(work.dir, `dw${torn}.edb`);
    copyFileSync(base, file);
    const changes = new TableModel(makeTables(ROWS)[0]!.rows).batch(seed, K);
    // stop in-process right at the first in-place write: the double-write file is whole
    let inPlaceStep = -1;
    try {
      applyEseBatch(file, 'Files', changes, {
        now: NOW,
        beforeStep: (s) => {
          if (existsSync(doubleWritePath(file)) && readFileSync(doubleWritePath(file)).length > 0) {
            inPlaceStep = s;
            throw new Error('stop');
          }
        },
      });
    } catch (e) {
      expect((e as Error).message).toBe('stop');
    }
    expect(inPlaceStep).toBeGreaterThan(0);
    if (torn) {
      const dw = readFileSync(doubleWritePath(file));
      writeFileSync(doubleWritePath(file), dw.subarray(0, dw.length - cbPage));
    }
    expect(recoverEseUpdate(file)).toBe(torn ? 'discarded' : 'replayed');
    expect(check(file, torn ? 'torn' : 'whole')).toBe(torn ? 'old' : 'new');
  }
});
