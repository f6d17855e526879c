// JetStopBackupInstance / JetStopBackup (SEMANTICS.md §3): sets the stop flag with no
// gate, success whether or not a backup runs; the streaming calls then fail with
// BackupAbortByServer while CloseFile and End still work; the next Begin clears it; invalid
// instance -> InvalidParameter; legacy form -> RunningInMultiInstanceMode / InvalidParameter;
// JetTerm2(JET_bitTermStopBackup) ends a running backup as aborted by server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import {
  JET_errBackupAbortByServer,
  JET_errInvalidParameter,
  JET_errNoBackup,
  JET_errRunningInMultiInstanceMode,
} from '@winbackup/errors';
import { JET_bitTermStopBackup, JET_LOGINFO_cbSize, type JET_HANDLE, type JET_INSTANCE } from '../../src/index.js';
import { lastOutcome, readAll, insert, streamBackup, restoreAndRead, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** JetStopBackupInstance / JetStopBackup (SEMANTICS.md §3). Engine-state checks run on the reference only. */
export function stopBackupConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetStopBackupInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 6, (e, r) => {
      env = e;
      ref = r;
    });
    const api = () => env.f.api;

    it('success with no backup running; not sticky: the next Begin clears it', async () => {
      // SEMANTICS.md §3: no-op success when idle
      await api().JetStopBackupInstance(env.f.inst);
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      if (ref) expect(ref.engine.backup.stopRequested).toBe(false);
      expect((await api().JetGetAttachInfoInstance(env.f.inst, 4096)).szz).toBe(env.dbPath + '\0\0');
    });

    it('InvalidParameter for an unknown instance; TypeError for a non-handle', async () => {
      await expect(api().JetStopBackupInstance(4242 as JET_INSTANCE)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(api().JetStopBackupInstance('x' as unknown as JET_INSTANCE)).rejects.toBeInstanceOf(TypeError);
    });

    it('legacy JetStopBackup: RunningInMultiInstanceMode in multi-instance mode', async () => {
      await expect(api().JetStopBackup()).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
    });

    it('every streaming call then fails with BackupAbortByServer; CloseFile and End still succeed; the backup stays in progress', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const h = (await api().JetOpenFileInstance(env.f.inst, env.dbPath)).phfFile;
      await api().JetStopBackupInstance(env.f.inst);
      const abort = { code: JET_errBackupAbortByServer };
      await expect(api().JetGetAttachInfoInstance(env.f.inst, 4096)).rejects.toMatchObject(abort);
      await expect(api().JetOpenFileInstance(env.f.inst, env.dbPath)).rejects.toMatchObject(abort);
      await expect(api().JetReadFileInstance(env.f.inst, h, Buffer.alloc(1 << 16), 1 << 16)).rejects.toMatchObject(abort);
      await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject(abort);
      await expect(api().JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: JET_LOGINFO_cbSize })).rejects.toMatchObject(abort);
      await expect(api().JetGetTruncateLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject(abort);
      await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject(abort);
      // still in progress: attach blocked, Begin refused
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
      await api().JetCloseFileInstance(env.f.inst, h);
      await api().JetEndExternalBackupInstance(env.f.inst);
      if (ref) expect(lastOutcome(ref)).toBe('abortByServer');
      await expect(api().JetGetAttachInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errNoBackup });
    });

    it('a read already under way completes; the next call sees the flag (SEMANTICS.md §7)', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const h = (await api().JetOpenFileInstance(env.f.inst, env.dbPath)).phfFile;
      const p = api().JetReadFileInstance(env.f.inst, h, Buffer.alloc(1 << 16), 1 << 16);
      const stop = api().JetStopBackupInstance(env.f.inst);
      expect(await p).toBeGreaterThan(0);
      await stop;
      await expect(api().JetReadFileInstance(env.f.inst, h, Buffer.alloc(1 << 16), 1 << 16)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
    });

    it('nothing is lost: the database keeps working and the next full backup restores every record', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetGetLogInfoInstance(env.f.inst, 4096);
      await api().JetStopBackupInstance(env.f.inst);
      await api().JetEndExternalBackupInstance(env.f.inst);
      await insert(env.f, 100, 'after');
      expect(await readAll(env.f)).toEqual([0, 1, 2, 3, 4, 5, 100]);
      const set = await streamBackup(api(), env.f.inst, join(env.root, 'bk'));
      expect(await restoreAndRead(set, join(env.root, 'restored'), env.dbPath, [], target.create)).toEqual([0, 1, 2, 3, 4, 5, 100]);
    });

    it('JetTerm2(JET_bitTermStopBackup) ends the running backup as aborted by server', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      await api().JetOpenFileInstance(env.f.inst, env.dbPath);
      await api().JetTerm2(env.f.inst, JET_bitTermStopBackup);
      if (ref) {
        expect(ref.engine.backup.inProgress).toBe(false);
        expect(ref.engine.state).toBe('terminated');
        expect(lastOutcome(ref)).toBe('abortByServer');
      }
      // the instance is gone: its handle is no longer valid
      await expect(api().JetBeginExternalBackupInstance(env.f.inst, 0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    });
  });

  describe('JetStopBackup (legacy, one-instance mode)', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'esent-stop-'));
    });
    afterEach(() => {
      if (process.cwd().startsWith(root)) process.chdir(tmpdir());
      rmSync(root, { recursive: true, force: true });
    });

    it('InvalidParameter before any instance mode is set', async () => {
      const api = target.create(root);
      await expect(api.JetStopBackup()).rejects.toMatchObject({ code: JET_errInvalidParameter });
    });

    it('stops the backup of the one instance (JetInit(NULL))', async () => {
      const api = target.create(root);
      await api.JetInit(null);
      const sesid = await api.JetBeginSession(null as unknown as JET_INSTANCE, null, null);
      await api.JetCreateDatabase(sesid, 'one.edb', null, 0);
      await api.JetBeginExternalBackup(0);
      await api.JetStopBackup();
      await expect(api.JetGetAttachInfo(4096)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
      await expect(api.JetReadFile(0 as JET_HANDLE, Buffer.alloc(1 << 16), 1 << 16)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
      await api.JetEndExternalBackup();
      await api.JetBeginExternalBackup(0);
      const r = await api.JetGetAttachInfo(4096);
      expect(r.szz).toBe(join(root, 'one.edb') + '\0\0');
      await api.JetEndExternalBackup();
      await api.JetTerm(null as unknown as JET_INSTANCE);
    });
  });
}
