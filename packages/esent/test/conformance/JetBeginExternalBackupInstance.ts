// JetBeginExternalBackupInstance / JetBeginExternalBackup, every row of
// SEMANTICS.md §1 (order: G, BackupNotAllowedYet, LoggingDisabled, InvalidGrbit, InvalidBackup,
// BackupInProgress, MissingFullBackup, CheckpointFileNotFound) and §2 (attach/detach/term blocked).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import {
  JET_errBackupInProgress,
  JET_errCheckpointFileNotFound,
  JET_errClientRequestToStopJetService,
  JET_errInvalidBackup,
  JET_errInvalidBackupSequence,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errLoggingDisabled,
  JET_errMissingFullBackup,
  JET_errNotInitialized,
} from '@winbackup/errors';
import {
  JET_bitBackupAtomic,
  JET_bitBackupIncremental,
  JET_bitBackupSnapshot,
  JET_bitTermComplete,
  JET_paramCircularLog,
  JET_paramRecovery,
  type JET_INSTANCE,
} from '../../src/index.js';
import { streamBackup, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** JetBeginExternalBackupInstance as esent.dll behaves (engine-state checks on the reference only). */
export function beginBackupConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetBeginExternalBackupInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(target, 5, (e, r) => {
      env = e;
      ref = r;
    });

    it('full: success, state Databases (GetAttachInfo allowed), backup in progress', async () => {
      // SEMANTICS.md §1 JetBeginExternalBackupInstance: full -> Databases
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0);
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
      const r = await env.f.api.JetGetAttachInfoInstance(env.f.inst, 1024);
      expect(r.szz).toBe(env.dbPath + '\0\0');
    });

    it('incremental after a full backup: success, state LogsAndPatches (GetAttachInfo is InvalidBackupSequence)', async () => {
      await streamBackup(env.f.api, env.f.inst, join(env.root, 'full'));
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, JET_bitBackupIncremental);
      await expect(env.f.api.JetGetAttachInfoInstance(env.f.inst, 1024)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
    });

    it('InvalidGrbit for Atomic, Snapshot and unknown bits; nothing starts', async () => {
      for (const g of [JET_bitBackupAtomic, JET_bitBackupSnapshot, 0x2, 0x100]) {
        await expect(env.f.api.JetBeginExternalBackupInstance(env.f.inst, g)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
      }
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('BackupInProgress when a backup runs; the running backup is untouched', async () => {
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0)).rejects.toMatchObject({ code: JET_errBackupInProgress });
      const r = await env.f.api.JetGetAttachInfoInstance(env.f.inst, 1024);
      expect(r.pcbActual).toBe((env.dbPath.length + 2) * 2);
    });

    it('MissingFullBackup: incremental with no previous full backup', async () => {
      await expect(env.f.api.JetBeginExternalBackupInstance(env.f.inst, JET_bitBackupIncremental)).rejects.toMatchObject({ code: JET_errMissingFullBackup });
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('CheckpointFileNotFound: full backup without a checkpoint file', async () => {
      rmSync(join(env.root, 'src', 'edb.chk'));
      await expect(env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0)).rejects.toMatchObject({ code: JET_errCheckpointFileNotFound });
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('gate G: ClientRequestToStopJetService after JetStopServiceInstance', async () => {
      await env.f.api.JetStopServiceInstance(env.f.inst);
      await expect(env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0)).rejects.toMatchObject({ code: JET_errClientRequestToStopJetService });
    });

    it('InvalidParameter for an unknown instance; TypeError for a wrong JS type', async () => {
      await expect(env.f.api.JetBeginExternalBackupInstance(999 as JET_INSTANCE, 0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(env.f.api.JetBeginExternalBackupInstance(env.f.inst, '0' as unknown as number)).rejects.toBeInstanceOf(TypeError);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });

    it('attach and detach fail with BackupInProgress while a backup runs; a clean JetTerm2 too (SEMANTICS.md §2)', async () => {
      await env.f.api.JetBeginExternalBackupInstance(env.f.inst, 0);
      await expect(env.f.api.JetDetachDatabase(env.f.sesid, 'test.edb')).rejects.toMatchObject({ code: JET_errBackupInProgress });
      await expect(env.f.api.JetAttachDatabase(env.f.sesid, 'other.edb', 0)).rejects.toMatchObject({ code: JET_errBackupInProgress });
      await expect(env.f.api.JetTerm2(env.f.inst, JET_bitTermComplete)).rejects.toMatchObject({ code: JET_errBackupInProgress });
      await env.f.api.JetEndExternalBackupInstance(env.f.inst);
      if (ref) expect(ref.engine.backup.inProgress).toBe(false);
    });
  });

  describe('JetBeginExternalBackupInstance on other instances', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'esent-begin-'));
    });
    afterEach(() => {
      if (process.cwd().startsWith(root)) process.chdir(tmpdir());
      rmSync(root, { recursive: true, force: true });
    });

    it('NotInitialized before JetInit', async () => {
      const api = target.create(root);
      const inst = await api.JetCreateInstance('a');
      await expect(api.JetBeginExternalBackupInstance(inst, 0)).rejects.toMatchObject({ code: JET_errNotInitialized });
      await api.JetTerm(inst);
    });

    it('LoggingDisabled with JET_paramRecovery "Off"', async () => {
      const api = target.create(root);
      const inst = await api.JetCreateInstance('a');
      await api.JetSetSystemParameter(inst, null, JET_paramRecovery, 0, 'Off');
      await api.JetInit(inst);
      await expect(api.JetBeginExternalBackupInstance(inst, 0)).rejects.toMatchObject({ code: JET_errLoggingDisabled });
      await api.JetTerm(inst);
    });

    it('InvalidBackup: incremental with circular logging; a full backup is allowed', async () => {
      const api = target.create(root);
      const inst = await api.JetCreateInstance('a');
      await api.JetSetSystemParameter(inst, null, JET_paramCircularLog, 1, null);
      await api.JetInit(inst);
      await expect(api.JetBeginExternalBackupInstance(inst, JET_bitBackupIncremental)).rejects.toMatchObject({ code: JET_errInvalidBackup });
      await api.JetBeginExternalBackupInstance(inst, 0);
      await api.JetEndExternalBackupInstance(inst);
      await api.JetTerm(inst);
    });
  });
}
