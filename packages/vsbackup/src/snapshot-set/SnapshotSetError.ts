// The error of the snapshot-set layer: which step failed, how (an HRESULT, a timed-out wait, an
// abort), and every writer's VSS_WRITER_STATE as GatherWriterStatus reported it afterwards.
import { describeHResult, isHResultError } from '@winbackup/errors';
import type { SnapshotSetStep, VssWriterStatusEntry } from './types.js';

const BRAND = Symbol.for('@winbackup/vsbackup:SnapshotSetError');

/** How a step failed. */
export type SnapshotSetFailure = 'failed' | 'timeout' | 'aborted';

/** Thrown by {@link takeSnapshotSet}, {@link withSnapshotSet} and {@link SnapshotSet.complete}; `cause` is the underlying error. */
export class SnapshotSetError extends Error {
  override readonly name = 'SnapshotSetError';
  /** The call that failed. */
  readonly step: SnapshotSetStep;
  readonly failure: SnapshotSetFailure;
  /** The HRESULT of a failed call (signed), if it was one. */
  readonly hresult: number | undefined;
  /** The writers after the failure (empty when GatherWriterStatus could not run at that point). */
  readonly writers: readonly VssWriterStatusEntry[];
  /** Errors of the clean-up calls (AbortBackup, DeleteSnapshots, Release), which never mask the failure. */
  readonly cleanupErrors: readonly unknown[];
  /**
   * For a step that waits on an IVssAsync: what its QueryStatus said last, e.g. VSS_S_ASYNC_CANCELLED
   * after a timeout or an abort (Cancel), or the operation's failure HRESULT.
   */
  readonly asyncStatus: number | undefined;

  /**
   * The layer builds these; the message names the step, how it failed (with the HRESULT's name) and
   * every writer's state, e.g. `DoSnapshotSet failed: 0x80042315 VSS_E_UNEXPECTED_WRITER_ERROR: ...;
   * writers: App Writer VSS_WS_FAILED_AT_FREEZE (0x800423F3 VSS_E_WRITERERROR_RETRYABLE)`.
   */
  constructor(
    step: SnapshotSetStep,
    failure: SnapshotSetFailure,
    cause: unknown,
    writers: readonly VssWriterStatusEntry[],
    cleanupErrors: readonly unknown[] = [],
    asyncStatus?: number,
  ) {
    const hresult = isHResultError(cause) ? cause.code : undefined;
    const what =
      failure === 'timeout' ? 'timed out (IVssAsync cancelled)' : failure === 'aborted' ? 'was aborted (IVssAsync cancelled)' : `failed: ${hresult !== undefined ? describeHResult(hresult) : String((cause as Error)?.message ?? cause)}`;
    const who = writers.length ? `; writers: ${writers.map((w) => `${w.writerName} ${w.stateName}${w.failure ? ` (${describeHResult(w.failure).split(':')[0]})` : ''}`).join(', ')}` : '';
    super(`${step} ${what}${who}`, { cause });
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
    this.step = step;
    this.failure = failure;
    this.hresult = hresult;
    this.writers = writers;
    this.cleanupErrors = cleanupErrors;
    this.asyncStatus = asyncStatus;
  }

  /** `instanceof` checks the brand, so it holds across duplicate copies of the package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isSnapshotSetError(value);
  }
}

/** True for a {@link SnapshotSetError} from any copy of this package. */
export function isSnapshotSetError(value: unknown): value is SnapshotSetError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
