// The objects VSS hands a writer's handlers, over their C++ vtables (generated from vswriter.h):
// IVssCreateWriterMetadata (OnIdentify) and IVssWriterComponents (OnPrepareBackup, OnPostSnapshot,
// OnBackupComplete). Neither is COM: VSS owns them for the duration of the event and they have no
// Release. The IVssComponent objects GetComponent returns are COM and are released when the event
// ends. Arguments are type-checked as the reference checks them; their values are VSS's to judge.
import type { IVssCreateWriterMetadata } from '../../api/IVssCreateWriterMetadata.js';
import type { IVssComponent, IVssWriterComponents } from '../../api/IVssWriterComponents.js';
import type { VSS_COMPONENT_TYPE, VSS_RESTOREMETHOD_ENUM, VSS_WRITERRESTORE_ENUM } from '../../api/writer-enums.js';
import {
  DEFAULT_BACKUP_TYPE_MASK,
  optionalBool,
  optionalBytes,
  optionalString,
  optionalUint,
  requireBool,
  requireIndex,
  requireInt,
  requireString,
} from '../../validate/args.js';
import { ComPtr, readPtr } from '../com.js';
import type { VssLibrary } from '../library.js';
import { out32, outPtr, takeBstr, wz } from '../marshal.js';

const b = (v: boolean): number => (v ? 1 : 0);

/** OnIdentify's metadata, valid while the handler runs. */
export class NativeCreateWriterMetadata implements IVssCreateWriterMetadata {
  constructor(private readonly com: ComPtr) {}

  AddIncludeFiles(wszPath: string, wszFilespec: string, bRecursive: boolean, wszAlternateLocation?: string | null): void {
    const a = [requireString(wszPath, 'wszPath'), requireString(wszFilespec, 'wszFilespec'), requireBool(bRecursive, 'bRecursive'), optionalString(wszAlternateLocation, 'wszAlternateLocation')] as const;
    this.com.check('AddIncludeFiles', wz(a[0]), wz(a[1]), b(a[2]), wz(a[3]));
  }
  AddExcludeFiles(wszPath: string, wszFilespec: string, bRecursive: boolean): void {
    const a = [requireString(wszPath, 'wszPath'), requireString(wszFilespec, 'wszFilespec'), requireBool(bRecursive, 'bRecursive')] as const;
    this.com.check('AddExcludeFiles', wz(a[0]), wz(a[1]), b(a[2]));
  }
  AddComponent(
    ct: VSS_COMPONENT_TYPE,
    wszLogicalPath: string | null,
    wszComponentName: string,
    wszCaption?: string | null,
    pbIcon?: Uint8Array | null,
    bRestoreMetadata?: boolean,
    bNotifyOnBackupComplete?: boolean,
    bSelectable?: boolean,
    bSelectableForRestore?: boolean,
    dwComponentFlags?: number,
  ): void {
    const type = requireInt(ct, 'ct');
    const lp = optionalString(wszLogicalPath, 'wszLogicalPath');
    const name = requireString(wszComponentName, 'wszComponentName');
    const caption = optionalString(wszCaption, 'wszCaption');
    const bytes = optionalBytes(pbIcon, 'pbIcon');
    const icon = bytes && bytes.length > 0 ? Buffer.from(bytes) : null;
    // the SDK's defaults: not restore metadata, no notification, selectable, not selectable for restore
    this.com.check(
      'AddComponent',
      type,
      wz(lp),
      wz(name),
      wz(caption),
      icon,
      icon ? icon.length : 0,
      b(optionalBool(bRestoreMetadata, 'bRestoreMetadata', false)),
      b(optionalBool(bNotifyOnBackupComplete, 'bNotifyOnBackupComplete', false)),
      b(optionalBool(bSelectable, 'bSelectable', true)),
      b(optionalBool(bSelectableForRestore, 'bSelectableForRestore', false)),
      optionalUint(dwComponentFlags, 'dwComponentFlags', 0),
    );
  }
  AddFilesToFileGroup(
    wszLogicalPath: string | null,
    wszGroupName: string,
    wszPath: string,
    wszFilespec: string,
    bRecursive: boolean,
    wszAlternateLocation?: string | null,
    dwBackupTypeMask?: number,
  ): void {
    this.com.check(
      'AddFilesToFileGroup',
      wz(optionalString(wszLogicalPath, 'wszLogicalPath')),
      wz(requireString(wszGroupName, 'wszGroupName')),
      wz(requireString(wszPath, 'wszPath')),
      wz(requireString(wszFilespec, 'wszFilespec')),
      b(requireBool(bRecursive, 'bRecursive')),
      wz(optionalString(wszAlternateLocation, 'wszAlternateLocation')),
      optionalUint(dwBackupTypeMask, 'dwBackupTypeMask', DEFAULT_BACKUP_TYPE_MASK),
    );
  }
  #database(method: 'AddDatabaseFiles' | 'AddDatabaseLogFiles', lp: unknown, db: unknown, path: unknown, spec: unknown, mask: unknown): void {
    this.com.check(
      method,
      wz(optionalString(lp, 'wszLogicalPath')),
      wz(requireString(db, 'wszDatabaseName')),
      wz(requireString(path, 'wszPath')),
      wz(requireString(spec, 'wszFilespec')),
      optionalUint(mask, 'dwBackupTypeMask', DEFAULT_BACKUP_TYPE_MASK),
    );
  }
  AddDatabaseFiles(wszLogicalPath: string | null, wszDatabaseName: string, wszPath: string, wszFilespec: string, dwBackupTypeMask?: number): void {
    this.#database('AddDatabaseFiles', wszLogicalPath, wszDatabaseName, wszPath, wszFilespec, dwBackupTypeMask);
  }
  AddDatabaseLogFiles(wszLogicalPath: string | null, wszDatabaseName: string, wszPath: string, wszFilespec: string, dwBackupTypeMask?: number): void {
    this.#database('AddDatabaseLogFiles', wszLogicalPath, wszDatabaseName, wszPath, wszFilespec, dwBackupTypeMask);
  }
  SetRestoreMethod(method: VSS_RESTOREMETHOD_ENUM, wszService: string | null, wszUserProcedure: string | null, writerRestore: VSS_WRITERRESTORE_ENUM, bRebootRequired: boolean): void {
    requireInt(method, 'method');
    requireInt(writerRestore, 'writerRestore');
    const service = optionalString(wszService, 'wszService');
    const proc = optionalString(wszUserProcedure, 'wszUserProcedure');
    this.com.check('SetRestoreMethod', method, wz(service), wz(proc), writerRestore, b(optionalBool(bRebootRequired, 'bRebootRequired', false)));
  }
  SetBackupSchema(dwSchemaMask: number): void {
    this.com.check('SetBackupSchema', optionalUint(dwSchemaMask, 'dwSchemaMask', 0));
  }
}

