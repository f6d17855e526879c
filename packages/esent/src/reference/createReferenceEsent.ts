// The factory users call: `createReferenceEsent({ root })` gives an EsentApi whose instances keep
// real database, log and checkpoint files under `root`.
import type { EsentApi } from '../api/EsentApi.js';
import { ReferenceEsent, type ReferenceEsentOptions } from './ReferenceEsent.js';

export type { ReferenceEsentOptions };

export function createReferenceEsent(options: ReferenceEsentOptions): EsentApi {
  if (typeof options !== 'object' || options === null || typeof options.root !== 'string') {
    throw new TypeError('createReferenceEsent needs { root: string }');
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('clock must be a function');
  return new ReferenceEsent(options);
}
