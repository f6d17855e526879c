// What createNativeVss returns: the requester factory over vssapi.dll. It is not a writer host
// (native CVssWriter, a C++ base class in vssapi.dll, is not bound yet), and says so to CVssWriter.
import type { IVssBackupComponents } from '../api/IVssBackupComponents.js';
import { WRITER_HOST_UNAVAILABLE } from '../api/writer-host.js';
import type { VssRequesterFactory } from '../snapshot-set/types.js';
import { ComPtr, readPtr } from './com.js';
import type { VssLibrary } from './library.js';
import { outPtr } from './marshal.js';
import { vssCallError } from './preflight.js';
import { NativeBackupComponents } from './NativeBackupComponents.js';
import { ComOwner } from './NativeWriterMetadata.js';

/** The native VSS requester: `CreateVssBackupComponents()` over vssapi.dll. */
export class NativeVss implements VssRequesterFactory {
  /** Read by `new CVssWriter(vss)`, which throws it. */
  readonly [WRITER_HOST_UNAVAILABLE] =
    'native VSS writers are not available yet: @winbackup/vsbackup/native is a requester only; subscribe a CVssWriter to createReferenceVss() instead';

  /** @internal */
  constructor(private readonly lib: VssLibrary) {}

  /**
   * CreateVssBackupComponents (CreateVssBackupComponentsInternal of vssapi.dll): a new requester
   * object. Release it when done.
   * @throws E_ACCESSDENIED: the process is not elevated (VSS needs backup privileges).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-createvssbackupcomponents
   */
  async CreateVssBackupComponents(): Promise<IVssBackupComponents> {
    const out = outPtr();
    const hr = this.lib.CreateVssBackupComponentsInternal(out) as number;
    if (hr < 0) throw vssCallError(hr, 'CreateVssBackupComponents');
    return new NativeBackupComponents(new ComPtr('IVssBackupComponents', readPtr(out)), new ComOwner(this.lib));
  }
}
