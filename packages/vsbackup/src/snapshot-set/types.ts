// The public shapes of the snapshot-set layer (takeSnapshotSet.ts): its options, the snapshots it
// hands out, and the names of its steps.
import type { IVssBackupComponents } from '../api/IVssBackupComponents.js';
import type { VSS_BACKUP_TYPE } from '../api/enums.js';
import type { VSS_ID } from '../api/ids.js';
import type { VSS_SNAPSHOT_PROP } from '../api/structs.js';
import type { VSS_COMPONENT_TYPE } from '../api/writer-enums.js';

/**
 * What the layer needs of a VSS implementation: the requester factory (the reference's
 * `createReferenceVss(...)`, or a native binding). `resolvePath`, when present (the reference has
 * it), turns a snapshot device path into a local path; otherwise the device path is used as is.
 */
export interface VssRequesterFactory {
  /** CreateVssBackupComponents: a new requester object (one per snapshot set). */
  CreateVssBackupComponents(): Promise<IVssBackupComponents>;
  /** The local path of a snapshot device path, or undefined when it names nothing here. */
  resolvePath?(windowsPath: string): string | undefined;
}

/** The calls of the documented sequence, in order, plus the steps of the way out. */
export type SnapshotSetStep =
  | 'CreateVssBackupComponents'
  | 'InitializeForBackup'
  | 'SetContext'
  | 'SetBackupState'
  | 'GatherWriterMetadata'
  | 'AddComponent'
  | 'StartSnapshotSet'
  | 'AddToSnapshotSet'
  | 'PrepareForBackup'
  | 'DoSnapshotSet'
  | 'GetSnapshotProperties'
  | 'SetBackupSucceeded'
  | 'BackupComplete';

/** A component to back up (component mode): AddComponent before the set, SetBackupSucceeded after it. */
export interface VssComponentSelection {
  /** The writer instance; omitted: the instance of `writerId` that GatherWriterMetadata reported. */
  readonly instanceId?: VSS_ID;
  readonly writerId: VSS_ID;
  readonly componentType: VSS_COMPONENT_TYPE;
  readonly logicalPath: string | null;
  readonly componentName: string;
}

/** Options of {@link takeSnapshotSet} and {@link withSnapshotSet}. */
export interface SnapshotSetOptions {
  /** Volume names, each ending in `\` (e.g. `C:\`), one snapshot each. */
  readonly volumes: readonly string[];
  /** SetBackupState's backup type (default VSS_BT_FULL). */
  readonly backupType?: VSS_BACKUP_TYPE;
  /** SetContext's context, a _VSS_SNAPSHOT_CONTEXT optionally ORed with attributes (default VSS_CTX_BACKUP). */
  readonly context?: number;
  /** Components to back up: component mode (SetBackupState bSelectComponents). None: non-component mode. */
  readonly components?: readonly VssComponentSelection[];
  /** SetBackupState's bBackupBootableSystemState (default false). */
  readonly bootableSystemState?: boolean;
  /**
   * How long each IVssAsync wait may take, in ms (default {@link DEFAULT_VSS_ASYNC_TIMEOUT_MS},
   * 120 s, restic's vss.timeout). A wait that runs out calls IVssAsync::Cancel, then cleans up.
   */
  readonly timeoutMs?: number;
  /** Aborting it cancels the IVssAsync being waited on (IVssAsync::Cancel), then cleans up. */
  readonly signal?: AbortSignal;
  /** Told each step as it starts (a progress line). */
  readonly onStep?: (step: SnapshotSetStep) => void;
}

/** The default of {@link SnapshotSetOptions.timeoutMs}: 120 s per IVssAsync wait. */
export const DEFAULT_VSS_ASYNC_TIMEOUT_MS = 120_000;

/** One snapshot of the set, with where to read it. */
export interface SnapshotOfVolume {
  /** The volume as it was added (`C:\`). */
  readonly volume: string;
  readonly snapshotId: VSS_ID;
  /** `\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN` (no trailing backslash). */
  readonly deviceObject: string;
  /** Where to read the snapshot's root: the factory's resolvePath of the device, else the device path plus `\`. */
  readonly path: string;
  /** Everything GetSnapshotProperties returned. */
  readonly properties: VSS_SNAPSHOT_PROP;
}

/** One writer as GatherWriterStatus reported it. */
export interface VssWriterStatusEntry {
  readonly writerName: string;
  readonly writerId: VSS_ID;
  readonly instanceId: VSS_ID;
  /** VSS_WRITER_STATE. */
  readonly state: number;
  /** Its name, e.g. `VSS_WS_FAILED_AT_FREEZE`. */
  readonly stateName: string;
  /** The writer's failure HRESULT (S_OK when none). */
  readonly failure: number;
}
