// IVssAsync: the handle of an asynchronous VSS operation. spec: vss/IVssAsync.md, SEMANTICS.md §3

export interface IVssAsyncStatus {
  /** VSS_S_ASYNC_PENDING, VSS_S_ASYNC_FINISHED (success; not S_OK), VSS_S_ASYNC_CANCELLED, or the failure HRESULT. */
  readonly pHrResult: number;
  /** Reserved; always 0. */
  readonly pReserved: number;
}

export interface IVssAsync {
  /**
   * Waits up to `dwMilliseconds` (default INFINITE). Resolves S_OK when the wait itself succeeded,
   * including on a timeout (QueryStatus then says PENDING); rejects with the operation's failure.
   * spec: vss/IVssAsync-Wait.md
   */
  Wait(dwMilliseconds?: number): Promise<number>;
  /** spec: vss/IVssAsync-QueryStatus.md */
  QueryStatus(): Promise<IVssAsyncStatus>;
  /**
   * S_OK when cancelled now, VSS_S_ASYNC_CANCELLED when already cancelled, VSS_S_ASYNC_FINISHED when
   * already complete; rejects with the failure when the operation had already failed.
   * spec: vss/IVssAsync-Cancel.md
   */
  Cancel(): Promise<number>;
}
