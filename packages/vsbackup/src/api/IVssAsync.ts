// IVssAsync: the handle of an asynchronous VSS operation. spec: vss/IVssAsync.md, SEMANTICS.md §3

/**
 * What QueryStatus returns: the C out-parameters by name.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vss/nf-vss-ivssasync-querystatus
 */
export interface IVssAsyncStatus {
  /** VSS_S_ASYNC_PENDING, VSS_S_ASYNC_FINISHED (success; not S_OK), VSS_S_ASYNC_CANCELLED, or the failure HRESULT. */
  readonly pHrResult: number;
  /** Reserved; always 0. */
  readonly pReserved: number;
}

/**
 * The handle of an asynchronous VSS operation (GatherWriterMetadata, PrepareForBackup,
 * DoSnapshotSet, ...). `awaitVssAsync` turns one into a Promise.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vss/nn-vss-ivssasync
 */
export interface IVssAsync {
  /**
   * Waits up to `dwMilliseconds` (default INFINITE) for the operation.
   * @returns S_OK when the wait itself succeeded, including on a timeout (QueryStatus then says VSS_S_ASYNC_PENDING).
   * @throws the operation's failure HRESULT, when it failed.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vss/nf-vss-ivssasync-wait
   */
  Wait(dwMilliseconds?: number): Promise<number>;
  /**
   * Reports where the operation is.
   * @returns `pHrResult`: VSS_S_ASYNC_PENDING, VSS_S_ASYNC_FINISHED (success; not S_OK), VSS_S_ASYNC_CANCELLED, or the failure HRESULT.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vss/nf-vss-ivssasync-querystatus
   */
  QueryStatus(): Promise<IVssAsyncStatus>;
  /**
   * Cancels the operation.
   * @returns S_OK when cancelled now, VSS_S_ASYNC_CANCELLED when already cancelled, VSS_S_ASYNC_FINISHED when already complete.
   * @throws the failure HRESULT, when the operation had already failed.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vss/nf-vss-ivssasync-cancel
   */
  Cancel(): Promise<number>;
}
