// `npm start` runs examples/tour.ts against the built packages: it must finish by itself, name the
// file of each step, print enum values with their names, and end with where to go next.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

it('the tour runs to its end and decodes what it prints', { timeout: 120_000 }, () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/tour.ts'], { cwd: repo, encoding: 'utf8', timeout: 110_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  for (const file of ['errors', 'esent', 'vsbackup', 'fhsvcctl']) expect(r.stdout).toContain(`(running examples/${file}.ts)`);
  expect(r.stdout).toContain('dbstate=3 (JET_dbstateCleanShutdown)');
  expect(r.stdout).toContain('= 6 (FH_VALID_TARGET)');
  expect(r.stdout).toMatch(/ProtectionState = 0x1ff \(FH_STATE_RUNNING \| FH_STATE_NO_ERROR\)/);
  expect(r.stdout).toContain('status 0x0004230B (VSS_S_ASYNC_CANCELLED)');
  expect(r.stdout).toContain('The tour on the reference implementations.');
  expect(r.stdout).toContain('writer saw: PrepareBackup -> PrepareSnapshot -> Freeze -> Thaw -> PostSnapshot -> BackupComplete -> BackupShutdown');
  expect(r.stdout).toContain('\\app\\state.txt -> "version 1" (live file now "version 2")');
  expect(r.stdout).toMatch(/Where to go next:[\s\S]*npm run docs[\s\S]*npm run bench/);
});

it.runIf(process.platform !== 'win32')('npm start -- --native off Windows: exits non-zero with each native backend\'s platform message, runs nothing', { timeout: 60_000 }, () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/tour.ts', '--native'], { cwd: repo, encoding: 'utf8', timeout: 50_000 });
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  const platform = process.platform;
  expect(r.stderr).toContain(`npm start -- --native: @winbackup/esent/native calls esent.dll, which exists only on Windows; this is ${platform}.`);
  expect(r.stderr).toContain(`npm start -- --native: @winbackup/vsbackup/native calls vssapi.dll, which exists only on Windows; this is ${platform}.`);
  expect(r.stderr).toContain(`npm start -- --native: @winbackup/fhsvcctl/native calls fhsvcctl.dll and the FhConfigMgr COM class, which exist only on Windows; this is ${platform}.`);
  expect(r.stderr).toContain('The native tour runs on Windows (VSS in an elevated shell, File History on client Windows)');
});
