// `npm start`: a short tour that drives every package against its reference implementation.
// Each step works in temporary folders it removes again.
import { tourErrors } from './errors.js';
import { tourEsent } from './esent.js';
import { tourFileHistory } from './fhsvcctl.js';
import { tourVss } from './vsbackup.js';

const steps: Array<[title: string, file: string, step: (log: (line: string) => void) => Promise<void>]> = [
  ['@winbackup/errors: decoding codes', 'examples/errors.ts', tourErrors],
  ['@winbackup/esent: an ESE database with real files, and its backup', 'examples/esent.ts', tourEsent],
  ['@winbackup/vsbackup: a VSS requester and writer', 'examples/vsbackup.ts', tourVss],
  ['@winbackup/fhsvcctl: File History keeping versions', 'examples/fhsvcctl.ts', tourFileHistory],
];

for (const [title, file, step] of steps) {
  console.log(`\n== ${title} (running ${file})`);
  await step((line) => console.log(`  ${line}`));
}
console.log(`
Tour complete. Where to go next:
  README.md                one example per package (each is run by npm test as written)
  packages/*/README.md     how each reference behaves and where it differs from Windows
  npm run docs             API pages of every call, its codes and its Microsoft Learn page (docs/api/index.html)
  npm run bench            speed against cat, cp -a and rsync (results in bench/results/)
  ARCHITECTURE.md          the layout and the rules every package follows`);
