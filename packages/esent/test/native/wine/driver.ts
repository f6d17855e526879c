// Runs under `wine node.exe` (bundled to one CJS file that requires koffi from the Wine tier's
// cache): every case of cases.ts against the fake esent.dll, results written as JSON to a file.
// Usage: driver.cjs <fake esent.dll> <results.json>
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { runCases } from '../../../../../scripts/wine-driver.mjs';
import { createNativeEsent } from '../../../src/native/index.js';
import { CASES, workerSequence } from './cases.js';
import { fakeControl } from './fakeControl.js';

function inWorker(dll: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: { dll } });
    w.once('message', (m: { ok?: unknown; error?: string }) => (m.error ? reject(new Error(m.error)) : resolve(m.ok)));
    w.once('error', reject);
  });
}

async function main(): Promise<void> {
  const [dll, outFile] = process.argv.slice(2);
  if (!dll || !outFile) throw new Error('usage: driver.cjs <esent.dll> <results.json>');
  const esent = createNativeEsent({ dll });
  const fake = fakeControl(dll);
  await runCases({ cases: CASES, context: { esent, fake, inWorker: () => inWorker(dll), systemEsent: () => createNativeEsent() }, before: () => fake.reset(), outFile });
}

if (isMainThread) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
} else {
  const { dll } = workerData as { dll: string };
  workerSequence(createNativeEsent({ dll }), fakeControl(dll)).then(
    (ok) => parentPort!.postMessage({ ok }),
    (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
}
