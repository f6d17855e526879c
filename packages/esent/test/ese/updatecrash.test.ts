// Crash safety of in-place update batches with real processes: a child applying a batch is
// SIGKILLed before each write and fsync of its commit (and at random moments); after
// recoverEseUpdate() the file is the old state (byte for byte, apart from pages free in it) or
// exactly the new one, every page verifies, and our reader and esedbexport show exactly the old
// or the new rows.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { doubleWritePath } from '../../src/reference/ese/doublewrite.js';
import { EseDatabaseReader } from '../../src/reference/ese/reader.js';
import { applyEseBatch, recoverEseUpdate } from '../../src/reference/ese/updater.js';
import { cbLVIntrinsicMost } from '../../src/reference/ese/writer.js';
import { crashSetup, type CrashSetup, recoveredState, runKilledChild } from './crashcheck.js';
import { esedbexport, expectedExport, makeTables } from './fixture.js';
import { freePages, hex, readRows, rng, spaceMismatch, TableModel } from './updatemodel.js';

const cbPage = 8192;
const ROWS = 800;
const K = 24;
const NOW = Date.UTC(2026, 11, 4, 21, 0);
let setup: CrashSetup;
let bundle: string;
let base: string;
let oldImage: Buffer;
let newImage: Buffer;
let steps = 0;
const oldModel = new TableModel(makeTables(ROWS)[0]!.rows);
const newModel = new TableModel(makeTables(ROWS)[0]!.rows);
const seed = 4242;

beforeAll(async () => {
  setup = await crashSetup('updatechild', cbPage, ROWS, (probe, beforeStep) => {
    const changes = newModel.batch(seed, K);
    applyEseBatch(probe, 'Files', changes, { now: NOW, beforeStep });
    newModel.apply(changes);
  });
  ({ bundle, base, oldImage, newImage, steps } = setup);
});
afterAll(() => setup.work.cleanup());

function run(file: string, killAt: number, delayMs: number): Promise<void> {
  return runKilledChild(bundle, [file, String(ROWS), String(seed), String(K), String(killAt)], killAt < 0 ? delayMs : undefined);
}

let oldFreeSet: Set<number>;
const inline = (v: Buffer): boolean => v.length <= cbLVIntrinsicMost;

function check(file: string, round: string): 'old' | 'new' {
  const state = recoveredState(file, { cbPage, oldImage, newImage, oldFree: () => (oldFreeSet ??= freePages(base)) }, round);
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
    const file = join(setup.work.dir, `s${step}.edb`);
    copyFileSync(base, file);
    await run(file, step, 0);
    const state = check(file, `step ${step}`);
    seen[state]++;
    // the double-write file is durable from the first in-place write on: from there, the new state
    if (step >= 1 && esedbexportEvery(step)) {
      const out = esedbexport(file, join(setup.work.dir, `x${step}`));
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
    const file = join(setup.work.dir, `t${round}.edb`);
    copyFileSync(base, file);
    await run(file, -1, Math.floor(r() * 60));
    const state = check(file, `timed ${round}`);
    if (round % 4 === 0) expect(esedbexport(file, join(setup.work.dir, `xt${round}`)).get('Files')).toBe(expectedExport((state === 'new' ? newModel : oldModel).table(), inline));
  }
}, 300_000);

it('a torn double-write file is dropped (the old state stands); a whole one is replayed', () => {
  for (const torn of [true, false]) {
    const file = join(setup.work.dir, `dw${torn}.edb`);
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
