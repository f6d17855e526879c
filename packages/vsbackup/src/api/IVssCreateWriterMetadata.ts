// The metadata a writer authors in OnIdentify (IVssCreateWriterMetadata). Synchronous: it fills an
// in-process document while the handler runs. Failure throws the documented HRESULT.
import type { VSS_COMPONENT_TYPE, VSS_RESTOREMETHOD_ENUM, VSS_WRITERRESTORE_ENUM } from './writer-enums.js';

/**
 * The metadata a writer fills in OnIdentify (IVssCreateWriterMetadata). Synchronous: it writes an
 * in-process document while the handler runs; failures throw the documented HRESULT.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nl-vswriter-ivsscreatewritermetadata
 */
export interface IVssCreateWriterMetadata {
  /**
   * Declares files the writer wants backed up outside any component.
   * @throws E_INVALIDARG: an empty file specification.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscreatewritermetadata-addincludefiles
   */
  AddIncludeFiles(wszPath: string, wszFilespec: string, bRecursive: boolean, wszAlternateLocation?: string | null): void;
  /**
   * Declares files every backup should leave out.
   * @throws E_INVALIDARG: an empty file specification.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscreatewritermetadata-addexcludefiles
   */
  AddExcludeFiles(wszPath: string, wszFilespec: string, bRecursive: boolean): void;
  /**
   * Declares a component (`VSS_CT_DATABASE` or `VSS_CT_FILEGROUP`) that a requester can select.
   * @throws E_INVALIDARG: another component type or an empty name.
   * @throws VSS_E_OBJECT_ALREADY_EXISTS: a component with the same logical path and name.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscreatewritermetadata-addcomponent
   */
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
  ): void;
  /**
   * Adds a file set to a file-group component.
   * @throws VSS_E_OBJECT_NOT_FOUND: the component was not added first.
   * @throws E_INVALIDARG: an empty file specification.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscreatewritermetadata-addfilestofilegroup
   */
  AddFilesToFileGroup(
    wszLogicalPath: string | null,
    wszGroupName: string,
    wszPath: string,
    wszFilespec: string,
    bRecursive: boolean,
    wszAlternateLocation?: string | null,
    dwBackupTypeMask?: number,
  ): void;
  /**
   * Adds database files to a database component.
   * @throws VSS_E_OBJECT_NOT_FOUND: the component was not added first.
   * @throws E_INVALIDARG: an empty file specification.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscreatewritermetadata-adddatabasefiles
   */
  AddDatabaseFiles(wszLogicalPath: string | null, wszDatabaseName: string, wszPath: string, wszFilespec: string, dwBackupTypeMask?: number): void;
  /**
   * Adds log files to a database component.
   * @throws VSS_E_OBJECT_NOT_FOUND: the component was not added first.
   * @throws E_INVALIDARG: an empty file specification.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscreatewritermetadata-adddatabaselogfiles
   */
  AddDatabaseLogFiles(wszLogicalPath: string | null, wszDatabaseName: string, wszPath: string, wszFilespec: string, dwBackupTypeMask?: number): void;
  /**
   * Declares how the writer's data is restored.
   * @throws E_INVALIDARG: a method or writer-restore value out of range.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscreatewritermetadata-setrestoremethod
   */
  SetRestoreMethod(
    method: VSS_RESTOREMETHOD_ENUM,
    wszService: string | null,
    wszUserProcedure: string | null,
    writerRestore: VSS_WRITERRESTORE_ENUM,
    bRebootRequired: boolean,
  ): void;
  /**
   * Declares the backup schema flags (VSS_BS_*) the writer supports.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-ivsscreatewritermetadata-setbackupschema
   */
  SetBackupSchema(dwSchemaMask: number): void;
}
