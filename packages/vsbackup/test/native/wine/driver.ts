// Runs under `wine node.exe` (bundled to one CJS file that requires koffi from the Wine tier's
// cache): every case of cases.ts against the fake vssapi.dll, results written as JSON to a file.
// Usage: driver.cjs <fake vssapi.dll> <results.json>
import { runCases } from '../../../../../scripts/wine-driver.mjs';
import { createNativeVss } from '../../../src/native/index.js';
import { loadVssLibrary } from '../../../src/native/library.js';
import { NativeVss } from '../../../src/native/NativeVss.js';
import { addr } from '../../../src/native/com.js';
import { nativeWriterCallbacks } from '../../../src/native/writer/NativeWriterHost.js';
import { CASES } from './cases.js';
import { fakeControl } from './fakeControl.js';

async function main(): Promise<void> {
  const [dll, outFile] = process.argv.slice(2);
  if (!dll || !outFile) throw new Error('usage: driver.cjs <vssapi.dll> <results.json>');
  const vss = createNativeVss({ dll });
  const fake = fakeControl(dll);
  // the same binding over a library whose SysFreeString also notes what it freed
  const lib = loadVssLibrary(dll);
  const freed: bigint[] = [];
  const counted = new NativeVss({ ...lib, SysFreeString: (p: unknown) => (freed.push(addr(p)), lib.SysFreeString(p)) });
  const bstrFrees = { list: () => [...freed], clear: () => void freed.splice(0) };
  await runCases({ cases: CASES, context: { vss, fake, counted, bstrFrees, writerCallbacks: nativeWriterCallbacks }, before: () => (fake.reset(), bstrFrees.clear()), outFile });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
