// The streaming backup and stop calls (SEMANTICS.md §1-3): argument checks (TypeError before
// any state change), instance resolution, entry gate, then the per-instance state machine.
import {
  JET_errBackupInProgress,
  JET_errInvalidBackup,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errInvalidBackupSequence,
  JET_errLoggingDisabled,
  JET_errNoBackup,
  jetError,
} from '@winbackup/errors';
import {
  JET_bitBackupEndAbort,
  JET_bitBackupEndNormal,
  JET_bitBackupIncremental,
  JET_paramDatabasePageSize,
} from '../../api/constants.js';
import { JET_LOGINFO_cbSize, type JetGetLogInfoInstance2Result, type JetMultiStringResult, type JetOpenFileResult } from '../../api/backup.js';
import type { JET_HANDLE } from '../../api/handles.js';
import type { Instance } from '../engine/instance.js';
import * as v from '../../validate/validate.js';
import { enterBackupCall } from './gate.js';
import type { BackupHost } from './host.js';
import { copyMultiString } from './multistring.js';
import { BACKUP_HANDLE, StreamingBackup, type BackupOutcome } from './streaming.js';

/** JET_bitBackupSurrogate (jethdr.w 0x20): surrogate backups are not modelled (Begin refuses the bit). */
const JET_BIT_BACKUP_SURROGATE = 0x20;

export class StreamingBackupCalls {
  private readonly running = new WeakMap<Instance, StreamingBackup>();
  /** How the last backup of each instance ended (observable for tests and tools). */
  readonly lastOutcome = new WeakMap<Instance, BackupOutcome>();

  constructor(private readonly host: BackupHost) {}

  /** The instance argument of an *Instance call, or the legacy one-instance form (null). */
  resolve(instance: unknown, context: string, legacy = false): Instance {
    if (legacy) return this.host.legacyInstance(context);
    return this.host.findInstance(v.handleOrNull(instance, 'instance'), context);
  }

  current(inst: Instance): StreamingBackup | undefined {
    return this.running.get(inst);
  }

  private cancelFor(inst: Instance): () => void {
    return () => this.abandon(inst);
  }

  /** Cancellation (SEMANTICS.md §2): back to NotStarted, recorded as aborted, nothing deleted. */
  abandon(inst: Instance): void {
    const b = this.running.get(inst);
    if (!b) return;
    const byServer = inst.backup.stopRequested;
    b.release();
    this.running.delete(inst);
    this.lastOutcome.set(inst, byServer ? 'abortByServer' : 'abortByCaller');
  }

  /** End(Normal) or End(Abort) of the running backup. */
  finish(inst: Instance, abort: boolean): void {
    const b = this.running.get(inst);
    if (!b) return;
    this.running.delete(inst);
    this.lastOutcome.set(inst, b.end(abort, this.host.clock()));
  }

  /** JET_paramDatabasePageSize: the unit log reads are checked against. */
  pageSize(): Promise<number> {
    return this.host.JetGetSystemParameter(null, null, JET_paramDatabasePageSize, 0).then((r) => r.plParam);
  }

