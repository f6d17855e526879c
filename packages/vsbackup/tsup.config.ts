import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.preset.js';

// Two entries: the facade + reference VSS, and ./native (the only one that loads koffi).
export default defineConfig({ ...packageBuild, entry: { index: 'src/index.ts', native: 'src/native/index.ts' } });
