// Runs under `wine node.exe` (bundled to one CJS file that requires koffi from the Wine tier's
// cache): every case of cases.ts against the fake fhsvcctl.dll, results written as JSON to a file.
// Usage: driver.cjs <fake fhsvcctl.dll> <results.json>
import { runCases } from '../../../../../scripts/wine-driver.mjs';
import { createNativeFhSvcCtl } from '../../../src/native/index.js';
import { CASES } from './cases.js';
import { fakeControl } from './fakeControl.js';

async function main(): Promise<void> {
  const [dll, outFile] = process.argv.slice(2);
  if (!dll || !outFile) throw new Error('usage: driver.cjs <fhsvcctl.dll> <results.json>');
  const fh = createNativeFhSvcCtl({ dll });
  const fake = fakeControl(dll);
  await runCases({ cases: CASES, context: { fh, fake, systemFhSvcCtl: () => createNativeFhSvcCtl() }, before: () => fake.reset(), outFile });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
