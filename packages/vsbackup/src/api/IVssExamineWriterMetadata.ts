// What a requester reads about a writer after GatherWriterMetadata: identity, file descriptors,
// components and restore method. spec: vss/IVssExamineWriterMetadata-GetIdentity.md,
// vss/IVssExamineWriterMetadata-GetFileCounts.md, vss/IVssExamineWriterMetadata-GetComponent.md
import type { VSS_ID } from './ids.js';
import type {
  VSS_COMPONENT_TYPE,
  VSS_RESTOREMETHOD_ENUM,
  VSS_SOURCE_TYPE,
  VSS_USAGE_TYPE,
  VSS_WRITERRESTORE_ENUM,
} from './writer-enums.js';

/** IVssWMFiledesc. */
export interface IVssWMFiledesc {
  GetPath(): Promise<string>;
  GetFilespec(): Promise<string>;
  GetRecursive(): Promise<boolean>;
  GetAlternateLocation(): Promise<string | null>;
  GetBackupTypeMask(): Promise<number>;
}

/** VSS_COMPONENTINFO (the icon bytes replace pbIcon/cbIcon). */
export interface VSS_COMPONENTINFO {
  readonly type: VSS_COMPONENT_TYPE;
  readonly bstrLogicalPath: string | null;
  readonly bstrComponentName: string;
  readonly bstrCaption: string | null;
  readonly pbIcon: Uint8Array | null;
  readonly cbIcon: number;
  readonly bRestoreMetadata: boolean;
  readonly bNotifyOnBackupComplete: boolean;
  readonly bSelectable: boolean;
  readonly bSelectableForRestore: boolean;
  readonly dwComponentFlags: number;
  readonly cFileCount: number;
  readonly cDatabases: number;
  readonly cLogFiles: number;
  readonly cDependencies: number;
}

/** IVssWMComponent. */
export interface IVssWMComponent {
  GetComponentInfo(): Promise<VSS_COMPONENTINFO>;
  GetFile(iFile: number): Promise<IVssWMFiledesc>;
  GetDatabaseFile(iDBFile: number): Promise<IVssWMFiledesc>;
  GetDatabaseLogFile(iDbLogFile: number): Promise<IVssWMFiledesc>;
}

export interface VssWriterIdentity {
  readonly pidInstance: VSS_ID;
  readonly pidWriter: VSS_ID;
  readonly pbstrWriterName: string;
  readonly pUsage: VSS_USAGE_TYPE;
  readonly pSource: VSS_SOURCE_TYPE;
}

export interface VssFileCounts {
  readonly pcIncludeFiles: number;
  readonly pcExcludeFiles: number;
  readonly pcComponents: number;
}

export interface VssRestoreMethod {
  readonly pMethod: VSS_RESTOREMETHOD_ENUM;
  readonly pbstrService: string | null;
  readonly pbstrUserProcedure: string | null;
  readonly pwriterRestore: VSS_WRITERRESTORE_ENUM;
  readonly pbRebootRequired: boolean;
  readonly pcMappings: number;
}

export interface IVssExamineWriterMetadata {
  GetIdentity(): Promise<VssWriterIdentity>;
  GetFileCounts(): Promise<VssFileCounts>;
  GetIncludeFile(iFile: number): Promise<IVssWMFiledesc>;
  GetExcludeFile(iFile: number): Promise<IVssWMFiledesc>;
  GetComponent(iComponent: number): Promise<IVssWMComponent>;
  /** null where Windows returns S_FALSE: the writer declared no restore method. */
  GetRestoreMethod(): Promise<VssRestoreMethod | null>;
  GetBackupSchema(): Promise<number>;
  SaveAsXML(): Promise<string>;
}
