// JetGetAttachInfoInstance / JetGetAttachInfo (SEMANTICS.md §1): NoBackup, then
// BackupAbortByServer, then InvalidBackupSequence (incremental); pcbActual is always the full size;
// a short buffer is no error; allowed at any point of a full backup.
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { JET_errBackupAbortByServer, JET_errInvalidBackupSequence, JET_errNoBackup, JET_errRunningInMultiInstanceMode } from '@winbackup/errors';
import { JET_bitBackupIncremental, JET_LOGINFO_cbSize } from '../../src/index.js';
import { streamBackup, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** JetGetAttachInfoInstance as esent.dll behaves (engine-state checks on the reference only). */
export function attachInfoConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetGetAttachInfoInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 3, (e, r) => {
      env = e;
      ref = r;
    });
    const full = () => (env.dbPath + '\0\0').length * 2;

    it('NoBackup when no backup runs', async () => {
      await expect(env.f.api.JetGetAttachInfoInstance(env.f.inst, 1024)).rejects.toMatchObject({ code: JET_errNoBackup });
    });

    it('lists the attached database as a multi-string; pcbActual = full byte count', async () => {
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0);
      const r = await env.f.api.JetGetAttachInfoInstance(env.f.inst, 4096);
      expect(r).toEqual({ szz: env.dbPath + '\0\0', pcbActual: full() });
    });

    it('a short buffer is no error: the copy is cut (unterminated), pcbActual is still the full size', async () => {
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0);
      const r = await env.f.api.JetGetAttachInfoInstance(env.f.inst, 10);
      expect(r).toEqual({ szz: env.dbPath.slice(0, 5), pcbActual: full() });
      const none = await env.f.api.JetGetAttachInfoInstance(env.f.inst, 0);
      expect(none).toEqual({ szz: '', pcbActual: full() });
    });

    it('BackupAbortByServer after JetStopBackupInstance (NoBackup is checked first)', async () => {
      await env.f.api.JetStopBackupInstance(env.f.inst);
      await expect(env.f.api.JetGetAttachInfoInstance(env.f.inst, 1024)).rejects.toMatchObject({ code: JET_errNoBackup });
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0);
      await env.f.api.JetStopBackupInstance(env.f.inst);
      await expect(env.f.api.JetGetAttachInfoInstance(env.f.inst, 1024)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });

    it('InvalidBackupSequence in an incremental backup, which goes on', async () => {
      await streamBackup(env.f.api, env.f.inst, join(env.root, 'full'));
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, JET_bitBackupIncremental);
      await expect(env.f.api.JetGetAttachInfoInstance(env.f.inst, 1024)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
      const li = await env.f.api.JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: JET_LOGINFO_cbSize });
      expect(li.pLogInfo.ulGenHigh).toBeGreaterThanOrEqual(li.pLogInfo.ulGenLow);
    });

    it('allowed after GetLogInfo in a full backup', async () => {
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0);
      await env.f.api.JetGetLogInfoInstance(env.f.inst, 4096);
      const r = await env.f.api.JetGetAttachInfoInstance(env.f.inst, 4096);
      expect(r.szz).toBe(env.dbPath + '\0\0');
    });

    it('legacy JetGetAttachInfo in multi-instance mode: RunningInMultiInstanceMode (SEMANTICS.md §1 shared gating)', async () => {
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(env.f.api.JetGetAttachInfo(1024)).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
    });
  });
}
