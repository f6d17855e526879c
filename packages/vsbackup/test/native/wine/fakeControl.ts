// The control exports of the fake vssapi.dll (test/native/fake/fake.c), bound with koffi in the
// process that runs the native binding: scripts HRESULTs and operation results, reads the log and
// the reference counters.
import koffi from 'koffi';
import { readFakeLog } from '../../../../../scripts/wine-driver.mjs';

/** One call the fake recorded ("Iface::Method"), its arguments, the HRESULT it returned, its thread. */
export interface LoggedCall {
  readonly fn: string;
  readonly args: Record<string, unknown>;
  readonly ret: number;
  readonly thread: number;
}

export interface FakeCounters {
  /** Objects with references left. */
  readonly live: number;
  readonly addrefs: number;
  readonly releases: number;
  /** VssFreeSnapshotPropertiesInternal calls. */
  readonly propsFreed: number;
  /** FreeComponentInfo calls. */
  readonly infosFreed: number;
}

export interface Fake {
  reset(): void;
  /** The next call of `fn` ("IVssBackupComponents::SetContext") returns `hr`. */
  ret(fn: string, hr: number): void;
  /** The next operation `op` ("DoSnapshotSet") completes with `hr`. */
  asyncResult(op: string, hr: number): void;
  /** Operations complete `ms` after they start, on a thread of their own. */
  asyncDelay(ms: number): void;
  log(): LoggedCall[];
  counters(): FakeCounters;
  threadId(): number;
  /** The BSTR out-parameters the fake handed out since reset (their addresses). */
  bstrs(): bigint[];
  /** CVssWriter constructors and destructors run since reset, writers subscribed now, deletes through the vtable. */
  writerCounters(): { ctors: number; dtors: number; subscribed: number; deletes: number };
  /** Fires the writer events of `op` ("PreRestore", "VSSShutdown", ...) into the subscribed writers from a pool thread. */
  fireWriterEvents(op: string): Promise<void>;
  /** `delete pWriter` in C++: the vtable's scalar deleting destructor, called on a pool thread. */
  deleteWriter(self: bigint): Promise<void>;
}

export function fakeControl(dll: string): Fake {
  const lib = koffi.load(dll);
  const reset = lib.func('void __stdcall FakeReset(void)');
  const ret = lib.func('void __stdcall FakeScriptRet(const char *fn, int32_t hr)');
  const asyncResult = lib.func('void __stdcall FakeScriptAsync(const char *op, int32_t hr)');
  const delay = lib.func('void __stdcall FakeSetAsyncDelay(uint32_t ms)');
  const log = lib.func('uint32_t __stdcall FakeLog(char *buf, uint32_t cb)');
  const counters = lib.func('void __stdcall FakeCounters(void *out)');
  const threadId = lib.func('uint32_t __stdcall FakeThreadId(void)');
  const bstrs = lib.func('uint32_t __stdcall FakeBstrs(void *out, uint32_t max)');
  const writerCounters = lib.func('void __stdcall FakeWriterCounters(void *out)');
  const deleteWriter = lib.func('void __stdcall FakeDeleteWriter(void *w)');
  const fireWriterEvents = lib.func('void __stdcall FakeFireWriterEvents(const char *op)');
  return {
    reset: () => reset(),
    ret: (fn, hr) => ret(fn, hr | 0),
    asyncResult: (op, hr) => asyncResult(op, hr | 0),
    asyncDelay: (ms) => delay(ms),
    log: () => readFakeLog(log) as LoggedCall[],
    counters: () => {
      const b = Buffer.alloc(20);
      counters(b);
      return { live: b.readInt32LE(0), addrefs: b.readInt32LE(4), releases: b.readInt32LE(8), propsFreed: b.readInt32LE(12), infosFreed: b.readInt32LE(16) };
    },
    threadId: () => threadId() as number,
    writerCounters: () => {
      const b = Buffer.alloc(16);
      writerCounters(b);
      return { ctors: b.readInt32LE(0), dtors: b.readInt32LE(4), subscribed: b.readInt32LE(8), deletes: b.readInt32LE(12) };
    },
    // on the pool: the events are callbacks answered on this (the main) thread
    fireWriterEvents: (op) => new Promise<void>((resolve, reject) => fireWriterEvents.async(op, (e: unknown) => (e ? reject(e) : resolve()))),
    // on the pool: the destructor slot is a callback answered on this (the main) thread
    deleteWriter: (self) => new Promise<void>((resolve, reject) => deleteWriter.async(self, (e: unknown) => (e ? reject(e) : resolve()))),
    bstrs: () => {
      const b = Buffer.alloc(8 * 512);
      const n = Math.min(bstrs(b, 512) as number, 512);
      return Array.from({ length: n }, (_, i) => b.readBigUInt64LE(i * 8));
    },
  };
}
