// OS snapshot sessions (spec: JetOSSnapshotPrepare.md ... JetOSSnapshotEnd.md; SEMANTICS.md §1):
// Prepare -> [PrepareInstance] -> Freeze -> Thaw | Abort, and with JET_bitContinueAfterThaw
// -> TruncateLog[Instance] -> End. Freeze really holds writes: every instance's write gate closes
// (database and log writes wait) until Thaw, Abort or the JET_paramOSSnapshotTimeout expires.
//
// The checks and their order follow the engine (dev/ese/src/ese/io.cxx, ErrIsamOSSnapshot* and
// CESESnapshotSession::FCanSwitchTo) where the documentation's tables say otherwise: a bad grbit
// is JET_errInvalidGrbit, checked before the session id (the pages say JET_errInvalidParameter);
// Prepare always opens a new session, several may exist at once, and an instance belongs to at most
// one (the Prepare page says a second session is JET_errOSSnapshotInvalidSequence); Thaw of a session
// that is not frozen is JET_errOSSnapshotInvalidSequence (the page says JET_errInvalidParameter);
// End straight after Prepare is allowed; GetFreezeInfo answers from Prepare on.
import {
  JET_errInvalidGrbit,
  JET_errNotInitialized,
  JET_errOSSnapshotInvalidSequence,
  JET_errOSSnapshotInvalidSnapId,
  JET_errOSSnapshotNotAllowed,
  JET_errOSSnapshotTimeOut,
  JET_wrnNyi,
  jetError,
} from '@winbackup/errors';
import {
  JET_bitAbortSnapshot,
  JET_bitAllDatabasesSnapshot,
  JET_bitContinueAfterThaw,
  JET_bitCopySnapshot,
  JET_bitExplicitPrepare,
  JET_bitIncrementalSnapshot,
} from '../../api/constants.js';
import type { JET_INSTANCE, JET_OSSNAPID } from '../../api/handles.js';
import type { JET_BKINFO, JET_INSTANCE_INFO } from '../../api/structs.js';
import type { Instance } from '../engine/instance.js';
import { logtimeFromMs } from '../storage/logtime.js';
import * as v from '../../validate/validate.js';

/** The engine's session states (io.cxx SNAPSHOT_STATE); 'thawed' is stateAllowLogTruncate. */
type SnapState = 'prepared' | 'frozen' | 'timedOut' | 'thawed' | 'truncated';

interface SnapSession {
  readonly id: number;
  readonly grbit: number;
  state: SnapState;
  /** The instances of the session, in the order they joined (m_pOSSnapshotSession == this). */
  readonly instances: Set<Instance>;
  /** Generation current at the freeze, per instance: the last log the snapshot holds. */
  readonly genAtFreeze: Map<Instance, number>;
  frozenAt: number;
  timer: NodeJS.Timeout | undefined;
}

export interface SnapshotHost {
  readonly clock: () => number;
  findInstance(instance: number | null, context: string): Instance;
  liveInstances(): Instance[];
  timeoutMs(): Promise<number>;
}

const PREPARE_GRBITS = JET_bitIncrementalSnapshot | JET_bitCopySnapshot | JET_bitContinueAfterThaw | JET_bitExplicitPrepare;

export class OSSnapshots {
  private readonly sessions = new Map<number, SnapSession>();
  /** The session each instance belongs to (INST::m_pOSSnapshotSession). */
  private readonly owner = new Map<Instance, SnapSession>();
  private nextId = 1;

  constructor(private readonly host: SnapshotHost) {}

  private find(snapId: unknown, context: string): SnapSession {
    const s = this.sessions.get(v.handle(snapId, 'snapId'));
    if (!s) throw jetError(JET_errOSSnapshotInvalidSnapId, { context });
    return s;
  }

  private join(s: SnapSession, i: Instance): void {
    s.instances.add(i);
    this.owner.set(i, s);
  }

  /** ResetBackupInProgress: the instances leave the session, their backup flag cleared. */
  private leave(s: SnapSession, instances: Iterable<Instance> = [...s.instances]): void {
    for (const i of instances) {
      s.instances.delete(i);
      if (this.owner.get(i) === s) this.owner.delete(i);
      if (s.state !== 'prepared') i.backup.inProgress = false;
    }
  }

