// A streaming backup of one instance as an async iterable of files, written only against EsentApi
// (so it drives the reference and a native esent.dll alike). The Win32 sequence it runs
// (spec: JetBeginExternalBackupInstance.md ... JetEndExternalBackupInstance2.md; SEMANTICS.md §1-3):
//   Begin(full | incremental) -> [GetAttachInfo -> per database Open/Read.../Close]
//   -> GetLogInfo2 -> per log Open/Read.../Close -> (commit) TruncateLog -> End2(Normal)
// and on an abort, an error or a dispose before commit: StopBackupInstance, then End2(Abort).
// Logs are truncated only in commit(), never on a failure path.
import type { EsentApi } from '../api/EsentApi.js';
import type { JET_HANDLE, JET_INSTANCE } from '../api/handles.js';
import type { JET_LOGINFO } from '../api/structs.js';
import { JET_LOGINFO_cbSize } from '../api/backup.js';
import {
  JET_bitBackupEndAbort,
  JET_bitBackupEndNormal,
  JET_bitBackupIncremental,
  JET_paramDatabasePageSize,
} from '../api/constants.js';
// page-aligned memory (a WebAssembly memory is mapped by itself), the same helper the reference's reads use
import { alignedBytes } from '../memory/aligned.js';
import { EseFileReadable } from './EseFileReadable.js';
import { namesOf } from './multiString.js';
import { SerialCalls } from './serialCalls.js';
import type {
  StreamedFile,
  StreamedFileKind,
  StreamingBackupCommitOptions,
  StreamingBackupOptions,
  StreamingBackupProgress,
  StreamingBackupState,
} from './types.js';

const DEFAULT_CHUNK = 1 << 20;
/** A first multi-string buffer big enough for most instances; a bigger list is fetched again at its size. */
const FIRST_LIST_BYTES = 1 << 16;

/**
 * Starts a streaming backup of `instance` (JetBeginExternalBackupInstance) and returns it: iterate
 * it for the files, pipe each file's stream somewhere, then {@link StreamingBackup.commit} once the
 * copy is safe. Use it with `await using` (an uncommitted backup is aborted on the way out):
 *
 * ```ts
 * await using backup = await streamBackup(esent, inst, { signal, onProgress });
 * for await (const file of backup) await pipeline(file.stream, createWriteStream(join(dir, basename(file.path))));
 * await backup.commit();   // JetTruncateLogInstance, then JetEndExternalBackupInstance2(Normal)
 * ```
 *
 * Rejects with the signal's reason if it is already aborted (nothing is started), or with the
 * JetError of JetBeginExternalBackupInstance (e.g. JET_errBackupInProgress).
 */
export async function streamBackup(api: EsentApi, instance: JET_INSTANCE, options: StreamingBackupOptions = {}): Promise<StreamingBackup> {
  if (typeof api !== 'object' || api === null || typeof api.JetBeginExternalBackupInstance !== 'function') {
    throw new TypeError('api must be an EsentApi');
  }
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const { signal, onProgress } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError('onProgress must be a function');
  if (options.incremental !== undefined && typeof options.incremental !== 'boolean') throw new TypeError('incremental must be a boolean');
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) throw new TypeError('chunkSize must be a positive integer');
  signal?.throwIfAborted();
  const { plParam: pageSize } = await api.JetGetSystemParameter(instance, null, JET_paramDatabasePageSize, 0);
  if (chunkSize % pageSize !== 0 || chunkSize < 3 * pageSize) {
    throw new RangeError(`chunkSize must be a multiple of the page size (${pageSize}) and at least 3 pages`);
  }
  signal?.throwIfAborted();
  await api.JetBeginExternalBackupInstance(instance, options.incremental ? JET_bitBackupIncremental : 0);
  return new StreamingBackup(api, instance, options.incremental ?? false, chunkSize, signal, onProgress);
}

/**
 * A running streaming backup (see {@link streamBackup}). Iterate it once; each file must be read
 * to its end before the next is asked for. Then `commit()`, or `abort()`; `[Symbol.asyncDispose]`
 * aborts a backup that was not committed.
 */
export class StreamingBackup implements AsyncIterable<StreamedFile>, AsyncDisposable {
  readonly #api: EsentApi;
  readonly #inst: JET_INSTANCE;
  readonly #incremental: boolean;
  readonly #chunkSize: number;
  readonly #signal: AbortSignal | undefined;
  readonly #onProgress: ((p: StreamingBackupProgress) => void) | undefined;
  readonly #calls = new SerialCalls();
  readonly #onAbort = (): void => void this.abort(this.#signal?.reason).catch(() => undefined);
  #state: StreamingBackupState = 'copying';
  #iterated = false;
  #reason: unknown;
  #ending: Promise<void> | undefined;
  /** The open backup file handle, set and cleared inside the serialised calls. */
  #hfFile: JET_HANDLE | undefined;
  #current: EseFileReadable | undefined;
  #logInfo: JET_LOGINFO | undefined;
  #bytesDone = 0;
  #sizesOpened = 0;
  #logsPending = 0;
  #logSize: number | undefined;
  readonly #aligned: Uint8Array[] = [];

