// the JetOSSnapshot* family (spec: JetOSSnapshotPrepare.md ... JetOSSnapshotEnd.md;
// SEMANTICS.md §1 "OSSnapshot family"): every return code of each page, freeze really holding
// writes, JET_paramOSSnapshotTimeout, and the interplay with streaming backups. Where the pages
// and the engine (dev/ese/src/ese/io.cxx) disagree, the engine's codes and order are asserted.
// The Thaw timeout (an injected clock) and the truncation after a checkpoint the engine is made to
// take stay in test/backup/JetOSSnapshot.test.ts.
import { describe, expect } from 'vitest';
import {
  JET_errBackupInProgress,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errNotInitialized,
  JET_errOSSnapshotInvalidSequence,
  JET_errOSSnapshotInvalidSnapId,
  JET_errOSSnapshotNotAllowed,
  JET_wrnNyi,
} from '@winbackup/errors';
import {
  JET_bitAbortSnapshot,
  JET_bitContinueAfterThaw,
  JET_bitCopySnapshot,
  JET_bitExplicitPrepare,
  JET_bitIncrementalSnapshot,
  type JET_OSSNAPID,
} from '../../src/index.js';
import { insert, readAll, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';


/** As esent.dll behaves (engine-state checks on the reference only). */
export function osSnapshotConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetOSSnapshot*', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 5, (e, r) => {
      env = e;
      ref = r;
    });
    const api = () => env.f.api;
    const bad = 9999 as JET_OSSNAPID;

    it('Prepare: InvalidGrbit for a bad grbit; NotInitialized with no instance running; a second Prepare opens a second session (io.cxx)', async () => {
      await expect(api().JetOSSnapshotPrepare(0x100)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
      await expect(target.create(env.root).JetOSSnapshotPrepare(0)).rejects.toMatchObject({ code: JET_errNotInitialized });
      const id = await api().JetOSSnapshotPrepare(0);
      // the instance joined the first session at its Prepare: the second has none and cannot take it
      const id2 = await api().JetOSSnapshotPrepare(JET_bitExplicitPrepare);
      expect(id2).not.toBe(id);
      expect(await api().JetOSSnapshotGetFreezeInfo(id, 0)).toHaveLength(1);
      expect(await api().JetOSSnapshotGetFreezeInfo(id2, 0)).toEqual([]);
      await expect(api().JetOSSnapshotPrepareInstance(id2, env.f.inst, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotNotAllowed });
      await api().JetOSSnapshotAbort(id, 0);
      // once the first session is gone the instance is free for the second
      await api().JetOSSnapshotPrepareInstance(id2, env.f.inst, 0);
      expect(await api().JetOSSnapshotGetFreezeInfo(id2, 0)).toHaveLength(1);
      await api().JetOSSnapshotAbort(id2, 0);
      await api().JetOSSnapshotAbort(await api().JetOSSnapshotPrepare(JET_bitIncrementalSnapshot | JET_bitCopySnapshot | JET_bitContinueAfterThaw | JET_bitExplicitPrepare), 0);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('PrepareInstance: InvalidParameter (instance), InvalidGrbit, InvalidSnapId, NotAllowed (already in the session), InvalidSequence after the freeze', async () => {
      const id = await api().JetOSSnapshotPrepare(JET_bitExplicitPrepare);
      // the instance is entered first (jetapi.cxx), then the grbit, then the session
      await expect(api().JetOSSnapshotPrepareInstance(bad, 555 as never, 1)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(api().JetOSSnapshotPrepareInstance(bad, env.f.inst, 1)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
      await expect(api().JetOSSnapshotPrepareInstance(bad, env.f.inst, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
      await api().JetOSSnapshotPrepareInstance(id, env.f.inst, 0);
      await expect(api().JetOSSnapshotPrepareInstance(id, env.f.inst, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotNotAllowed });
      await api().JetOSSnapshotFreeze(id, 0);
      await expect(api().JetOSSnapshotPrepareInstance(id, env.f.inst, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
      await api().JetOSSnapshotThaw(id, 0);
      // without JET_bitExplicitPrepare the instance joined at Prepare
      const id2 = await api().JetOSSnapshotPrepare(0);
      await expect(api().JetOSSnapshotPrepareInstance(id2, env.f.inst, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotNotAllowed });
      await api().JetOSSnapshotEnd(id2, 0);
    });

    it('Freeze returns the instance with its database; holds writes until Thaw; a backup cannot begin meanwhile', async () => {
      const id = await api().JetOSSnapshotPrepare(0);
      const info = await api().JetOSSnapshotFreeze(id, 0);
      expect(info).toEqual([{ hInstanceId: env.f.inst, szInstanceName: 'test', cDatabases: 1, szDatabaseFileName: [env.dbPath], szDatabaseDisplayName: [null] }]);
      expect(await api().JetOSSnapshotGetFreezeInfo(id, 0)).toEqual(info);
      let done = false;
      const write = insert(env.f, 50, 'during freeze').then(() => {
        done = true;
      });
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
      expect(done).toBe(false);
      await expect(api().JetBeginExternalBackupInstance(env.f.inst, 0)).rejects.toMatchObject({ code: JET_errBackupInProgress });
      await api().JetOSSnapshotThaw(id, 0);
      await write;
      expect(done).toBe(true);
      expect(await readAll(env.f)).toEqual([0, 1, 2, 3, 4, 50]);
      // a full, non-copy snapshot is recorded in the header with fOSSnapshot
      const h = ref?.engine.dbs.get(env.dbPath)!.header;
      if (ref) expect(h!.bkinfoFullPrev.bklogtimeMark.fOSSnapshot).toBe(true);
      // the session is over
      await expect(api().JetOSSnapshotGetFreezeInfo(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    });

    it('Freeze: InvalidGrbit before InvalidSnapId, OSSnapshotNotAllowed during a streaming backup; the session stays prepared', async () => {
      await expect(api().JetOSSnapshotFreeze(bad, 1)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
      await expect(api().JetOSSnapshotFreeze(bad, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
      const id = await api().JetOSSnapshotPrepare(0);
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(api().JetOSSnapshotFreeze(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotNotAllowed });
      // io.cxx: the failing instance left the session (ResetBackupInProgress), which is still
      // prepared: a second Freeze freezes nothing, the streaming backup runs on untouched
      expect(await api().JetOSSnapshotGetFreezeInfo(id, 0)).toEqual([]);
      expect(await api().JetOSSnapshotFreeze(id, 0)).toEqual([]);
      if (ref) expect(ref.engine.gate.isFrozen).toBe(false);
      await api().JetOSSnapshotThaw(id, 0);
      await expect(api().JetOSSnapshotAbort(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
      await api().JetEndExternalBackupInstance(env.f.inst);
      // a failed freeze can also just end: End straight after Prepare is allowed
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const id2 = await api().JetOSSnapshotPrepare(0);
      await expect(api().JetOSSnapshotFreeze(id2, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotNotAllowed });
      await api().JetOSSnapshotEnd(id2, 0);
      await api().JetEndExternalBackupInstance(env.f.inst);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('a copy snapshot never truncates (InvalidSequence) and End(AbortSnapshot) leaves headers alone', async () => {
      const id = await api().JetOSSnapshotPrepare(JET_bitContinueAfterThaw | JET_bitCopySnapshot);
      await api().JetOSSnapshotFreeze(id, 0);
      await api().JetOSSnapshotThaw(id, 0);
      await expect(api().JetOSSnapshotTruncateLog(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
      await api().JetOSSnapshotEnd(id, JET_bitAbortSnapshot);
      if (ref) expect(ref.engine.dbs.get(env.dbPath)!.header.bkinfoFullPrev.genHigh).toBe(0);
    });

    it('GetFreezeInfo from Prepare on; Abort: InvalidGrbit; an instance outside the session cannot be truncated', async () => {
      await expect(api().JetOSSnapshotGetFreezeInfo(bad, 1)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
      await expect(api().JetOSSnapshotGetFreezeInfo(bad, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
      const id = await api().JetOSSnapshotPrepare(0);
      // io.cxx answers in statePrepare too (the doc page: InvalidSequence when no session is in progress)
      expect(await api().JetOSSnapshotGetFreezeInfo(id, 0)).toEqual([
        { hInstanceId: env.f.inst, szInstanceName: 'test', cDatabases: 1, szDatabaseFileName: [env.dbPath], szDatabaseDisplayName: [null] },
      ]);
      await expect(api().JetOSSnapshotAbort(bad, 1)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
      await expect(api().JetOSSnapshotAbort(id, 1)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
      await expect(api().JetOSSnapshotAbort(bad, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
      await api().JetOSSnapshotAbort(id, 0);
      // a session the instance is not in: ErrTruncateLogs answers ErrERRCheck(-1)
      const id2 = await api().JetOSSnapshotPrepare(JET_bitExplicitPrepare | JET_bitContinueAfterThaw);
      await api().JetOSSnapshotFreeze(id2, 0);
      await api().JetOSSnapshotThaw(id2, 0);
      await expect(api().JetOSSnapshotTruncateLogInstance(id2, env.f.inst, 0)).rejects.toMatchObject({ code: JET_wrnNyi });
      await api().JetOSSnapshotEnd(id2, 0);
    });

    it('aborting a frozen session: without ContinueAfterThaw the engine thaws and ends it normally (recorded); with it, nothing is recorded', async () => {
      const id = await api().JetOSSnapshotPrepare(JET_bitContinueAfterThaw);
      await api().JetOSSnapshotFreeze(id, 0);
      await api().JetOSSnapshotAbort(id, 0);
      if (ref) expect(ref.engine.gate.isFrozen).toBe(false);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
      if (ref) expect(ref.engine.dbs.get(env.dbPath)!.header.bkinfoFullPrev.genHigh).toBe(0);
      await expect(api().JetOSSnapshotAbort(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
      // io.cxx ErrIsamOSSnapshotEnd, stateFreeze: ErrIsamOSSnapshotThaw, which ends the session with End(0)
      const id2 = await api().JetOSSnapshotPrepare(0);
      await api().JetOSSnapshotFreeze(id2, 0);
      await api().JetOSSnapshotEnd(id2, JET_bitAbortSnapshot);
      if (ref) expect(ref.engine.gate.isFrozen).toBe(false);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
      if (ref) expect(ref.engine.dbs.get(env.dbPath)!.header.bkinfoFullPrev.bklogtimeMark.fOSSnapshot).toBe(true);
      await expect(api().JetOSSnapshotEnd(id2, JET_bitAbortSnapshot)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    });
  });
}
