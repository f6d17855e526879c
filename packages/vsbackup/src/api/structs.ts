// Structures returned by the requester API, with the field names of vss.h.
// spec: vss/VSS_SNAPSHOT_PROP.md, SEMANTICS.md §5
import type { VSS_PROVIDER_TYPE, VSS_SNAPSHOT_STATE } from './enums.js';
import type { VSS_ID } from './ids.js';
import type { IVssExamineWriterMetadata } from './IVssExamineWriterMetadata.js';
import type { VSS_WRITER_STATE } from './writer-enums.js';

/** VSS_TIMESTAMP: a FILETIME (100 ns ticks since 1601-01-01 UTC) as a LONGLONG, hence bigint. */
export type VSS_TIMESTAMP = bigint;

export interface VSS_SNAPSHOT_PROP {
  readonly m_SnapshotId: VSS_ID;
  readonly m_SnapshotSetId: VSS_ID;
  readonly m_lSnapshotsCount: number;
  /** `\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN`, no trailing backslash. */
  readonly m_pwszSnapshotDeviceObject: string;
  readonly m_pwszOriginalVolumeName: string;
  readonly m_pwszOriginatingMachine: string;
  readonly m_pwszServiceMachine: string;
  readonly m_pwszExposedName: string | null;
  readonly m_pwszExposedPath: string | null;
  readonly m_ProviderId: VSS_ID;
  readonly m_lSnapshotAttributes: number;
  readonly m_tsCreationTimestamp: VSS_TIMESTAMP;
  readonly m_eStatus: VSS_SNAPSHOT_STATE;
}

export interface VSS_PROVIDER_PROP {
  readonly m_ProviderId: VSS_ID;
  readonly m_pwszProviderName: string;
  readonly m_eProviderType: VSS_PROVIDER_TYPE;
  readonly m_pwszProviderVersion: string;
  readonly m_ProviderVersionId: VSS_ID;
  readonly m_ClassId: VSS_ID;
}

/** One element of the IVssEnumObject that Query returns (the C union becomes a tagged object). */
export type VSS_OBJECT_PROP =
  | { readonly Type: 3 /* VSS_OBJECT_SNAPSHOT */; readonly Obj: { readonly Snap: VSS_SNAPSHOT_PROP } }
  | { readonly Type: 4 /* VSS_OBJECT_PROVIDER */; readonly Obj: { readonly Prov: VSS_PROVIDER_PROP } };

/** GetWriterMetadata's out-parameters. */
export interface VssWriterMetadataResult {
  readonly pidInstance: VSS_ID;
  readonly ppMetadata: IVssExamineWriterMetadata;
}

/** GetWriterStatus's out-parameters. */
export interface VssWriterStatusResult {
  readonly pidInstance: VSS_ID;
  readonly pidWriter: VSS_ID;
  readonly pbstrWriter: string;
  readonly pnStatus: VSS_WRITER_STATE;
  readonly phResultFailure: number;
}

/** DeleteSnapshots's out-parameters. */
export interface VssDeleteSnapshotsResult {
  readonly plDeletedSnapshots: number;
  readonly pNondeletedSnapshotID: VSS_ID;
}

