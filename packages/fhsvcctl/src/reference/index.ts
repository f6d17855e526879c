export { createReferenceFileHistory } from './createReferenceFileHistory.js';
export type { ReferenceFileHistory, ReferenceFileHistoryOptions, FileVersion } from './createReferenceFileHistory.js';
export type { CycleReport, FhEvent, SkippedFile } from './service/events.js';
export type { RestoredFile } from './restore.js';
export type { VersionRecord } from './catalog/VersionCatalog.js';
export { versionFileName, parseVersionFileName } from './layout/versionName.js';
