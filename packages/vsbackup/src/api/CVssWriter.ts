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
import type { VssWriterEventContext, VssWriterHost, VssWriterRegistration } from './writer-host.js';
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

/** Runs `fn` as the handler of one event, so SetWriterFailure and the Get* methods see `ctx`. */
export function runInWriterEvent<T>(ctx: VssWriterEventContext, fn: () => T): T {
  return current.run(ctx, fn);
}

type HandlerResult = boolean | Promise<boolean>;

/** The five codes SetWriterFailure can set (spec: vss/CVssWriter-SetWriterFailure.md, SEMANTICS.md §4). */
const WRITER_FAILURES: ReadonlySet<number> = new Set([
  VSS_E_WRITERERROR_INCONSISTENTSNAPSHOT,
  VSS_E_WRITERERROR_OUTOFRESOURCES,
  VSS_E_WRITERERROR_TIMEOUT,
  VSS_E_WRITERERROR_RETRYABLE,
  VSS_E_WRITERERROR_NONRETRYABLE,
]);

export abstract class CVssWriter {
  readonly #host: VssWriterHost;
  #registration: Omit<VssWriterRegistration, 'eventFlags'> | null = null;
  #subscribed = false;

  constructor(host: VssWriterHost) {
    if (typeof host !== 'object' || host === null || typeof host.subscribeWriter !== 'function') {
      throw new TypeError('CVssWriter needs the VSS to subscribe to (e.g. the object createReferenceVss returns)');
    }
    this.#host = host;
  }

  /** spec: vss/CVssWriter-Initialize.md. dwTimeoutFreeze is the Freeze-to-Thaw window in ms (default 60000). */
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
    if (this.#subscribed) throw hresultError(VSS_E_BAD_STATE, { context: 'CVssWriter::Initialize' });
    if (wszWriterName.length === 0 || ut < 0 || ut > 4 || st < 0 || st > 3 || nLevel < -1 || nLevel > 4 || dwTimeoutFreeze <= 0 || dwTimeoutFreeze > 0xffffffff) {
      throw hresultError(E_INVALIDARG, { context: 'CVssWriter::Initialize' });
    }
    this.#registration = {
      writerId,
      instanceId: randomUUID(),
      writerName: wszWriterName,
      instanceName: wszWriterInstanceName,
      usage: ut,
      source: st,
      level: nLevel,
      timeoutFreezeMs: dwTimeoutFreeze,
    };
  }

  /** spec: vss/CVssWriter-Subscribe.md */
  async Subscribe(dwEventFlags: number = VSS_SM_BACKUP_EVENTS_FLAG | VSS_SM_RESTORE_EVENTS_FLAG): Promise<void> {
    if (!Number.isInteger(dwEventFlags)) throw new TypeError('dwEventFlags must be an integer');
    if (!this.#registration) throw hresultError(VSS_E_UNEXPECTED, { context: 'CVssWriter::Subscribe (not initialized)' });
    if (this.#subscribed) throw hresultError(VSS_E_WRITER_ALREADY_SUBSCRIBED, { context: 'CVssWriter::Subscribe' });
    this.#host.subscribeWriter(this, { ...this.#registration, eventFlags: dwEventFlags >>> 0 });
    this.#subscribed = true;
  }

  async Unsubscribe(): Promise<void> {
    if (!this.#subscribed) return;
    this.#host.unsubscribeWriter(this);
    this.#subscribed = false;
  }

  // ---- handlers (spec: vss/CVssWriter-On*.md) ----
  /** Must not change state: Identify may arrive at any time. */
  OnIdentify(_pMetadata: IVssCreateWriterMetadata): HandlerResult {
    return true;
  }
  OnPrepareBackup(_pComponent: IVssWriterComponents): HandlerResult {
    return true;
  }
  abstract OnPrepareSnapshot(): HandlerResult;
  abstract OnFreeze(): HandlerResult;
  abstract OnThaw(): HandlerResult;
  OnPostSnapshot(_pComponent: IVssWriterComponents): HandlerResult {
    return true;
  }
  abstract OnAbort(): HandlerResult;
  OnBackupComplete(_pComponent: IVssWriterComponents): HandlerResult {
    return true;
  }
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
   * Records a failure for the event being handled; return false for a fatal error, true for a veto.
   * Not allowed in OnIdentify (VSS_E_BAD_STATE). spec: vss/CVssWriter-SetWriterFailure.md
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
  GetCurrentSnapshotSetId(): VSS_ID {
    const id = this.#ctx('GetCurrentSnapshotSetId').snapshotSetId;
    // "cannot be called after OnPostSnapshot returns" nor from OnBackupShutdown, which gets the ID as
    // its argument (spec: vss/handling-backupshutdown-events.md); the code is (inferred)
    if (id === null) throw hresultError(VSS_E_BAD_STATE, { context: 'CVssWriter::GetCurrentSnapshotSetId after PostSnapshot' });
    return id;
  }
  GetCurrentVolumeArray(): string[] {
    return [...this.#ctx('GetCurrentVolumeArray').volumes];
  }
  GetCurrentVolumeCount(): number {
    return this.#ctx('GetCurrentVolumeCount').volumes.length;
  }
  GetBackupType(): VSS_BACKUP_TYPE {
    return this.#ctx('GetBackupType').backupType;
  }
  GetContext(): number {
    return this.#ctx('GetContext').context;
  }
  GetCurrentLevel(): VSS_APPLICATION_LEVEL {
    this.#ctx('GetCurrentLevel');
    return this.#registration!.level;
  }
  AreComponentsSelected(): boolean {
    return this.#ctx('AreComponentsSelected').componentsSelected;
  }
  IsBootableSystemStateBackedUp(): boolean {
    return this.#ctx('IsBootableSystemStateBackedUp').bootableSystemState;
  }
  IsPartialFileSupportEnabled(): boolean {
    return this.#ctx('IsPartialFileSupportEnabled').partialFileSupport;
  }
  IsPathAffected(wszPath: string): boolean {
    if (typeof wszPath !== 'string') throw new TypeError('wszPath must be a string');
    return this.#ctx('IsPathAffected').isPathAffected(wszPath);
  }
  /** Valid from PostSnapshot on; VSS_E_OBJECT_NOT_FOUND before the set is committed or for a volume outside it. */
  GetSnapshotDeviceName(wszOriginalVolume: string): string {
    if (typeof wszOriginalVolume !== 'string') throw new TypeError('wszOriginalVolume must be a string');
    const name = this.#ctx('GetSnapshotDeviceName').deviceNameOf(wszOriginalVolume);
    if (name === null) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: 'CVssWriter::GetSnapshotDeviceName' });
    return name;
  }
}
