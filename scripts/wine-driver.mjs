// The side of the Wine tier that runs inside `wine node.exe` (bundled into each package's driver):
// runs the cases one after another, each after `before()`, and writes what each did to a JSON file
// that runWineDriver (wine-tier.mjs) reads back. Also reads a fake DLL's JSON-lines call log.
import { writeFileSync } from 'node:fs';

/** Runs every case with `context`, calling `before()` first each time, and writes the results to `outFile`. */
export async function runCases({ cases, context, before, outFile }) {
  const results = [];
  for (const c of cases) {
    before();
    const t0 = performance.now();
    try {
      await c.run(context);
      results.push({ name: c.name, ok: true, ms: Math.round(performance.now() - t0) });
    } catch (e) {
      results.push({ name: c.name, ok: false, ms: Math.round(performance.now() - t0), error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  }
  writeFileSync(outFile, JSON.stringify({ platform: process.platform, arch: process.arch, node: process.version, results }, null, 1));
}

/** A fake's log through its `uint32_t FakeLog(char *buf, uint32_t cb)` export: one JSON object a line. */
export function readFakeLog(fakeLog) {
  const n = fakeLog(null, 0);
  const buf = Buffer.alloc(n + 1);
  fakeLog(buf, buf.length);
  return buf
    .toString('utf8', 0, n)
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}