/** An IVssComponent GetComponent returned; released with the event (EventObjects.end). */
class NativeComponent implements IVssComponent {
  constructor(
    private readonly com: ComPtr,
    private readonly lib: VssLibrary,
  ) {}
  #bstr(method: string): string | null {
    const out = outPtr();
    this.com.check(method, out);
    return takeBstr(this.lib, out);
  }
  GetLogicalPath(): string | null {
    return this.#bstr('GetLogicalPath');
  }
  GetComponentName(): string {
    return this.#bstr('GetComponentName') ?? '';
  }
  GetComponentType(): VSS_COMPONENT_TYPE {
    const out = out32();
    this.com.check('GetComponentType', out);
    return out.readInt32LE(0) as VSS_COMPONENT_TYPE;
  }
  GetBackupSucceeded(): boolean {
    const out = Buffer.alloc(1);
    this.com.check('GetBackupSucceeded', out);
    return out[0] !== 0;
  }
}

/** The IVssComponent interfaces one event obtained: released when its handler has answered. */
export class EventObjects {
  readonly #held: ComPtr[] = [];
  adopt(p: ComPtr): ComPtr {
    this.#held.push(p);
    return p;
  }
  end(): void {
    for (const p of this.#held.splice(0)) p.release();
  }
}

/** The components of OnPrepareBackup, OnPostSnapshot and OnBackupComplete, valid while the handler runs. */
export class NativeWriterComponents implements IVssWriterComponents {
  constructor(
    private readonly com: ComPtr,
    private readonly lib: VssLibrary,
    private readonly objects: EventObjects,
  ) {}
  GetComponentCount(): number {
    const out = out32();
    this.com.check('GetComponentCount', out);
    return out.readUInt32LE(0);
  }
  GetComponent(iComponent: number): IVssComponent {
    const i = requireIndex(iComponent, 'component');
    const out = outPtr();
    this.com.check('GetComponent', i >>> 0, out);
    return new NativeComponent(this.objects.adopt(new ComPtr('IVssComponent', readPtr(out))), this.lib);
  }
}
