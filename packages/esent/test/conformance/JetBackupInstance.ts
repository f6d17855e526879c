// JetBackupInstance / JetBackup (spec: JetBackupInstance.md; SEMANTICS.md §1):
// full and incremental to a folder with JET_PFNSTATUS progress (JET_snpBackup), InvalidGrbit,
// InvalidPath, BackupInProgress, NotInitialized, LoggingDisabled, InvalidParameter, stop during
// the copy (BackupAbortByServer) and callback failures; a failed backup keeps the previous one.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  JET_errBackupAbortByServer,
  JET_errBackupInProgress,
  JET_errClientRequestToStopJetService,
  JET_errDiskFull,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errInvalidPath,
  JET_errMissingFullBackup,
  JET_errRunningInMultiInstanceMode,
} from '@winbackup/errors';
import {
  JET_bitBackupAtomic,
  JET_bitBackupIncremental,
  JET_bitBackupSnapshot,
  JET_bitTermStopBackup,
  JET_snpBackup,
  JET_sntBegin,
  JET_sntComplete,
  JET_sntFail,
  JET_sntProgress,
  type JET_INSTANCE,
  type JET_SNPROG,
} from '../../src/index.js';
import { insert, lastOutcome, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** JetBackupInstance / JetBackup as esent.dll behaves (engine-state checks on the reference only). */
export function backupInstanceConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetBackupInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 20, (e, r) => {
      env = e;
      ref = r;
    });
    const api = () => env.f.api;

    it('full backup to a folder: the database stream and the logs, progress callbacks, logs truncated, header updated', async () => {
      const dir = join(env.root, 'bk');
      mkdirSync(dir);
      const calls: [number, number, JET_SNPROG | null][] = [];
      await api().JetBackupInstance(env.f.inst, dir, 0, (_s, snp, snt, pv) => {
        calls.push([snp, snt, pv]);
        return 0;
      });
      const files = readdirSync(dir);
      expect(files).toContain('test.edb');
      expect(files.filter((n) => /^edb[0-9A-F]{5}\.log$/.test(n)).length).toBeGreaterThan(0);
      expect(calls[0]).toEqual([JET_snpBackup, JET_sntBegin, null]);
      expect(calls[calls.length - 1]).toEqual([JET_snpBackup, JET_sntComplete, null]);
      const progress = calls.filter((c) => c[1] === JET_sntProgress).map((c) => c[2]!);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress[progress.length - 1]!.cunitDone).toBe(progress[progress.length - 1]!.cunitTotal);
      if (ref) expect(lastOutcome(ref)).toBe('normal');
      if (ref) expect(ref.engine.dbs.get(env.dbPath)!.header.bkinfoFullPrev.genHigh).toBeGreaterThan(0);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('incremental adds logs to the folder; MissingFullBackup without a full one', async () => {
      const dir = join(env.root, 'bk');
      mkdirSync(dir);
      await expect(api().JetBackupInstance(env.f.inst, dir, JET_bitBackupIncremental, null)).rejects.toMatchObject({ code: JET_errMissingFullBackup });
      await api().JetBackupInstance(env.f.inst, dir, JET_bitBackupAtomic, null);
      const before = readdirSync(dir).length;
      for (let i = 100; i < 130; i++) await insert(env.f, i, 'inc');
      await api().JetBackupInstance(env.f.inst, dir, JET_bitBackupIncremental, null);
      expect(readdirSync(dir).length).toBeGreaterThan(before);
      expect(readdirSync(dir)).toContain('test.edb');
    });

    it('InvalidGrbit for JET_bitBackupSnapshot and unknown bits', async () => {
      for (const g of [JET_bitBackupSnapshot, 0x2, 0x80]) {
        await expect(api().JetBackupInstance(env.f.inst, join(env.root, 'bk'), g, null)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
      }
    });

    it('InvalidPath for a missing folder (JET_paramCreatePathIfNotExist off) and an empty path', async () => {
      await expect(api().JetBackupInstance(env.f.inst, join(env.root, 'nope', 'deeper'), 0, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
      await expect(api().JetBackupInstance(env.f.inst, '', 0, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('BackupInProgress while a streaming backup runs', async () => {
      mkdirSync(join(env.root, 'bk'));
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(api().JetBackupInstance(env.f.inst, join(env.root, 'bk'), 0, null)).rejects.toMatchObject({ code: JET_errBackupInProgress });
    });

    it('G and instance errors: ClientRequestToStopJetService, InvalidParameter, legacy RunningInMultiInstanceMode, TypeError', async () => {
      mkdirSync(join(env.root, 'bk'));
      await expect(api().JetBackupInstance(77 as JET_INSTANCE, join(env.root, 'bk'), 0, null)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(api().JetBackup(join(env.root, 'bk'), 0, null)).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
      await expect(api().JetBackupInstance(env.f.inst, join(env.root, 'bk'), 0, 5 as never)).rejects.toBeInstanceOf(TypeError);
      await api().JetStopServiceInstance(env.f.inst);
      await expect(api().JetBackupInstance(env.f.inst, join(env.root, 'bk'), 0, null)).rejects.toMatchObject({ code: JET_errClientRequestToStopJetService });
    });

    it('JetStopBackupInstance during the copy: BackupAbortByServer, previous backup kept, no log truncated', async () => {
      const dir = join(env.root, 'bk');
      mkdirSync(dir);
      await api().JetBackupInstance(env.f.inst, dir, 0, null);
      const previous = readdirSync(dir).sort();
      const logs = ref?.engine.logGenerationsOnDisk();
      const p = api().JetBackupInstance(env.f.inst, dir, 0, (_s, _snp, snt) => {
        if (snt === JET_sntProgress) void api().JetStopBackupInstance(env.f.inst);
        return 0;
      });
      await expect(p).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
      if (ref) expect(lastOutcome(ref)).toBe('abortByServer');
      expect(readdirSync(dir).sort()).toEqual(previous);
      if (ref) for (const g of logs!) expect(existsSync(ref.engine.logPath(g))).toBe(true);
      // the next one succeeds
      await api().JetBackupInstance(env.f.inst, dir, 0, null);
      if (ref) expect(lastOutcome(ref)).toBe('normal');
    });

    it('JetTerm2(JET_bitTermStopBackup) during the copy: BackupAbortByServer, previous backup kept', async () => {
      const dir = join(env.root, 'bk');
      mkdirSync(dir);
      await api().JetBackupInstance(env.f.inst, dir, 0, null);
      const previous = readdirSync(dir).sort();
      let term: Promise<void> | undefined;
      const p = api().JetBackupInstance(env.f.inst, dir, 0, (_s, _snp, snt) => {
        if (snt === JET_sntProgress && !term) term = api().JetTerm2(env.f.inst, JET_bitTermStopBackup);
        return 0;
      });
      await expect(p).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
      await term;
      if (ref) expect(ref.engine.state).toBe('terminated');
      if (ref) expect(lastOutcome(ref)).toBe('abortByServer');
      expect(readdirSync(dir).sort()).toEqual(previous);
    });

    it('a callback returning an error fails the backup with that code (JET_sntFail reported); a thrown error propagates', async () => {
      const dir = join(env.root, 'bk');
      mkdirSync(dir);
      const seen: number[] = [];
      await expect(
        api().JetBackupInstance(env.f.inst, dir, 0, (_s, _snp, snt) => {
          seen.push(snt);
          return snt === JET_sntProgress ? JET_errDiskFull : 0;
        }),
      ).rejects.toMatchObject({ code: JET_errDiskFull });
      expect(seen[seen.length - 1]).toBe(JET_sntFail);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
      const boom = new Error('callback');
      await expect(
        api().JetBackupInstance(env.f.inst, dir, 0, () => {
          throw boom;
        }),
      ).rejects.toBe(boom);
      if (ref) expect(lastOutcome(ref)).toBe('abortByCaller');
    });
  });
}
