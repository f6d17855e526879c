import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it("the native declarations and the fake's exports match mingw-w64's esent.h (run `npm run generate -w @winbackup/esent`)", () => {
  const out = execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'generate-native.mjs'), '--check'], { encoding: 'utf8' });
  expect(out).toMatch(/up to date/);
});
