// CVssWriter over vssapi.dll: for each JS writer, a C++ CVssWriter object (MSVC layout: vptr, then
// the base's one pointer member) constructed by the exported constructor, whose vptr is then pointed
// at our own vtable (slots in the SDK's virtual order: the scalar deleting destructor, then the
// handlers) of koffi callbacks registered on a worker thread (worker-source.ts). VSS calls a slot on
// its thread; the worker posts the event here and waits; the main thread runs the JS handler
// (possibly async) inside runInWriterEvent, so the facade's Get* methods and SetWriterFailure call
// the exported members with the same `this`; the answer goes back through shared memory.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import koffi from 'koffi';
import { runInWriterEvent } from '../../api/CVssWriter.js';
import type { VSS_BACKUP_TYPE } from '../../api/enums.js';
import type { VssWriterEventContext, VssWriterRegistration } from '../../api/writer-host.js';
import type { VSS_APPLICATION_LEVEL } from '../../api/writer-enums.js';
import { addr, ComPtr } from '../com.js';
import { CVSSWRITER_OBJECT_SIZE, CVSSWRITER_VIRTUALS } from '../generated/cvsswriter.js';
import { guidString, guidStruct } from '../guid.js';
import type { VssLibrary } from '../library.js';
import { outGuid, outPtr, readWz } from '../marshal.js';
import { vssCallError } from '../preflight.js';
import { EventObjects, NativeCreateWriterMetadata, NativeWriterComponents } from './NativeEventArgs.js';
import { loadWriterExports, type WriterExports } from './exports.js';
import { WORKER_SOURCE, type WriterWorkerData, type WriterWorkerMessage } from './worker-source.js';

/** The koffi types of the vtable's parameters after `this` (VSS_ID by value, VSS_PWSZ as a string). */
const SLOT_PARAM: Record<string, string> = {
  'IVssCreateWriterMetadata *': 'void *',
  'IVssWriterComponents *': 'void *',
  VSS_ID: 'VSS_WRITER_GUID',
  VSS_PWSZ: 'const char16_t *',
};

const SLOTS: WriterWorkerData['slots'] = CVSSWRITER_VIRTUALS.map((v) =>
  v.name === '~CVssWriter'
    ? // MSVC's scalar deleting destructor: (this, unsigned int flags) returning this
      { name: v.name, params: ['uint32_t'], returns: 'void *' as const }
    : { name: v.name, params: v.params.map((p) => SLOT_PARAM[p] ?? fail(p)), returns: 'bool' as const },
);

function fail(t: string): never {
  throw new Error(`@winbackup/vsbackup/native: no koffi type for the CVssWriter parameter ${t}`);
}

/** Callbacks registered and not yet unregistered, in this process (the Wine tests check it). */
let liveCallbacks = 0;
/** @internal How many writer vtable callbacks are registered now. */
export const nativeWriterCallbacks = (): number => liveCallbacks;

/** koffi's entry, for the worker to load (an eval worker resolves modules from the cwd, not from here). */
function koffiEntry(): string {
  const base = typeof __filename === 'string' ? __filename : import.meta.url;
  return createRequire(base).resolve('koffi');
}

type Handler = (...args: unknown[]) => unknown;

/** One JS writer's C++ object, vtable and worker. */
class WriterBinding {
  readonly #obj: unknown;
  readonly #vtbl: unknown;
  readonly self: bigint;
  #destroyed = false;
  #closed: Promise<void> | null = null;