  /** @internal Use {@link streamBackup}. */
  constructor(
    api: EsentApi,
    inst: JET_INSTANCE,
    incremental: boolean,
    chunkSize: number,
    signal: AbortSignal | undefined,
    onProgress: ((p: StreamingBackupProgress) => void) | undefined,
  ) {
    this.#api = api;
    this.#inst = inst;
    this.#incremental = incremental;
    this.#chunkSize = chunkSize;
    this.#signal = signal;
    this.#onProgress = onProgress;
    signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** Where the backup is: copying, copied (every file read, awaiting commit), committed or aborted. */
  get state(): StreamingBackupState {
    return this.#state;
  }

  /** Full or incremental, as begun. */
  get incremental(): boolean {
    return this.#incremental;
  }

  /**
   * The JET_LOGINFO of the logs this backup copies (ulGenLow..ulGenHigh, szBaseName), known once
   * the logs are listed; JetExternalRestore2 takes it.
   */
  get logInfo(): JET_LOGINFO | undefined {
    return this.#logInfo;
  }

  /** Bytes read so far over every file. */
  get bytesDone(): number {
    return this.#bytesDone;
  }

  /** The files, databases first, then logs. Only one iteration per backup. */
  [Symbol.asyncIterator](): AsyncIterator<StreamedFile> {
    if (this.#iterated) throw new TypeError('a streaming backup can be iterated only once');
    this.#iterated = true;
    return this.#files();
  }

  async *#files(): AsyncGenerator<StreamedFile, void, undefined> {
    let index = 0;
    let finished = false;
    try {
      this.#throwIfEnded();
      if (!this.#incremental) {
        const dbs = namesOf(await this.#listDatabases());
        for (const path of dbs) {
          const file = await this.#openFile(path, 'database', index++);
          yield file;
          await this.#finishFile(file);
        }
      }
      const logs = namesOf(await this.#listLogs());
      this.#logsPending = logs.length;
      for (const path of logs) {
        this.#logsPending--;
        const file = await this.#openFile(path, 'log', index++);
        yield file;
        await this.#finishFile(file);
      }
      this.#throwIfEnded();
      this.#state = 'copied';
      finished = true;
    } catch (e) {
      finished = true;
      const reason = this.#reason ?? e;
      await this.abort(reason).catch(() => undefined);
      throw reason;
    } finally {
      // the consumer left the loop early (break, return, a throw in its body): nothing is committed
      if (!finished) await this.abort(new Error('the streaming backup was left before every file was copied')).catch(() => undefined);
    }
  }

  /** GetAttachInfoInstance: pcbActual is always the full size, so a short first buffer is asked again at that size. */
  async #listDatabases(): Promise<string> {
    const call = (cbMax: number) => this.#calls.run(() => this.#api.JetGetAttachInfoInstance(this.#inst, cbMax));
    let r = await call(FIRST_LIST_BYTES);
    if (r.pcbActual > FIRST_LIST_BYTES) r = await call(r.pcbActual);
    this.#throwIfEnded();
    return r.szz;
  }

  /** GetLogInfoInstance2: pcbActual is min(cbMax, needed), so ask for the size first (cbMax 0 = NULL buffer). */
  async #listLogs(): Promise<string> {
    const li = { cbSize: JET_LOGINFO_cbSize };
    const sized = await this.#calls.run(() => this.#api.JetGetLogInfoInstance2(this.#inst, 0, li));
    const r = await this.#calls.run(() => this.#api.JetGetLogInfoInstance2(this.#inst, Math.max(sized.pcbActual, 4), li));
    this.#logInfo = r.pLogInfo;
    this.#throwIfEnded();
    return r.szz;
  }

  async #openFile(path: string, kind: StreamedFileKind, index: number): Promise<StreamedFile> {
    const r = await this.#calls.run(async () => {
      this.#throwIfEnded();
      const opened = await this.#api.JetOpenFileInstance(this.#inst, path);
      this.#hfFile = opened.phfFile;
      return opened;
    });
    this.#throwIfEnded();
    const size = r.pulFileSizeHigh * 2 ** 32 + r.pulFileSizeLow;
    if (kind === 'log') this.#logSize ??= size;
    this.#sizesOpened += size;
    const info = { path, kind, index, size };
    let fileBytesDone = 0;
    const report = (): void => {
      if (!this.#onProgress) return;
      const pendingLogs = this.#logSize === undefined ? 0 : this.#logsPending * this.#logSize;
      this.#onProgress({
        file: info,
        fileBytesDone,
        bytesDone: this.#bytesDone,
        bytesTotal: this.#sizesOpened + pendingLogs,
        totalIsFinal: kind === 'log' && this.#logsPending === 0,
      });
    };
    const hfFile = r.phfFile;
    const stream = new EseFileReadable(
      {
        read: (hf, pv, cb) => this.#calls.run(() => this.#api.JetReadFileInstance(this.#inst, hf, pv, cb)),
        close: (hf) =>
          this.#calls.run(async () => {
            if (this.#hfFile !== hf) return; // the End already closed it
            await this.#api.JetCloseFileInstance(this.#inst, hf);
            this.#hfFile = undefined;
          }),
        progress: (n) => {
          fileBytesDone += n;
          this.#bytesDone += n;
          report();
        },
        abortReason: () => this.#reason,
        alignedBuffers: (n) => this.#alignedBuffers(n),
      },
      hfFile,
      this.#chunkSize,
    );
    this.#current = stream;
    report();
    return { ...info, stream, saveTo: (path: string) => stream.saveTo(path) };
  }

  /** The backup's page-aligned read buffers, made on first use and kept for every file (reads are one at a time). */
  #alignedBuffers(n: 1 | 2): readonly Uint8Array[] {
    while (this.#aligned.length < n) this.#aligned.push(alignedBytes(this.#chunkSize).subarray(0, this.#chunkSize));
    return this.#aligned;
  }

  /** After the consumer asked for the next file: the current one must have been read to its end. */
  async #finishFile(file: StreamedFile): Promise<void> {
    const stream = file.stream as EseFileReadable;
    if (!stream.started && !stream.destroyed) {
      const e = new Error(`${file.path} was not read: read each file's stream to its end before asking for the next`);
      this.#destroyCurrent(e);
      throw e;
    }
    await stream.settled;
    this.#current = undefined;
    this.#throwIfEnded();
  }

  /** Ends the file being streamed with `reason` (a pipeline reading it rejects with it). */
  #destroyCurrent(reason: unknown): void {
    const s = this.#current;
    if (s && !s.destroyed) s.destroy(reason as Error);
  }

  #throwIfEnded(): void {
    if (this.#state === 'copying' || this.#state === 'copied' || this.#state === 'committing') return;
    throw this.#reason ?? new Error(`the streaming backup is ${this.#state}`);
  }

  /**
   * The copy is safe: truncates the logs this backup copied (JetTruncateLogInstance, unless
   * `truncateLogs: false`), then ends the backup normally (JetEndExternalBackupInstance2 with
   * JET_bitBackupEndNormal). Only after every file was read to its end; a failing truncation ends
   * the backup with abort and rejects with its JetError.
   */
  async commit(options: StreamingBackupCommitOptions = {}): Promise<void> {
    if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
    if (options.truncateLogs !== undefined && typeof options.truncateLogs !== 'boolean') throw new TypeError('truncateLogs must be a boolean');
    if (this.#state !== 'copied') {
      if (this.#state === 'copying') throw new Error('commit() before every file of the backup was read to its end');
      throw this.#reason ?? new Error(`the streaming backup is already ${this.#state}`);
    }
    this.#state = 'committing';
    try {
      if (options.truncateLogs ?? true) await this.#calls.run(() => this.#api.JetTruncateLogInstance(this.#inst));
      await this.#calls.run(() => this.#api.JetEndExternalBackupInstance2(this.#inst, JET_bitBackupEndNormal));
    } catch (e) {
      this.#state = 'copied';
      await this.abort(this.#reason ?? e).catch(() => undefined);
      throw this.#reason ?? e;
    }
    this.#state = 'committed';
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }

  /**
   * Stops the backup without truncating anything: JetStopBackupInstance (a read in flight fails,
   * the file being streamed is destroyed with `reason`), then JetEndExternalBackupInstance2 with
   * JET_bitBackupEndAbort. Idempotent; a no-op once committed. Resolves once the backup has ended.
   */
  abort(reason: unknown = new Error('the streaming backup was aborted')): Promise<void> {
    if (this.#state === 'committed') return Promise.resolve();
    if (this.#ending) return this.#ending;
    this.#reason = reason;
    this.#state = 'aborting';
    this.#signal?.removeEventListener('abort', this.#onAbort);
    const stopped = this.#api.JetStopBackupInstance(this.#inst).catch(() => undefined);
    this.#destroyCurrent(reason);
    this.#ending = (async () => {
      await stopped;
      await this.#calls.run(async () => {
        try {
          if (this.#hfFile !== undefined) await this.#api.JetCloseFileInstance(this.#inst, this.#hfFile).catch(() => undefined);
          this.#hfFile = undefined;
          await this.#api.JetEndExternalBackupInstance2(this.#inst, JET_bitBackupEndAbort);
        } finally {
          this.#state = 'aborted';
        }
      });
    })();
    return this.#ending;
  }

  /** `await using`: a backup not committed is aborted (logs kept); errors of the End are swallowed. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#state === 'committed') return;
    await this.abort(new Error('the streaming backup was disposed before commit()')).catch(() => undefined);
  }
}
