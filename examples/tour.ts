// `npm start`: a short tour that drives every package against its reference implementation.
import { tourErrors } from './errors.js';

const steps: Array<[string, (log: (line: string) => void) => Promise<void>]> = [
  ['@winbackup/errors: decoding codes', tourErrors],
];

for (const [title, step] of steps) {
  console.log(`\n== ${title}`);
  await step((line) => console.log(`  ${line}`));
}
console.log('\nTour complete.');
