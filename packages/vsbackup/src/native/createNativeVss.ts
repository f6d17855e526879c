// The factory users call on Windows: `createNativeVss()` binds the system's vssapi.dll. Elsewhere it
// needs an explicit `{ dll }` (a DLL with vssapi.dll's exports, as the Wine tier's fake): it never
// falls back to the reference VSS.
import { win32 } from 'node:path';
import { loadVssLibrary } from './library.js';
import { NativeVss } from './NativeVss.js';
import { refuseWow64 } from './preflight.js';

/** Options of {@link createNativeVss}. */
export interface NativeVssOptions {
  /**
   * The DLL to load: a path, or a name the Windows loader resolves. Defaults to
   * `%SystemRoot%\System32\vssapi.dll` (by full path, so that no vssapi.dll beside node.exe or in
   * the current directory is picked up) on win32; required on other platforms.
   */
  readonly dll?: string;
}

/**
 * Returns the native VSS requester: `CreateVssBackupComponents()` gives an `IVssBackupComponents`
 * over the real COM object, with the same interface, typed errors and argument checks as the
 * reference VSS. Joins the process's multithreaded COM apartment on first use.
 *
 * @throws Error on a platform other than win32 when no `dll` is given, for a 32-bit Node on 64-bit
 * Windows (VSS refuses WOW64 requesters), or when the DLL cannot be loaded.
 */
export function createNativeVss(options: NativeVssOptions = {}): NativeVss {
  if (typeof options !== 'object' || options === null) throw new TypeError('createNativeVss takes { dll?: string }');
  if (options.dll !== undefined && typeof options.dll !== 'string') throw new TypeError('dll must be a string');
  if (options.dll === undefined && process.platform !== 'win32') {
    throw new Error(
      `@winbackup/vsbackup/native calls vssapi.dll, which exists only on Windows; this is ${process.platform}. ` +
        'Use createReferenceVss({ ... }) here, or pass { dll } to load a DLL with the vssapi.dll exports.',
    );
  }
  refuseWow64(process.platform, process.arch, process.env);
  return new NativeVss(loadVssLibrary(options.dll ?? systemVssApi()));
}

function systemVssApi(): string {
  return win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'vssapi.dll');
}
