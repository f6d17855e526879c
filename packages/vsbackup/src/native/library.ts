// vssapi.dll's two exports the binding calls, oleaut32's BSTR functions, ole32's COM start and
// task-memory free. The documented CreateVssBackupComponents and VssFreeSnapshotProperties are
// inline wrappers in vsbackup.h over the *Internal exports, which are what the DLL exports.
import koffi from 'koffi';
import { hresultError } from '@winbackup/errors';
import { declareVssTypes } from './types.js';

type Fn = (...args: unknown[]) => unknown;

/** The bound functions. */
export interface VssLibrary {
  /** The path or name vssapi was loaded from (the writer binds its exported CVssWriter members there). */
  readonly dll: string;
  readonly CreateVssBackupComponentsInternal: Fn;
  readonly VssFreeSnapshotPropertiesInternal: Fn;
  readonly SysAllocString: Fn;
  readonly SysFreeString: Fn;
  readonly SysStringLen: Fn;
  readonly CoTaskMemFree: Fn;
}

const COINIT_MULTITHREADED = 0;
/** CoInitializeEx on a thread already in a single-threaded apartment. */
const RPC_E_CHANGED_MODE = 0x80010106 | 0;

const RPC_E_TOO_LATE = 0x80010119 | 0;
const RPC_C_AUTHN_LEVEL_PKT_PRIVACY = 6;
const RPC_C_IMP_LEVEL_IMPERSONATE = 3;
const EOAC_STATIC_CLOAKING = 0x20;

let comStarted = false;

function load(path: string, why: string): ReturnType<typeof koffi.load> {
  try {
    return koffi.load(path);
  } catch (e) {
    throw new Error(`@winbackup/vsbackup/native cannot load ${path} (${why})`, { cause: e });
  }
}

function bind(lib: ReturnType<typeof koffi.load>, path: string, proto: string): Fn {
  try {
    return lib.func(proto) as unknown as Fn;
  } catch (e) {
    throw new Error(`${path} does not export ${proto}`, { cause: e });
  }
}

/**
 * Loads `vssapi` (a path or a name) and the system's COM libraries, and joins the process's
 * multithreaded apartment once, so that koffi's pool threads, which never call CoInitializeEx,
 * belong to it implicitly and may call the objects.
 */
export function loadVssLibrary(vssapi: string): VssLibrary {
  declareVssTypes();
  const vss = load(vssapi, 'the Volume Shadow Copy Service API, Windows Server 2003 / Windows XP or later');
  const oleaut = load('oleaut32.dll', 'BSTR functions');
  const ole = load('ole32.dll', 'COM');
  if (!comStarted) {
    const CoInitializeEx = bind(ole, 'ole32.dll', 'int32_t __stdcall CoInitializeEx(void *pvReserved, uint32_t dwCoInit)');
    const hr = CoInitializeEx(null, COINIT_MULTITHREADED) as number;
    // S_FALSE: already initialised as MTA on this thread. A single-threaded apartment cannot host the calls from the pool.
    if (hr < 0 && hr !== RPC_E_CHANGED_MODE) throw hresultError(hr, { context: 'CoInitializeEx(COINIT_MULTITHREADED)' });
    if (hr === RPC_E_CHANGED_MODE) {
      throw hresultError(hr, { context: 'CoInitializeEx: this thread is already in a single-threaded apartment; VSS needs the multithreaded one' });
    }
    // as restic does: packet privacy, impersonation, static cloaking, so that VSS's calls back into
    // the requester are accepted; RPC_E_TOO_LATE: the process already chose its security
    const CoInitializeSecurity = bind(
      ole,
      'ole32.dll',
      'int32_t __stdcall CoInitializeSecurity(void *pSecDesc, int32_t cAuthSvc, void *asAuthSvc, void *pReserved1, uint32_t dwAuthnLevel, uint32_t dwImpLevel, void *pAuthList, uint32_t dwCapabilities, void *pReserved3)',
    );
    const sec = CoInitializeSecurity(null, -1, null, null, RPC_C_AUTHN_LEVEL_PKT_PRIVACY, RPC_C_IMP_LEVEL_IMPERSONATE, null, EOAC_STATIC_CLOAKING, null) as number;
    if (sec < 0 && sec !== RPC_E_TOO_LATE) throw hresultError(sec, { context: 'CoInitializeSecurity' });
    comStarted = true;
  }
  return {
    dll: vssapi,
    CreateVssBackupComponentsInternal: bind(vss, vssapi, 'int32_t __stdcall CreateVssBackupComponentsInternal(void *ppBackup)'),
    VssFreeSnapshotPropertiesInternal: bind(vss, vssapi, 'void __stdcall VssFreeSnapshotPropertiesInternal(void *pProp)'),
    SysAllocString: bind(oleaut, 'oleaut32.dll', 'void * __stdcall SysAllocString(const char16_t *psz)'),
    SysFreeString: bind(oleaut, 'oleaut32.dll', 'void __stdcall SysFreeString(void *bstr)'),
    SysStringLen: bind(oleaut, 'oleaut32.dll', 'uint32_t __stdcall SysStringLen(void *bstr)'),
    CoTaskMemFree: bind(ole, 'ole32.dll', 'void __stdcall CoTaskMemFree(void *pv)'),
  };
}
