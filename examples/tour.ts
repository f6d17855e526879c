// `npm start`: a short tour that drives every package against its reference implementation.
// `npm start -- --native`: the same tour over the native backends (esent.dll, vssapi.dll,
// fhsvcctl.dll) on Windows. Each step works in temporary folders it removes again.
import { nativeBackends, referenceBackends, type TourBackends } from './backends.js';
import { tourErrors } from './errors.js';
import { tourEsent } from './esent.js';
import { tourFileHistory } from './fhsvcctl.js';
import { tourVss } from './vsbackup.js';

const native = process.argv.includes('--native');
let backends: TourBackends;
try {
  backends = native ? await nativeBackends() : referenceBackends;
} catch (e) {
  // off Windows: each native backend's own platform message
  for (const cause of e instanceof AggregateError ? e.errors : [e]) console.error(`npm start -- --native: ${cause instanceof Error ? cause.message : String(cause)}`);
  console.error('The native tour runs on Windows (VSS in an elevated shell, File History on client Windows); `npm start` runs it on the references.');
  process.exit(1);
}

const steps: Array<[title: string, file: string, step: (log: (line: string) => void, backends: TourBackends) => Promise<void>]> = [
  ['@winbackup/errors: decoding codes', 'examples/errors.ts', tourErrors],
  ['@winbackup/esent: an ESE database with real files, and its backup', 'examples/esent.ts', tourEsent],
  ['@winbackup/vsbackup: a VSS requester and writer', 'examples/vsbackup.ts', tourVss],
  ['@winbackup/fhsvcctl: File History keeping versions', 'examples/fhsvcctl.ts', tourFileHistory],
];

console.log(native ? 'The tour on the native backends (the Windows DLLs).' : 'The tour on the reference implementations.');
for (const [title, file, step] of steps) {
  console.log(`\n== ${title} (running ${file})`);
  try {
    await step((line) => console.log(`  ${line}`), backends);
  } catch (e) {
    console.error(`${file} failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
console.log(`
Tour complete. Where to go next:
  README.md                one example per package (each is run by npm test as written)
  packages/*/README.md     how each reference behaves and where it differs from Windows
  npm run docs             API pages of every call, its codes and its Microsoft Learn page (docs/api/index.html)
  npm run bench            speed against cat, cp -a and rsync (results in bench/results/)
  npm start -- --native    this tour on the real Windows DLLs (on Windows)
  ARCHITECTURE.md          the layout and the rules every package follows`);
