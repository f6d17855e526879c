// The ./native entry is the only one that loads koffi, and it refuses to guess a DLL off Windows;
// GUIDs cross to the C struct byte for byte.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CVssWriter, GUID_NULL, VSS_SYSTEM_PROVIDER_ID } from '../../src/index.js';
import type { VssLibrary } from '../../src/native/library.js';
import { NativeVss } from '../../src/native/NativeVss.js';
import { guidBytes, guidString, guidStruct } from '../../src/native/guid.js';
import { createNativeVss } from '../../src/native/index.js';
import { refuseWow64, vssCallError } from '../../src/native/preflight.js';
import { E_ACCESSDENIED, VSS_E_BAD_STATE } from '@winbackup/errors';

const pkg = join(import.meta.dirname, '..', '..');
/** Loads `what` in a fresh node (from the package folder: the built package) and says whether koffi was loaded. */
function loadsKoffi(what: string, kind: 'esm' | 'cjs'): boolean {
  const probe = "Object.keys(require.cache).some((k) => /koffi/.test(k))";
  const code =
    kind === 'cjs'
      ? `require('${what}'); console.log(${probe})`
      : `import '${what}'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(${probe})`;
  const args = kind === 'cjs' ? ['-e', code] : ['--input-type=module', '-e', code];
  return execFileSync(process.execPath, args, { cwd: pkg, encoding: 'utf8' }).trim() === 'true';
}

describe('@winbackup/vsbackup/native entry', () => {
  it('importing @winbackup/vsbackup (ESM and CJS) does not load koffi; importing ./native does', () => {
    expect(loadsKoffi('@winbackup/vsbackup', 'cjs')).toBe(false);
    expect(loadsKoffi('@winbackup/vsbackup', 'esm')).toBe(false);
    expect(loadsKoffi('@winbackup/vsbackup/native', 'cjs')).toBe(true);
    expect(loadsKoffi('@winbackup/vsbackup/native', 'esm')).toBe(true);
  });

  it.runIf(process.platform !== 'win32')('without { dll } off Windows: a clear error naming the platform', () => {
    expect(() => createNativeVss()).toThrow(new RegExp(`vssapi.dll, which exists only on Windows; this is ${process.platform}`));
  });

  it('checks its options, and names a DLL it cannot load', () => {
    expect(() => createNativeVss({ dll: 42 as unknown as string })).toThrow(TypeError);
    expect(() => createNativeVss(null as unknown as object)).toThrow(TypeError);
    expect(() => createNativeVss({ dll: join(pkg, 'no-such-vssapi.dll') })).toThrow(/cannot load .*no-such-vssapi\.dll/);
  });
});

describe('native writers', () => {
  class W extends CVssWriter {
    OnPrepareSnapshot = (): boolean => true;
    OnFreeze = (): boolean => true;
    OnThaw = (): boolean => true;
    OnAbort = (): boolean => true;
  }
  // the constructor touches no DLL: a library object that is never called is enough here
  const vss = new NativeVss({ dll: 'unused.dll' } as VssLibrary);
  const arch = Object.getOwnPropertyDescriptor(process, 'arch')!;

  it('on x64 the native VSS hosts writers (the DLL is bound at Initialize)', () => {
    Object.defineProperty(process, 'arch', { value: 'x64' });
    try {
      expect(new W(vss)).toBeInstanceOf(CVssWriter);
    } finally {
      Object.defineProperty(process, 'arch', arch);
    }
  });

  it('elsewhere new CVssWriter(nativeVss) throws, naming the CPU (the binding calls Win64 decorated names)', () => {
    Object.defineProperty(process, 'arch', { value: 'arm64' });
    try {
      expect(() => new W(vss)).toThrow(/native VSS writers need a 64-bit x64 Node \(this is arm64\)/);
    } finally {
      Object.defineProperty(process, 'arch', arch);
    }
  });
});

describe('VSS_ID <-> GUID bytes', () => {
  it('lays Data1-Data3 out little-endian and Data4 in order', () => {
    const b = guidBytes(VSS_SYSTEM_PROVIDER_ID, 'id');
    expect(b.toString('hex')).toBe('376194b59f7b2549af8051abd60b20d5');
    expect(guidString(b)).toBe(VSS_SYSTEM_PROVIDER_ID);
    expect(guidStruct(`{${VSS_SYSTEM_PROVIDER_ID.toUpperCase()}}`, 'id')).toEqual({
      Data1: 0xb5946137,
      Data2: 0x7b9f,
      Data3: 0x4925,
      Data4: [0xaf, 0x80, 0x51, 0xab, 0xd6, 0x0b, 0x20, 0xd5],
    });
    expect(guidString(Buffer.alloc(20), 4)).toBe(GUID_NULL);
  });

  it('rejects what is not a GUID with a TypeError', () => {
    expect(() => guidBytes('b5946137-7b9f-4925-af80', 'ProviderId')).toThrow(TypeError);
    expect(() => guidBytes(7, 'ProviderId')).toThrow(/ProviderId must be a GUID string/);
  });
});

describe('preflight', () => {
  it('refuses a 32-bit Node on 64-bit Windows (WOW64), and nothing else', () => {
    expect(() => refuseWow64('win32', 'ia32', { PROCESSOR_ARCHITEW6432: 'AMD64' })).toThrow(/32-bit Node on 64-bit Windows \(AMD64\); VSS does not accept requesters running under WOW64/);
    expect(() => refuseWow64('win32', 'ia32', {})).not.toThrow(); // 32-bit Windows
    expect(() => refuseWow64('win32', 'x64', { PROCESSOR_ARCHITEW6432: 'AMD64' })).not.toThrow();
    expect(() => refuseWow64('linux', 'ia32', { PROCESSOR_ARCHITEW6432: 'AMD64' })).not.toThrow();
  });

  it('E_ACCESSDENIED says the process is not elevated; other codes keep their context', () => {
    const denied = vssCallError(E_ACCESSDENIED, 'CreateVssBackupComponents');
    expect(denied.code).toBe(E_ACCESSDENIED);
    expect(denied.message).toMatch(/CreateVssBackupComponents: access denied; VSS needs an elevated process/);
    const bad = vssCallError(VSS_E_BAD_STATE, 'IVssBackupComponents::SetContext');
    expect(bad.code).toBe(VSS_E_BAD_STATE);
    expect(bad.message).toMatch(/IVssBackupComponents::SetContext/);
    expect(bad.message).not.toMatch(/elevated/);
  });
});
