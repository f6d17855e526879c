// Child process of the in-place update crash test: applies one seeded batch to the database and,
// when told a step, SIGKILLs itself right before that write or fsync of the commit. Without a
// step it prints READY first, and the parent kills it at a random moment (the batch may finish;
// then the child waits to be killed).
import { applyEseBatch } from '../../../src/reference/ese/updater.js';
import { makeTables } from '../fixture.js';
import { TableModel } from '../updatemodel.js';

const [file, rows, seed, k, killAt] = process.argv.slice(2);
const model = new TableModel(makeTables(Number(rows))[0]!.rows);
const changes = model.batch(Number(seed), Number(k));
const stop = Number(killAt);
if (stop < 0) process.stdout.write('READY\n');
applyEseBatch(file!, 'Files', changes, {
  now: Date.UTC(2026, 11, 4, 21, 0),
  beforeStep: (step) => {
    if (step === stop) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('DONE\n');
setInterval(() => undefined, 1000);
