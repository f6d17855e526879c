// Promise form of an IVssAsync: Wait, then QueryStatus, as AlphaVSS's task factory does
// (SEMANTICS.md §6); an AbortSignal maps to IVssAsync::Cancel.
import { hresultError, VSS_S_ASYNC_FINISHED } from '@winbackup/errors';
import type { IVssAsync } from './IVssAsync.js';

export interface AwaitVssAsyncOptions {
  /** Aborting it calls Cancel; the promise then rejects with VSS_S_ASYNC_CANCELLED. */
  readonly signal?: AbortSignal;
}

/**
 * Resolves when the operation finished (VSS_S_ASYNC_FINISHED). Rejects with an HResultError carrying
 * the failure code, or VSS_S_ASYNC_CANCELLED when the operation was cancelled.
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

