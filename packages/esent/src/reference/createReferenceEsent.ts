// The factory users call: `createReferenceEsent({ root })` gives an EsentApi whose instances keep
// real database, log and checkpoint files under `root`.
import type { EsentApi } from '../api/EsentApi.js';
import { ReferenceEsent, type ReferenceEsentOptions } from './ReferenceEsent.js';

export type { ReferenceEsentOptions };

/**
 * Creates the reference ESE engine: an {@link EsentApi} whose instances keep real database, log
 * and checkpoint files. Relative paths (system, log and temp folders, database names) resolve
 * against `options.root`; that folder must exist before JetInit (JET_errInvalidSystemPath
 * otherwise, unless JET_paramCreatePathIfNotExist is set). Each call is a separate engine, as a
 * separate process loading esent.dll would be.
 * @throws TypeError when `root` is not a string or `clock` not a function.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jetinit-function
 */
export function createReferenceEsent(options: ReferenceEsentOptions): EsentApi {
  if (typeof options !== 'object' || options === null || typeof options.root !== 'string') {
    throw new TypeError('createReferenceEsent needs { root: string }');
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') throw new TypeError('clock must be a function');
  return new ReferenceEsent(options);
}
