// The summary scripts/conformance.mjs prints for one suite, from vitest's JSON report: what ran
// (passed, failed), what could not run (skipped tests carry their reason in their name), and a
// suite that failed before any test (VSS in a shell that is not elevated, a backend that would not
// load), which counts as a failure.

/**
 * @param {string} title e.g. "conformance of vsbackup against the reference VSS"
 * @param {{ testResults: { status: string; message?: string; assertionResults: { status: string; fullName: string }[] }[] }} results
 * @returns {{ lines: string[]; failed: boolean }}
 */
export function summarizeSuite(title, results) {
  const lines = [`${title}:`];
  let failed = false;
  for (const f of results.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0)) {
    lines.push(`  SUITE DID NOT RUN: ${(f.message || 'failed to load').split('\n')[0]}`);
    failed = true;
  }
  const tests = results.testResults.flatMap((f) => f.assertionResults);
  const ran = tests.filter((t) => t.status === 'passed' || t.status === 'failed');
  const failures = ran.filter((t) => t.status === 'failed');
  const notRun = tests.filter((t) => t.status !== 'passed' && t.status !== 'failed');
  lines.push(`  ran ${ran.length}: ${ran.length - failures.length} passed, ${failures.length} failed`);
  if (ran.length === 0 && notRun.length > 0) lines.push('  NOTHING OF THIS SUITE RAN on this machine: the reasons are below');
  for (const t of failures) lines.push(`    FAILED ${t.fullName}`);
  lines.push(`  could not run ${notRun.length}${notRun.length ? ':' : ''}`);
  for (const t of notRun) lines.push(`    ${t.fullName}`);
  return { lines, failed: failed || failures.length > 0 };
}
