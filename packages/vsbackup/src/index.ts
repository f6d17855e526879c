// @winbackup/vsbackup: the VSS requester and writer facade (api/) and the reference VSS that
// snapshots directories (createReferenceVss).
export * from './api/contexts.js';
export * from './api/enums.js';
export * from './api/writer-enums.js';
export * from './api/ids.js';
export type * from './api/structs.js';
export type * from './api/IVssAsync.js';
export type * from './api/IVssBackupComponents.js';
export type * from './api/IVssExamineWriterMetadata.js';
export type * from './api/IVssCreateWriterMetadata.js';
export type * from './api/IVssWriterComponents.js';
export type { VssWriterHost, VssWriterRegistration, VssWriterEventContext } from './api/writer-host.js';
export { CVssWriter, type HandlerResult } from './api/CVssWriter.js';
export { awaitVssAsync, type AwaitVssAsyncOptions } from './api/awaitVssAsync.js';

export { createReferenceVss, ReferenceVss } from './reference/ReferenceVss.js';
export type { ReferenceVssOptions, ReferenceVssProviderHooks } from './reference/options.js';
export { createManualVssClock, systemClock, type VssClock, type ManualVssClock, type VssTimerHandle } from './reference/clock.js';

// The Node layer: a snapshot set in one call, with guaranteed clean-up (await using or a callback).
export { takeSnapshotSet, withSnapshotSet, SnapshotSet } from './snapshot-set/takeSnapshotSet.js';
export { SnapshotSetError, isSnapshotSetError, type SnapshotSetFailure } from './snapshot-set/SnapshotSetError.js';
export { DEFAULT_VSS_ASYNC_TIMEOUT_MS } from './snapshot-set/types.js';
export type {
  VssRequesterFactory,
  SnapshotSetStep,
  VssComponentSelection,
  SnapshotSetOptions,
  SnapshotOfVolume,
  VssWriterStatusEntry,
} from './snapshot-set/types.js';
