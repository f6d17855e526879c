// The requester interface, with the COM method names and parameter order of vsbackup.h; out
// parameters are return values. spec: vss/IVssBackupComponents-*.md, SEMANTICS.md §1-§3
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

/**
 * The VSS requester (IVssBackupComponents): one object drives one backup, in this order:
 * InitializeForBackup, SetContext, GatherWriterMetadata, SetBackupState, AddComponent,
 * StartSnapshotSet, AddToSnapshotSet, PrepareForBackup, DoSnapshotSet, GetSnapshotProperties,
 * SetBackupSucceeded, BackupComplete, Release. Failures reject with an `HResultError` from
 * `@winbackup/errors` (`isHResultError(e, VSS_E_BAD_STATE)`); an out-of-order call rejects with
 * VSS_E_BAD_STATE as the call's own result (no IVssAsync is produced). Wrong JavaScript types throw
 * a `TypeError` first. Get one from `ReferenceVss.CreateVssBackupComponents()`.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nl-vsbackup-ivssbackupcomponents
 */
export interface IVssBackupComponents {
  /**
   * Prepares the object for a backup; the first call on a new object. The reference takes no
   * document (`bstrXML` must be null or absent: it only imports transportable shadow copies, which
   * it does not model).
   * @throws VSS_E_BAD_STATE: called twice, or after Release.
   * @throws VSS_E_INVALID_XML_DOCUMENT: a document was passed.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-initializeforbackup
   */
  InitializeForBackup(bstrXML?: string | null): Promise<void>;
  /**
   * Sets the snapshot context (`VSS_CTX_BACKUP` by default; `VSS_CTX_FILE_SHARE_BACKUP` and other
   * writerless contexts skip the writers). At most once, before GatherWriterMetadata and
   * StartSnapshotSet.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @throws E_INVALIDARG: not a context (or attribute combination) VSS accepts.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-setcontext
   */
  SetContext(lContext: number): Promise<void>;
  /**
   * Says what the backup is: component mode or volume mode (`bSelectComponents`), whether it
   * includes the bootable system state, its `VSS_BACKUP_TYPE`, and partial-file support. Writers see
   * these in their handlers.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @throws E_INVALIDARG: a backup type outside VSS_BT_UNDEFINED..VSS_BT_OTHER.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-setbackupstate
   */
  SetBackupState(
    bSelectComponents: boolean,
    bBackupBootableSystemState: boolean,
    backupType: VSS_BACKUP_TYPE,
    bPartialFileSupport?: boolean,
  ): Promise<void>;
  /**
   * Sends Identify to every subscribed writer and collects their metadata; once per object.
   * @returns the IVssAsync of the operation.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-gatherwritermetadata
   */
  GatherWriterMetadata(): Promise<IVssAsync>;
  /**
   * Counts the writers that answered GatherWriterMetadata.
   * @returns the number of writers.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-getwritermetadatacount
   */
  GetWriterMetadataCount(): Promise<number>;
  /**
   * Returns one writer's metadata (instance id and an IVssExamineWriterMetadata).
   * @returns the writer's instance id and metadata.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index past the count.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-getwritermetadata
   */
  GetWriterMetadata(iWriter: number): Promise<VssWriterMetadataResult>;
  /**
   * Frees the metadata GatherWriterMetadata collected.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-freewritermetadata
   */
  FreeWriterMetadata(): Promise<void>;
  /**
   * Selects a writer component for a component-mode backup. Needs InitializeForBackup and
   * GatherWriterMetadata, and must precede StartSnapshotSet.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @throws VSS_E_OBJECT_ALREADY_EXISTS: the component was already added.
   * @throws E_INVALIDARG: an empty component name or a component type other than VSS_CT_DATABASE / VSS_CT_FILEGROUP.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-addcomponent
   */
  AddComponent(
    instanceId: VSS_ID,
    writerId: VSS_ID,
    ct: VSS_COMPONENT_TYPE,
    wszLogicalPath: string | null,
    wszComponentName: string,
  ): Promise<void>;
  /**
   * Opens a new snapshot set and takes the machine-wide snapshot-set lock until DoSnapshotSet ends
   * or the object aborts or is released.
   * @returns the snapshot set id.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @throws VSS_E_SNAPSHOT_SET_IN_PROGRESS: another requester holds the lock.
   * @throws VSS_E_UNSUPPORTED_CONTEXT: the context is VSS_CTX_ALL.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-startsnapshotset
   */
  StartSnapshotSet(): Promise<VSS_ID>;
  /**
   * Adds a volume (its name ends in `\`, e.g. `C:\`) to the open snapshot set.
   * @returns the snapshot id of that volume in the set.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @throws E_INVALIDARG: the name does not end in a backslash.
   * @throws VSS_E_OBJECT_NOT_FOUND: no volume of that name.
   * @throws VSS_E_OBJECT_ALREADY_EXISTS: the volume is already in the set (inferred; the page lists no code).
   * @throws VSS_E_MAXIMUM_NUMBER_OF_VOLUMES_REACHED: 64 volumes already.
   * @throws VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED: the volume has as many snapshots as allowed.
   * @throws VSS_E_PROVIDER_NOT_REGISTERED: a provider other than the system one.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-addtosnapshotset
   */
  AddToSnapshotSet(pwszVolumeName: string, ProviderId?: VSS_ID): Promise<VSS_ID>;
  /**
   * Says whether the provider can snapshot the volume; true for every volume the reference knows,
   * even when a limit currently prevents a new snapshot.
   * @returns true.
   * @throws VSS_E_OBJECT_NOT_FOUND: an unknown volume or provider, or a name without the trailing backslash.
   * @throws VSS_E_BAD_STATE: before InitializeForBackup or after Release.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-isvolumesupported
   */
  IsVolumeSupported(ProviderId: VSS_ID, pwszVolumeName: string): Promise<boolean>;
  /**
   * Sends PrepareForBackup to the writers and closes the set to new volumes.
   * @returns the IVssAsync of the operation.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-prepareforbackup
   */
  PrepareForBackup(): Promise<IVssAsync>;
  /**
   * Collects every writer's current state and failure (a writer has one state on the machine, shared
   * by every requester).
   * @returns the IVssAsync of the operation.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-gatherwriterstatus
   */
  GatherWriterStatus(): Promise<IVssAsync>;
  /**
   * Counts the writers GatherWriterStatus reported on.
   * @returns the number of writers.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-getwriterstatuscount
   */
  GetWriterStatusCount(): Promise<number>;
  /**
   * Returns one writer's status: identity, `VSS_WRITER_STATE` and failure HRESULT
   * (`VSS_E_WRITER_NOT_RESPONDING` for a writer that went away since Identify).
   * @returns the writer's status.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @throws VSS_E_OBJECT_NOT_FOUND: an index past the count.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-getwriterstatus
   */
  GetWriterStatus(iWriter: number): Promise<VssWriterStatusResult>;
  /**
   * Frees the status GatherWriterStatus collected.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-freewriterstatus
   */
  FreeWriterStatus(): Promise<void>;
  /**
   * Takes the snapshots: sends PrepareForSnapshot, Freeze (front-end, back-end, then system
   * writers), makes the read-only point-in-time copies while writes are held, then Thaw and
   * PostSnapshot.
   * @returns the IVssAsync of the operation.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way (also: an empty set, or no PrepareForBackup in a writer context).
   * @throws through the IVssAsync: VSS_E_UNEXPECTED_WRITER_ERROR when a writer fails or misses Freeze/Thaw (option writerFailureHResult), VSS_E_FLUSH_WRITES_TIMEOUT / VSS_E_HOLD_WRITES_TIMEOUT when the 10 s flush-and-hold window passes, VSS_E_UNEXPECTED_PROVIDER_ERROR when the copy fails; the set is then aborted.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-dosnapshotset
   */
  DoSnapshotSet(): Promise<IVssAsync>;
  /**
   * Describes one snapshot: its device object (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN`,
   * readable through `resolvePath`), original volume, set, times and attributes. Takes a snapshot id
   * from AddToSnapshotSet, not the set id.
   * @returns the VSS_SNAPSHOT_PROP.
   * @throws VSS_E_OBJECT_NOT_FOUND: no such snapshot (not yet created, or deleted).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-getsnapshotproperties
   */
  GetSnapshotProperties(SnapshotId: VSS_ID): Promise<VSS_SNAPSHOT_PROP>;
  /**
   * Records whether a selected component was backed up; writers see it in OnBackupComplete.
   * Component mode only, after DoSnapshotSet.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @throws VSS_E_OBJECT_NOT_FOUND: the component was not added.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-setbackupsucceeded
   */
  SetBackupSucceeded(
    instanceId: VSS_ID,
    writerId: VSS_ID,
    ct: VSS_COMPONENT_TYPE,
    wszLogicalPath: string | null,
    wszComponentName: string,
    bSucceded: boolean,
  ): Promise<void>;
  /**
   * Tells the writers the backup is over (OnBackupComplete).
   * @returns the IVssAsync of the operation.
   * @throws VSS_E_BAD_STATE: called out of order (see the interface), after Release, or while an asynchronous operation of this object is under way.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-backupcomplete
   */
  BackupComplete(): Promise<IVssAsync>;
  /**
   * Deletes a snapshot or every snapshot of a set, one at a time; the first failure rejects with its
   * HRESULT, and the error also carries `plDeletedSnapshots` and `pNondeletedSnapshotID` as Windows
   * fills them.
   * @returns how many were deleted.
   * @throws VSS_E_OBJECT_NOT_FOUND: no such snapshot or set.
   * @throws E_INVALIDARG: an object type other than VSS_OBJECT_SNAPSHOT or VSS_OBJECT_SNAPSHOT_SET.
   * @throws VSS_E_BAD_STATE: before InitializeForBackup or after Release.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-deletesnapshots
   */
  DeleteSnapshots(SourceObjectId: VSS_ID, eSourceObjectType: VSS_OBJECT_TYPE, bForceDelete: boolean): Promise<VssDeleteSnapshotsResult>;
  /**
   * Lists the snapshots (`VSS_OBJECT_SNAPSHOT`) or providers (`VSS_OBJECT_PROVIDER`) on the machine;
   * the IVssEnumObject becomes an array.
   * @returns the objects' properties.
   * @throws E_INVALIDARG: a query other than GUID_NULL / VSS_OBJECT_NONE for snapshots or providers.
   * @throws VSS_E_BAD_STATE: before InitializeForBackup or after Release.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-query
   */
  Query(QueriedObjectId: VSS_ID, eQueriedObjectType: VSS_OBJECT_TYPE, eReturnedObjectsType: VSS_OBJECT_TYPE): Promise<VSS_OBJECT_PROP[]>;
  /**
   * Abandons the backup: sends OnAbort to the writers that should see it, frees the snapshot-set
   * lock and discards uncommitted snapshots; a pending asynchronous operation ends with
   * VSS_S_ASYNC_CANCELLED (inferred). Ignored before StartSnapshotSet and after BackupComplete;
   * after a successful DoSnapshotSet it leaves the snapshots to Release.
   * @throws VSS_E_BAD_STATE: after Release.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-abortbackup
   */
  AbortBackup(): Promise<void>;
  /**
   * Returns the Backup Components Document: the backup state, the selected components and their
   * results, and the snapshot set.
   * @returns the document as XML.
   * @throws VSS_E_BAD_STATE: before InitializeForBackup or after Release.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-saveasxml
   */
  SaveAsXML(): Promise<string>;
  /**
   * Releases the object (IUnknown::Release of the last reference): sends BackupShutdown to the
   * writers and deletes the set's auto-release snapshots. Later calls give VSS_E_BAD_STATE.
   * @see https://learn.microsoft.com/en-us/windows/win32/vss/handling-backupshutdown-events
   */
  Release(): Promise<void>;
}
