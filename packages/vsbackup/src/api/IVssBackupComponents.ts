// The requester interface, with the COM method names and parameter order of vsbackup.h; out
// parameters are return values. Failures reject with an HResultError (isHResultError(e, code)).
// spec: vss/IVssBackupComponents-*.md, SEMANTICS.md §1-§3
import type { VSS_BACKUP_TYPE, VSS_OBJECT_TYPE } from './enums.js';
import type { IVssAsync } from './IVssAsync.js';
import type { VSS_ID } from './ids.js';
import type {
  VSS_OBJECT_PROP,
  VSS_SNAPSHOT_PROP,
  VssDeleteSnapshotsResult,
  VssWriterMetadataResult,
  VssWriterStatusResult,
} from './structs.js';
import type { VSS_COMPONENT_TYPE } from './writer-enums.js';

export interface IVssBackupComponents {
  /** Must come first; a second call gives VSS_E_BAD_STATE. */
  InitializeForBackup(bstrXML?: string | null): Promise<void>;
  /** At most once, before GatherWriterMetadata and StartSnapshotSet. */
  SetContext(lContext: number): Promise<void>;
  SetBackupState(
    bSelectComponents: boolean,
    bBackupBootableSystemState: boolean,
    backupType: VSS_BACKUP_TYPE,
    bPartialFileSupport?: boolean,
  ): Promise<void>;
  /** Raises Identify; once per object. */
  GatherWriterMetadata(): Promise<IVssAsync>;
  GetWriterMetadataCount(): Promise<number>;
  GetWriterMetadata(iWriter: number): Promise<VssWriterMetadataResult>;
  FreeWriterMetadata(): Promise<void>;
  AddComponent(
    instanceId: VSS_ID,
    writerId: VSS_ID,
    ct: VSS_COMPONENT_TYPE,
    wszLogicalPath: string | null,
    wszComponentName: string,
  ): Promise<void>;
  /** Takes the system-wide snapshot-set lock (VSS_E_SNAPSHOT_SET_IN_PROGRESS when held). Returns the set ID. */
  StartSnapshotSet(): Promise<VSS_ID>;
  /** The volume name must end in `\`. Returns the snapshot ID. */
  AddToSnapshotSet(pwszVolumeName: string, ProviderId?: VSS_ID): Promise<VSS_ID>;
  IsVolumeSupported(ProviderId: VSS_ID, pwszVolumeName: string): Promise<boolean>;
  /** Raises PrepareForBackup. */
  PrepareForBackup(): Promise<IVssAsync>;
  GatherWriterStatus(): Promise<IVssAsync>;
  GetWriterStatusCount(): Promise<number>;
  GetWriterStatus(iWriter: number): Promise<VssWriterStatusResult>;
  FreeWriterStatus(): Promise<void>;
  /** Raises PrepareForSnapshot, Freeze, (commit), Thaw, PostSnapshot. */
  DoSnapshotSet(): Promise<IVssAsync>;
  /** Takes a snapshot ID (from AddToSnapshotSet), not the set ID. */
  GetSnapshotProperties(SnapshotId: VSS_ID): Promise<VSS_SNAPSHOT_PROP>;
  SetBackupSucceeded(
    instanceId: VSS_ID,
    writerId: VSS_ID,
    ct: VSS_COMPONENT_TYPE,
    wszLogicalPath: string | null,
    wszComponentName: string,
    bSucceded: boolean,
  ): Promise<void>;
  /** Raises BackupComplete. */
  BackupComplete(): Promise<IVssAsync>;
  /**
   * Deletes one snapshot at a time and stops at the first failure, which rejects with that HRESULT;
   * the error also carries the out-parameters (`plDeletedSnapshots`, `pNondeletedSnapshotID`).
   */
  DeleteSnapshots(SourceObjectId: VSS_ID, eSourceObjectType: VSS_OBJECT_TYPE, bForceDelete: boolean): Promise<VssDeleteSnapshotsResult>;
  /** The IVssEnumObject becomes an array. */
  Query(QueriedObjectId: VSS_ID, eQueriedObjectType: VSS_OBJECT_TYPE, eReturnedObjectsType: VSS_OBJECT_TYPE): Promise<VSS_OBJECT_PROP[]>;
  AbortBackup(): Promise<void>;
  /** The Backup Components Document. */
  SaveAsXML(): Promise<string>;
  /** Raises BackupShutdown and frees auto-release snapshots. Later calls give VSS_E_BAD_STATE. */
  Release(): Promise<void>;
}
