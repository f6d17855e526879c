// JetTruncateLogInstance / JetTruncateLog (SEMANTICS.md §1): NoBackup,
// BackupAbortByServer, InvalidBackupSequence (handle open, or logs never prepared),
// LogFileNotCopied unless every log of the copy range was read to EOF and closed; none cancel.
// Which logs a truncation deletes after a checkpoint the engine is made to take stays in
// test/backup/JetTruncateLogInstance.test.ts.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect } from 'vitest';
import {
  JET_errBackupAbortByServer,
  JET_errInvalidBackupSequence,
  JET_errLogFileNotCopied,
  JET_errNoBackup,
  JET_errRunningInMultiInstanceMode,
} from '@winbackup/errors';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import { streamFile, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';


/** As esent.dll behaves (engine-state checks on the reference only). */
export function truncateLogConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetTruncateLogInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 4, (e, r) => {
      env = e;
      ref = r;
    });
    const api = () => env.f.api;

    it('NoBackup with no backup; legacy JetTruncateLog in multi-instance mode', async () => {
      await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errNoBackup });
      await expect(api().JetTruncateLog()).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
    });

    it('InvalidBackupSequence before GetLogInfo and while a handle is open; the backup goes on', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
      const li = await api().JetGetLogInfoInstance(env.f.inst, 4096);
      await api().JetOpenFileInstance(env.f.inst, splitMultiString(li.szz)[0]!);
      await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });

    it('LogFileNotCopied when a log was not read to the end, or not read at all; nothing is deleted', async () => {
      const dir = join(env.root, 'bk');
      mkdirSync(dir);
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await streamFile(api(), env.f.inst, env.dbPath, join(dir, 'test.edb'));
      const logs = splitMultiString((await api().JetGetLogInfoInstance(env.f.inst, 4096)).szz);
      const onDisk = ref?.engine.logGenerationsOnDisk();
      await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errLogFileNotCopied });
      // partially read: opened, one read, closed
      const { phfFile } = await api().JetOpenFileInstance(env.f.inst, logs[0]!);
      await api().JetReadFileInstance(env.f.inst, phfFile, Buffer.alloc(16384), 16384);
      await api().JetCloseFileInstance(env.f.inst, phfFile);
      await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errLogFileNotCopied });
      if (ref) expect(ref.engine.logGenerationsOnDisk()).toEqual(onDisk);
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
      // copied completely (one twice is tolerated): truncation succeeds
      for (const l of logs) await streamFile(api(), env.f.inst, l, join(dir, basename(l)));
      await streamFile(api(), env.f.inst, logs[0]!, join(dir, basename(logs[0]!)));
      await api().JetTruncateLogInstance(env.f.inst);
      await api().JetEndExternalBackupInstance(env.f.inst);
    });

    it('BackupAbortByServer after a stop; no log deleted', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetGetLogInfoInstance(env.f.inst, 4096);
      const onDisk = ref?.engine.logGenerationsOnDisk();
      await api().JetStopBackupInstance(env.f.inst);
      await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
      if (ref) expect(ref.engine.logGenerationsOnDisk()).toEqual(onDisk);
    });
  });
}
