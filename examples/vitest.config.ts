import { packageTests } from '../vitest.preset.js';

// The storage glue of examples/ (tar, restic) against real tools; the packages' tests live with them.
export default packageTests('examples');
