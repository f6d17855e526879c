#!/usr/bin/env node
// `npm run conformance` (the references) or `npm run conformance -- --native` (esent.dll, vssapi.dll,
// fhsvcctl.dll and the FhConfigMgr class, on Windows): runs each package's test/conformance suite
// against the target and prints what it ran and what it could not run (the tests
// test/conformance/differences.ts lists for the target, and the parts a machine lacks, with the
// reason). Suites can be named: `npm run conformance -- --native vsbackup fhsvcctl`.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summarizeSuite } from './conformance-report.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The suites: vitest project, the variable that picks the target, the native entry and factory, what each target is called. */
const SUITES = [
  { name: 'esent', env: 'ESENT_CONFORMANCE', factory: 'createNativeEsent', native: 'esent.dll (native backend)', reference: 'the reference engine' },
  { name: 'vsbackup', env: 'VSS_CONFORMANCE', factory: 'createNativeVss', native: 'vssapi.dll (native backend; needs an elevated shell)', reference: 'the reference VSS' },
  { name: 'fhsvcctl', env: 'FH_CONFORMANCE', factory: 'createNativeFileHistory', native: 'fhsvcctl.dll and FhConfigMgr (native backend; client Windows only)', reference: 'the reference File History' },
];

const args = process.argv.slice(2);
const native = args.includes('--native');
const named = args.filter((a) => a !== '--native');
const unknown = named.filter((n) => !SUITES.some((s) => s.name === n));
if (unknown.length > 0) {
  console.error(`conformance: no suite named ${unknown.join(', ')}; the suites are ${SUITES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const suites = named.length > 0 ? SUITES.filter((s) => named.includes(s.name)) : SUITES;
const target = native ? 'native' : 'reference';
const shell = process.platform === 'win32';

const build = spawnSync('npx', ['turbo', 'run', 'build', ...suites.map((s) => `--filter=@winbackup/${s.name}...`), '--output-logs=errors-only'], {
  cwd: repo,
  stdio: 'inherit',
  shell,
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
});
if (build.status !== 0) process.exit(build.status ?? 1);

if (native && process.platform !== 'win32') {
  // each native backend says itself why it cannot run here
  for (const s of suites) {
    const entry = await import(pathToFileURL(join(repo, 'packages', s.name, 'dist', 'native.js')).href);
    try {
      entry[s.factory]();
      console.error(`conformance --native (${s.name}): ${s.factory}() did not refuse ${process.platform}`);
    } catch (e) {
      console.error(`conformance --native (${s.name}): ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.error('Ran nothing. Run it on a Windows machine (npm ci && npm run conformance -- --native), or without --native to check the references.');
  process.exit(1);
}

let failures = 0;
const summaries = [];
for (const s of suites) {
  const report = join(tmpdir(), `${s.name}-conformance-${process.pid}.json`);
  // one process per suite, as a user's program would load the DLL; forks allow chdir
  const run = spawnSync(
    process.execPath,
    [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', s.name, 'test/conformance/', '--pool=forks', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    { cwd: repo, stdio: 'inherit', env: { ...process.env, [s.env]: target } },
  );
  let results;
  try {
    results = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    summaries.push([`${s.name}: vitest wrote no report (exit ${run.status ?? run.signal})`]);
    failures++;
    continue;
  } finally {
    rmSync(report, { force: true });
  }
  const { lines, failed } = summarizeSuite(`conformance of ${s.name} against ${native ? s.native : s.reference}`, results);
  if (failed || run.status !== 0) failures++;
  summaries.push(lines);
}
console.log('');
for (const lines of summaries) console.log(lines.join('\n'));
process.exit(failures > 0 ? 1 : 0);
