// OS snapshot sessions (spec: JetOSSnapshotPrepare.md ... JetOSSnapshotEnd.md; SEMANTICS.md §1):
// Prepare -> [PrepareInstance] -> Freeze -> Thaw | Abort, and with JET_bitContinueAfterThaw
// -> TruncateLog[Instance] -> End. Freeze really holds writes: every instance's write gate closes
// (database and log writes wait) until Thaw, Abort or the JET_paramOSSnapshotTimeout expires.
import {
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errOSSnapshotInvalidSequence,
  JET_errOSSnapshotInvalidSnapId,
  JET_errOSSnapshotNotAllowed,
  JET_errOSSnapshotTimeOut,
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

type SnapState = 'prepared' | 'frozen' | 'thawed' | 'failed';

interface SnapSession {
  readonly id: number;
  readonly grbit: number;
  state: SnapState;
  readonly instances: Set<Instance>;
  /** Generation current at the freeze, per instance: the last log the snapshot holds. */
  readonly genAtFreeze: Map<Instance, number>;
  frozenAt: number;
  timedOut: boolean;
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
  private session: SnapSession | undefined;
  private nextId = 1;

  constructor(private readonly host: SnapshotHost) {}

  private find(snapId: unknown, context: string): SnapSession {
    const id = v.handle(snapId, 'snapId');
    const s = this.session;
    if (!s || s.id !== id) throw jetError(JET_errOSSnapshotInvalidSnapId, { context });
    return s;
  }

  async JetOSSnapshotPrepare(grbit: unknown): Promise<JET_OSSNAPID> {
    const context = 'JetOSSnapshotPrepare';
    const g = v.ulong(grbit, 'grbit');
    if ((g & ~PREPARE_GRBITS) !== 0) throw jetError(JET_errInvalidParameter, { context });
    if (this.session) throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    const s: SnapSession = { id: this.nextId++, grbit: g, state: 'prepared', instances: new Set(), genAtFreeze: new Map(), frozenAt: 0, timedOut: false, timer: undefined };
    this.session = s;
    return s.id as JET_OSSNAPID;
  }

  async JetOSSnapshotPrepareInstance(snapId: unknown, instance: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotPrepareInstance';
    const g = v.ulong(grbit, 'grbit');
    const id = v.handleOrNull(instance, 'instance');
    const s = this.find(snapId, context);
    if (g !== 0) throw jetError(JET_errInvalidParameter, { context });
    if (s.state !== 'prepared') throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    s.instances.add(this.host.findInstance(id, context));
  }

  async JetOSSnapshotFreeze(snapId: unknown, grbit: unknown): Promise<JET_INSTANCE_INFO[]> {
    const context = 'JetOSSnapshotFreeze';
    const g = v.ulong(grbit, 'grbit');
    const s = this.find(snapId, context);
    if (g !== 0) throw jetError(JET_errInvalidParameter, { context });
    if (s.state !== 'prepared') throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    if (!(s.grbit & JET_bitExplicitPrepare)) for (const i of this.host.liveInstances()) if (i.state === 'running') s.instances.add(i);
    for (const i of s.instances) {
      // io.cxx: not while a streaming backup runs or an instance is not ready
      if (i.backup.inProgress || i.state !== 'running') {
        s.state = 'failed';
        throw jetError(JET_errOSSnapshotNotAllowed, { context });
      }
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

  /** JET_paramOSSnapshotTimeout elapsed: I/O resumes, the session remembers it timed out. */
  private expire(s: SnapSession): void {
    if (s.state !== 'frozen') return;
    s.timedOut = true;
    for (const i of s.instances) i.gate.thaw();
  }

  private timedOut(s: SnapSession, timeout: number): boolean {
    return s.timedOut || this.host.clock() - s.frozenAt > timeout;
  }

  private infos(s: SnapSession): JET_INSTANCE_INFO[] {
    return [...s.instances].map((i) => {
      const files = [...i.dbs.values()].filter((d) => !d.readOnly).map((d) => d.path);
      return { hInstanceId: i.id as JET_INSTANCE, szInstanceName: i.name, cDatabases: files.length, szDatabaseFileName: files, szDatabaseDisplayName: files.map(() => null) };
    });
  }

  private release(s: SnapSession): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    for (const i of s.instances) {
      i.gate.thaw();
      i.backup.inProgress = false;
    }
    if (this.session === s) this.session = undefined;
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

  async JetOSSnapshotThaw(snapId: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotThaw';
    const g = v.ulong(grbit, 'grbit');
    const s = this.find(snapId, context);
    if (g !== 0) throw jetError(JET_errInvalidParameter, { context });
    if (s.state !== 'frozen') throw jetError(JET_errInvalidParameter, { context });
    if (this.timedOut(s, await this.host.timeoutMs())) {
      this.release(s);
      throw jetError(JET_errOSSnapshotTimeOut, { context });
    }
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    for (const i of s.instances) i.gate.thaw();
    if (s.grbit & JET_bitContinueAfterThaw) {
      s.state = 'thawed';
      return;
    }
    this.record(s);
    this.release(s);
  }

  async JetOSSnapshotAbort(snapId: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotAbort';
    const g = v.ulong(grbit, 'grbit');
    const s = this.find(snapId, context);
    if (g !== 0) throw jetError(JET_errInvalidParameter, { context });
    this.release(s);
  }

  private truncate(s: SnapSession, only: Instance | undefined, grbit: number, context: string): void {
    if ((grbit & ~JET_bitAllDatabasesSnapshot) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    if (s.state !== 'thawed' || s.timedOut || s.grbit & JET_bitCopySnapshot) throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    for (const i of s.instances) {
      if (only && i !== only) continue;
      // only logs the snapshot holds, and never past the checkpoint
      i.truncateLogsBelow(s.genAtFreeze.get(i) ?? 0);
    }
  }

  async JetOSSnapshotTruncateLog(snapId: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotTruncateLog';
    const g = v.ulong(grbit, 'grbit');
    this.truncate(this.find(snapId, context), undefined, g, context);
  }

  async JetOSSnapshotTruncateLogInstance(snapId: unknown, instance: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotTruncateLogInstance';
    const g = v.ulong(grbit, 'grbit');
    const id = v.handleOrNull(instance, 'instance');
    const s = this.find(snapId, context);
    const inst = this.host.findInstance(id, context);
    if (!s.instances.has(inst)) throw jetError(JET_errInvalidParameter, { context });
    this.truncate(s, inst, g, context);
  }

  async JetOSSnapshotGetFreezeInfo(snapId: unknown, grbit: unknown): Promise<JET_INSTANCE_INFO[]> {
    const context = 'JetOSSnapshotGetFreezeInfo';
    const g = v.ulong(grbit, 'grbit');
    const s = this.find(snapId, context);
    if (g !== 0) throw jetError(JET_errInvalidParameter, { context });
    if (s.state !== 'frozen' && s.state !== 'thawed') throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    return this.infos(s);
  }

  async JetOSSnapshotEnd(snapId: unknown, grbit: unknown): Promise<void> {
    const context = 'JetOSSnapshotEnd';
    const g = v.ulong(grbit, 'grbit');
    const s = this.find(snapId, context);
    if ((g & ~JET_bitAbortSnapshot) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    if (s.state !== 'thawed') throw jetError(JET_errOSSnapshotInvalidSequence, { context });
    if (!(g & JET_bitAbortSnapshot)) this.record(s);
    this.release(s);
  }
}