  /** JetBeginExternalBackupInstance (SEMANTICS.md §1 order of checks). */
  begin(inst: Instance, grbit: number, context: string, enginePageSize: number): StreamingBackup {
    enterBackupCall(inst, context);
    if (!inst.loggingEnabled) throw jetError(JET_errLoggingDisabled, { context });
    if ((grbit & ~JET_bitBackupIncremental) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const incremental = (grbit & JET_bitBackupIncremental) !== 0;
    if (incremental && inst.circular) throw jetError(JET_errInvalidBackup, { context });
    if (inst.backup.inProgress) throw jetError(JET_errBackupInProgress, { context });
    const b = StreamingBackup.begin(inst, incremental, context);
    b.enginePageSize = enginePageSize;
    this.running.set(inst, b);
    const cancel = (): void => {
      // JetTerm / JET_bitTermStopBackup: ends as aborted by server (SEMANTICS.md §2)
      this.running.delete(inst);
      b.release();
      this.lastOutcome.set(inst, 'abortByServer');
    };
    inst.backup.cancel = cancel;
    return b;
  }

  async JetBeginExternalBackupInstance(instance: unknown, grbit: unknown, legacy = false): Promise<void> {
    const context = legacy ? 'JetBeginExternalBackup' : 'JetBeginExternalBackupInstance';
    const g = v.ulong(grbit, 'grbit');
    const ps = await this.pageSize();
    this.begin(this.resolve(instance, context, legacy), g, context, ps);
  }

  private streaming(inst: Instance, context: string): StreamingBackup {
    enterBackupCall(inst, context);
    return StreamingBackup.check(this.running.get(inst), context);
  }

  async JetGetAttachInfoInstance(instance: unknown, cbMax: unknown, legacy = false): Promise<JetMultiStringResult> {
    const context = legacy ? 'JetGetAttachInfo' : 'JetGetAttachInfoInstance';
    const cb = v.ulong(cbMax, 'cbMax');
    const inst = this.resolve(instance, context, legacy);
    const b = this.streaming(inst, context);
    if (b.incremental) throw jetError(JET_errInvalidBackupSequence, { context });
    const r = copyMultiString(b.databasePaths(), cb);
    // pcbActual is always the full size here, unlike the log-info calls (SEMANTICS.md §1)
    return { szz: r.szz, pcbActual: r.cbNeeded };
  }

  async JetOpenFileInstance(instance: unknown, szFileName: unknown, legacy = false): Promise<JetOpenFileResult> {
    const context = legacy ? 'JetOpenFile' : 'JetOpenFileInstance';
    const name = v.str(szFileName, 'szFileName');
    const inst = this.resolve(instance, context, legacy);
    const b = this.streaming(inst, context);
    if (name === '') throw jetError(JET_errInvalidParameter, { context });
    const f = b.open(inst.resolvePath(name), context, this.cancelFor(inst));
    return { phfFile: BACKUP_HANDLE as JET_HANDLE, pulFileSizeLow: f.size % 0x100000000, pulFileSizeHigh: Math.floor(f.size / 0x100000000) };
  }

  async JetReadFileInstance(instance: unknown, hfFile: unknown, pv: unknown, cb: unknown, legacy = false): Promise<number> {
    const context = legacy ? 'JetReadFile' : 'JetReadFileInstance';
    v.handle(hfFile, 'hfFile');
    if (!(pv instanceof Uint8Array)) throw new TypeError('pv must be a Uint8Array');
    const n = v.ulong(cb, 'cb');
    if (n > pv.byteLength) throw new RangeError('cb is larger than pv');
    const inst = this.resolve(instance, context, legacy);
    const b = this.streaming(inst, context);
    // the handle is not validated (SEMANTICS.md §1): the read goes to the one open file
    return await b.read(pv, n, context, this.cancelFor(inst));
  }

  async JetCloseFileInstance(instance: unknown, hfFile: unknown, legacy = false): Promise<void> {
    const context = legacy ? 'JetCloseFile' : 'JetCloseFileInstance';
    const hf = v.handle(hfFile, 'hfFile');
    const inst = this.resolve(instance, context, legacy);
    enterBackupCall(inst, context);
    // not gated by the stop flag (SEMANTICS.md §3)
    const b = this.running.get(inst);
    if (!b) throw jetError(JET_errNoBackup, { context });
    b.close(hf, context);
  }

  private logInfo(inst: Instance, context: string): StreamingBackup {
    const b = this.streaming(inst, context);
    b.prepareLogs(context);
    return b;
  }

  async JetGetLogInfoInstance(instance: unknown, cbMax: unknown, legacy = false): Promise<JetMultiStringResult> {
    const context = legacy ? 'JetGetLogInfo' : 'JetGetLogInfoInstance';
    const cb = v.ulong(cbMax, 'cbMax');
    const b = this.logInfo(this.resolve(instance, context, legacy), context);
    return logList(b.logsToCopy(), cb);
  }

  async JetGetLogInfoInstance2(instance: unknown, cbMax: unknown, pLogInfo: unknown): Promise<JetGetLogInfoInstance2Result> {
    const context = 'JetGetLogInfoInstance2';
    const cb = v.ulong(cbMax, 'cbMax');
    const li = v.object<{ cbSize: unknown }>(pLogInfo, 'pLogInfo');
    const cbSize = v.ulong(li.cbSize, 'pLogInfo.cbSize');
    const inst = this.resolve(instance, context);
    if (cbSize !== JET_LOGINFO_cbSize) throw jetError(JET_errInvalidParameter, { context });
    const b = this.logInfo(inst, context);
    return { ...logList(b.logsToCopy(), cb), pLogInfo: { cbSize, ulGenLow: b.genLow, ulGenHigh: b.genHigh, szBaseName: inst.baseName } };
  }

  async JetGetTruncateLogInfoInstance(instance: unknown, cbMax: unknown): Promise<JetMultiStringResult> {
    const context = 'JetGetTruncateLogInfoInstance';
    const cb = v.ulong(cbMax, 'cbMax');
    const b = this.logInfo(this.resolve(instance, context), context);
    return logList(b.logsToTruncate(), cb);
  }

  async JetTruncateLogInstance(instance: unknown, legacy = false): Promise<void> {
    const context = legacy ? 'JetTruncateLog' : 'JetTruncateLogInstance';
    const inst = this.resolve(instance, context, legacy);
    this.streaming(inst, context).truncate(context);
  }

  /** JetEndExternalBackupInstance2; End and the legacy End are End2(Normal). */
  async JetEndExternalBackupInstance2(instance: unknown, grbit: unknown, context = 'JetEndExternalBackupInstance2', legacy = false): Promise<void> {
    const g = v.ulong(grbit, 'grbit');
    const inst = this.resolve(instance, context, legacy);
    enterBackupCall(inst, context);
    // backup.cxx ErrIsamEndExternalBackup: exactly one of Normal and Abort; any other bit is
    // ignored, except JET_bitBackupSurrogate, which on a local backup ends it as failed
    // (ErrBKExternalBackupCleanUp: JET_errBackupInProgress, not returned)
    const kind = g & (JET_bitBackupEndNormal | JET_bitBackupEndAbort);
    if (kind !== JET_bitBackupEndNormal && kind !== JET_bitBackupEndAbort) throw jetError(JET_errInvalidParameter, { context });
    if (!this.running.get(inst)) throw jetError(JET_errNoBackup, { context });
    // the source returns JET_errSuccess whatever the outcome (SEMANTICS.md §1, ErrBKExternalBackupCleanUp)
    this.finish(inst, kind === JET_bitBackupEndAbort || (g & JET_BIT_BACKUP_SURROGATE) !== 0);
  }

  /** SEMANTICS.md §3: sets the flag, no gate, success whether or not a backup runs. */
  async JetStopBackupInstance(instance: unknown, legacy = false): Promise<void> {
    const context = legacy ? 'JetStopBackup' : 'JetStopBackupInstance';
    const inst = this.resolve(instance, context, legacy);
    // an idle stop is not sticky: the next Begin clears the flag
    inst.backup.stopRequested = true;
  }
}

function logList(names: readonly string[], cbMax: number): JetMultiStringResult {
  const r = copyMultiString(names, cbMax);
  // min(cbMax, needed) with a buffer, needed with a NULL one (SEMANTICS.md §1)
  return { szz: r.szz, pcbActual: cbMax === 0 ? r.cbNeeded : r.cbCopied };
}
