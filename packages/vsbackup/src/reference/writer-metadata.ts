// Writer metadata document: authored in OnIdentify (IVssCreateWriterMetadata), read by the
// requester (IVssExamineWriterMetadata). spec: vss/IVssExamineWriterMetadata-*.md,
// vss/writer-metadata-document-life-cycle.md
import {
  E_INVALIDARG,
  hresultError,
  VSS_E_OBJECT_ALREADY_EXISTS,
  VSS_E_OBJECT_NOT_FOUND,
} from '@winbackup/errors';
import type { VSS_ID } from '../api/ids.js';
import type { IVssCreateWriterMetadata } from '../api/IVssCreateWriterMetadata.js';
import type {
  IVssExamineWriterMetadata,
  IVssWMComponent,
  IVssWMFiledesc,
  VSS_COMPONENTINFO,
  VssFileCounts,
  VssRestoreMethod,
  VssWriterIdentity,
} from '../api/IVssExamineWriterMetadata.js';
import {
  VSS_FSBT_ALL_BACKUP_REQUIRED,
  VSS_FSBT_ALL_SNAPSHOT_REQUIRED,
  type VSS_COMPONENT_TYPE,
  type VSS_RESTOREMETHOD_ENUM,
  type VSS_SOURCE_TYPE,
  type VSS_USAGE_TYPE,
  type VSS_WRITERRESTORE_ENUM,
} from '../api/writer-enums.js';
import { DEFAULT_BACKUP_TYPE_MASK, optionalBool, optionalBytes, optionalString, optionalUint, requireBool, requireIndex, requireInt, requireString } from '../validate/args.js';
import { xmlAttr } from './xml.js';

export interface FileDescData {
  readonly path: string;
  readonly filespec: string;
  readonly recursive: boolean;
  readonly alternateLocation: string | null;
  readonly backupTypeMask: number;
}

export interface ComponentData {
  readonly type: VSS_COMPONENT_TYPE;
  readonly logicalPath: string | null;
  readonly name: string;
  readonly caption: string | null;
  readonly icon: Uint8Array | null;
  readonly restoreMetadata: boolean;
  readonly notifyOnBackupComplete: boolean;
  readonly selectable: boolean;
  readonly selectableForRestore: boolean;
  readonly flags: number;
  readonly files: FileDescData[];
  readonly databases: FileDescData[];
  readonly logFiles: FileDescData[];
}

export interface WriterMetadataData {
  readonly instanceId: VSS_ID;
  readonly writerId: VSS_ID;
  readonly writerName: string;
  readonly usage: VSS_USAGE_TYPE;
  readonly source: VSS_SOURCE_TYPE;
  readonly includeFiles: FileDescData[];
  readonly excludeFiles: FileDescData[];
  readonly components: ComponentData[];
  restoreMethod: Omit<VssRestoreMethod, 'pcMappings'> | null;
  backupSchema: number;
}

const DEFAULT_MASK = DEFAULT_BACKUP_TYPE_MASK;

// the JS type checks are the native binding's too (validate/args.ts)
const str = requireString;
const optStr = optionalString;
const bool = optionalBool;
const uint = optionalUint;
function fileDesc(path: unknown, filespec: unknown, recursive: unknown, alt: unknown, mask: unknown): FileDescData {
  const p = str(path, 'wszPath');
  const f = str(filespec, 'wszFilespec');
  const d = { path: p, filespec: f, recursive: requireBool(recursive, 'bRecursive'), alternateLocation: optStr(alt, 'wszAlternateLocation'), backupTypeMask: uint(mask, 'dwBackupTypeMask', DEFAULT_MASK) };
  if (f.length === 0) throw hresultError(E_INVALIDARG, { context: 'IVssCreateWriterMetadata (empty filespec)' });
  return d;
}

/** The authoring object handed to OnIdentify. */
export class CreateWriterMetadata implements IVssCreateWriterMetadata {
  readonly data: WriterMetadataData;

  constructor(identity: Pick<WriterMetadataData, 'instanceId' | 'writerId' | 'writerName' | 'usage' | 'source'>) {
    this.data = { ...identity, includeFiles: [], excludeFiles: [], components: [], restoreMethod: null, backupSchema: 0 };
  }

