// `npm run conformance -- --native` (scripts/conformance.mjs) off Windows: it runs nothing, exits
// non-zero, and each native backend says in its own words why it cannot run here.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarizeSuite } from '../scripts/conformance-report.mjs';

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

describe('the summary of one suite', () => {
  const test = (fullName: string, status: string) => ({ fullName, status });

  it('counts what ran and lists what failed and what could not run, with the reason', () => {
    const { lines, failed } = summarizeSuite('conformance of esent against esent.dll', {
      testResults: [
        { status: 'failed', assertionResults: [test('a', 'passed'), test('b', 'failed'), test('c [not run on native: needs a fresh esent.dll]', 'skipped')] },
      ],
    });
    expect(lines).toEqual([
      'conformance of esent against esent.dll:',
      '  ran 2: 1 passed, 1 failed',
      '    FAILED b',
      '  could not run 1:',
      '    c [not run on native: needs a fresh esent.dll]',
    ]);
    expect(failed).toBe(true);
  });

  it('a suite that failed before any test (VSS not elevated) is a failure, said first', () => {
    const { lines, failed } = summarizeSuite('conformance of vsbackup against vssapi.dll', {
      testResults: [{ status: 'failed', message: 'VSS CONFORMANCE NOT RUN: this shell is not elevated, ...\n    at stack', assertionResults: [] }],
    });
    expect(lines.slice(0, 3)).toEqual([
      'conformance of vsbackup against vssapi.dll:',
      '  SUITE DID NOT RUN: VSS CONFORMANCE NOT RUN: this shell is not elevated, ...',
      '  ran 0: 0 passed, 0 failed',
    ]);
    expect(failed).toBe(true);
  });

  it('a suite of which nothing ran (a server SKU) says so loudly; skipping is not a failure', () => {
    const { lines, failed } = summarizeSuite('conformance of fhsvcctl against fhsvcctl.dll', {
      testResults: [{ status: 'passed', assertionResults: [test('x [not run on native: File History exists only on client Windows; ...]', 'skipped'), test('every known difference names a test of the suite', 'skipped')] }],
    });
    expect(lines[2]).toBe('  NOTHING OF THIS SUITE RAN on this machine: the reasons are below');
    expect(lines).toContain('    x [not run on native: File History exists only on client Windows; ...]');
    expect(failed).toBe(false);
  });
});
