// The control exports of the fake esent.dll (test/native/fake/fake.c), bound with koffi in the
// process that runs the native backend: scripts out-parameters and return codes, reads the log.
import koffi from 'koffi';
import { readFakeLog } from '../../../../../scripts/wine-driver.mjs';

/** One call the fake recorded: strings as UTF-16 code units, 64-bit values as decimal strings. */
export interface LoggedCall {
  readonly fn: string;
  readonly args: Record<string, unknown>;
  readonly ret: number;
}

export interface Fake {
  reset(): void;
  /** "<export>.<key>" -> a 64-bit value (negative numbers as two's complement). */
  u64(key: string, n: number | bigint): void;
  /** "<export>.<key>" -> a UTF-16LE string without terminator. */
  w(key: string, s: string): void;
  /** "<export>.<key>" -> raw bytes. */
  bytes(key: string, b: Uint8Array): void;
  /** The next call of `fn` returns err. */
  ret(fn: string, err: number): void;
  log(): LoggedCall[];
}

export function fakeControl(dll: string): Fake {
  const lib = koffi.load(dll);
  const reset = lib.func('void __stdcall FakeReset(void)');
  const set = lib.func('void __stdcall FakeSet(const char *key, const void *data, uint32_t len)');
  const ret = lib.func('void __stdcall FakeScriptRet(const char *fn, int32_t err)');
  const log = lib.func('uint32_t __stdcall FakeLog(char *buf, uint32_t cb)');
  return {
    reset: () => reset(),
    u64(key, n) {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(BigInt.asUintN(64, BigInt(n)));
      set(key, b, 8);
    },
    w(key, s) {
      const b = Buffer.from(s, 'utf16le');
      set(key, b, b.length);
    },
    bytes(key, b) {
      set(key, Buffer.from(b), b.length);
    },
    ret: (fn, err) => ret(fn, err),
    log: () => readFakeLog(log) as LoggedCall[],
  };
}

/** A string as the UTF-16 code units the fake logs. */
export const units = (s: string): number[] => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
