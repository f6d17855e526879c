// The public shapes of the streaming-backup layer (streamBackup.ts): the files it yields, its
// progress reports and its options.
import type { Readable } from 'node:stream';

/** What a streamed file is: an attached database (full backups only) or a transaction log. */
export type StreamedFileKind = 'database' | 'log';

/** One file of a streaming backup, in the order ESENT hands them out: databases, then logs. */
export interface StreamedFile {
  /** The full path the engine listed (JetGetAttachInfoInstance / JetGetLogInfoInstance2). */
  readonly path: string;
  readonly kind: StreamedFileKind;
  /** 0-based position of the file in this backup. */
  readonly index: number;
  /** The size JetOpenFileInstance reported (for a database: the streamed size, header and trailer pages included). */
  readonly size: number;
  /**
   * The file's bytes. Read it to its end (or destroy it) before asking for the next file: ESENT
   * has one backup file handle, and a file only counts as copied once read to its end.
   */
  readonly stream: Readable;
  /**
   * Writes the file into `path` instead of streaming it (resolves with the bytes written): the
   * layer reuses two page-aligned buffers for the whole file and overlaps each write with the next
   * read, where a Readable hands out fresh memory per chunk. A failure removes the partial file.
   * Use either this or `stream`, not both.
   */
  saveTo(path: string): Promise<number>;
}

/** A progress report: sent when a file opens, after every chunk, and when it ends. */
export interface StreamingBackupProgress {
  readonly file: Pick<StreamedFile, 'path' | 'kind' | 'index' | 'size'>;
  /** Bytes of this file read so far. */
  readonly fileBytesDone: number;
  /** Bytes of every file read so far. */
  readonly bytesDone: number;
  /**
   * The sizes of every file opened so far, plus, once the logs are listed, the first log's size
   * for each log not opened yet (ESE log files all have one size). ESENT reports a file's size only
   * when it is opened and lists the logs only after the databases are copied, so this grows while
   * the databases stream and is exact once `totalIsFinal`.
   */
  readonly bytesTotal: number;
  /** True once every file has been opened: `bytesTotal` is then the size of the whole backup. */
  readonly totalIsFinal: boolean;
}

/** Options of {@link streamBackup}. */
export interface StreamingBackupOptions {
  /** JET_bitBackupIncremental: logs only, since the last full or incremental backup (default false: full). */
  readonly incremental?: boolean;
  /**
   * Aborting it stops the backup the Windows way: JetStopBackupInstance (a read in flight fails),
   * then JetEndExternalBackupInstance2 with JET_bitBackupEndAbort. Logs are never truncated.
   */
  readonly signal?: AbortSignal;
  /** Called with every progress report (synchronously, from the read path: keep it cheap). */
  readonly onProgress?: (progress: StreamingBackupProgress) => void;
  /**
   * Bytes per JetReadFileInstance call, a multiple of the database page size and at least 3 pages
   * (default 1 MiB). A file's stream holds at most one chunk ahead of its consumer.
   */
  readonly chunkSize?: number;
}

/** Options of {@link StreamingBackup.commit}. */
export interface StreamingBackupCommitOptions {
  /**
   * JetTruncateLogInstance before ending the backup (default true). False keeps every log: a copy
   * or a differential backup (the database headers still record the backup).
   */
  readonly truncateLogs?: boolean;
}

/** Where a streaming backup is in its life. */
export type StreamingBackupState = 'copying' | 'copied' | 'committing' | 'committed' | 'aborting' | 'aborted';
