// Base class of a writer, mirroring CVssWriter (vswriter.h). Subclasses override the On* handlers;
// OnPrepareSnapshot, OnFreeze, OnThaw and OnAbort must be implemented (pure virtual in C++).
// Handlers may be async. spec: vss/CVssWriter.md, vss/CVssWriter-*.md, SEMANTICS.md §4
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import {
  hresultError,
  VSS_E_BAD_STATE,
  VSS_E_UNEXPECTED,
  VSS_E_WRITER_ALREADY_SUBSCRIBED,
  VSS_E_OBJECT_NOT_FOUND,
  E_INVALIDARG,
  VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT,
  VSS_E_WRITERERROR_NONRETRYABLE,
  VSS_E_WRITERERROR_OUTOFRESOURCES,
  VSS_E_WRITERERROR_RETRYABLE,
  VSS_E_WRITERERROR_TIMEOUT,
} from '@winbackup/errors';
import { VSS_SM_BACKUP_EVENTS_FLAG, VSS_SM_RESTORE_EVENTS_FLAG, type VSS_BACKUP_TYPE } from './enums.js';
import { toVssId, type VSS_ID } from './ids.js';
import type { IVssCreateWriterMetadata } from './IVssCreateWriterMetadata.js';
import type { IVssWriterComponents } from './IVssWriterComponents.js';
import { WRITER_HOST_UNAVAILABLE, type VssWriterEventContext, type VssWriterHost, type VssWriterRegistration } from './writer-host.js';
import {
  VSS_APP_FRONT_END,
  VSS_AWS_NO_ALTERNATE_WRITER,
  type VSS_ALTERNATE_WRITER_STATE,
  type VSS_APPLICATION_LEVEL,
  type VSS_SOURCE_TYPE,
  type VSS_USAGE_TYPE,
} from './writer-enums.js';

/** Which event's context the current async call chain runs in (the C++ "handler thread"). */
const current = new AsyncLocalStorage<VssWriterEventContext>();

/** Runs `fn` as the handler of one event, so SetWriterFailure and the Get* methods see `ctx` (used by a VSS host). */
export function runInWriterEvent<T>(ctx: VssWriterEventContext, fn: () => T): T {
  return current.run(ctx, fn);
}

/** What an event handler returns: success (true) or failure (false), possibly asynchronously. */
export type HandlerResult = boolean | Promise<boolean>;

/** The five codes SetWriterFailure can set (spec: vss/CVssWriter-SetWriterFailure.md, SEMANTICS.md §4). */
const WRITER_FAILURES: ReadonlySet<number> = new Set([
  VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT,
  VSS_E_WRITERERROR_OUTOFRESOURCES,
  VSS_E_WRITERERROR_TIMEOUT,
  VSS_E_WRITERERROR_RETRYABLE,
  VSS_E_WRITERERROR_NONRETRYABLE,
]);

/**
 * Base class of a VSS writer, as CVssWriter in vswriter.h. Subclass it, implement OnPrepareSnapshot,
 * OnFreeze, OnThaw and OnAbort (pure virtual in C++), override the other handlers as needed, then
 * call Initialize and Subscribe. Handlers may be async; during a handler the Get* methods and
 * SetWriterFailure describe the event being handled.
 *
 * Over the native VSS (`createNativeVss()`), the object is vssapi.dll's C++ CVssWriter and VSS calls
 * the handlers from its own threads: each handler runs on the main thread while the VSS thread
 * that called it waits for the answer. A handler must therefore not wait for something that only
 * that waiting VSS call would do (an operation of the same backup, such as awaiting the requester's
 * IVssAsync, or a synchronous call that waits for writer events). A handler that throws or rejects
 * answers false (natively the error also becomes a `VssWriterHandlerError` process warning; the
 * reference reports the writer as VSS_E_WRITER_NOT_RESPONDING). Dispose the writer
 * (`await using`, or `[Symbol.asyncDispose]()`) to run the C++ destructor and free its callbacks.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nl-vswriter-cvsswriter
 */
export abstract class CVssWriter {
  readonly #host: VssWriterHost;
  #registration: Omit<VssWriterRegistration, 'eventFlags'> | null = null;
  #subscribed = false;
  #disposed = false;

  /**
   * Creates a writer that subscribes to `host`, the VSS it serves (the object createReferenceVss or
   * createNativeVss returns).
   * @throws TypeError: `host` is not a VSS.
   * @throws Error: `host` cannot host writers (the native backend on a CPU other than x64).
   */
  constructor(host: VssWriterHost) {
    const unavailable = typeof host === 'object' && host !== null ? (host as { [WRITER_HOST_UNAVAILABLE]?: unknown })[WRITER_HOST_UNAVAILABLE] : undefined;
    if (typeof unavailable === 'string') throw new Error(unavailable);
    if (typeof host !== 'object' || host === null || typeof host.subscribeWriter !== 'function') {
      throw new TypeError('CVssWriter needs the VSS to subscribe to (e.g. the object createReferenceVss returns)');
    }
    this.#host = host;
  }

