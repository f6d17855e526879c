// JetRestoreInstance / JetRestore / JetRestore2 (spec: JetRestoreInstance.md;
// SEMANTICS.md §5): on a created instance before JetInit; copies the set and recovers it, rolling
// forward through the newer logs of the same stream in the instance's log path, then leaves a new
// log generation and a checkpoint in its log and system paths; AlreadyInitialized, InvalidPath,
// MissingLogFile, DatabaseSharingViolation, RunningInMultiInstanceMode (legacy), and the engine's
// log-sequence codes (ExistingLogFileIsNotContiguous, MissingCurrentLogFiles,
// ExistingLogFileHasBadSignature); JET_snpRestore callbacks. The log generations the restore
// leaves, read with the reference's log-header reader, are checked in test/backup/JetRestoreInstance.test.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect } from 'vitest';
import {
  JET_errAlreadyInitialized,
  JET_errDatabaseSharingViolation,
  JET_errExistingLogFileHasBadSignature,
  JET_errExistingLogFileIsNotContiguous,
  JET_errFileAccessDenied,
  JET_errInvalidPath,
  JET_errMissingCurrentLogFiles,
  JET_errMissingLogFile,
  JET_errRunningInMultiInstanceMode,
} from '@winbackup/errors';
import { JET_snpRestore, JET_sntBegin, JET_sntComplete, type EsentApi, type JET_INSTANCE } from '../../src/index.js';
import { archiveLogPath, listArchivedGenerations } from '../../src/reference/storage/logfiles.js';
import { backupSetInFolder, fixture, ids, insert, listing, newerGenerations, readRestored, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** JetRestoreInstance / JetRestore(2) as esent.dll behaves (engine-state checks on the reference only). */
export function restoreInstanceConformance(target: EsentTarget, it: ConformanceIt): void {
  /** Instances a test created for a restore, terminated after it (esent.dll keeps them for the whole process). */
  const created: [EsentApi, JET_INSTANCE][] = [];
  const createInstance = async (api: EsentApi, name: string): Promise<JET_INSTANCE> => {
    const inst = await api.JetCreateInstance(name);
    created.push([api, inst]);
    return inst;
  };
  const termCreated = async (): Promise<void> => {
    for (const [api, inst] of created.splice(0)) await api.JetTerm(inst).catch(() => undefined);
  };

  describe('JetRestoreInstance', () => {
    let env: StreamingEnv;
    let dir: string;
    useStreamingEnv(target, 40, (e) => {
      env = e;
    });
    beforeEach(async () => {
      dir = await backupSetInFolder(env);
    });
    afterEach(termCreated);

    it('restores full + incremental into szDest on a fresh instance; every record is there', async () => {
      const targetDir = join(env.root, 'restored');
      mkdirSync(targetDir);
      const api = target.create(targetDir);
      const inst = await createInstance(api, 'r');
      const seen: [number, number][] = [];
      await api.JetRestoreInstance(inst, dir, join(targetDir, 'db'), (_s, snp, snt) => {
        seen.push([snp, snt]);
        return 0;
      });
      expect(seen[0]).toEqual([JET_snpRestore, JET_sntBegin]);
      expect(seen[seen.length - 1]).toEqual([JET_snpRestore, JET_sntComplete]);
      // still created: JetInit comes next (the backup folder is left as it was)
      expect(readdirSync(dir)).toContain('test.edb');
      await api.JetTerm(inst);
      expect(await readRestored(target.create(targetDir), targetDir, join(targetDir, 'db', 'test.edb'))).toEqual(Array.from({ length: 60 }, (_, i) => i));
    });

    it('AlreadyInitialized on a running instance', async () => {
      await expect(env.f.api.JetRestoreInstance(env.f.inst, dir, join(env.root, 'x'), null)).rejects.toMatchObject({ code: JET_errAlreadyInitialized });
    });

    it('InvalidPath for a missing folder or one that holds no backup set', async () => {
      const api = target.create(env.root);
      const inst = await createInstance(api, 'r');
      await expect(api.JetRestoreInstance(inst, join(env.root, 'missing'), null, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
      mkdirSync(join(env.root, 'empty'));
      await expect(api.JetRestoreInstance(inst, join(env.root, 'empty'), null, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
    });

    it('MissingLogFile when a log of the set is gone', async () => {
      const logs = readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
      rmSync(join(dir, logs[logs.length - 2]!));
      const api = target.create(env.root);
      const inst = await createInstance(api, 'r');
      await expect(api.JetRestoreInstance(inst, dir, join(env.root, 'r'), null)).rejects.toMatchObject({ code: JET_errMissingLogFile });
    });

    it('DatabaseSharingViolation restoring over a database a running instance has attached (szDest NULL: original location)', async () => {
      const api = env.f.api;
      const inst = await createInstance(api, 'r');
      await expect(api.JetRestoreInstance(inst, dir, null, null)).rejects.toMatchObject({ code: JET_errDatabaseSharingViolation });
    });

    it('legacy JetRestore / JetRestore2 in multi-instance mode: RunningInMultiInstanceMode', async () => {
      await expect(env.f.api.JetRestore(dir, null)).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
      await expect(env.f.api.JetRestore2(dir, join(env.root, 'x'), null)).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
    });

  });

  describe('JetRestoreInstance rolls forward through the newer logs in the instance\'s log path', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    let dir: string;
    let srcDir: string;
    let genHigh: number;
    useStreamingEnv(target, 40, (e, r) => {
      env = e;
      ref = r;
    });
    beforeEach(async () => {
      dir = await backupSetInFolder(env);
      srcDir = join(env.root, 'src');
      genHigh = Math.max(...listArchivedGenerations(dir, 'edb'));
      await newerGenerations(env.f);
      if (ref) expect(ref.engine.currentGeneration).toBe(genHigh + 4);
    });
    afterEach(termCreated);

    /** A created instance whose log and system paths are the source instance's folder. */
    const restorer = async () => {
      const api = target.create(srcDir);
      return { api, inst: await createInstance(api, 'r') };
    };

    it('szDest: the newer logs are replayed into the copy at szDest; the database at the logged path is not written', async () => {
      await env.f.api.JetTerm(env.f.inst);
      const original = readFileSync(env.dbPath);
      const dest = join(env.root, 'dest');
      const { api, inst } = await restorer();
      await api.JetRestoreInstance(inst, dir, dest, null);
      expect(listing(dest)).toEqual(['test.edb']);
      expect(readFileSync(env.dbPath).equals(original)).toBe(true);
      await api.JetTerm(inst);
      expect(await readRestored(target.create(env.root), dest, join(dest, 'test.edb'))).toEqual(ids(100));
    });

    const refused = async (code: number) => {
      const before = listing(srcDir);
      const chk = readFileSync(join(srcDir, 'edb.chk'));
      const dest = join(env.root, 'dest');
      const { api, inst } = await restorer();
      await expect(api.JetRestoreInstance(inst, dir, dest, null)).rejects.toMatchObject({ code });
      // checked before anything is written: no database at szDest, the log path as it was
      expect(existsSync(dest)).toBe(false);
      expect(listing(srcDir)).toEqual(before);
      expect(readFileSync(join(srcDir, 'edb.chk')).equals(chk)).toBe(true);
    };

    it('ExistingLogFileIsNotContiguous when the first newer generation is missing (a gap after the backup)', async () => {
      await env.f.api.JetTerm(env.f.inst);
      rmSync(archiveLogPath(srcDir, 'edb', genHigh + 1));
      await refused(JET_errExistingLogFileIsNotContiguous);
    });

    it('ExistingLogFileIsNotContiguous when the current log does not follow the last closed generation', async () => {
      await env.f.api.JetTerm(env.f.inst);
      rmSync(archiveLogPath(srcDir, 'edb', genHigh + 3));
      await refused(JET_errExistingLogFileIsNotContiguous);
    });

    it('MissingCurrentLogFiles when a generation between two newer closed ones is missing', async () => {
      await env.f.api.JetTerm(env.f.inst);
      rmSync(archiveLogPath(srcDir, 'edb', genHigh + 2));
      await refused(JET_errMissingCurrentLogFiles);
    });

    it('ExistingLogFileHasBadSignature when the log path holds another log stream', async () => {
      await env.f.api.JetTerm(env.f.inst);
      mkdirSync(join(env.root, 'other'));
      const other = await fixture(join(env.root, 'other'), { create: target.create });
      for (let i = 0; i < 5; i++) await insert(other, i, 'other');
      await other.api.JetTerm(other.inst);
      for (const name of readdirSync(srcDir)) if (name.endsWith('.log') || name.endsWith('.chk')) rmSync(join(srcDir, name));
      for (const name of readdirSync(join(env.root, 'other'))) {
        if (name.endsWith('.log') || name.endsWith('.chk')) writeFileSync(join(srcDir, name), readFileSync(join(env.root, 'other', name)));
      }
      await refused(JET_errExistingLogFileHasBadSignature);
    });

    it('FileAccessDenied when the log path is a running instance\'s (its current log cannot be replaced)', async () => {
      const before = listing(srcDir);
      const dest = join(env.root, 'dest');
      const inst = await createInstance(env.f.api, 'r');
      await expect(env.f.api.JetRestoreInstance(inst, dir, dest, null)).rejects.toMatchObject({ code: JET_errFileAccessDenied });
      expect(existsSync(dest)).toBe(false);
      expect(listing(srcDir)).toEqual(before);
      await insert(env.f, 100, 'still running');
    });
  });
}
