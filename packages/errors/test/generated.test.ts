import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('src/generated matches data/ (run `npm run generate` after changing the data)', () => {
  const out = execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'generate.mjs'), '--check'], { encoding: 'utf8' });
  expect(out).toMatch(/up to date/);
});
