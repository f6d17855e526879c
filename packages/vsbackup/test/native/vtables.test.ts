// The native binding calls COM methods by vtable slot; the slots come from the mingw-w64 headers
// through scripts/generate-vtables.mjs. These tests keep the committed table in step with the
// headers and with the facade: every method our interfaces expose must be a real vtable entry.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IVssAsync } from '../../src/api/IVssAsync.js';
import type { IVssBackupComponents } from '../../src/api/IVssBackupComponents.js';
import type { IVssExamineWriterMetadata, IVssWMComponent, IVssWMFiledesc } from '../../src/api/IVssExamineWriterMetadata.js';
import type { IVssComponent, IVssWriterComponents } from '../../src/api/IVssWriterComponents.js';
import { VTABLES, type VssInterfaceName } from '../../src/native/generated/vtables.js';

type MethodsOf<I extends VssInterfaceName> = (typeof VTABLES)[I]['methods'][number]['name'];
type FacadeMethods<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];
// Compile-time: a facade method missing from the header's vtable is a type error here.
type Assert<T extends never> = T;
export type Checks = [
  Assert<Exclude<FacadeMethods<IVssBackupComponents>, MethodsOf<'IVssBackupComponents'>>>,
  Assert<Exclude<FacadeMethods<IVssAsync>, MethodsOf<'IVssAsync'>>>,
  Assert<Exclude<FacadeMethods<IVssWMFiledesc>, MethodsOf<'IVssWMFiledesc'>>>,
  Assert<Exclude<FacadeMethods<IVssWMComponent>, MethodsOf<'IVssWMComponent'>>>,
  Assert<Exclude<FacadeMethods<IVssComponent>, MethodsOf<'IVssComponent'>>>,
  Assert<Exclude<FacadeMethods<IVssWriterComponents>, MethodsOf<'IVssWriterComponents'>>>,
];

const slot = (itf: VssInterfaceName, name: string) => VTABLES[itf].methods.find((m) => m.name === name)?.slot;

describe('COM vtable slots generated from the mingw-w64 headers', () => {
  it('the committed table matches the headers (npm run generate -w @winbackup/vsbackup after a header change)', () => {
    const out = execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'generate-vtables.mjs'), '--check'], { encoding: 'utf8' });
    expect(out.trim()).toBe('vtables up to date');
  });

  it('COM interfaces start with IUnknown; slots are numbered without gaps', () => {
    for (const itf of Object.values(VTABLES)) {
      expect(itf.methods.map((m) => m.slot)).toEqual(itf.methods.map((_, i) => i));
      if (itf.bases[0] === 'IUnknown') expect(itf.methods.slice(0, 3).map((m) => m.name)).toEqual(['QueryInterface', 'AddRef', 'Release']);
    }
    // Two writer-side interfaces are plain abstract classes, not COM: VSS hands them to a writer's
    // event handlers and owns their lifetime, so their first method sits in slot 0 and they have
    // no Release to call.
    const notCom = Object.values(VTABLES).filter((itf) => itf.bases.length === 0).map((itf) => itf.name);
    expect(notCom.sort()).toEqual(['IVssCreateWriterMetadata', 'IVssWriterComponents']);
    expect(slot('IVssWriterComponents', 'GetComponentCount')).toBe(0);
  });

  it('known slots of the requester interfaces', () => {
    // Cross-checked against the order of the methods in vsbackup.h / vss.h.
    expect(slot('IVssBackupComponents', 'InitializeForBackup')).toBe(5);
    expect(slot('IVssBackupComponents', 'AbortBackup')).toBe(15);
    expect(slot('IVssBackupComponents', 'BackupComplete')).toBe(27);
    expect(slot('IVssBackupComponents', 'SetContext')).toBe(35);
    expect(slot('IVssBackupComponents', 'DoSnapshotSet')).toBe(38);
    expect(slot('IVssBackupComponents', 'GetSnapshotProperties')).toBe(42);
    expect(slot('IVssAsync', 'Cancel')).toBe(3);
    expect(slot('IVssAsync', 'Wait')).toBe(4);
    expect(slot('IVssAsync', 'QueryStatus')).toBe(5);
    expect(slot('IVssEnumObject', 'Next')).toBe(3);
    // An extended interface keeps its base's slots and appends its own.
    expect(slot('IVssBackupComponentsEx', 'GetSnapshotProperties')).toBe(42);
    expect(VTABLES.IVssBackupComponentsEx.bases).toEqual(['IUnknown', 'IVssBackupComponents']);
  });

  it('parameters keep their C types and names (This is implicit)', () => {
    const m = VTABLES.IVssBackupComponents.methods.find((x) => x.name === 'AddComponent')!;
    expect(m.params).toEqual([
      { type: 'VSS_ID', name: 'instanceId' },
      { type: 'VSS_ID', name: 'writerId' },
      { type: 'VSS_COMPONENT_TYPE', name: 'ct' },
      { type: 'LPCWSTR', name: 'wszLogicalPath' },
      { type: 'LPCWSTR', name: 'wszComponentName' },
    ]);
    expect(VTABLES.IVssAsync.methods[5]!.params).toEqual([{ type: 'HRESULT *', name: 'pHrResult' }, { type: 'INT *', name: 'pReserved' }]);
  });
});