  private constructor(
    readonly writer: object,
    readonly lib: VssLibrary,
    readonly x: WriterExports,
    readonly worker: Worker,
    readonly shared: Int32Array,
    addresses: readonly bigint[],
  ) {
    // the object: zeroed, constructed by vssapi.dll, then given our vtable
    this.#obj = koffi.alloc('uint8_t', CVSSWRITER_OBJECT_SIZE);
    new Uint8Array(koffi.view(this.#obj, CVSSWRITER_OBJECT_SIZE)).fill(0);
    this.self = koffi.address(this.#obj);
    this.#vtbl = koffi.alloc('uint64_t', addresses.length);
    new BigUint64Array(koffi.view(this.#vtbl, addresses.length * 8)).set(addresses);
    x.CVssWriter(this.self);
    new BigUint64Array(koffi.view(this.#obj, 8))[0] = koffi.address(this.#vtbl);
    worker.on('message', (m: WriterWorkerMessage) => {
      if (m.kind === 'event') void this.#answer(m.name, m.args);
    });
  }

  static async create(writer: object, lib: VssLibrary): Promise<WriterBinding> {
    const x = loadWriterExports(lib.dll);
    const shared = new SharedArrayBuffer(8);
    const data: WriterWorkerData = { koffiPath: koffiEntry(), shared, slots: SLOTS };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: data });
    const addresses = await new Promise<readonly bigint[]>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (m: WriterWorkerMessage) => (m.kind === 'ready' ? resolve(m.addresses) : reject(new Error(`writer worker: ${m.kind}`))));
    });
    liveCallbacks += addresses.length;
    worker.unref();
    return new WriterBinding(writer, lib, x, worker, new Int32Array(shared), addresses);
  }

  /** Runs the JS handler of one event and hands VSS its answer. */
  async #answer(name: string, args: readonly unknown[]): Promise<void> {
    let ok = false;
    try {
      ok = await this.#run(name, args);
    } finally {
      Atomics.store(this.shared, 1, ok ? 1 : 0);
      Atomics.store(this.shared, 0, 1);
      Atomics.notify(this.shared, 0);
    }
  }

  async #run(name: string, args: readonly unknown[]): Promise<boolean> {
    if (name === '~CVssWriter') {
      // the C++ object deleted through its vtable: the base's destructor, once; the memory is ours
      this.destroy();
      return true;
    }
    const handler = (this.writer as Record<string, unknown>)[name];
    // a virtual the JS class does not implement: the SDK's default answers true
    if (typeof handler !== 'function') return true;
    const objects = new EventObjects();
    const jsArgs = this.#jsArgs(name, args, objects);
    try {
      return (await runInWriterEvent(this.#context(name), () => (handler as Handler).apply(this.writer, jsArgs))) === true;
    } catch (e) {
      // A handler that throws answers false (FAILED_AT_<event>, S_OK), as an exception escaping a
      // C++ handler would be reported; the reference says VSS_E_WRITER_NOT_RESPONDING, which only
      // VSS itself can set. The error is not swallowed: it becomes a process warning.
      const why = e instanceof Error ? e.message : String(e);
      process.emitWarning(`CVssWriter::${name} threw (${why}); VSS was answered false`, { type: 'VssWriterHandlerError', detail: e instanceof Error ? e.stack : undefined });
      return false;
    } finally {
      objects.end();
    }
  }

  #jsArgs(name: string, args: readonly unknown[], objects: EventObjects): unknown[] {
    switch (name) {
      case 'OnIdentify':
        return [new NativeCreateWriterMetadata(new ComPtr('IVssCreateWriterMetadata', addr(args[0])))];
      case 'OnPrepareBackup':
      case 'OnPostSnapshot':
      case 'OnBackupComplete':
      case 'OnPreRestore':
      case 'OnPostRestore':
        return [new NativeWriterComponents(new ComPtr('IVssWriterComponents', addr(args[0])), this.lib, objects)];
      default:
        // OnBackupShutdown (VSS_ID), OnBackOffIOOnVolume / OnContinueIOOnVolume (VSS_PWSZ, VSS_ID, VSS_ID)
        return [...args];
    }
  }

  /** The facade's view of the event: each property asks vssapi.dll when the handler reads it. */
  #context(name: string): VssWriterEventContext {
    const { x, self } = this;
    return {
      get snapshotSetId() {
        const out = outGuid();
        x.GetCurrentSnapshotSetId(self, out);
        return guidString(out);
      },
      get volumes() {
        const n = x.GetCurrentVolumeCount(self) as number;
        const arr = addr(x.GetCurrentVolumeArray(self));
        if (n === 0 || arr === 0n) return [];
        return (koffi.decode(arr, 'void *', n) as unknown[]).map((p) => readWz(p) ?? '');
      },
      get backupType() {
        return x.GetBackupType(self) as VSS_BACKUP_TYPE;
      },
      get context() {
        return x.GetContext(self) as number;
      },
      get componentsSelected() {
        return x.AreComponentsSelected(self) === true;
      },
      get bootableSystemState() {
        return x.IsBootableSystemStateBackedUp(self) === true;
      },
      get partialFileSupport() {
        return x.IsPartialFileSupportEnabled(self) === true;
      },
      get currentLevel() {
        return x.GetCurrentLevel(self) as VSS_APPLICATION_LEVEL;
      },
      failureAllowed: name !== 'OnIdentify',
      setFailure(hr) {
        const r = x.SetWriterFailure(self, hr) as number;
        if (r < 0) throw vssCallError(r, 'CVssWriter::SetWriterFailure');
      },
      deviceNameOf(volume) {
        const out = outPtr();
        const hr = x.GetSnapshotDeviceName(self, volume, out) as number;
        if (hr < 0) throw vssCallError(hr, 'CVssWriter::GetSnapshotDeviceName');
        return readWz(out.readBigUInt64LE(0));
      },
      isPathAffected(path) {
        return x.IsPathAffected(self, path) === true;
      },
    };
  }

