// JetExternalRestore / JetExternalRestore2 (SEMANTICS.md §5): log range checks
// (StartingRestoreLogTooHigh, EndingRestoreLogTooLow), RestoreOfNonBackupDatabase,
// InvalidParameter (target paths), RunningInOneInstanceMode, FileNotFound, DatabaseCorrupted,
// InvalidPath, MissingLogFile; version 1 assumes the base name edb. Phases II and III (spec:
// JetExternalRestore.md "Remarks"): the newer logs of the same stream in szLogPath are rolled
// forward (ExistingLogFileIsNotContiguous, ExistingLogFileHasBadSignature otherwise, as the engine
// reports them), then a new generation is left in szLogPath and the checkpoint in
// szCheckpointFilePath; the backup folder is not changed. The generations phases II and III leave,
// read with the reference's log-format reader, are checked in test/backup/JetExternalRestore.test.ts.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect } from 'vitest';
import {
  JET_errDatabaseCorrupted,
  JET_errEndingRestoreLogTooLow,
  JET_errExistingLogFileHasBadSignature,
  JET_errExistingLogFileIsNotContiguous,
  JET_errFileAccessDenied,
  JET_errFileNotFound,
  JET_errInvalidParameter,
  JET_errInvalidPath,
  JET_errMissingLogFile,
  JET_errRestoreOfNonBackupDatabase,
  JET_errRunningInOneInstanceMode,
  JET_errStartingRestoreLogTooHigh,
} from '@winbackup/errors';
import type { JET_LOGINFO } from '../../src/index.js';
import { commitsAfterBackup, fixture, ids, insert, listing, readRestored, restoreSetup, type StreamedSet, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** JetExternalRestore(2) as esent.dll behaves: restores on the target, into real folders under its root. */
export function externalRestoreConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetExternalRestore(2)', () => {
    let env: StreamingEnv;
    let set: StreamedSet;
    let targetDir: string;
    let restored: string;
    useStreamingEnv(
      target,
      30,
      (e) => {
        env = e;
      },
      { logFileSizeKB: 64 },
    );
    beforeEach(async () => {
      ({ set, target: targetDir, restored } = await restoreSetup(env));
    });
    const map = () => [{ szDatabaseName: env.dbPath, szNewDatabaseName: restored }];
    const api = () => target.create(targetDir);
    const v2 = (li: JET_LOGINFO, opts: { name?: string | null; log?: string | null; chk?: string | null; m?: typeof map extends () => infer R ? R : never } = {}) =>
      api().JetExternalRestore2(null, null, opts.m ?? map(), (opts.m ?? map()).length, set.dir, li, opts.name ?? null, opts.log ?? null, opts.chk ?? null, null);

    const refusedWith = async (logs: string, code: number, esent = api()) => {
      const before = listing(logs);
      const db = readFileSync(restored);
      await expect(esent.JetExternalRestore2(join(targetDir, 'chk'), logs, map(), 1, set.dir, set.logInfo, null, null, null, null)).rejects.toMatchObject({ code });
      // checked before anything is written: the streamed database, szLogPath and szCheckpointFilePath as they were
      expect(readFileSync(restored).equals(db)).toBe(true);
      expect(listing(logs)).toEqual(before);
      expect(existsSync(join(targetDir, 'chk'))).toBe(false);
    };

    it('version 1 (base name edb) restores the set; NULL szLogPath and szCheckpointFilePath are the default paths (the root here)', async () => {
      await api().JetExternalRestore(null, null, map(), 1, set.dir, set.logInfo.ulGenLow, set.logInfo.ulGenHigh, null);
      expect(listing(targetDir)).toEqual(['edb.chk', 'edb.log', 'test.edb']);
      expect(await readRestored(api(), targetDir, restored)).toEqual(ids(30));
    });

    it('ExistingLogFileIsNotContiguous when the current log in szLogPath does not follow genHigh (a gap)', async () => {
      const src = await commitsAfterBackup(env.f, set);
      const logs = join(targetDir, 'logs');
      mkdirSync(logs);
      copyFileSync(join(src, 'edb.log'), join(logs, 'edb.log'));
      await refusedWith(logs, JET_errExistingLogFileIsNotContiguous);
    });

    it('ExistingLogFileHasBadSignature when szLogPath holds another log stream', async () => {
      const otherRoot = join(env.root, 'other');
      mkdirSync(otherRoot);
      const other = await fixture(otherRoot, { create: target.create });
      await insert(other, 1, 'other');
      await other.api.JetTerm(other.inst);
      const logs = join(targetDir, 'logs');
      mkdirSync(logs);
      copyFileSync(join(otherRoot, 'edb.log'), join(logs, 'edb.log'));
      await refusedWith(logs, JET_errExistingLogFileHasBadSignature);
    });

    it('FileAccessDenied when szLogPath is the log path of a running instance', async () => {
      await refusedWith(join(env.root, 'src'), JET_errFileAccessDenied, env.f.api);
      await insert(env.f, 30, 'still running');
    });

    it('StartingRestoreLogTooHigh when genLow is above what the database needs; nothing is written', async () => {
      await expect(v2({ ...set.logInfo, ulGenLow: set.logInfo.ulGenHigh + 1, ulGenHigh: set.logInfo.ulGenHigh + 1 })).rejects.toMatchObject({ code: JET_errStartingRestoreLogTooHigh });
    });

    it('EndingRestoreLogTooLow when genHigh is below the generation the stream ended in', async () => {
      await expect(v2({ ...set.logInfo, ulGenHigh: set.logInfo.ulGenLow })).rejects.toMatchObject({ code: JET_errEndingRestoreLogTooLow });
    });

    it('RestoreOfNonBackupDatabase for a plain database file (no backup trailer)', async () => {
      await env.f.api.JetTerm(env.f.inst);
      copyFileSync(env.dbPath, restored);
      await expect(v2(set.logInfo)).rejects.toMatchObject({ code: JET_errRestoreOfNonBackupDatabase });
    });

    it('InvalidParameter: only one target path, or a target name with paths', async () => {
      await expect(v2(set.logInfo, { log: targetDir })).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(v2(set.logInfo, { chk: targetDir })).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(v2(set.logInfo, { name: 'x', log: targetDir, chk: targetDir })).rejects.toMatchObject({ code: JET_errInvalidParameter });
    });

    it('FileNotFound for a mapped database that is not there; DatabaseCorrupted for garbage', async () => {
      rmSync(restored);
      await expect(v2(set.logInfo)).rejects.toMatchObject({ code: JET_errFileNotFound });
      writeFileSync(restored, Buffer.alloc(64 * 1024, 7));
      await expect(v2(set.logInfo)).rejects.toMatchObject({ code: JET_errDatabaseCorrupted });
    });

    it('InvalidPath for a missing backup log folder; MissingLogFile for a gap', async () => {
      await expect(api().JetExternalRestore2(null, null, map(), 1, join(env.root, 'nope'), set.logInfo, null, null, null, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
      const logs = readdirSync(set.dir).filter((n) => n.endsWith('.log')).sort();
      rmSync(join(set.dir, logs[1]!));
      await expect(v2(set.logInfo)).rejects.toMatchObject({ code: JET_errMissingLogFile });
    });

    it('RunningInOneInstanceMode in one-instance mode', async () => {
      const root = mkdtempSync(join(tmpdir(), 'esent-one-'));
      try {
        const one = target.create(root);
        await one.JetInit(null);
        await expect(one.JetExternalRestore2(null, null, map(), 1, set.dir, set.logInfo, null, null, null, null)).rejects.toMatchObject({ code: JET_errRunningInOneInstanceMode });
        await one.JetTerm(null as never);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });

    it('TypeError for wrong JS types before any state change', async () => {
      await expect(api().JetExternalRestore2(null, null, 'x' as never, 1, set.dir, set.logInfo, null, null, null, null)).rejects.toBeInstanceOf(TypeError);
      await expect(api().JetExternalRestore(null, null, map(), 1, set.dir, 1.5, 2, null)).rejects.toBeInstanceOf(TypeError);
    });
  });
}