  /**
   * Sets the writer's identity before Subscribe: its class id, name, usage and source types,
   * application level (front-end, back-end or system freezes first) and the Freeze-to-Thaw window
   * `dwTimeoutFreeze` in ms (default 60000).
   * @throws VSS_E_BAD_STATE: the writer is subscribed, or was disposed.
   * @throws E_INVALIDARG: an empty name, an enum value out of range, or a zero timeout.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-initialize
   */
  async Initialize(
    WriterId: VSS_ID,
    wszWriterName: string,
    ut: VSS_USAGE_TYPE,
    st: VSS_SOURCE_TYPE,
    nLevel: VSS_APPLICATION_LEVEL = VSS_APP_FRONT_END,
    dwTimeoutFreeze = 60000,
    aws: VSS_ALTERNATE_WRITER_STATE = VSS_AWS_NO_ALTERNATE_WRITER,
    bIOThrottlingOnly = false,
    wszWriterInstanceName: string | null = null,
  ): Promise<void> {
    const writerId = toVssId(WriterId, 'WriterId');
    if (typeof wszWriterName !== 'string') throw new TypeError('wszWriterName must be a string');
    for (const [n, v] of [['ut', ut], ['st', st], ['nLevel', nLevel], ['dwTimeoutFreeze', dwTimeoutFreeze], ['aws', aws]] as const) {
      if (!Number.isInteger(v)) throw new TypeError(`${n} must be an integer`);
    }
    if (typeof bIOThrottlingOnly !== 'boolean') throw new TypeError('bIOThrottlingOnly must be a boolean');
    if (wszWriterInstanceName !== null && typeof wszWriterInstanceName !== 'string') {
      throw new TypeError('wszWriterInstanceName must be a string or null');
    }
    if (this.#disposed) throw hresultError(VSS_E_BAD_STATE, { context: 'CVssWriter::Initialize after dispose' });
    if (this.#subscribed) throw hresultError(VSS_E_BAD_STATE, { context: 'CVssWriter::Initialize' });
    if (wszWriterName.length === 0 || ut < 0 || ut > 4 || st < 0 || st > 3 || nLevel < -1 || nLevel > 4 || dwTimeoutFreeze <= 0 || dwTimeoutFreeze > 0xffffffff) {
      throw hresultError(E_INVALIDARG, { context: 'CVssWriter::Initialize' });
    }
    const registration = {
      writerId,
      instanceId: randomUUID(),
      writerName: wszWriterName,
      instanceName: wszWriterInstanceName,
      usage: ut,
      source: st,
      level: nLevel,
      timeoutFreezeMs: dwTimeoutFreeze,
      alternateWriterState: aws,
      ioThrottlingOnly: bIOThrottlingOnly,
    };
    await this.#host.initializeWriter?.(this, registration);
    this.#registration = registration;
  }

  /**
   * Subscribes the writer to VSS events (`VSS_SM_BACKUP_EVENTS_FLAG | VSS_SM_RESTORE_EVENTS_FLAG` by
   * default); from now on requesters' GatherWriterMetadata includes it.
   * @throws VSS_E_UNEXPECTED: Initialize was not called.
   * @throws VSS_E_BAD_STATE: the writer was disposed.
   * @throws VSS_E_WRITER_ALREADY_SUBSCRIBED: already subscribed.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-subscribe
   */
  async Subscribe(dwEventFlags: number = VSS_SM_BACKUP_EVENTS_FLAG | VSS_SM_RESTORE_EVENTS_FLAG): Promise<void> {
    if (!Number.isInteger(dwEventFlags)) throw new TypeError('dwEventFlags must be an integer');
    // the C++ object is gone after dispose: the code the reference gives a released object
    if (this.#disposed) throw hresultError(VSS_E_BAD_STATE, { context: 'CVssWriter::Subscribe after dispose' });
    if (!this.#registration) throw hresultError(VSS_E_UNEXPECTED, { context: 'CVssWriter::Subscribe (not initialized)' });
    if (this.#subscribed) throw hresultError(VSS_E_WRITER_ALREADY_SUBSCRIBED, { context: 'CVssWriter::Subscribe' });
    await this.#host.subscribeWriter(this, { ...this.#registration, eventFlags: dwEventFlags >>> 0 });
    this.#subscribed = true;
  }

  /**
   * Unsubscribes the writer; a requester that listed it since Identify then reports it as
   * VSS_E_WRITER_NOT_RESPONDING. Does nothing when not subscribed.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-unsubscribe
   */
  async Unsubscribe(): Promise<void> {
    if (!this.#subscribed) return;
    await this.#host.unsubscribeWriter(this);
    this.#subscribed = false;
  }

  /**
   * Unsubscribes (when subscribed) and frees the writer, as deleting the C++ object does: over the
   * native VSS, the destructor of vssapi.dll's CVssWriter runs once and the callbacks VSS called
   * are released. Later calls do nothing; Initialize afterwards rejects with VSS_E_BAD_STATE.
   * `await using writer = new MyWriter(vss)` calls it.
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed) return;
    try {
      await this.Unsubscribe();
    } finally {
      this.#disposed = true;
      await this.#host.disposeWriter?.(this);
    }
  }

  // ---- handlers (spec: vss/CVssWriter-On*.md) ----
  /**
   * Identify event: describe the writer's components in `pMetadata`. Must not change state, since
   * Identify may arrive at any time. Return true on success, false (after SetWriterFailure, or
   * without it for a failure with S_OK) to fail the event; may be async.
   * @returns true by default.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onidentify
   */
  OnIdentify(_pMetadata: IVssCreateWriterMetadata): HandlerResult {
    return true;
  }
  /**
   * PrepareForBackup event: the requester's backup state and (in component mode) its selected
   * components are known. Return true on success, false (after SetWriterFailure, or without it for a
   * failure with S_OK) to fail the event; may be async.
   * @returns true by default.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onpreparebackup
   */
  OnPrepareBackup(_pComponent: IVssWriterComponents): HandlerResult {
    return true;
  }
  /**
   * PrepareForSnapshot event: get ready to freeze (the volumes are known: GetCurrentVolumeArray).
   * Return true on success, false (after SetWriterFailure, or without it for a failure with S_OK) to
   * fail the event; may be async. A failure here does not abort the set.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onpreparesnapshot
   */
  abstract OnPrepareSnapshot(): HandlerResult;
  /**
   * Freeze event: stop writing to the volumes of the set, within the writer's freeze window. Return
   * true on success, false (after SetWriterFailure, or without it for a failure with S_OK) to fail
   * the event; may be async. A failure or a late answer aborts the set.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onfreeze
   */
  abstract OnFreeze(): HandlerResult;
  /**
   * Thaw event: the snapshots are taken (or the set was aborted after Freeze); resume writing.
   * Return true on success, false (after SetWriterFailure, or without it for a failure with S_OK) to
   * fail the event; may be async.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onthaw
   */
  abstract OnThaw(): HandlerResult;
  /**
   * PostSnapshot event: the snapshots exist; GetSnapshotDeviceName names them. Return true on
   * success, false (after SetWriterFailure, or without it for a failure with S_OK) to fail the
   * event; may be async. A failure here does not abort the set.
   * @returns true by default.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onpostsnapshot
   */
  OnPostSnapshot(_pComponent: IVssWriterComponents): HandlerResult {
    return true;
  }
  /**
   * Abort event: the backup was abandoned (AbortBackup, or a failed Freeze or Thaw); undo what
   * PrepareForSnapshot and Freeze did. Writers that reached PostSnapshot never get it. Return true
   * on success, false (after SetWriterFailure, or without it for a failure with S_OK) to fail the
   * event; may be async.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onabort
   */
  abstract OnAbort(): HandlerResult;
  /**
   * BackupComplete event: the requester says the backup is over; `pComponent` carries each selected
   * component's SetBackupSucceeded result. Return true on success, false (after SetWriterFailure, or
   * without it for a failure with S_OK) to fail the event; may be async.
   * @returns true by default.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onbackupcomplete
   */
  OnBackupComplete(_pComponent: IVssWriterComponents): HandlerResult {
    return true;
  }
  /**
   * BackupShutdown event: the requester released its backup components object (sent on every
   * Release). Return true on success, false (after SetWriterFailure, or without it for a failure
   * with S_OK) to fail the event; may be async.
   * @returns true by default.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-onbackupshutdown
   */
  OnBackupShutdown(_SnapshotSetId: VSS_ID): HandlerResult {
    return true;
  }

  // ---- calls a handler makes about the event it is handling ----
  #ctx(method: string): VssWriterEventContext {
    const ctx = current.getStore();
    if (!ctx) throw hresultError(VSS_E_BAD_STATE, { context: `CVssWriter::${method} outside an event handler` });
    return ctx;
  }

  /**
   * Records a failure for the event being handled; then return false for a fatal failure, or true
   * for a veto.
   * @throws VSS_E_BAD_STATE: outside an event handler, or in OnIdentify.
   * @throws E_INVALIDARG: not one of the five VSS_E_WRITERERROR_* codes (inferred; the page lists none).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-setwriterfailure
   */
  SetWriterFailure(hr: number): void {
    if (!Number.isInteger(hr)) throw new TypeError('hr must be an integer HRESULT');
    const ctx = this.#ctx('SetWriterFailure');
    if (!ctx.failureAllowed) throw hresultError(VSS_E_BAD_STATE, { context: 'CVssWriter::SetWriterFailure in OnIdentify' });
    // only the writer-error family may be set (SEMANTICS.md §4 "Handler return contract"); E_INVALIDARG
    // for anything else is inferred, the page lists no failure codes
    if (!WRITER_FAILURES.has(hr | 0)) throw hresultError(E_INVALIDARG, { context: 'CVssWriter::SetWriterFailure: not a VSS_E_WRITERERROR_* code' });
    ctx.setFailure(hr | 0);
  }
  /**
   * The id of the snapshot set the current event belongs to.
   * @returns the snapshot set id.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @throws VSS_E_BAD_STATE: after PostSnapshot, in OnBackupComplete or OnBackupShutdown (inferred code).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-getcurrentsnapshotsetid
   */
  GetCurrentSnapshotSetId(): VSS_ID {
    const id = this.#ctx('GetCurrentSnapshotSetId').snapshotSetId;
    // "cannot be called after OnPostSnapshot returns" nor from OnBackupShutdown, which gets the ID as
    // its argument (spec: vss/handling-backupshutdown-events.md); the code is (inferred)
    if (id === null) throw hresultError(VSS_E_BAD_STATE, { context: 'CVssWriter::GetCurrentSnapshotSetId after PostSnapshot' });
    return id;
  }
  /**
   * The volumes of the current snapshot set.
   * @returns the volume names.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-getcurrentvolumearray
   */
  GetCurrentVolumeArray(): string[] {
    return [...this.#ctx('GetCurrentVolumeArray').volumes];
  }
  /**
   * How many volumes the current snapshot set has.
   * @returns the count.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-getcurrentvolumecount
   */
  GetCurrentVolumeCount(): number {
    return this.#ctx('GetCurrentVolumeCount').volumes.length;
  }
  /**
   * The requester's backup type (SetBackupState).
   * @returns the VSS_BACKUP_TYPE.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-getbackuptype
   */
  GetBackupType(): VSS_BACKUP_TYPE {
    return this.#ctx('GetBackupType').backupType;
  }
  /**
   * The snapshot context of the current event.
   * @returns the VSS_SNAPSHOT_CONTEXT.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-getcontext
   */
  GetContext(): number {
    return this.#ctx('GetContext').context;
  }
  /**
   * The writer's application level (Initialize's nLevel).
   * @returns the VSS_APPLICATION_LEVEL.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-getcurrentlevel
   */
  GetCurrentLevel(): VSS_APPLICATION_LEVEL {
    const ctx = this.#ctx('GetCurrentLevel');
    return ctx.currentLevel ?? this.#registration!.level;
  }
  /**
   * Whether the requester backs up in component mode.
   * @returns SetBackupState's bSelectComponents.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-arecomponentsselected
   */
  AreComponentsSelected(): boolean {
    return this.#ctx('AreComponentsSelected').componentsSelected;
  }
  /**
   * Whether the backup includes the bootable system state.
   * @returns SetBackupState's bBackupBootableSystemState.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-isbootablesystemstatebackedup
   */
  IsBootableSystemStateBackedUp(): boolean {
    return this.#ctx('IsBootableSystemStateBackedUp').bootableSystemState;
  }
  /**
   * Whether the requester supports partial-file backups.
   * @returns SetBackupState's bPartialFileSupport.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-ispartialfilesupportenabled
   */
  IsPartialFileSupportEnabled(): boolean {
    return this.#ctx('IsPartialFileSupportEnabled').partialFileSupport;
  }
  /**
   * Whether a path lies on a volume of the current snapshot set.
   * @returns true when the path is on a volume of the set.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-ispathaffected
   */
  IsPathAffected(wszPath: string): boolean {
    if (typeof wszPath !== 'string') throw new TypeError('wszPath must be a string');
    return this.#ctx('IsPathAffected').isPathAffected(wszPath);
  }
  /**
   * The device object of the snapshot of one of the set's volumes, from PostSnapshot on.
   * @returns the snapshot device name.
   * @throws VSS_E_BAD_STATE: called outside an event handler of this writer.
   * @throws VSS_E_OBJECT_NOT_FOUND: the set is not committed yet, or the volume is not in it.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vswriter/nf-vswriter-cvsswriter-getsnapshotdevicename
   */
  GetSnapshotDeviceName(wszOriginalVolume: string): string {
    if (typeof wszOriginalVolume !== 'string') throw new TypeError('wszOriginalVolume must be a string');
    const name = this.#ctx('GetSnapshotDeviceName').deviceNameOf(wszOriginalVolume);
    if (name === null) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'CVssWriter::GetSnapshotDeviceName' });
    return name;
  }
}
