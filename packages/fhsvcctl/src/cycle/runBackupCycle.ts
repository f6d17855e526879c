// A File History backup cycle as one awaitable call: FhServiceOpenPipe, FhServiceStartBackup (which
// returns at once: spec: filehistory/FhServiceStartBackup.md), then wait for the cycle's end, with
// progress from the service's events; an AbortSignal maps to FhServiceStopBackup(pipe, FALSE) (stop
// this cycle, keep tracking: FhServiceStopBackup.md). The pipe is always closed (FhServiceClosePipe).
import { hresultError } from '@winbackup/errors';
import type { FhSvcCtlApi } from '../api/fhsvcctl.js';
import type { FH_SERVICE_PIPE_HANDLE } from '../api/handles.js';
import type { CycleReport, FhEvent } from '../reference/service/events.js';

/**
 * What the runner needs: the fhsvcctl functions, a way to await the end of the running cycle and,
 * for progress, the service's events. The reference File History has all three. (On Windows the
 * end of a cycle shows only in the protection state, which a native host would poll.)
 */
export interface FhCycleHost extends FhSvcCtlApi {
  /** Resolves when no cycle is running, with the last cycle's report. */
  waitForIdle(): Promise<CycleReport | undefined>;
  /** Adds a listener for the service's events; returns the function that removes it. */
  subscribe?(listener: (e: FhEvent) => void): () => void;
}

/** Progress of a cycle, sent on every service event while it runs. */
export interface FhCycleProgress {
  readonly phase: 'scanning' | 'copying' | 'done';
  /** Files in scope looked at, and how many of them changed (known after the scan). */
  readonly scanned: number;
  readonly changed: number;
  /** Versions created so far (of `changed`). */
  readonly filesCopied: number;
  /** Bytes copied so far over every file. */
  readonly bytesCopied: number;
  /** The file being copied, if any. */
  readonly currentFile: string | undefined;
}

/** Options of {@link runBackupCycle}. */
export interface RunBackupCycleOptions {
  /** FhServiceStartBackup's LowPriorityIo (default true, as the documentation recommends). */
  readonly lowPriorityIo?: boolean;
  /** Aborting it calls FhServiceStopBackup(pipe, FALSE); the call then rejects with the signal's reason once the cycle has stopped. */
  readonly signal?: AbortSignal;
  /** Called on the event loop as the service reports the cycle's files (started, copied, skipped). */
  readonly onProgress?: (progress: FhCycleProgress) => void;
}

/**
 * Runs one backup cycle now and resolves with its report once it has ended. Rejects with the
 * HResultError of FhServiceOpenPipe / FhServiceStartBackup (e.g. FHSVC_E_BACKUP_BLOCKED), with an
 * HResultError of the report's error when the cycle could not run (target absent...), or with the
 * signal's reason after an abort (the cycle stopped, versions already made are kept).
 *
 * ```ts
 * const report = await runBackupCycle(fh, { signal, onProgress: (p) => log(`${p.filesCopied}/${p.changed}`) });
 * ```
 */
export async function runBackupCycle(fh: FhCycleHost, options: RunBackupCycleOptions = {}): Promise<CycleReport> {
  if (typeof fh !== 'object' || fh === null || typeof fh.FhServiceStartBackup !== 'function' || typeof fh.waitForIdle !== 'function') {
    throw new TypeError('fh must have the fhsvcctl functions and waitForIdle()');
  }
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const { signal, onProgress } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError('onProgress must be a function');
  const lowPriorityIo = options.lowPriorityIo ?? true;
  if (typeof lowPriorityIo !== 'boolean') throw new TypeError('lowPriorityIo must be a boolean');
  signal?.throwIfAborted();

  const pipe: FH_SERVICE_PIPE_HANDLE = await fh.FhServiceOpenPipe(true);
  const progress = progressTracker(onProgress);
  const unsubscribe = onProgress && fh.subscribe ? fh.subscribe(progress) : undefined;
  let stopping: Promise<void> | undefined;
  const onAbort = (): void => {
    stopping = fh.FhServiceStopBackup(pipe, false).catch(() => undefined);
  };
  try {
    await fh.FhServiceStartBackup(pipe, lowPriorityIo);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const report = await fh.waitForIdle();
    await stopping;
    if (signal?.aborted) throw signal.reason;
    if (!report) throw new Error('the File History service reported no cycle');
    if (report.error !== undefined) throw hresultError(report.error, { context: 'File History backup cycle' });
    return report;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe?.();
    await fh.FhServiceClosePipe(pipe);
  }
}

/** Folds service events into progress reports. */
function progressTracker(onProgress: ((p: FhCycleProgress) => void) | undefined): (e: FhEvent) => void {
  let scanned = 0;
  let changed = 0;
  let filesCopied = 0;
  let bytesOfDoneFiles = 0;
  let current: { path: string; bytes: number } | undefined;
  let phase: FhCycleProgress['phase'] = 'scanning';
  return (e) => {
    switch (e.type) {
      case 'cycle-start':
        phase = 'scanning';
        break;
      case 'scan-complete':
        ({ scanned, changed } = e);
        phase = 'copying';
        break;
      case 'copy-progress':
        // bytes: what this file has copied so far
        if (current?.path !== e.sourcePath) current = { path: e.sourcePath, bytes: 0 };
        current.bytes = e.bytes;
        break;
      case 'version-created':
        filesCopied++;
        bytesOfDoneFiles += current?.path === e.sourcePath ? current.bytes : 0;
        current = undefined;
        break;
      case 'cycle-end':
        // a copy the cycle did not finish (stopped) is removed: only finished versions count
        phase = 'done';
        current = undefined;
        break;
      default:
        return;
    }
    onProgress?.({ phase, scanned, changed, filesCopied, bytesCopied: bytesOfDoneFiles + (current?.bytes ?? 0), currentFile: current?.path });
  };
}
