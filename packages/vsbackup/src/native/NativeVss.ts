// What createNativeVss returns: the requester factory over vssapi.dll, and the host of native
// writers (CVssWriter subclasses over vssapi.dll's C++ CVssWriter, writer/NativeWriterHost.ts).
import type { IVssBackupComponents } from '../api/IVssBackupComponents.js';
import { WRITER_HOST_UNAVAILABLE, type VssWriterHost, type VssWriterRegistration } from '../api/writer-host.js';
import type { VssRequesterFactory } from '../snapshot-set/types.js';
import { ComPtr, readPtr } from './com.js';
import type { VssLibrary } from './library.js';
import { outPtr } from './marshal.js';
import { vssCallError } from './preflight.js';
import { NativeBackupComponents } from './NativeBackupComponents.js';
import { ComOwner } from './NativeWriterMetadata.js';
import { NativeWriterHost } from './writer/NativeWriterHost.js';

/**
 * The native VSS: `CreateVssBackupComponents()` over vssapi.dll, and the VSS that
 * `new CVssWriter(vss)` subscribes a writer to (vssapi.dll's C++ CVssWriter with a vtable of callbacks).
 */
export class NativeVss implements VssRequesterFactory, VssWriterHost {
  readonly #writers: NativeWriterHost;

  /** @internal */
  constructor(private readonly lib: VssLibrary) {
    this.#writers = new NativeWriterHost(lib);
  }

  /**
   * Read by `new CVssWriter(vss)`, which throws it: the writer binding calls vssapi.dll's members by
   * their Win64 decorated names and the Win64 member-function ABI, so it exists on x64 only.
   */
  get [WRITER_HOST_UNAVAILABLE](): string | undefined {
    return process.arch === 'x64'
      ? undefined
      : `native VSS writers need a 64-bit x64 Node (this is ${process.arch}): the binding calls vssapi.dll's CVssWriter by its Win64 decorated names`;
  }

  /** @internal CVssWriter::Initialize: constructs vssapi.dll's CVssWriter for `writer` (once) and initializes it. */
  initializeWriter(writer: object, registration: Omit<VssWriterRegistration, 'eventFlags'>): Promise<void> {
    return this.#writers.initializeWriter(writer, registration);
  }
  /** @internal CVssWriter::Subscribe. */
  subscribeWriter(writer: object, registration: VssWriterRegistration): Promise<void> {
    return this.#writers.subscribeWriter(writer, registration);
  }
  /** @internal CVssWriter::Unsubscribe. */
  unsubscribeWriter(writer: object): Promise<void> {
    return this.#writers.unsubscribeWriter(writer);
  }
  /** @internal The writer's disposal: the C++ destructor, the callbacks, the worker thread. */
  disposeWriter(writer: object): Promise<void> {
    return this.#writers.disposeWriter(writer);
  }

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
