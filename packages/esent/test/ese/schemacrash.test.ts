// Crash safety of a batch that changes the schema and rows together (a table created with rows,
// an index built over existing rows, a table deleted), with real processes: a child applying it
// is SIGKILLed before each write and fsync of its commit; after recoverEseUpdate() the file is
// the new state byte for byte, or the old one apart from pages free in it, and our reader,
// the index and space trees and esedbexport show exactly the old or the new database.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyEseUpdate } from '../../src/reference/ese/updater.js';
import { crashSetup, type CrashSetup, recoveredState, runKilledChild } from './crashcheck.js';
import { makeTables } from './fixture.js';
import { schemaBatch } from './schemabatch.js';
import { DbModel } from './schemamodel.js';
import { freePages } from './updatemodel.js';

const cbPage = 8192;
const ROWS = 600;
const SEED = 77;
let setup: CrashSetup;
const oldModel = new DbModel(makeTables(ROWS));
const newModel = new DbModel(makeTables(ROWS));

beforeAll(async () => {
  setup = await crashSetup('schemachild', cbPage, ROWS, (probe, beforeStep) => {
    const { schema, parts } = schemaBatch(ROWS, SEED);
    const s = applyEseUpdate(probe, parts, { schema, now: Date.UTC(2026, 11, 4, 23, 0), beforeStep });
    newModel.schema(schema);
    newModel.rows(parts, s.inserted);
  });
});
afterAll(() => setup.work.cleanup());

it('a schema batch killed before any write or fsync of its commit recovers to the old or the new database', async () => {
  const { bundle, base, oldImage, newImage, steps, work } = setup;
  expect(steps).toBeGreaterThan(20);
  // the batch grows the file: a crash before its commit leaves it cut back to the old size
  expect(newImage.length).toBeGreaterThan(oldImage.length);
  const oldFree = freePages(base);
  const seen = { old: 0, new: 0 };
  for (let step = 0; step < steps; step++) {
    const file = join(work.dir, `s${step}.edb`);
    copyFileSync(base, file);
    await runKilledChild(bundle, [file, String(ROWS), String(SEED), String(step)]);
    const state = recoveredState(file, { cbPage, oldImage, newImage, oldFree: () => oldFree }, `step ${step}`);
    seen[state]++;
    const exportEvery = step % 6 === 0 || step === steps - 1 || step === steps - 3;
    (state === 'new' ? newModel : oldModel).check(file, exportEvery ? join(work.dir, `x${step}`) : undefined);
  }
  expect(seen.old).toBeGreaterThan(0);
  expect(seen.new).toBeGreaterThan(0);
}, 600_000);
