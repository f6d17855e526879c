// The control exports of the fake fhsvcctl.dll (test/native/fake/fake.c), bound with koffi in the
// process that runs the native binding: scripts HRESULTs, handles and delays, reads the log.
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
}

export function fakeControl(dll: string): Fake {
  const lib = koffi.load(dll);
  const reset = lib.func('void __stdcall FakeReset(void)');
  const setPipe = lib.func('void __stdcall FakeSetPipe(uint64_t value)');
  const ret = lib.func('void __stdcall FakeScriptRet(const char *fn, int32_t hr)');
  const delay = lib.func('void __stdcall FakeSetDelay(const char *fn, uint32_t ms)');
  const log = lib.func('uint32_t __stdcall FakeLog(char *buf, uint32_t cb)');
  const threadId = lib.func('uint32_t __stdcall FakeThreadId(void)');
  return {
    reset: () => reset(),
    pipe: (value) => setPipe(value),
    ret: (fn, hr) => ret(fn, hr),
    delay: (fn, ms) => delay(fn, ms),
    log: () => readFakeLog(log) as LoggedCall[],
    threadId: () => threadId() as number,
  };
}
