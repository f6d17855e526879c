// Types of scripts/conformance-report.mjs for the TypeScript tests that use it.
export declare function summarizeSuite(
  title: string,
  results: { testResults: { status: string; message?: string; assertionResults: { status: string; fullName: string }[] }[] },
): { lines: string[]; failed: boolean };
