// The vtable lists of src/native/fhcfgDeclarations.ts against the facade (src/api/fhcfg.ts, whose
// interfaces list the methods in vtable order) and against the fake COM server's vtables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IFhConfigMgr, IFhScopeIterator, IFhTarget } from '../../src/api/fhcfg.js';
import { IFHCONFIGMGR, IFHSCOPEITERATOR, IFHTARGET, IUNKNOWN, slotOf } from '../../src/native/fhcfgDeclarations.js';

const src = join(import.meta.dirname, '..', '..', 'src');
const names = (list: readonly (readonly [string, string])[]): string[] => list.map(([m]) => m);

/** The method names of `iface` in src/api/fhcfg.ts, in declaration order. */
function facadeMethods(iface: string): string[] {
  const text = readFileSync(join(src, 'api', 'fhcfg.ts'), 'utf8');
  const body = new RegExp(`export interface ${iface} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1];
  if (!body) throw new Error(`no interface ${iface} in fhcfg.ts`);
  return [...body.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]!);
}

/** The function names of a `static const void *const <name>[] = {...}` vtable in the fake. */
function fakeVtable(name: string): string[] {
  const text = readFileSync(join(import.meta.dirname, 'fake', 'fhcfg.c'), 'utf8');
  const body = new RegExp(`static const void \\*const ${name}\\[\\] = \\{([^}]*)\\}`).exec(text)?.[1];
  if (!body) throw new Error(`no vtable ${name} in fhcfg.c`);
  return body.split(',').map((s) => s.trim()).filter(Boolean);
}

// Compile time: each list names exactly the facade interface's methods.
type Names<L extends readonly (readonly [string, string])[]> = L[number][0];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact: [Same<Names<typeof IFHCONFIGMGR>, keyof IFhConfigMgr>, Same<Names<typeof IFHTARGET>, keyof IFhTarget>, Same<Names<typeof IFHSCOPEITERATOR>, keyof IFhScopeIterator>] = [true, true, true];

describe('fhcfg vtable declarations', () => {
  it('name the facade interfaces\' methods, in the facade\'s (vtable) order', () => {
    expect(exact).toEqual([true, true, true]);
    expect(names(IFHCONFIGMGR)).toEqual(facadeMethods('IFhConfigMgr'));
    expect(names(IFHTARGET)).toEqual(facadeMethods('IFhTarget'));
    expect(names(IFHSCOPEITERATOR)).toEqual(facadeMethods('IFhScopeIterator'));
  });

  it('number the slots after IUnknown by position', () => {
    expect(names(IUNKNOWN)).toEqual(['QueryInterface', 'AddRef', 'Release']);
    expect(slotOf(IFHCONFIGMGR, 'LoadConfiguration')).toBe(3);
    expect(slotOf(IFHCONFIGMGR, 'QueryProtectionStatus')).toBe(16);
    expect(slotOf(IFHTARGET, 'GetNumericalProperty')).toBe(4);
    expect(slotOf(IFHSCOPEITERATOR, 'MoveToNextItem')).toBe(3);
    expect(() => slotOf(IFHTARGET, 'MoveToNextItem')).toThrow(/no method MoveToNextItem/);
  });

  it('match the fake COM server\'s vtables (test/native/fake/fhcfg.c)', () => {
    const iu = names(IUNKNOWN);
    expect(fakeVtable('mgrVtbl')).toEqual([...iu, ...names(IFHCONFIGMGR)]);
    expect(fakeVtable('targetVtbl')).toEqual([...iu, ...names(IFHTARGET)]);
    expect(fakeVtable('iterVtbl')).toEqual([...iu, ...names(IFHSCOPEITERATOR)]);
  });

  it('declare every method with This first and an HRESULT result', () => {
    for (const [, proto] of [...IFHCONFIGMGR, ...IFHTARGET, ...IFHSCOPEITERATOR]) expect(proto).toMatch(/^HRESULT __stdcall \(uintptr_t This[,)]/);
  });
});
