// The thread that owns a native writer's vtable. VSS calls a writer's virtual functions on its own
// threads and waits for the answer; koffi runs a registered callback's JS on the thread that
// registered it while the calling thread waits. Registering the callbacks here, not on the main
// thread, lets a handler be async: this thread posts the event to the main thread and sleeps in
// Atomics.wait until the main thread has the handler's answer, so the main thread's event loop
// keeps running (timers, I/O, the handler's own awaits) while VSS waits.
//
// Protocol over the SharedArrayBuffer (Int32Array): [0] 0 while an event waits, 1 when answered;
// [1] the answer (0 false, 1 true). One event at a time: koffi queues concurrent calls on this thread.

/** What the main thread sends to start the worker (workerData). */
export interface WriterWorkerData {
  /** koffi's entry, resolved by the main thread (an eval worker resolves modules from the cwd). */
  readonly koffiPath: string;
  readonly shared: SharedArrayBuffer;
  /** The vtable's slots in order: name and koffi parameter types after `this`. */
  readonly slots: readonly { readonly name: string; readonly params: readonly string[]; readonly returns: 'bool' | 'void *' }[];
}

/** Messages from the worker. */
export type WriterWorkerMessage =
  | { readonly kind: 'ready'; readonly addresses: readonly bigint[] }
  | { readonly kind: 'event'; readonly name: string; readonly args: readonly unknown[] }
  | { readonly kind: 'closed'; readonly unregistered: number };

/**
 * Runs in the worker (its source is this function's text, see WORKER_SOURCE). `load` is the eval
 * worker's require, passed in so that no bundler rewrites the calls.
 */
function writerWorker(load: (id: string) => unknown): void {
  const { parentPort, workerData } = load('node:worker_threads') as typeof import('node:worker_threads');
  const data = workerData as WriterWorkerData;
  const koffi = load(data.koffiPath) as typeof import('koffi');
  const state = new Int32Array(data.shared);
  koffi.struct('VSS_WRITER_GUID', { Data1: 'uint32_t', Data2: 'uint16_t', Data3: 'uint16_t', Data4: koffi.array('uint8_t', 8) });
  const hex = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  // GUIDs by value arrive as { Data1, Data2, Data3, Data4 }: sent as their canonical string
  const guid = (g: { Data1: number; Data2: number; Data3: number; Data4: number[] }): string => {
    const d4 = Array.from(g.Data4, (b) => hex(b, 2)).join('');
    return `${hex(g.Data1, 8)}-${hex(g.Data2, 4)}-${hex(g.Data3, 4)}-${d4.slice(0, 4)}-${d4.slice(4)}`;
  };
  const registered: bigint[] = [];
  const addresses = data.slots.map((s, i) => {
    const proto = koffi.proto(`VssWriterSlot${i}_${s.name.replace('~', 'dtor_')}`, s.returns, ['void *', ...s.params]);
    const fn = (self: unknown, ...args: unknown[]): unknown => {
      const plain = args.map((a, k) => (s.params[k] === 'VSS_WRITER_GUID' ? guid(a as never) : a));
      Atomics.store(state, 0, 0);
      parentPort!.postMessage({ kind: 'event', name: s.name, args: plain } satisfies WriterWorkerMessage);
      while (Atomics.load(state, 0) === 0) Atomics.wait(state, 0, 0);
      // the scalar deleting destructor returns `this`
      return s.returns === 'bool' ? Atomics.load(state, 1) !== 0 : self;
    };
    const p = koffi.register(fn, koffi.pointer(proto));
    registered.push(p);
    return p;
  });
  parentPort!.on('message', (m: { kind: 'close' }) => {
    if (m.kind !== 'close') return;
    for (const p of registered) koffi.unregister(p);
    parentPort!.postMessage({ kind: 'closed', unregistered: registered.length } satisfies WriterWorkerMessage);
    parentPort!.close();
  });
  parentPort!.postMessage({ kind: 'ready', addresses } satisfies WriterWorkerMessage);
}

/** The worker's source for `new Worker(WORKER_SOURCE, { eval: true })`: one copy of the code, type-checked above. */
export const WORKER_SOURCE = `(${writerWorker.toString()})(require);`;
