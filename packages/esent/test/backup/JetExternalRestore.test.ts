// Conformance: JetExternalRestore / JetExternalRestore2 (SEMANTICS.md §5): log range checks
// (StartingRestoreLogTooHigh, EndingRestoreLogTooLow), RestoreOfNonBackupDatabase,
// InvalidParameter (target paths), RunningInOneInstanceMode, FileNotFound, DatabaseCorrupted,
// InvalidPath, MissingLogFile; version 1 assumes the base name edb.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JET_errDatabaseCorrupted,
  JET_errEndingRestoreLogTooLow,
  JET_errFileNotFound,
  JET_errInvalidParameter,
  JET_errInvalidPath,
  JET_errMissingLogFile,
  JET_errRestoreOfNonBackupDatabase,
  JET_errRunningInOneInstanceMode,
  JET_errStartingRestoreLogTooHigh,
} from '@winbackup/errors';
import { createReferenceEsent, type JET_LOGINFO } from '../../src/index.js';
import { backupEnv, readRestored, streamBackup, type BackupEnv, type StreamedSet } from './helpers.js';

describe('JetExternalRestore(2)', () => {
  let env: BackupEnv;
  let set: StreamedSet;
  let target: string;
  let restored: string;
  beforeEach(async () => {
    env = await backupEnv(30, { logFileSizeKB: 64 });
    env.engine.rollLog();
    env.engine.rollLog();
    set = await streamBackup(env.f.api, env.f.inst, join(env.root, 'bk'));
    target = join(env.root, 'target');
    mkdirSync(target);
    restored = join(target, 'test.edb');
    copyFileSync(join(set.dir, 'test.edb'), restored);
  });
  afterEach(async () => env.cleanup());
  const map = () => [{ szDatabaseName: env.dbPath, szNewDatabaseName: restored }];
  const api = () => createReferenceEsent({ root: target });
  const v2 = (li: JET_LOGINFO, opts: { name?: string | null; log?: string | null; chk?: string | null; m?: typeof map extends () => infer R ? R : never } = {}) =>
    api().JetExternalRestore2(null, null, opts.m ?? map(), (opts.m ?? map()).length, set.dir, li, opts.name ?? null, opts.log ?? null, opts.chk ?? null, null);

  it('version 1 (base name edb) restores the set', async () => {
    await api().JetExternalRestore(null, null, map(), 1, set.dir, set.logInfo.ulGenLow, set.logInfo.ulGenHigh, null);
    expect(await readRestored(api(), target, restored)).toEqual(Array.from({ length: 30 }, (_, i) => i));
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
    await expect(v2(set.logInfo, { log: target })).rejects.toMatchObject({ code: JET_errInvalidParameter });
    await expect(v2(set.logInfo, { chk: target })).rejects.toMatchObject({ code: JET_errInvalidParameter });
    await expect(v2(set.logInfo, { name: 'x', log: target, chk: target })).rejects.toMatchObject({ code: JET_errInvalidParameter });
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
      const one = createReferenceEsent({ root });
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