  async JetOSSnapshotPrepare(grbit: unknown): Promise<JET_OSSNAPID> {
    const context = 'JetOSSnapshotPrepare';
    const g = v.ulong(grbit, 'grbit');
    if ((g & ~PREPARE_GRBITS) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    // io.cxx: !g_fSystemInit, no instance initialised
    const running = this.host.liveInstances().filter((i) => i.state === 'running');
    if (running.length === 0) throw jetError(JET_errNotInitialized, { context });
    const s: SnapSession = { id: this.nextId++, grbit: g, state: 'prepared', instances: new Set(), genAtFreeze: new Map(), frozenAt: 0, timer: undefined };
    this.sessions.set(s.id, s);
    // without JET_bitExplicitPrepare every initialised instance not in another session joins now
    // (SetInitialFreeze -> SetFreezeInstances)
    if (!(g & JET_bitExplicitPrepare)) for (const i of running) if (!this.owner.has(i)) this.join(s, i);
    return s.id as JET_OSSNAPID;
  }

  async JetOSSnapshotPrepareInstance(snapId: unknown, instance: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotPrepareInstance';
    const g = v.ulong(grbit, 'grbit');
    const id = v.handleOrNull(instance, 'instance');
    v.handle(snapId, 'snapId');
    // jetapi.cxx: the instance is entered before the ISAM call
    const inst = this.host.findInstance(id, context);
    if (g !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const s = this.find(snapId, context);
    if (s.state !== 'prepared') throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    // already in a session (this one too: without JET_bitExplicitPrepare it joined at Prepare), or
    // a streaming backup runs
    if (this.owner.has(inst) || inst.backup.inProgress || inst.state !== 'running') throw jetError(JET_errOSSnapshotNotAllowed, { context });
    this.join(s, inst);
  }

  async JetOSSnapshotFreeze(snapId: unknown, grbit: unknown): Promise<JET_INSTANCE_INFO[]> {
    const context = 'JetOSSnapshotFreeze';
    const g = v.ulong(grbit, 'grbit');
    v.handle(snapId, 'snapId');
    if (g !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const s = this.find(snapId, context);
    if (s.state !== 'prepared') throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    // SetBackupInProgress: an instance with a streaming backup running or not ready fails the
    // freeze; it and those before it leave the session, which stays prepared (Freeze may be tried
    // again, End and Abort are allowed)
    const order = [...s.instances];
    const bad = order.findIndex((i) => i.backup.inProgress || i.state !== 'running');
    if (bad >= 0) {
      this.leave(s, order.slice(0, bad + 1));
      throw jetError(JET_errOSSnapshotNotAllowed, { context });
    }
    const timeout = await this.host.timeoutMs();
    for (const i of s.instances) {
      // what committed before the freeze is on disk in the snapshot
      i.flushLog();
      i.gate.freeze();
      i.backup.inProgress = true;
      s.genAtFreeze.set(i, i.currentGeneration);
    }
    s.state = 'frozen';
    s.frozenAt = this.host.clock();
    s.timer = setTimeout(() => this.expire(s), timeout);
    s.timer.unref();
    return this.infos(s);
  }

  /** JET_paramOSSnapshotTimeout elapsed (the engine's snapshot thread): I/O resumes, the instances leave. */
  private expire(s: SnapSession): void {
    if (s.state !== 'frozen') return;
    this.stopTimer(s);
    for (const i of s.instances) i.gate.thaw();
    this.leave(s);
    s.state = 'timedOut';
  }

  private stopTimer(s: SnapSession): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
  }

  private infos(s: SnapSession): JET_INSTANCE_INFO[] {
    return [...s.instances].map((i) => {
      const files = [...i.dbs.values()].filter((d) => !d.readOnly).map((d) => d.path);
      return { hInstanceId: i.id as JET_INSTANCE, szInstanceName: i.name, cDatabases: files.length, szDatabaseFileName: files, szDatabaseDisplayName: files.map(() => null) };
    });
  }

  /** The session ends (RemoveSession): its instances leave, their backup flag cleared. */
  private remove(s: SnapSession): void {
    this.stopTimer(s);
    for (const i of s.instances) i.gate.thaw();
    this.leave(s);
    this.sessions.delete(s.id);
  }

  /** A full or incremental (not copy) snapshot is recorded in the database headers, fOSSnapshot set. */
  private record(s: SnapSession): void {
    if (s.grbit & JET_bitCopySnapshot) return;
    for (const i of s.instances) {
      const high = s.genAtFreeze.get(i) ?? i.currentGeneration;
      for (const db of i.dbs.values()) {
        if (db.readOnly) continue;
        const mark: JET_BKINFO = {
          lgposMark: { lGeneration: high, isec: 0, ib: 0 },
          bklogtimeMark: { ...logtimeFromMs(this.host.clock()), fOSSnapshot: true },
          genLow: s.grbit & JET_bitIncrementalSnapshot ? Math.max(db.header.bkinfoFullPrev.genHigh, db.header.bkinfoIncPrev.genHigh) + 1 : i.lgposCheckpoint.lGeneration,
          genHigh: high,
        };
        db.updateHeader((h) => {
          if (s.grbit & JET_bitIncrementalSnapshot) h.bkinfoIncPrev = mark;
          else h.bkinfoFullPrev = mark;
        });
      }
    }
  }

  /** ErrIsamOSSnapshotThaw after its checks: JET_errOSSnapshotTimeOut if the freeze timed out. */
  private async thaw(s: SnapSession, context: string): Promise<void> {
    if (s.state === 'frozen' && this.host.clock() - s.frozenAt > (await this.host.timeoutMs())) this.expire(s);
    const timedOut = s.state === 'timedOut';
    if (!timedOut) {
      this.stopTimer(s);
      for (const i of s.instances) i.gate.thaw();
      s.state = 'thawed';
    }
    // without JET_bitContinueAfterThaw the session ends here: End(0), or End(Abort) after a timeout
    if (!(s.grbit & JET_bitContinueAfterThaw)) this.end(s, timedOut);
    if (timedOut) throw jetError(JET_errOSSnapshotTimeOut, { context });
  }

  /** ErrIsamOSSnapshotEnd after its checks. */
  private end(s: SnapSession, abort: boolean): void {
    if ((s.state === 'thawed' || s.state === 'truncated') && !abort) this.record(s);
    this.remove(s);
  }

  async JetOSSnapshotThaw(snapId: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotThaw';
    const g = v.ulong(grbit, 'grbit');
    v.handle(snapId, 'snapId');
    if (g !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const s = this.find(snapId, context);
    // engine: only a frozen (or timed-out) session thaws; JET_errOSSnapshotInvalidSequence otherwise
    if (s.state !== 'frozen' && s.state !== 'timedOut') throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    await this.thaw(s, context);
  }

  async JetOSSnapshotAbort(snapId: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotAbort';
    const g = v.ulong(grbit, 'grbit');
    v.handle(snapId, 'snapId');
    if (g !== 0) throw jetError(JET_errInvalidGrbit, { context });
    // ErrIsamOSSnapshotAbort is End(JET_bitAbortSnapshot)
    await this.endCall(snapId, JET_bitAbortSnapshot, context);
  }

  private truncate(snapId: unknown, only: Instance | undefined, grbit: number, context: string): void {
    if ((grbit & ~JET_bitAllDatabasesSnapshot) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const s = this.find(snapId, context);
    // after a normal thaw (stateAllowLogTruncate), once per instance; never for a copy snapshot
    if ((s.state !== 'thawed' && s.state !== 'truncated') || s.grbit & JET_bitCopySnapshot) throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    // io.cxx ErrTruncateLogs: an instance outside the session is ErrERRCheck(-1)
    if (only && !s.instances.has(only)) throw jetError(JET_wrnNyi, { context: `${context}: the instance is not in this snapshot session` });
    for (const i of s.instances) {
      if (only && i !== only) continue;
      // only logs the snapshot holds, and never past the checkpoint
      i.truncateLogsBelow(s.genAtFreeze.get(i) ?? 0);
    }
    s.state = 'truncated';
  }

  async JetOSSnapshotTruncateLog(snapId: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotTruncateLog';
    const g = v.ulong(grbit, 'grbit');
    v.handle(snapId, 'snapId');
    this.truncate(snapId, undefined, g, context);
  }

  async JetOSSnapshotTruncateLogInstance(snapId: unknown, instance: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotTruncateLogInstance';
    const g = v.ulong(grbit, 'grbit');
    const id = v.handleOrNull(instance, 'instance');
    v.handle(snapId, 'snapId');
    // jetapi.cxx: the instance is entered before the ISAM call
    const inst = this.host.findInstance(id, context);
    this.truncate(snapId, inst, g, context);
  }

  async JetOSSnapshotGetFreezeInfo(snapId: unknown, grbit: unknown): Promise<JET_INSTANCE_INFO[]> {
    const context = 'JetOSSnapshotGetFreezeInfo';
    const g = v.ulong(grbit, 'grbit');
    v.handle(snapId, 'snapId');
    if (g !== 0) throw jetError(JET_errInvalidGrbit, { context });
    // every state a live session can be in answers (stateStart/End/Abort sessions do not exist here)
    return this.infos(this.find(snapId, context));
  }

  async JetOSSnapshotEnd(snapId: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotEnd';
    const g = v.ulong(grbit, 'grbit');
    v.handle(snapId, 'snapId');
    if ((g & ~JET_bitAbortSnapshot) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    await this.endCall(snapId, g, context);
  }

  private async endCall(snapId: unknown, grbit: number, context: string): Promise<void> {
    const s = this.find(snapId, context);
    const abort = (grbit & JET_bitAbortSnapshot) !== 0;
    // FCanSwitchTo(stateEnd): after Prepare, a normal Thaw or TruncateLog; an abort from any state
    if (!abort && s.state !== 'prepared' && s.state !== 'thawed' && s.state !== 'truncated') throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    if (s.state === 'frozen') {
      // io.cxx: a frozen session is thawed first. Without JET_bitContinueAfterThaw that thaw ends it
      // as a normal End (the snapshot is recorded) and its result is the call's (a timeout is
      // JET_errOSSnapshotTimeOut); with it, the thaw's result is dropped and the abort ends it.
      if (!(s.grbit & JET_bitContinueAfterThaw)) return this.thaw(s, context);
      await this.thaw(s, context).catch(() => undefined);
    }
    this.end(s, abort);
  }
}
