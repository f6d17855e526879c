// Runs under `wine node.exe` (bundled to one CJS file that requires koffi from the Wine tier's
// cache): every case of cases.ts and fhcfgCases.ts against the fake fhsvcctl.dll (which also
// serves the fake FhConfigMgr COM class), results written as JSON to a file.
// Usage: driver.cjs <fake fhsvcctl.dll> <results.json>
import { runCases } from '../../../../../scripts/wine-driver.mjs';
import { createNativeFhSvcCtl, createNativeFileHistory } from '../../../src/native/index.js';
import { CASES, type CaseContext } from './cases.js';
import { FHCFG_CASES, type FhcfgCaseContext } from './fhcfgCases.js';
import { fakeControl } from './fakeControl.js';

async function main(): Promise<void> {
  const [dll, outFile] = process.argv.slice(2);
  if (!dll || !outFile) throw new Error('usage: driver.cjs <fhsvcctl.dll> <results.json>');
  const fh = createNativeFhSvcCtl({ dll });
  const fhcfg = createNativeFileHistory({ dll, fhcfgDll: dll });
  const fake = fakeControl(dll);
  const context: CaseContext & FhcfgCaseContext = { fh, fhcfg, fake, systemFhSvcCtl: () => createNativeFhSvcCtl(), comFileHistory: () => createNativeFileHistory({ dll }) };
  const cases: readonly { name: string; run(ctx: typeof context): Promise<void> }[] = [...CASES, ...FHCFG_CASES];
  await runCases({
    cases,
    context,
    before: () => fake.reset(),
    outFile,
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
