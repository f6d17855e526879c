// The metadata a writer authors in OnIdentify (IVssCreateWriterMetadata). Synchronous: it fills an
// in-process document while the handler runs. Failure throws the documented HRESULT.
import type { VSS_COMPONENT_TYPE, VSS_RESTOREMETHOD_ENUM, VSS_WRITERRESTORE_ENUM } from './writer-enums.js';

export interface IVssCreateWriterMetadata {
  AddIncludeFiles(wszPath: string, wszFilespec: string, bRecursive: boolean, wszAlternateLocation?: string | null): void;
  AddExcludeFiles(wszPath: string, wszFilespec: string, bRecursive: boolean): void;
  /** VSS_E_OBJECT_ALREADY_EXISTS for a second component with the same logical path and name. */
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
  /** VSS_E_OBJECT_NOT_FOUND when the component was not added first. */
  AddFilesToFileGroup(
    wszLogicalPath: string | null,
    wszGroupName: string,
    wszPath: string,
    wszFilespec: string,
    bRecursive: boolean,
    wszAlternateLocation?: string | null,
    dwBackupTypeMask?: number,
  ): void;
  AddDatabaseFiles(wszLogicalPath: string | null, wszDatabaseName: string, wszPath: string, wszFilespec: string, dwBackupTypeMask?: number): void;
  AddDatabaseLogFiles(wszLogicalPath: string | null, wszDatabaseName: string, wszPath: string, wszFilespec: string, dwBackupTypeMask?: number): void;
  SetRestoreMethod(
    method: VSS_RESTOREMETHOD_ENUM,
    wszService: string | null,
    wszUserProcedure: string | null,
    writerRestore: VSS_WRITERRESTORE_ENUM,
    bRebootRequired: boolean,
  ): void;
  SetBackupSchema(dwSchemaMask: number): void;
}
