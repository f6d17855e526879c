// Runs under `wine node.exe` (bundled to one CJS file that requires koffi from the Wine tier's
// cache): every case of cases.ts against the fake fhsvcctl.dll, results written as JSON to a file.
// Usage: driver.cjs <fake fhsvcctl.dll> <results.json>
import { writeFileSync } from 'node:fs';
import { createNativeFhSvcCtl } from '../../../src/native/index.js';
import { CASES } from './cases.js';
import { fakeControl } from './fakeControl.js';

interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

async function main(): Promise<void> {
  const [dll, outFile] = process.argv.slice(2);
  if (!dll || !outFile) throw new Error('usage: driver.cjs <fhsvcctl.dll> <results.json>');
  const fh = createNativeFhSvcCtl({ dll });
  const fake = fakeControl(dll);
  const results: CaseResult[] = [];
  for (const c of CASES) {
    fake.reset();
    const t0 = performance.now();
    try {
      await c.run({ fh, fake, systemFhSvcCtl: () => createNativeFhSvcCtl() });
      results.push({ name: c.name, ok: true, ms: Math.round(performance.now() - t0) });
    } catch (e) {
      results.push({ name: c.name, ok: false, ms: Math.round(performance.now() - t0), error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }
  writeFileSync(outFile, JSON.stringify({ platform: process.platform, arch: process.arch, node: process.version, results }, null, 1));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