  #find(logicalPath: string | null, name: string): ComponentData | undefined {
    return this.data.components.find((c) => c.logicalPath === logicalPath && c.name === name);
  }

  AddIncludeFiles(wszPath: string, wszFilespec: string, bRecursive: boolean, wszAlternateLocation?: string | null): void {
    this.data.includeFiles.push(fileDesc(wszPath, wszFilespec, bRecursive, wszAlternateLocation, undefined));
  }
  AddExcludeFiles(wszPath: string, wszFilespec: string, bRecursive: boolean): void {
    this.data.excludeFiles.push(fileDesc(wszPath, wszFilespec, bRecursive, null, undefined));
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
    requireInt(ct, 'ct');
    const logicalPath = optStr(wszLogicalPath, 'wszLogicalPath');
    const name = str(wszComponentName, 'wszComponentName');
    const icon = optionalBytes(pbIcon, 'pbIcon');
    const c: ComponentData = {
      type: ct,
      logicalPath,
      name,
      caption: optStr(wszCaption, 'wszCaption'),
      icon,
      restoreMetadata: bool(bRestoreMetadata, 'bRestoreMetadata', false),
      notifyOnBackupComplete: bool(bNotifyOnBackupComplete, 'bNotifyOnBackupComplete', false),
      selectable: bool(bSelectable, 'bSelectable', true),
      selectableForRestore: bool(bSelectableForRestore, 'bSelectableForRestore', false),
      flags: uint(dwComponentFlags, 'dwComponentFlags', 0),
      files: [],
      databases: [],
      logFiles: [],
    };
    if (ct !== 1 && ct !== 2) throw hresultError(E_INVALIDARG, { context: 'IVssCreateWriterMetadata::AddComponent' });
    if (name.length === 0) throw hresultError(E_INVALIDARG, { context: 'IVssCreateWriterMetadata::AddComponent' });
    if (this.#find(logicalPath, name)) throw hresultError(VSS_E_OBJECT_ALREADY_EXISTS, { context: 'IVssCreateWriterMetadata::AddComponent' });
    this.data.components.push(c);
  }
  #add(kind: 'files' | 'databases' | 'logFiles', lp: unknown, name: unknown, d: FileDescData, method: string): void {
    const c = this.#find(optStr(lp, 'wszLogicalPath'), str(name, 'component name'));
    if (!c) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: `IVssCreateWriterMetadata::${method}` });
    c[kind].push(d);
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
    this.#add('files', wszLogicalPath, wszGroupName, fileDesc(wszPath, wszFilespec, bRecursive, wszAlternateLocation, dwBackupTypeMask), 'AddFilesToFileGroup');
  }
  AddDatabaseFiles(wszLogicalPath: string | null, wszDatabaseName: string, wszPath: string, wszFilespec: string, dwBackupTypeMask?: number): void {
    this.#add('databases', wszLogicalPath, wszDatabaseName, fileDesc(wszPath, wszFilespec, false, null, dwBackupTypeMask), 'AddDatabaseFiles');
  }
  AddDatabaseLogFiles(wszLogicalPath: string | null, wszDatabaseName: string, wszPath: string, wszFilespec: string, dwBackupTypeMask?: number): void {
    this.#add('logFiles', wszLogicalPath, wszDatabaseName, fileDesc(wszPath, wszFilespec, false, null, dwBackupTypeMask), 'AddDatabaseLogFiles');
  }
  SetRestoreMethod(
    method: VSS_RESTOREMETHOD_ENUM,
    wszService: string | null,
    wszUserProcedure: string | null,
    writerRestore: VSS_WRITERRESTORE_ENUM,
    bRebootRequired: boolean,
  ): void {
    requireInt(method, 'method');
    requireInt(writerRestore, 'writerRestore');
    const m = {
      pMethod: method,
      pbstrService: optStr(wszService, 'wszService'),
      pbstrUserProcedure: optStr(wszUserProcedure, 'wszUserProcedure'),
      pwriterRestore: writerRestore,
      pbRebootRequired: bool(bRebootRequired, 'bRebootRequired', false),
    };
    if (method < 1 || method > 8 || writerRestore < 1 || writerRestore > 3) throw hresultError(E_INVALIDARG, { context: 'IVssCreateWriterMetadata::SetRestoreMethod' });
    this.data.restoreMethod = m;
  }
  SetBackupSchema(dwSchemaMask: number): void {
    this.data.backupSchema = uint(dwSchemaMask, 'dwSchemaMask', 0);
  }
}

class WMFiledesc implements IVssWMFiledesc {
  constructor(private readonly d: FileDescData) {}
  async GetPath(): Promise<string> {
    return this.d.path;
  }
  async GetFilespec(): Promise<string> {
    return this.d.filespec;
  }
  async GetRecursive(): Promise<boolean> {
    return this.d.recursive;
  }
  async GetAlternateLocation(): Promise<string | null> {
    return this.d.alternateLocation;
  }
  async GetBackupTypeMask(): Promise<number> {
    return this.d.backupTypeMask;
  }
}

function pick(list: readonly FileDescData[], i: unknown, what: string): IVssWMFiledesc {
  const d = list[requireIndex(i, what)];
  if (!d || (i as number) < 0) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: what });
  return new WMFiledesc(d);
}

