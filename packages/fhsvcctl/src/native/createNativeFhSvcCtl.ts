// The factory users call on Windows: `createNativeFhSvcCtl()` binds the system's fhsvcctl.dll.
// Elsewhere it needs an explicit `{ dll }` (a DLL with fhsvcctl.dll's exports, as the Wine tier's
// fake): it never falls back to the reference service.
import { win32 } from 'node:path';
import type { FhSvcCtlApi } from '../api/fhsvcctl.js';
import { loadFhSvcCtlLibrary } from './library.js';
import { NativeFhSvcCtl } from './NativeFhSvcCtl.js';

/** Options of {@link createNativeFhSvcCtl}. */
export interface NativeFhSvcCtlOptions {
  /**
   * The DLL to load: a path, or a name the Windows loader resolves. Defaults to
   * `%SystemRoot%\System32\fhsvcctl.dll` (by full path, so that no fhsvcctl.dll beside node.exe or
   * in the current directory is picked up) on win32; required on other platforms.
   */
  readonly dll?: string;
}

/**
 * Returns an {@link FhSvcCtlApi} that calls fhsvcctl.dll through koffi: the same interface, typed
 * errors and argument checks as the reference File History's service control.
 *
 * @throws Error on a platform other than win32 when no `dll` is given, or when the DLL cannot be loaded.
 */
export function createNativeFhSvcCtl(options: NativeFhSvcCtlOptions = {}): FhSvcCtlApi {
  if (typeof options !== 'object' || options === null) throw new TypeError('createNativeFhSvcCtl takes { dll?: string }');
  if (options.dll !== undefined && typeof options.dll !== 'string') throw new TypeError('dll must be a string');
  if (options.dll === undefined && process.platform !== 'win32') {
    throw new Error(
      `@winbackup/fhsvcctl/native calls fhsvcctl.dll, which exists only on Windows; this is ${process.platform}. ` +
        'Use createReferenceFileHistory({ ... }) here, or pass { dll } to load a DLL with the fhsvcctl.dll exports.',
    );
  }
  return new NativeFhSvcCtl(loadFhSvcCtlLibrary(options.dll ?? systemFhSvcCtl()));
}

function systemFhSvcCtl(): string {
  return win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'fhsvcctl.dll');
}
