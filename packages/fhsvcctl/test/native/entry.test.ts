// The ./native entry is the only one that loads koffi, and it refuses to guess a DLL off Windows.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNativeFhSvcCtl, createNativeFileHistory } from '../../src/native/index.js';

const pkg = join(import.meta.dirname, '..', '..');
/** Runs `code` in a fresh node (from the package folder, so '@winbackup/fhsvcctl' is the built package) and returns stdout. */
const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: pkg, encoding: 'utf8' }).trim();
const koffiLoaded = "Object.keys(require('node:module')._cache ?? {}).concat(Object.keys(require.cache)).some((k) => /koffi/.test(k))";
const esm = (what: string): string[] => ['--input-type=module', '-e', `import '${what}'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(${koffiLoaded})`];

describe('@winbackup/fhsvcctl/native entry', () => {
  it('importing @winbackup/fhsvcctl (ESM and CJS) does not load koffi; importing ./native does', () => {
    expect(node(['-e', `require('@winbackup/fhsvcctl'); console.log(${koffiLoaded})`])).toBe('false');
    expect(node(esm('@winbackup/fhsvcctl'))).toBe('false');
    expect(node(['-e', `require('@winbackup/fhsvcctl/native'); console.log(${koffiLoaded})`])).toBe('true');
    expect(node(esm('@winbackup/fhsvcctl/native'))).toBe('true');
  });

  it.runIf(process.platform !== 'win32')('without { dll } off Windows: a clear error naming the platform', () => {
    expect(() => createNativeFhSvcCtl()).toThrow(new RegExp(`fhsvcctl.dll, which exists only on Windows; this is ${process.platform}`));
  });

  it('checks its options, and names a DLL it cannot load', () => {
    expect(() => createNativeFhSvcCtl({ dll: 42 as unknown as string })).toThrow(TypeError);
    expect(() => createNativeFhSvcCtl(null as unknown as object)).toThrow(TypeError);
    expect(() => createNativeFhSvcCtl({ dll: join(pkg, 'no-such-fhsvcctl.dll') })).toThrow(/cannot load .*no-such-fhsvcctl\.dll/);
  });

  it.runIf(process.platform !== 'win32')('createNativeFileHistory off Windows: a clear error naming the platform unless both DLLs are given', () => {
    const msg = new RegExp(`exist only on Windows; this is ${process.platform}`);
    expect(() => createNativeFileHistory()).toThrow(msg);
    expect(() => createNativeFileHistory({ dll: 'fhsvcctl.dll' })).toThrow(msg);
    expect(() => createNativeFileHistory({ fhcfgDll: 'fhsvcctl.dll' })).toThrow(msg);
  });

  it('createNativeFileHistory checks its options, and names an fhsvcctl.dll it cannot load', () => {
    expect(() => createNativeFileHistory(null as unknown as object)).toThrow(TypeError);
    expect(() => createNativeFileHistory({ dll: 1 as unknown as string, fhcfgDll: 'x.dll' })).toThrow(new TypeError('dll must be a string'));
    expect(() => createNativeFileHistory({ dll: 'x.dll', fhcfgDll: 2 as unknown as string })).toThrow(new TypeError('fhcfgDll must be a string'));
    const missing = join(pkg, 'no-such-fhsvcctl.dll');
    expect(() => createNativeFileHistory({ dll: missing, fhcfgDll: missing })).toThrow(/cannot load .*no-such-fhsvcctl\.dll/);
  });
});
