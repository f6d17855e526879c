// `npm run conformance -- --native` (scripts/conformance.mjs) off Windows: it runs nothing, exits
// non-zero, and each native backend says in its own words why it cannot run here.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

it.runIf(process.platform !== 'win32')('conformance --native fails with each backend\'s platform error', { timeout: 120_000 }, () => {
  const r = spawnSync(process.execPath, ['scripts/conformance.mjs', '--native'], { cwd: repo, encoding: 'utf8', timeout: 110_000 });
  expect(r.status).toBe(1);
  const platform = process.platform;
  expect(r.stderr).toContain(`conformance --native (esent): @winbackup/esent/native calls esent.dll, which exists only on Windows; this is ${platform}.`);
  expect(r.stderr).toContain(`conformance --native (vsbackup): @winbackup/vsbackup/native calls vssapi.dll, which exists only on Windows; this is ${platform}.`);
  expect(r.stderr).toContain(`conformance --native (fhsvcctl): @winbackup/fhsvcctl/native calls fhsvcctl.dll and the FhConfigMgr COM class, which exist only on Windows; this is ${platform}.`);
  expect(r.stderr).toContain('Ran nothing.');
  expect(r.stdout).not.toContain('conformance of');
});

it('conformance refuses a suite it does not have', () => {
  const r = spawnSync(process.execPath, ['scripts/conformance.mjs', 'nosuch'], { cwd: repo, encoding: 'utf8' });
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('conformance: no suite named nosuch; the suites are esent, vsbackup, fhsvcctl');
});
