// JetCloseFileInstance (SEMANTICS.md §1, §3): NoBackup; InvalidParameter for a bad
// or closed handle; not gated by the stop flag.
import { describe, expect } from 'vitest';
import { JET_errInvalidParameter, JET_errNoBackup } from '@winbackup/errors';
import type { JET_HANDLE } from '../../src/index.js';
import { type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** JetCloseFileInstance as esent.dll behaves (engine-state checks on the reference only). */
export function closeFileConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetCloseFileInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    const h0 = 0 as JET_HANDLE;
    useStreamingEnv(target, 2, (e, r) => {
      env = e;
      ref = r;
    });
    const api = () => env.f.api;

    it('NoBackup with no backup running', async () => {
      await expect(api().JetCloseFileInstance(env.f.inst, h0)).rejects.toMatchObject({ code: JET_errNoBackup });
    });

    it('closes the open handle; a second close and a bad handle are InvalidParameter', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const { phfFile } = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
      await expect(api().JetCloseFileInstance(env.f.inst, 7 as JET_HANDLE)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await api().JetCloseFileInstance(env.f.inst, phfFile);
      await expect(api().JetCloseFileInstance(env.f.inst, phfFile)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      // the slot is free: another open succeeds
      await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    });

    it('still works after JetStopBackupInstance (SEMANTICS.md §3 "Still succeeds")', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const { phfFile } = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
      await api().JetStopBackupInstance(env.f.inst);
      await api().JetCloseFileInstance(env.f.inst, phfFile);
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });
  });
}
