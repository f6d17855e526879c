// JetOpenFileInstance (SEMANTICS.md §1): NoBackup, BackupAbortByServer,
// InvalidParameter (empty name), OutOfMemory (second handle, no cancel), database in an
// incremental / after GetLogInfo -> InvalidBackupSequence (cancels in LogsAndPatches),
// other file in Databases -> DatabaseNotFound (goes on), missing log -> MissingFileToBackup (cancels).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  JET_errBackupAbortByServer,
  JET_errDatabaseNotFound,
  JET_errInvalidBackupSequence,
  JET_errInvalidParameter,
  JET_errMissingFileToBackup,
  JET_errNoBackup,
  JET_errOutOfMemory,
} from '@winbackup/errors';
import { JET_bitBackupIncremental } from '../../src/index.js';
import { lastOutcome, streamBackup, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** JetOpenFileInstance as esent.dll behaves (engine-state checks on the reference only). */
export function openFileConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetOpenFileInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 3, (e, r) => {
      env = e;
      ref = r;
    });
    const api = () => env.f.api;

    it('NoBackup with no backup running', async () => {
      await expect(api().JetOpenFileInstance(env.f.inst, env.dbPath)).rejects.toMatchObject({ code: JET_errNoBackup });
    });

    it('a database opens as handle 0; size = (data pages + 2 header pages + 1 trailer page) x page size', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const r = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
      const h = ref!.engine.dbs.get(env.dbPath)!.header;
      expect(r).toEqual({ phfFile: 0, pulFileSizeLow: (h.cpgData + 3) * h.pageSize, pulFileSizeHigh: 0 });
    });

    it('InvalidParameter for an empty name; TypeError for a non-string', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(api().JetOpenFileInstance(env.f.inst, '')).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(api().JetOpenFileInstance(env.f.inst, null as unknown as string)).rejects.toBeInstanceOf(TypeError);
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });

    it('OutOfMemory for a second open handle; the backup goes on', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetOpenFileInstance(env.f.inst, env.dbPath);
      await expect(api().JetOpenFileInstance(env.f.inst, env.dbPath)).rejects.toMatchObject({ code: JET_errOutOfMemory });
      await api().JetCloseFileInstance(env.f.inst, 0 as never);
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });

    it('BackupAbortByServer after a stop', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetStopBackupInstance(env.f.inst);
      await expect(api().JetOpenFileInstance(env.f.inst, env.dbPath)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
    });

    it('DatabaseNotFound for a file that is not an attached database (state Databases); the backup goes on', async () => {
      const other = join(env.root, 'other.bin');
      writeFileSync(other, 'x');
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(api().JetOpenFileInstance(env.f.inst, other)).rejects.toMatchObject({ code: JET_errDatabaseNotFound });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
      await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    });

    it('InvalidBackupSequence for a database after GetLogInfo: the backup is cancelled (LogsAndPatches)', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetGetLogInfoInstance(env.f.inst, 4096);
      await expect(api().JetOpenFileInstance(env.f.inst, env.dbPath)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
      if (ref) expect(lastOutcome(ref)).toBe('abortByCaller');
      await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errNoBackup });
    });

    it('InvalidBackupSequence for a database in an incremental backup (cancelled)', async () => {
      await streamBackup(api(), env.f.inst, join(env.root, 'full'));
      await api().JetBeginExternalBackupInstance(env.f.inst, JET_bitBackupIncremental);
      await expect(api().JetOpenFileInstance(env.f.inst, env.dbPath)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('MissingFileToBackup for a missing log in LogsAndPatches: the backup is cancelled', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetGetLogInfoInstance(env.f.inst, 4096);
      await expect(api().JetOpenFileInstance(env.f.inst, join(env.root, 'src', 'edb0FFFF.log'))).rejects.toMatchObject({ code: JET_errMissingFileToBackup });
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('any readable file opens in LogsAndPatches (the path is not checked): a patch file', async () => {
      const pat = join(env.root, 'test.pat');
      writeFileSync(pat, Buffer.alloc(100, 1));
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetGetLogInfoInstance(env.f.inst, 4096);
      const r = await api().JetOpenFileInstance(env.f.inst, pat);
      expect(r.pulFileSizeLow).toBe(100);
    });
  });
}