class WMComponent implements IVssWMComponent {
  constructor(private readonly c: ComponentData) {}
  async GetComponentInfo(): Promise<VSS_COMPONENTINFO> {
    const c = this.c;
    return {
      type: c.type,
      bstrLogicalPath: c.logicalPath,
      bstrComponentName: c.name,
      bstrCaption: c.caption,
      pbIcon: c.icon,
      cbIcon: c.icon?.byteLength ?? 0,
      bRestoreMetadata: c.restoreMetadata,
      bNotifyOnBackupComplete: c.notifyOnBackupComplete,
      bSelectable: c.selectable,
      bSelectableForRestore: c.selectableForRestore,
      dwComponentFlags: c.flags,
      cFileCount: c.files.length,
      cDatabases: c.databases.length,
      cLogFiles: c.logFiles.length,
      cDependencies: 0,
    };
  }
  async GetFile(iFile: number): Promise<IVssWMFiledesc> {
    return pick(this.c.files, iFile, 'IVssWMComponent::GetFile');
  }
  async GetDatabaseFile(iDBFile: number): Promise<IVssWMFiledesc> {
    return pick(this.c.databases, iDBFile, 'IVssWMComponent::GetDatabaseFile');
  }
  async GetDatabaseLogFile(iDbLogFile: number): Promise<IVssWMFiledesc> {
    return pick(this.c.logFiles, iDbLogFile, 'IVssWMComponent::GetDatabaseLogFile');
  }
}

export class ExamineWriterMetadata implements IVssExamineWriterMetadata {
  constructor(private readonly d: WriterMetadataData) {}
  async GetIdentity(): Promise<VssWriterIdentity> {
    const d = this.d;
    return { pidInstance: d.instanceId, pidWriter: d.writerId, pbstrWriterName: d.writerName, pUsage: d.usage, pSource: d.source };
  }
  async GetFileCounts(): Promise<VssFileCounts> {
    return { pcIncludeFiles: this.d.includeFiles.length, pcExcludeFiles: this.d.excludeFiles.length, pcComponents: this.d.components.length };
  }
  async GetIncludeFile(iFile: number): Promise<IVssWMFiledesc> {
    return pick(this.d.includeFiles, iFile, 'IVssExamineWriterMetadata::GetIncludeFile');
  }
  async GetExcludeFile(iFile: number): Promise<IVssWMFiledesc> {
    return pick(this.d.excludeFiles, iFile, 'IVssExamineWriterMetadata::GetExcludeFile');
  }
  async GetComponent(iComponent: number): Promise<IVssWMComponent> {
    requireInt(iComponent, 'iComponent');
    const c = this.d.components[iComponent];
    if (!c || iComponent < 0) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'IVssExamineWriterMetadata::GetComponent' });
    return new WMComponent(c);
  }
  async GetRestoreMethod(): Promise<VssRestoreMethod | null> {
    return this.d.restoreMethod ? { ...this.d.restoreMethod, pcMappings: 0 } : null;
  }
  async GetBackupSchema(): Promise<number> {
    return this.d.backupSchema;
  }
  async SaveAsXML(): Promise<string> {
    const d = this.d;
    const files = (tag: string, list: readonly FileDescData[]): string =>
      list
        .map((f) => `<${tag} path=${xmlAttr(f.path)} filespec=${xmlAttr(f.filespec)} recursive="${f.recursive ? 'yes' : 'no'}"${f.alternateLocation === null ? '' : ` alternatePath=${xmlAttr(f.alternateLocation)}`}/>`)
        .join('');
    const comps = d.components
      .map(
        (c) =>
          `<${c.type === 1 ? 'DATABASE' : 'FILE_GROUP'} logicalPath=${xmlAttr(c.logicalPath ?? '')} componentName=${xmlAttr(c.name)} selectable="${c.selectable ? 'yes' : 'no'}">` +
          files('FILE_LIST', c.files) + files('DATABASE_FILES', c.databases) + files('DATABASE_LOGFILES', c.logFiles) +
          `</${c.type === 1 ? 'DATABASE' : 'FILE_GROUP'}>`,
      )
      .join('');
    return (
      `<WRITER_METADATA xmlns="x-schema:#VssWriterMetadataInfo" version="1.1">` +
      `<IDENTIFICATION writerId=${xmlAttr(d.writerId)} instanceId=${xmlAttr(d.instanceId)} friendlyName=${xmlAttr(d.writerName)} usage="${d.usage}" dataSource="${d.source}"/>` +
      `<BACKUP_LOCATIONS>${files('INCLUDE', d.includeFiles)}${files('EXCLUDE', d.excludeFiles)}${comps}</BACKUP_LOCATIONS>` +
      `</WRITER_METADATA>`
    );
  }
}
