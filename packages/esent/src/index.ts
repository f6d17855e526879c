// @winbackup/esent: the typed esent.dll facade and its reference engine.
export * from './api/index.js';
export { createReferenceEsent, type ReferenceEsentOptions } from './reference/createReferenceEsent.js';

// The Node layer over the backup calls: a streaming backup as an async iterable of Readables.
export { streamBackup, StreamingBackup } from './streaming/streamBackup.js';
export type {
  StreamedFile,
  StreamedFileKind,
  StreamingBackupProgress,
  StreamingBackupOptions,
  StreamingBackupCommitOptions,
  StreamingBackupState,
} from './streaming/types.js';
