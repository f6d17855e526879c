// The factory users call on Windows: `createNativeEsent()` binds the system's esent.dll. Elsewhere
// it needs an explicit `{ dll }` (a DLL with esent.dll's exports, as the Wine tier's fake): it never
// falls back to the reference engine.
import { win32 } from 'node:path';
import type { EsentApi } from '../api/EsentApi.js';
import { loadEsentLibrary } from './library.js';
import { NativeEsent } from './NativeEsent.js';

/** Options of {@link createNativeEsent}. */
export interface NativeEsentOptions {
  /**
   * The DLL to load: a path, or a name the Windows loader resolves. Defaults to
   * `%SystemRoot%\System32\esent.dll` (the system's ESE engine, by full path so that no
   * esent.dll beside node.exe or in the current directory is picked up) on win32; required on
   * other platforms.
   */
  readonly dll?: string;
}

/**
 * Returns an {@link EsentApi} that calls esent.dll through koffi: the same interface, typed errors
 * and argument checks as `createReferenceEsent`, with out-parameters returned.
 *
 * @throws Error on a platform other than win32 when no `dll` is given, or when the DLL cannot be loaded.
 */
export function createNativeEsent(options: NativeEsentOptions = {}): EsentApi {
  if (typeof options !== 'object' || options === null) throw new TypeError('createNativeEsent takes { dll?: string }');
  if (options.dll !== undefined && typeof options.dll !== 'string') throw new TypeError('dll must be a string');
  if (options.dll === undefined && process.platform !== 'win32') {
    throw new Error(
      `@winbackup/esent/native calls esent.dll, which exists only on Windows; this is ${process.platform}. ` +
        'Use createReferenceEsent({ root }) here, or pass { dll } to load a DLL with the esent.dll exports.',
    );
  }
  return new NativeEsent(loadEsentLibrary(options.dll ?? systemEsent()));
}

function systemEsent(): string {
  return win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'esent.dll');
}
