// JetEndExternalBackupInstance / JetEndExternalBackupInstance2 / JetEndExternalBackup
// (SEMANTICS.md §1): InvalidParameter unless exactly one of Normal/Abort (TruncateDone may be
// added); NoBackup; G errors; otherwise it always ends the backup and succeeds. Headers are updated
// only by a normal end; an abort never deletes logs. The end during a read, after a checkpoint the
// engine is made to take, stays in test/backup/JetEndExternalBackupInstance.test.ts.
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  JET_errClientRequestToStopJetService,
  JET_errInvalidParameter,
  JET_errNoBackup,
  JET_errRunningInMultiInstanceMode,
} from '@winbackup/errors';
import {
  JET_bitBackupEndAbort,
  JET_bitBackupEndNormal,
  JET_bitBackupTruncateDone,
  JET_DbInfoMisc,
  type JET_DBINFOMISC,
} from '../../src/index.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import { insert, lastOutcome, streamBackup, streamFile, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** As esent.dll behaves (engine-state checks on the reference only). */
export function endBackupConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetEndExternalBackupInstance(2)', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 3, (e, r) => {
      env = e;
      ref = r;
    });
    const api = () => env.f.api;
    const fullPrev = () => ref!.engine.dbs.get(env.dbPath)!.header.bkinfoFullPrev;

    it('NoBackup with no backup (all three forms)', async () => {
      await expect(api().JetEndExternalBackupInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errNoBackup });
      await expect(api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal)).rejects.toMatchObject({ code: JET_errNoBackup });
      await expect(api().JetEndExternalBackup()).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
    });

    it('InvalidParameter (not InvalidGrbit) unless exactly one of Normal / Abort; the backup keeps running', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      for (const g of [0, JET_bitBackupEndNormal | JET_bitBackupEndAbort, JET_bitBackupTruncateDone, 0x4]) {
        await expect(api().JetEndExternalBackupInstance2(env.f.inst, g)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      }
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
      await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal | JET_bitBackupTruncateDone);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('other bits beside Normal / Abort are ignored (backup.cxx ErrIsamEndExternalBackup); JET_bitBackupSurrogate ends a local backup as failed', async () => {
      const set = await streamBackup(api(), env.f.inst, join(env.root, 'bk'), { end: false });
      await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal | 0x4 | 0x1000);
      if (ref) expect(lastOutcome(ref)).toBe('normal');
      if (ref) expect(fullPrev().genHigh).toBe(set.logInfo.ulGenHigh);
      // ErrBKExternalBackupCleanUp: a local backup ended with the surrogate bit is not a normal end
      await insert(env.f, 100, 'later');
      const before = ref && fullPrev();
      await streamBackup(api(), env.f.inst, join(env.root, 'bk2'), { end: false });
      await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal | 0x20);
      if (ref) expect(lastOutcome(ref)).toBe('abortByCaller');
      if (ref) expect(fullPrev()).toEqual(before);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('a normal end of a full backup records bkinfoFullPrev = copied range in the header', async () => {
      const set = await streamBackup(api(), env.f.inst, join(env.root, 'bk'));
      if (ref) expect(lastOutcome(ref)).toBe('normal');
      if (ref) expect(fullPrev().genLow).toBe(set.logInfo.ulGenLow);
      if (ref) expect(fullPrev().genHigh).toBe(set.logInfo.ulGenHigh);
      const misc = (await api().JetGetDatabaseFileInfo(env.dbPath, JET_DbInfoMisc)) as JET_DBINFOMISC;
      expect(misc.bkinfoFullPrev.genHigh).toBe(set.logInfo.ulGenHigh);
    });

    it('Normal while still in Databases (logs never read) succeeds but counts as aborted by caller: headers unchanged', async () => {
      // ManagedEsent StreamingBackup2: one 64 KB read then End2(Normal) raises nothing
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await streamFile(api(), env.f.inst, env.dbPath, join(env.root, 'x.edb'), 65536);
      await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal);
      if (ref) expect(lastOutcome(ref)).toBe('abortByCaller');
      if (ref) expect(fullPrev().genHigh).toBe(0);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('Abort ends the backup, closes the handle, deletes no log and leaves headers unchanged', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const logs = await api().JetGetLogInfoInstance(env.f.inst, 4096);
      const onDisk = ref?.engine.logGenerationsOnDisk();
      // the engine's oldest log on disk (reference), else the first one JetGetLogInfoInstance named
      await api().JetOpenFileInstance(env.f.inst, ref ? ref.engine.logPath(onDisk![0]!) : splitMultiString(logs.szz)[0]!);
      await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndAbort);
      if (ref) expect(lastOutcome(ref)).toBe('abortByCaller');
      if (ref) expect(ref.engine.logGenerationsOnDisk()).toEqual(onDisk);
      if (ref) expect(fullPrev().genHigh).toBe(0);
      // a new backup can begin
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    });

    it('succeeds after a stop (recorded as aborted by server) and clears the flag', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetStopBackupInstance(env.f.inst);
      await api().JetEndExternalBackupInstance(env.f.inst);
      if (ref) expect(lastOutcome(ref)).toBe('abortByServer');
      if (ref) expect(ref.engine.backup.stopRequested).toBe(false);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('G: ClientRequestToStopJetService after JetStopServiceInstance; the backup is not ended', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetStopServiceInstance(env.f.inst);
      await expect(api().JetEndExternalBackupInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errClientRequestToStopJetService });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });
  });
}
