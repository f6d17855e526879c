// Child process of the schema crash test: applies the seeded schema batch (schemabatch.ts) and,
// when told a step, SIGKILLs itself right before that write or fsync of the commit.
import { applyEseUpdate } from '../../../src/reference/ese/updater.js';
import { schemaBatch } from '../schemabatch.js';

const [file, rows, seed, killAt] = process.argv.slice(2);
const { schema, parts } = schemaBatch(Number(rows), Number(seed));
const stop = Number(killAt);
applyEseUpdate(file!, parts, {
  schema,
  now: Date.UTC(2026, 11, 4, 23, 0),
  beforeStep: (step) => {
    if (step === stop) process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('DONE\n');
setInterval(() => undefined, 1000);
