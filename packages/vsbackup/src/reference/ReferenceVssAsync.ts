// IVssAsync of the reference: the operation runs in the background and settles this object once.
// spec: vss/IVssAsync-Wait.md, vss/IVssAsync-QueryStatus.md, vss/IVssAsync-Cancel.md, SEMANTICS.md §3
import {
  FAILED,
  hresultError,
  S_OK,
  VSS_S_ASYNC_CANCELLED,
  VSS_S_ASYNC_FINISHED,
  VSS_S_ASYNC_PENDING,
} from '@winbackup/errors';
import { INFINITE } from '../api/enums.js';
import type { IVssAsync, IVssAsyncStatus } from '../api/IVssAsync.js';
import { requireDword } from '../validate/args.js';
import type { VssClock } from './clock.js';

/** What a failed operation knows beyond its HRESULT: where (a volume and its folder) and the underlying error. */
export interface VssFailureDetail {
  readonly context: string;
  readonly cause?: unknown;
}

export class ReferenceVssAsync implements IVssAsync {
  #hr = VSS_S_ASYNC_PENDING;
  #detail: VssFailureDetail | undefined;
  readonly #waiters = new Set<() => void>();
  readonly #clock: VssClock;
  readonly #context: string;

  /** Cancel only flips the status; the operation notices it between steps and cleans up. */
  constructor(clock: VssClock, context: string) {
    this.#clock = clock;
    this.#context = context;
  }

  get pending(): boolean {
    return this.#hr === VSS_S_ASYNC_PENDING;
  }

  get cancelled(): boolean {
    return this.#hr === VSS_S_ASYNC_CANCELLED;
  }

  /** Ends the operation with VSS_S_ASYNC_FINISHED or a failure; false if it was cancelled first. */
  settle(hr: number, detail?: VssFailureDetail): boolean {
    if (this.#hr !== VSS_S_ASYNC_PENDING) return false;
    this.#hr = hr;
    this.#detail = detail;
    this.#wake();
    return true;
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
    this.#waiters.clear();
  }

  async Wait(dwMilliseconds: number = INFINITE): Promise<number> {
    requireDword(dwMilliseconds, 'dwMilliseconds');
    if (this.#hr === VSS_S_ASYNC_PENDING && dwMilliseconds !== 0) {
      await new Promise<void>((resolve) => {
        const timer = dwMilliseconds === INFINITE ? null : this.#clock.setTimeout(done, dwMilliseconds);
        const self = this;
        function done(): void {
          if (timer) self.#clock.clearTimeout(timer);
          self.#waiters.delete(done);
          resolve();
        }
        this.#waiters.add(done);
      });
    }
    // A failure while (or before) waiting is Wait's own return value.
    if (this.#hr !== VSS_S_ASYNC_PENDING && FAILED(this.#hr)) throw this.#failure('Wait');
    return S_OK;
  }

  async QueryStatus(): Promise<IVssAsyncStatus> {
    return { pHrResult: this.#hr, pReserved: 0 };
  }

  async Cancel(): Promise<number> {
    if (this.#hr === VSS_S_ASYNC_PENDING) {
      this.#hr = VSS_S_ASYNC_CANCELLED;
      this.#wake();
      return S_OK;
    }
    if (this.#hr === VSS_S_ASYNC_CANCELLED || this.#hr === VSS_S_ASYNC_FINISHED) return this.#hr;
    throw this.#failure('Cancel');
  }

  #failure(method: string): Error {
    const d = this.#detail;
    const context = `${this.#context} IVssAsync::${method}${d ? `: ${d.context}` : ''}`;
    return hresultError(this.#hr, d?.cause === undefined ? { context } : { context, cause: d.cause });
  }
}
