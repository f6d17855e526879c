// Crash safety of a batch that changes the schema and rows together (a table created with rows,
// an index built over existing rows, a table deleted), with real processes: a child applying it
// is SIGKILLed before each write and fsync of its commit; after recoverEseUpdate() the file is
// the new state byte for byte, or the old one apart from pages free in it, and our reader,
// the index and space trees and esedbexport show exactly the old or the new database.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { doubleWritePath } from '../../src/reference/ese/doublewrite.js';
import { applyEseUpdate, recoverEseUpdate } from '../../src/reference/ese/updater.js';
import { writeEseDatabase } from '../../src/reference/ese/writer.js';
import { bundleChildScript, tempRoot } from '../helpers.js';
import { makeTables } from './fixture.js';
import { schemaBatch } from './schemabatch.js';
import { DbModel } from './schemamodel.js';
import { freePages } from './updatemodel.js';

const cbPage = 8192;
const ROWS = 600;
const SEED = 77;
let work: { dir: string; cleanup: () => void };
let bundle: string;
let base: string;
let oldImage: Buffer;
let newImage: Buffer;
let steps = 0;
const oldModel = new DbModel(makeTables(ROWS));
const newModel = new DbModel(makeTables(ROWS));

beforeAll(async () => {
  work = tempRoot();
  bundle = join(work.dir, 'schemachild.mjs');
  await bundleChildScript(join(import.meta.dirname, 'crash', 'schemachild.ts'), bundle);
  base = join(work.dir, 'base.edb');
  writeFileSync(base, writeEseDatabase({ cbPage, tables: makeTables(ROWS), now: 0 }));
  oldImage = readFileSync(base);
  const probe = join(work.dir, 'probe.edb');
  copyFileSync(base, probe);
  const { schema, parts } = schemaBatch(ROWS, SEED);
  const s = applyEseUpdate(probe, parts, { schema, now: Date.UTC(2026, 11, 4, 23, 0), beforeStep: (n) => (steps = n + 1) });
  newModel.schema(schema);
  newModel.rows(parts, s.inserted);
  newImage = readFileSync(probe);
});
afterAll(() => work.cleanup());

function run(file: string, killAt: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, file, String(ROWS), String(SEED), String(killAt)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited with ${code}: ${err}`))));
  });
}

it('a schema batch killed before any write or fsync of its commit recovers to the old or the new database', async () => {
  expect(steps).toBeGreaterThan(20);
  const oldFree = freePages(base);
  const seen = { old: 0, new: 0 };
  for (let step = 0; step < steps; step++) {
    const file = join(work.dir, `s${step}.edb`);
    copyFileSync(base, file);
    await run(file, step);
    recoverEseUpdate(file);
    expect(existsSync(doubleWritePath(file))).toBe(false);
    const got = readFileSync(file);
    const state = got.subarray(0, cbPage).equals(newImage.subarray(0, cbPage)) ? 'new' : 'old';
    seen[state]++;
    if (state === 'new') expect(got.equals(newImage), `step ${step}`).toBe(true);
    else {
      expect(got.length, `step ${step}`).toBe(oldImage.length);
      for (let i = 0; i < got.length / cbPage; i++) {
        const page = got.subarray(i * cbPage, (i + 1) * cbPage);
        if (page.equals(oldImage.subarray(i * cbPage, (i + 1) * cbPage))) continue;
        // only pages free in the old state differ, each holding what the new state has there
        expect(oldFree.has(i - 1), `step ${step}: page ${i - 1}`).toBe(true);
        expect(page.equals(newImage.subarray(i * cbPage, (i + 1) * cbPage)), `step ${step}: page ${i - 1}`).toBe(true);
      }
    }
    const exportEvery = step % 6 === 0 || step === steps - 1 || step === steps - 3;
    (state === 'new' ? newModel : oldModel).check(file, exportEvery ? join(work.dir, `x${step}`) : undefined);
  }
  expect(seen.old).toBeGreaterThan(0);
  expect(seen.new).toBeGreaterThan(0);
}, 600_000);
