// Promise form of an IVssAsync: Wait, then QueryStatus, as AlphaVSS's task factory does
// (SEMANTICS.md §6); an AbortSignal maps to IVssAsync::Cancel.
import { hresultError, VSS_S_ASYNC_FINISHED } from '@winbackup/errors';
import type { IVssAsync } from './IVssAsync.js';

export interface AwaitVssAsyncOptions {
  /** Aborting it calls Cancel; the promise then rejects with VSS_S_ASYNC_CANCELLED. */
  readonly signal?: AbortSignal;
}

/**
 * Turns an IVssAsync into a Promise: Wait, then QueryStatus. Resolves when the operation finished
 * (VSS_S_ASYNC_FINISHED); aborting `options.signal` calls Cancel.
 * @throws an HResultError with the operation's failure code (VSS_E_BAD_STATE,
 * VSS_E_UNEXPECTED_WRITER_ERROR, ...), or VSS_S_ASYNC_CANCELLED when it was cancelled.
 * @throws TypeError when `pAsync` is not an IVssAsync.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vss/nf-vss-ivssasync-wait
 */
export async function awaitVssAsync(pAsync: IVssAsync, options: AwaitVssAsyncOptions = {}): Promise<void> {
  if (typeof pAsync !== 'object' || pAsync === null || typeof pAsync.Wait !== 'function') {
    throw new TypeError('pAsync must be an IVssAsync');
  }
  const { signal } = options;
  const onAbort = (): void => {
    // Cancel reports an earlier failure by rejecting; Wait below reports it too.
    pAsync.Cancel().catch(() => undefined);
  };
  if (signal) {
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  }
  try {
    await pAsync.Wait();
    const { pHrResult } = await pAsync.QueryStatus();
    if (pHrResult === VSS_S_ASYNC_FINISHED) return;
    throw hresultError(pHrResult, { context: 'IVssAsync', ...(signal?.aborted ? { cause: signal.reason } : {}) });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

