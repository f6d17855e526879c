// JetGetLogInfoInstance, JetGetLogInfoInstance2 (JET_LOGINFO) and
// JetGetTruncateLogInfoInstance (SEMANTICS.md §1): NoBackup, BackupAbortByServer,
// InvalidBackupSequence with a handle open (no cancel); the first call rolls the log and fixes the
// copy range; pcbActual = min(cbMax, needed), or needed for a NULL (0) buffer; repeatable. The copy
// and truncate ranges after a checkpoint the engine is made to take stay in
// test/backup/JetGetLogInfoInstance.test.ts.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { JET_errBackupAbortByServer, JET_errInvalidBackupSequence, JET_errInvalidParameter, JET_errMissingFileToBackup, JET_errNoBackup } from '@winbackup/errors';
import { JET_bitBackupIncremental, JET_LOGINFO_cbSize } from '../../src/index.js';
import { archiveLogPath, listArchivedGenerations } from '../../src/reference/storage/logfiles.js';
import { rollLog, streamBackup, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';


/** As esent.dll behaves (engine-state checks on the reference only). */
export function logInfoConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetGetLogInfoInstance / JetGetLogInfoInstance2 / JetGetTruncateLogInfoInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 4, (e, r) => {
      env = e;
      ref = r;
    });
    const api = () => env.f.api;

    it('NoBackup for each call with no backup', async () => {
      await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errNoBackup });
      await expect(api().JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: JET_LOGINFO_cbSize })).rejects.toMatchObject({ code: JET_errNoBackup });
      await expect(api().JetGetTruncateLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errNoBackup });
    });

    it('pcbActual: min(cbMax, needed) with a buffer, needed with a NULL (0) buffer', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const full = await api().JetGetLogInfoInstance(env.f.inst, 1 << 16);
      const needed = full.szz.length * 2;
      expect(full.pcbActual).toBe(needed);
      expect(await api().JetGetLogInfoInstance(env.f.inst, 8)).toEqual({ szz: full.szz.slice(0, 4), pcbActual: 8 });
      expect((await api().JetGetLogInfoInstance(env.f.inst, 0)).pcbActual).toBe(needed);
    });

    it('JetGetLogInfoInstance2: InvalidParameter for a wrong cbSize', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(api().JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: 20 })).rejects.toMatchObject({ code: JET_errInvalidParameter });
    });

    it('InvalidBackupSequence while a file is open; the backup goes on', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetOpenFileInstance(env.f.inst, env.dbPath);
      await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
      await expect(api().JetGetTruncateLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });

    it('BackupAbortByServer after a stop', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetStopBackupInstance(env.f.inst);
      await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
      await expect(api().JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: JET_LOGINFO_cbSize })).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
      await expect(api().JetGetTruncateLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
    });

    it('incremental: MissingFileToBackup when a log written since the last backup is gone (the backup goes on)', async () => {
      const set = await streamBackup(api(), env.f.inst, join(env.root, 'full'));
      await rollLog(env.f);
      await rollLog(env.f);
      // the generations on disk: the engine's view (reference), else the archived logs in the log folder
      const onDisk = ref ? ref.engine.logGenerationsOnDisk() : listArchivedGenerations(env.f.root, 'edb');
      for (const g of onDisk) if (g <= set.logInfo.ulGenHigh + 1) rmSync(ref ? ref.engine.logPath(g) : archiveLogPath(env.f.root, 'edb', g));
      await api().JetBeginExternalBackupInstance(env.f.inst, JET_bitBackupIncremental);
      await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errMissingFileToBackup });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });
  });
}
