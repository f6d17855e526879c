// The ./native entry is the only one that loads koffi, and it refuses to guess a DLL off Windows.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createNativeEsent } from '../../src/native/index.js';

const pkg = join(import.meta.dirname, '..', '..');
/** Runs `code` in a fresh node (from the package folder, so '@winbackup/esent' is the built package) and returns stdout. */
const node = (args: string[]): string => execFileSync(process.execPath, args, { cwd: pkg, encoding: 'utf8' }).trim();
const koffiLoaded = "Object.keys(require('node:module')._cache ?? {}).concat(Object.keys(require.cache)).some((k) => /koffi/.test(k))";

describe('@winbackup/esent/native entry', () => {
  it('importing @winbackup/esent (ESM and CJS) does not load koffi; importing ./native does', () => {
    expect(node(['-e', `require('@winbackup/esent'); console.log(${koffiLoaded})`])).toBe('false');
    expect(node(['--input-type=module', '-e', `import '@winbackup/esent'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(${koffiLoaded})`])).toBe('false');
    expect(node(['-e', `require('@winbackup/esent/native'); console.log(${koffiLoaded})`])).toBe('true');
    expect(node(['--input-type=module', '-e', `import '@winbackup/esent/native'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); console.log(${koffiLoaded})`])).toBe('true');
  });

  it.runIf(process.platform !== 'win32')('without { dll } off Windows: a clear error naming the platform', () => {
    expect(() => createNativeEsent()).toThrow(new RegExp(`only on Windows; this is ${process.platform}`));
  });

  it('checks its options', () => {
    expect(() => createNativeEsent({ dll: 42 as unknown as string })).toThrow(TypeError);
    expect(() => createNativeEsent(null as unknown as object)).toThrow(TypeError);
  });
});