  async call(member: 'Initialize' | 'Subscribe' | 'Unsubscribe', ...args: unknown[]): Promise<void> {
    // on koffi's pool: VSS may call the writer's virtuals while these run, and they are answered here
    const fn = this.x[member];
    const hr = await new Promise<number>((resolve, reject) => fn.async(this.self, ...args, (e: unknown, r: number) => (e ? reject(e) : resolve(r))));
    if (hr < 0) throw vssCallError(hr, `CVssWriter::${member}`);
  }

  /** The exported base destructor, once (a later delete through the vtable does nothing more). */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.x['~CVssWriter'](this.self);
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Destructor (on koffi's pool, as VSS may still finish an event), then the callbacks and the worker, then the memory. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      if (!this.#destroyed) {
        this.#destroyed = true;
        const dtor = this.x['~CVssWriter'];
        await new Promise<void>((resolve, reject) => dtor.async(this.self, (e: unknown) => (e ? reject(e) : resolve())));
      }
      await new Promise<void>((resolve, reject) => {
        this.worker.on('message', (m: WriterWorkerMessage) => {
          if (m.kind !== 'closed') return;
          liveCallbacks -= m.unregistered;
          resolve();
        });
        this.worker.once('error', reject);
        this.worker.ref();
        this.worker.postMessage({ kind: 'close' });
      });
      await this.worker.terminate();
      koffi.free(this.#vtbl);
      koffi.free(this.#obj);
    })();
    return this.#closed;
  }
}

/** The writer side of the native VSS: what CVssWriter's Initialize, Subscribe, Unsubscribe and dispose call. */
export class NativeWriterHost {
  readonly #bindings = new WeakMap<object, WriterBinding>();

  constructor(private readonly lib: VssLibrary) {}

  async #binding(writer: object): Promise<WriterBinding> {
    let b = this.#bindings.get(writer);
    if (!b) {
      b = await WriterBinding.create(writer, this.lib);
      this.#bindings.set(writer, b);
    }
    return b;
  }

  async initializeWriter(writer: object, r: Omit<VssWriterRegistration, 'eventFlags'>): Promise<void> {
    const b = await this.#binding(writer);
    await b.call('Initialize', guidStruct(r.writerId, 'WriterId'), r.writerName, r.usage, r.source, r.level, r.timeoutFreezeMs >>> 0, r.alternateWriterState, r.ioThrottlingOnly, r.instanceName);
  }

  async subscribeWriter(writer: object, r: VssWriterRegistration): Promise<void> {
    const b = await this.#binding(writer);
    await b.call('Subscribe', r.eventFlags >>> 0);
    // a subscribed writer keeps the process alive, as a writer service does
    b.worker.ref();
  }

  async unsubscribeWriter(writer: object): Promise<void> {
    const b = this.#bindings.get(writer);
    if (!b) return;
    await b.call('Unsubscribe');
    b.worker.unref();
  }

  async disposeWriter(writer: object): Promise<void> {
    const b = this.#bindings.get(writer);
    if (!b) return;
    this.#bindings.delete(writer);
    await b.close();
  }
}
