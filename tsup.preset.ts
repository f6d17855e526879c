// The one build every package uses: ESM + CJS + d.ts from src/index.ts.
import type { Options } from 'tsup';

export const packageBuild: Options = {
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // tsup's d.ts step sets baseUrl, which TypeScript 6 deprecates
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // one file per format keeps the CJS and ESM copies simple to load side by side in tests
  splitting: false,
  treeshake: true,
};
