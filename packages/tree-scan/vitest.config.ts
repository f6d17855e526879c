import { packageTests } from '../../vitest.preset.js';

export default packageTests('tree-scan');
