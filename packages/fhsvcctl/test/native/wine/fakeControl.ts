// The control exports of the fake fhsvcctl.dll (test/native/fake/fake.c and fhcfg.c), bound with koffi in the
// process that runs the native binding: scripts HRESULTs, handles, delays and
// out-values, reads the log and the COM objects' counters.
import koffi from 'koffi';
import { readFakeLog } from '../../../../../scripts/wine-driver.mjs';

/** One call the fake recorded: BOOLs as the int that arrived, the Pipe handle as a decimal string. */
export interface LoggedCall {
  readonly fn: string;
  readonly args: Record<string, unknown>;
  readonly ret: number;
  /** The Win32 thread the call ran on. */
  readonly thread: number;
}

export interface Fake {
  reset(): void;
  /** The handle value the next successful FhServiceOpenPipe writes. */
  pipe(value: bigint): void;
  /** The next call of `fn` returns `hr`. */
  ret(fn: string, hr: number): void;
  /** Every call of `fn` sleeps `ms` before returning. */
  delay(fn: string, ms: number): void;
  log(): LoggedCall[];
  /** The Win32 thread id of the caller (the main thread when called from JS directly). */
  threadId(): number;
  /** The text every BSTR out-parameter but GetItem's returns. */
  string(s: string): void;
  /** The value every numeric out-parameter returns (truncated to its C type). */
  value(v: bigint): void;
  /** The rules the next iterators walk. */
  items(list: readonly string[]): void;
  /** The fake COM objects' counters, by interface. */
  comCounts(): ComCounts;
}

/** What the fake counted of one kind of COM object since the DLL was loaded. */
export interface ComCount {
  readonly created: number;
  readonly live: number;
  readonly addRefs: number;
  readonly releases: number;
}
export type ComCounts = Readonly<Record<'IClassFactory' | 'IFhConfigMgr' | 'IFhTarget' | 'IFhScopeIterator', ComCount>> & { readonly overReleases: number };

export function fakeControl(dll: string): Fake {
  const lib = koffi.load(dll);
  const reset = lib.func('void __stdcall FakeReset(void)');
  const setPipe = lib.func('void __stdcall FakeSetPipe(uint64_t value)');
  const ret = lib.func('void __stdcall FakeScriptRet(const char *fn, int32_t hr)');
  const delay = lib.func('void __stdcall FakeSetDelay(const char *fn, uint32_t ms)');
  const log = lib.func('uint32_t __stdcall FakeLog(char *buf, uint32_t cb)');
  const threadId = lib.func('uint32_t __stdcall FakeThreadId(void)');
  const setString = lib.func('void __stdcall FakeSetString(const char *utf8)');
  const setValue = lib.func('void __stdcall FakeSetValue(uint64_t v)');
  const setItems = lib.func('void __stdcall FakeSetItems(const char *utf8)');
  const comCounts = lib.func('uint32_t __stdcall FakeComCounts(char *buf, uint32_t cb)');
  return {
    reset: () => reset(),
    pipe: (value) => setPipe(value),
    ret: (fn, hr) => ret(fn, hr),
    delay: (fn, ms) => delay(fn, ms),
    log: () => readFakeLog(log) as LoggedCall[],
    threadId: () => threadId() as number,
    string: (t) => setString(t),
    value: (v) => setValue(v),
    items: (list) => setItems(list.join('\n')),
    comCounts: () => {
      const buf = Buffer.alloc(1024);
      const n = comCounts(buf, buf.length) as number;
      return JSON.parse(buf.toString('utf8', 0, n)) as ComCounts;
    },
  };
}
