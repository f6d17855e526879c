// One IVssAsync wait with a deadline and an AbortSignal (spec: vss/IVssAsync-Wait.md,
// IVssAsync-Cancel.md; SEMANTICS.md §3, §7): Wait(timeout), then QueryStatus. Still PENDING after
// the wait means the deadline passed: Cancel, as restic does. An abort calls Cancel at once, which
// ends the Wait. Either way the caller then cleans up (AbortBackup, Release).
import { hresultError, VSS_S_ASYNC_CANCELLED, VSS_S_ASYNC_FINISHED, VSS_S_ASYNC_PENDING } from '@winbackup/errors';
import type { IVssAsync } from '../api/IVssAsync.js';

/** How a wait ended when it did not finish: the operation's failure, the deadline, or the signal. */
export class AsyncWaitEnded extends Error {
  /**
   * `how` the wait ended; `cause` is the operation's failure, the timeout, or the signal's reason;
   * `asyncStatus` what QueryStatus said last (VSS_S_ASYNC_CANCELLED once Cancel took), if it was asked.
   */
  constructor(
    readonly how: 'failed' | 'timeout' | 'aborted',
    cause: unknown,
    readonly asyncStatus?: number,
  ) {
    super(how, { cause });
  }
}

/** QueryStatus's pHrResult, or undefined when even that fails. */
async function statusOf(op: IVssAsync): Promise<number | undefined> {
  try {
    return (await op.QueryStatus()).pHrResult;
  } catch {
    return undefined;
  }
}

/** Resolves when `op` finished (VSS_S_ASYNC_FINISHED); otherwise rejects with an {@link AsyncWaitEnded}. */
export async function waitForAsync(op: IVssAsync, context: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  const onAbort = (): void => void op.Cancel().catch(() => undefined);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    try {
      await op.Wait(timeoutMs);
    } catch (e) {
      throw new AsyncWaitEnded(signal?.aborted ? 'aborted' : 'failed', signal?.aborted ? signal.reason : e, await statusOf(op));
    }
    const { pHrResult } = await op.QueryStatus();
    if (pHrResult === VSS_S_ASYNC_FINISHED) return;
    if (pHrResult === VSS_S_ASYNC_PENDING) {
      // the operation may have failed or finished between QueryStatus and Cancel: either way it is over
      await op.Cancel().catch(() => undefined);
      throw new AsyncWaitEnded('timeout', new DOMException(`${context} did not finish within ${timeoutMs} ms`, 'TimeoutError'), await statusOf(op));
    }
    if (pHrResult === VSS_S_ASYNC_CANCELLED && signal?.aborted) throw new AsyncWaitEnded('aborted', signal.reason, pHrResult);
    throw new AsyncWaitEnded('failed', hresultError(pHrResult, { context: `${context} IVssAsync::QueryStatus` }), pHrResult);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
