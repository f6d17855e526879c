#!/usr/bin/env node
// `npm run conformance` (reference engine) or `npm run conformance -- --native` (esent.dll, on
// Windows): runs test/conformance against the target and prints what it ran and what it could not
// (tests test/conformance/differences.ts lists for the target, with the reason).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const native = process.argv.includes('--native');
const target = native ? 'native' : 'reference';

if (native && process.platform !== 'win32') {
  console.error(`conformance --native calls esent.dll, which exists only on Windows; this is ${process.platform}. Ran nothing.`);
  console.error('Run it on a Windows machine (npm ci && npm run conformance -- --native), or without --native to check the reference engine.');
  process.exit(1);
}

const shell = process.platform === 'win32';
const build = spawnSync('npx', ['turbo', 'run', 'build', '--filter=@winbackup/esent...', '--output-logs=errors-only'], {
  cwd: repo,
  stdio: 'inherit',
  shell,
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

const report = join(tmpdir(), `esent-conformance-${process.pid}.json`);
// one process for the whole suite, as a user's program would use esent.dll; forks allow chdir
const run = spawnSync(
  process.execPath,
  [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'esent', 'test/conformance', '--pool=forks', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
  { cwd: repo, stdio: 'inherit', env: { ...process.env, ESENT_CONFORMANCE: target } },
);

let results;
try {
  results = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error(`conformance: vitest wrote no report (exit ${run.status ?? run.signal})`);
  process.exit(1);
} finally {
  rmSync(report, { force: true });
}
const tests = results.testResults.flatMap((f) => f.assertionResults);
const ran = tests.filter((t) => t.status === 'passed' || t.status === 'failed');
const failed = ran.filter((t) => t.status === 'failed');
const notRun = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed');
console.log(`\nconformance against ${target === 'native' ? 'esent.dll (native backend)' : 'the reference engine'}:`);
console.log(`  ran ${ran.length}: ${ran.length - failed.length} passed, ${failed.length} failed`);
for (const t of failed) console.log(`    FAILED ${t.fullName}`);
console.log(`  could not run ${notRun.length}${notRun.length ? ':' : ''}`);
for (const t of notRun) console.log(`    ${t.fullName}`);
process.exit(failed.length > 0 || run.status !== 0 ? 1 : 0);
