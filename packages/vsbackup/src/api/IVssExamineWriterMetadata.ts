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

/**
 * A file set of a writer's metadata (IVssWMFiledesc): folder, pattern, recursion, alternate
 * location.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nl-vsbackup-ivsswmfiledesc
 */
export interface IVssWMFiledesc {
  /**
   * The folder of the file set.
   * @returns the path.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmfiledesc-getpath
   */
  GetPath(): Promise<string>;
  /**
   * The file name pattern of the file set (wildcards allowed).
   * @returns the file specification.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmfiledesc-getfilespec
   */
  GetFilespec(): Promise<string>;
  /**
   * Whether the file set includes subfolders.
   * @returns true for a recursive set.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmfiledesc-getrecursive
   */
  GetRecursive(): Promise<boolean>;
  /**
   * Where the files are restored instead, if the writer gave an alternate location.
   * @returns the alternate path, or null.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmfiledesc-getalternatelocation
   */
  GetAlternateLocation(): Promise<string | null>;
  /**
   * Which backup types (VSS_FSBT_* flags) this file set takes part in.
   * @returns the mask.
   * @throws VSS_E_OBJECT_NOT_FOUND: the file set carries no mask (an include or exclude file).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmfiledesc-getbackuptypemask
   */
  GetBackupTypeMask(): Promise<number>;
}

/**
 * A component of a writer's metadata (VSS_COMPONENTINFO; the icon bytes replace pbIcon/cbIcon).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/ns-vsbackup-vss_componentinfo
 */
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

/**
 * A component of a writer's metadata (IVssWMComponent) with its file sets.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nl-vsbackup-ivsswmcomponent
 */
export interface IVssWMComponent {
  /**
   * Describes the component: type, logical path, name, caption, icon and flags.
   * @returns the VSS_COMPONENTINFO.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmcomponent-getcomponentinfo
   */
  GetComponentInfo(): Promise<VSS_COMPONENTINFO>;
  /**
   * One file set of a file-group component.
   * @returns the file descriptor.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index out of range.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmcomponent-getfile
   */
  GetFile(iFile: number): Promise<IVssWMFiledesc>;
  /**
   * One database file set of a database component.
   * @returns the file descriptor.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index out of range.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmcomponent-getdatabasefile
   */
  GetDatabaseFile(iDBFile: number): Promise<IVssWMFiledesc>;
  /**
   * One log file set of a database component.
   * @returns the file descriptor.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index out of range.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivsswmcomponent-getdatabaselogfile
   */
  GetDatabaseLogFile(iDbLogFile: number): Promise<IVssWMFiledesc>;
}

/**
 * What GetIdentity returns: the C out-parameters by name.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getidentity
 */
export interface VssWriterIdentity {
  readonly pidInstance: VSS_ID;
  readonly pidWriter: VSS_ID;
  readonly pbstrWriterName: string;
  readonly pUsage: VSS_USAGE_TYPE;
  readonly pSource: VSS_SOURCE_TYPE;
}

/**
 * What GetFileCounts returns: the C out-parameters by name.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getfilecounts
 */
export interface VssFileCounts {
  readonly pcIncludeFiles: number;
  readonly pcExcludeFiles: number;
  readonly pcComponents: number;
}

/**
 * What GetRestoreMethod returns: the C out-parameters by name.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getrestoremethod
 */
export interface VssRestoreMethod {
  readonly pMethod: VSS_RESTOREMETHOD_ENUM;
  readonly pbstrService: string | null;
  readonly pbstrUserProcedure: string | null;
  readonly pwriterRestore: VSS_WRITERRESTORE_ENUM;
  readonly pbRebootRequired: boolean;
  readonly pcMappings: number;
}

/**
 * What a requester reads about one writer after GatherWriterMetadata (IVssExamineWriterMetadata):
 * identity, file sets, components, restore method.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nl-vsbackup-ivssexaminewritermetadata
 */
export interface IVssExamineWriterMetadata {
  /**
   * The writer's identity: instance and class ids, name, usage and source types.
   * @returns the identity.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getidentity
   */
  GetIdentity(): Promise<VssWriterIdentity>;
  /**
   * How many include files, exclude files and components the writer declared.
   * @returns the counts.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getfilecounts
   */
  GetFileCounts(): Promise<VssFileCounts>;
  /**
   * One include file set.
   * @returns the file descriptor.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index out of range.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getincludefile
   */
  GetIncludeFile(iFile: number): Promise<IVssWMFiledesc>;
  /**
   * One exclude file set.
   * @returns the file descriptor.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index out of range.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getexcludefile
   */
  GetExcludeFile(iFile: number): Promise<IVssWMFiledesc>;
  /**
   * One component the writer declared.
   * @returns the component.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index out of range.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getcomponent
   */
  GetComponent(iComponent: number): Promise<IVssWMComponent>;
  /**
   * The restore method the writer declared.
   * @returns the method, or null where Windows returns S_FALSE (the writer declared none).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getrestoremethod
   */
  GetRestoreMethod(): Promise<VssRestoreMethod | null>;
  /**
   * The backup schema flags (VSS_BS_*) the writer supports.
   * @returns the schema mask.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-getbackupschema
   */
  GetBackupSchema(): Promise<number>;
  /**
   * The writer metadata document.
   * @returns the document as XML.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssexaminewritermetadata-saveasxml
   */
  SaveAsXML(): Promise<string>;
}
