// The factory of the whole Windows File History API on Windows: fhsvcctl.dll's functions (the
// binding of createNativeFhSvcCtl) and CoCreateFhConfigMgr over the FhConfigMgr COM class.
import type { IFhConfigMgr } from '../api/fhcfg.js';
import type { FileHistoryApi } from '../api/fileHistory.js';
import { CLSID_FhConfigMgr, IID_IFhConfigMgr } from '../api/guids.js';
import { createInstance } from './com.js';
import { createNativeFhSvcCtl } from './createNativeFhSvcCtl.js';
import { NativeFhConfigMgr } from './NativeFhConfigMgr.js';

/** Options of {@link createNativeFileHistory}. */
export interface NativeFileHistoryOptions {
  /**
   * The fhsvcctl.dll to load; defaults to `%SystemRoot%\System32\fhsvcctl.dll` (by full path) on
   * win32, as {@link NativeFhSvcCtlOptions.dll}; required on other platforms.
   */
  readonly dll?: string;
  /**
   * Test hook: an in-process COM server DLL whose `DllGetClassObject(CLSID_FhConfigMgr,
   * IID_IClassFactory)` makes the FhConfigMgr objects, instead of COM's CoCreateInstance (which
   * finds the class through the registry). Leave it out in real use; required on other
   * platforms.
   */
  readonly fhcfgDll?: string;
}

/**
 * Returns the File History API over the real Windows components: the seven FhService* functions
 * of fhsvcctl.dll and CoCreateFhConfigMgr over CLSID_FhConfigMgr (CoCreateInstance with
 * CLSCTX_INPROC_SERVER; COM initialised once per process in the multithreaded apartment). The
 * same interface, typed errors and argument checks as the Windows part of
 * createReferenceFileHistory's object; the reference's extras (service start and stop, versions,
 * restore, waitForIdle) have no Windows API and are not here.
 *
 * @throws Error on a platform other than win32 without both `dll` and `fhcfgDll`, or when fhsvcctl.dll cannot be loaded.
 */
export function createNativeFileHistory(options: NativeFileHistoryOptions = {}): FileHistoryApi {
  if (typeof options !== 'object' || options === null) throw new TypeError('createNativeFileHistory takes { dll?: string, fhcfgDll?: string }');
  const { dll, fhcfgDll } = options;
  if (dll !== undefined && typeof dll !== 'string') throw new TypeError('dll must be a string');
  if (fhcfgDll !== undefined && typeof fhcfgDll !== 'string') throw new TypeError('fhcfgDll must be a string');
  if ((dll === undefined || fhcfgDll === undefined) && process.platform !== 'win32') {
    throw new Error(
      `@winbackup/fhsvcctl/native calls fhsvcctl.dll and the FhConfigMgr COM class, which exist only on Windows; this is ${process.platform}. ` +
        'Use createReferenceFileHistory({ ... }) here, or pass { dll, fhcfgDll } to load DLLs with their exports.',
    );
  }
  const svc = createNativeFhSvcCtl(dll === undefined ? {} : { dll });
  return {
    FhServiceOpenPipe: (StartServiceIfStopped) => svc.FhServiceOpenPipe(StartServiceIfStopped),
    FhServiceClosePipe: (Pipe) => svc.FhServiceClosePipe(Pipe),
    FhServiceStartBackup: (Pipe, LowPriorityIo) => svc.FhServiceStartBackup(Pipe, LowPriorityIo),
    FhServiceStopBackup: (Pipe, StopTracking) => svc.FhServiceStopBackup(Pipe, StopTracking),
    FhServiceReloadConfiguration: (Pipe) => svc.FhServiceReloadConfiguration(Pipe),
    FhServiceBlockBackup: (Pipe) => svc.FhServiceBlockBackup(Pipe),
    FhServiceUnblockBackup: (Pipe) => svc.FhServiceUnblockBackup(Pipe),
    CoCreateFhConfigMgr(): IFhConfigMgr {
      return new NativeFhConfigMgr(createInstance(CLSID_FhConfigMgr, IID_IFhConfigMgr, fhcfgDll));
    },
  };
}
