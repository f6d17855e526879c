// vssapi.dll's exported CVssWriter members, bound by their MSVC decorated names with the signature
// decoded from those names (generated/cvsswriter.ts). Win64 member functions take `this` first (rcx);
// one returning a struct by value (GetCurrentSnapshotSetId) takes the return buffer second (rdx)
// and returns its address: that is how MSVC calls a member function, unlike a free function.
import koffi from 'koffi';
import { CVSSWRITER_EXPORTS, type CVssWriterExport } from '../generated/cvsswriter.js';
import { declareVssTypes } from '../types.js';

type Fn = ((...args: unknown[]) => unknown) & { async(...args: unknown[]): void };

type Exports = typeof CVSSWRITER_EXPORTS;
/**
 * The members the binding calls, by member name (the destructor is '~CVssWriter'): all but the
 * virtual handlers' default implementations, which only the base vtable points at.
 */
export type WriterExports = Readonly<{ [K in keyof Exports as Exports[K]['virtual'] extends true ? (K extends '~CVssWriter' ? K : never) : K]: Fn }>;

const called = (m: CVssWriterExport): boolean => !m.virtual || m.member === '~CVssWriter';

/** The koffi type of a decoded C++ type (an unknown one is an error, not a guess). */
function koffiOf(t: string, where: string): string {
  if (t === 'const unsigned short *') return 'const char16_t *';
  if (t.endsWith('*')) return 'void *';
  if (t === 'struct _GUID') return 'VSS_GUID';
  if (t === 'bool') return 'bool';
  if (t === 'void') return 'void';
  if (t === 'long' || t.startsWith('enum ')) return 'int32_t';
  if (t === 'unsigned long' || t === 'unsigned int') return 'uint32_t';
  throw new Error(`@winbackup/vsbackup/native: no koffi type for ${t} (${where})`);
}

/** Binds one member: `this` first, then the hidden return buffer for a struct returned by value. */
function bindMember(lib: ReturnType<typeof koffi.load>, dll: string, m: CVssWriterExport): Fn {
  const byValueStruct = m.returns === 'struct _GUID';
  const ret = m.returns === null ? 'void' : byValueStruct ? 'void *' : koffiOf(m.returns, m.decorated);
  const params = ['void *', ...(byValueStruct ? ['void *'] : []), ...m.params.map((p) => koffiOf(p, m.decorated))];
  try {
    return lib.func(m.decorated, ret, params) as unknown as Fn;
  } catch (e) {
    throw new Error(`${dll} does not export CVssWriter::${m.member} (${m.decorated})`, { cause: e });
  }
}

const cache = new Map<string, WriterExports>();

/** The exported CVssWriter members of `dll` the binding calls, bound once per DLL (a missing one is named). */
export function loadWriterExports(dll: string): WriterExports {
  let e = cache.get(dll);
  if (!e) {
    declareVssTypes();
    const lib = koffi.load(dll);
    const members: readonly CVssWriterExport[] = Object.values(CVSSWRITER_EXPORTS);
    e = Object.fromEntries(members.filter(called).map((m) => [m.member, bindMember(lib, dll, m)])) as unknown as WriterExports;
    cache.set(dll, e);
  }
  return e;
}
