// Conformance: JetExternalRestore / JetExternalRestore2 (SEMANTICS.md §5): log range checks
// (StartingRestoreLogTooHigh, EndingRestoreLogTooLow), RestoreOfNonBackupDatabase,
// InvalidParameter (target paths), RunningInOneInstanceMode, FileNotFound, DatabaseCorrupted,
// InvalidPath, MissingLogFile; version 1 assumes the base name edb. Phases II and III (spec:
// JetExternalRestore.md "Remarks"): the newer logs of the same stream in szLogPath are rolled
// forward (ExistingLogFileIsNotContiguous, ExistingLogFileHasBadSignature otherwise, as the engine
// reports them), then a new generation is left in szLogPath and the checkpoint in
// szCheckpointFilePath; the backup folder is not changed.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import { createReferenceEsent, JET_paramLogFilePath, JET_paramSystemPath, type JET_LOGINFO } from '../../src/index.js';
import { readLogHeader } from '../../src/reference/storage/logformat.js';
import { archiveLogName, archiveLogPath, listArchivedGenerations } from '../../src/reference/storage/logfiles.js';
import { backupEnv, fixture, ids, insert, listing, readInInstance, readRestored, streamBackup, type BackupEnv, type StreamedSet } from './helpers.js';

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

  it('version 1 (base name edb) restores the set; NULL szLogPath and szCheckpointFilePath are the default paths (the root here)', async () => {
    await api().JetExternalRestore(null, null, map(), 1, set.dir, set.logInfo.ulGenLow, set.logInfo.ulGenHigh, null);
    expect(listing(target)).toEqual(['edb.chk', 'edb.log', 'test.edb']);
    expect(await readRestored(api(), target, restored)).toEqual(ids(30));
  });

  it('phase III: a new generation after genHigh in szLogPath, the checkpoint in szCheckpointFilePath, the backup folder unchanged; an instance on those paths continues the stream', async () => {
    const logs = join(target, 'logs');
    const chk = join(target, 'chk');
    const setBefore = listing(set.dir);
    await api().JetExternalRestore2(chk, logs, map(), 1, set.dir, set.logInfo, null, null, null, null);
    expect(listing(target)).toEqual(['chk', 'logs', 'test.edb']);
    expect(listing(logs)).toEqual(['edb.log']);
    expect(listing(chk)).toEqual(['edb.chk']);
    expect(listing(set.dir)).toEqual(setBefore);
    const signLog = readLogHeader(archiveLogPath(set.dir, 'edb', set.logInfo.ulGenHigh), 'test').signLog;
    expect(readLogHeader(join(logs, 'edb.log'), 'test')).toMatchObject({ lGeneration: set.logInfo.ulGenHigh + 1, signLog });
    const next = api();
    const inst = await next.JetCreateInstance('next');
    await next.JetSetSystemParameter(inst, null, JET_paramLogFilePath, 0, logs + '/');
    await next.JetSetSystemParameter(inst, null, JET_paramSystemPath, 0, chk + '/');
    expect(await readInInstance(next, inst, restored)).toEqual(ids(30));
    expect(readLogHeader(join(logs, 'edb.log'), 'test')).toMatchObject({ lGeneration: set.logInfo.ulGenHigh + 2, signLog });
  });

  it('szLogPath may be szBackupLogPath: the new generation is added beside the backup\'s logs', async () => {
    const setBefore = listing(set.dir);
    await api().JetExternalRestore2(join(target, 'chk'), set.dir, map(), 1, set.dir, set.logInfo, null, null, null, null);
    expect(listing(set.dir)).toEqual([...setBefore, 'edb.log'].sort());
    expect(readLogHeader(join(set.dir, 'edb.log'), 'test').lGeneration).toBe(set.logInfo.ulGenHigh + 1);
    expect(listing(join(target, 'chk'))).toEqual(['edb.chk']);
    expect(await readRestored(api(), target, restored)).toEqual(ids(30));
  });

  /** Commits after the backup: ten in a closed generation, ten in the current log; the source is terminated. */
  const today = async (): Promise<string> => {
    for (let i = 30; i < 40; i++) await insert(env.f, i, 'today');
    env.engine.rollLog();
    for (let i = 40; i < 50; i++) await insert(env.f, i, 'today');
    await env.f.api.JetTerm(env.f.inst);
    const src = join(env.root, 'src');
    expect(listArchivedGenerations(src, 'edb').filter((g) => g > set.logInfo.ulGenHigh)).toEqual([set.logInfo.ulGenHigh + 1]);
    return src;
  };

  it('phase II: the newer logs in szLogPath are rolled forward; the current one is closed and a new generation follows it', async () => {
    const src = await today();
    const logs = join(target, 'logs');
    mkdirSync(logs);
    const newer = archiveLogName('edb', set.logInfo.ulGenHigh + 1);
    copyFileSync(join(src, newer), join(logs, newer));
    copyFileSync(join(src, 'edb.log'), join(logs, 'edb.log'));
    await api().JetExternalRestore2(join(target, 'chk'), logs, map(), 1, set.dir, set.logInfo, null, null, null, null);
    expect(listing(logs)).toEqual([newer, archiveLogName('edb', set.logInfo.ulGenHigh + 2), 'edb.log'].sort());
    expect(readLogHeader(join(logs, 'edb.log'), 'test').lGeneration).toBe(set.logInfo.ulGenHigh + 3);
    expect(await readRestored(api(), target, restored)).toEqual(ids(50));
  });

  const refusedWith = async (logs: string, code: number, esent = api()) => {
    const before = listing(logs);
    const db = readFileSync(restored);
    await expect(esent.JetExternalRestore2(join(target, 'chk'), logs, map(), 1, set.dir, set.logInfo, null, null, null, null)).rejects.toMatchObject({ code });
    // checked before anything is written: the streamed database, szLogPath and szCheckpointFilePath as they were
    expect(readFileSync(restored).equals(db)).toBe(true);
    expect(listing(logs)).toEqual(before);
    expect(existsSync(join(target, 'chk'))).toBe(false);
  };

  it('ExistingLogFileIsNotContiguous when the current log in szLogPath does not follow genHigh (a gap)', async () => {
    const src = await today();
    const logs = join(target, 'logs');
    mkdirSync(logs);
    copyFileSync(join(src, 'edb.log'), join(logs, 'edb.log'));
    await refusedWith(logs, JET_errExistingLogFileIsNotContiguous);
  });

  it('ExistingLogFileHasBadSignature when szLogPath holds another log stream', async () => {
    const otherRoot = join(env.root, 'other');
    mkdirSync(otherRoot);
    const other = await fixture(otherRoot);
    await insert(other, 1, 'other');
    await other.api.JetTerm(other.inst);
    const logs = join(target, 'logs');
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
