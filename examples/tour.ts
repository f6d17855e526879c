// `npm start`: a short tour that drives every package against its reference implementation.
// Each step works in temporary folders it removes again.
import { tourErrors } from './errors.js';
import { tourEsent } from './esent.js';
import { tourFileHistory } from './fhsvcctl.js';
import { tourVss } from './vsbackup.js';

const steps: Array<[string, (log: (line: string) => void) => Promise<void>]> = [
  ['@winbackup/errors: decoding codes', tourErrors],
  ['@winbackup/esent: an ESE database with real files, and its backup', tourEsent],
  ['@winbackup/vsbackup: a VSS requester and writer', tourVss],
  ['@winbackup/fhsvcctl: File History keeping versions', tourFileHistory],
];

for (const [title, step] of steps) {
  console.log(`\n== ${title}`);
  await step((line) => console.log(`  ${line}`));
}
console.log('\nTour complete.');
