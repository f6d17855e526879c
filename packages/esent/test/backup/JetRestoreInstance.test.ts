// Conformance: JetRestoreInstance / JetRestore / JetRestore2 (spec: JetRestoreInstance.md;
// SEMANTICS.md §5): on a created instance before JetInit; copies the set and recovers it, rolling
// forward through the newer logs of the same stream in the instance's log path, then leaves a new
// log generation and a checkpoint in its log and system paths; AlreadyInitialized, InvalidPath,
// MissingLogFile, DatabaseSharingViolation, RunningInMultiInstanceMode (legacy), and the engine's
// log-sequence codes (ExistingLogFileIsNotContiguous, MissingCurrentLogFiles,
// ExistingLogFileHasBadSignature); JET_snpRestore callbacks.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
import { createReferenceEsent, JET_snpRestore, JET_sntBegin, JET_sntComplete } from '../../src/index.js';
import { readLogHeader } from '../../src/reference/storage/logformat.js';
import { archiveLogName, archiveLogPath, listArchivedGenerations } from '../../src/reference/storage/logfiles.js';
import { backupEnv, fixture, ids, insert, listing, readInInstance, readRestored, type BackupEnv } from './helpers.js';

/** The last generation of a backup folder and the log signature it carries. */
function lastBackupLog(dir: string): { genHigh: number; signLog: unknown } {
  const genHigh = Math.max(...listArchivedGenerations(dir, 'edb'));
  return { genHigh, signLog: readLogHeader(archiveLogPath(dir, 'edb', genHigh), 'test').signLog };
}

describe('JetRestoreInstance', () => {
  let env: BackupEnv;
  let dir: string;
  beforeEach(async () => {
    env = await backupEnv(40);
    dir = join(env.root, 'bk');
    mkdirSync(dir);
    await env.f.api.JetBackupInstance(env.f.inst, dir, 0, null);
    for (let i = 40; i < 60; i++) await insert(env.f, i, 'inc');
    await env.f.api.JetBackupInstance(env.f.inst, dir, 1, null);
  });
  afterEach(async () => env.cleanup());

  it('restores full + incremental into szDest on a fresh instance; every record is there', async () => {
    const target = join(env.root, 'restored');
    mkdirSync(target);
    const api = createReferenceEsent({ root: target });
    const inst = await api.JetCreateInstance('r');
    const seen: [number, number][] = [];
    await api.JetRestoreInstance(inst, dir, join(target, 'db'), (_s, snp, snt) => {
      seen.push([snp, snt]);
      return 0;
    });
    expect(seen[0]).toEqual([JET_snpRestore, JET_sntBegin]);
    expect(seen[seen.length - 1]).toEqual([JET_snpRestore, JET_sntComplete]);
    // still created: JetInit comes next (the backup folder is left as it was)
    expect(readdirSync(dir)).toContain('test.edb');
    await api.JetTerm(inst);
    expect(await readRestored(createReferenceEsent({ root: target }), target, join(target, 'db', 'test.edb'))).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('a fresh instance: a new generation after the last one of the backup and a checkpoint are left in its paths, and JetInit continues that log stream', async () => {
    const target = join(env.root, 'restored');
    mkdirSync(target);
    const api = createReferenceEsent({ root: target });
    const inst = await api.JetCreateInstance('r');
    await api.JetRestoreInstance(inst, dir, join(target, 'db'), null);
    const { genHigh, signLog } = lastBackupLog(dir);
    // phase III (spec: JetExternalRestore.md "Remarks"): the log and system paths are both the root here
    expect(listing(target)).toEqual(['db', 'edb.chk', 'edb.log']);
    expect(listing(join(target, 'db'))).toEqual(['test.edb']);
    const h = readLogHeader(join(target, 'edb.log'), 'test');
    expect(h.lGeneration).toBe(genHigh + 1);
    expect(h.signLog).toEqual(signLog);
    // JetInit on the same instance (JetRestoreInstance.md: it stays uninitialised until then)
    expect(await readInInstance(api, inst, join(target, 'db', 'test.edb'))).toEqual(ids(60));
    expect(readLogHeader(join(target, 'edb.log'), 'test')).toMatchObject({ lGeneration: genHigh + 2, signLog });
    expect(readdirSync(target)).toContain(archiveLogName('edb', genHigh + 1));
  });

  it('AlreadyInitialized on a running instance', async () => {
    await expect(env.f.api.JetRestoreInstance(env.f.inst, dir, join(env.root, 'x'), null)).rejects.toMatchObject({ code: JET_errAlreadyInitialized });
  });

  it('InvalidPath for a missing folder or one that holds no backup set', async () => {
    const api = createReferenceEsent({ root: env.root });
    const inst = await api.JetCreateInstance('r');
    await expect(api.JetRestoreInstance(inst, join(env.root, 'missing'), null, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
    mkdirSync(join(env.root, 'empty'));
    await expect(api.JetRestoreInstance(inst, join(env.root, 'empty'), null, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
  });

  it('MissingLogFile when a log of the set is gone', async () => {
    const logs = readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
    rmSync(join(dir, logs[logs.length - 2]!));
    const api = createReferenceEsent({ root: env.root });
    const inst = await api.JetCreateInstance('r');
    await expect(api.JetRestoreInstance(inst, dir, join(env.root, 'r'), null)).rejects.toMatchObject({ code: JET_errMissingLogFile });
  });

  it('DatabaseSharingViolation restoring over a database a running instance has attached (szDest NULL: original location)', async () => {
    const api = env.f.api;
    const inst = await api.JetCreateInstance('r');
    await expect(api.JetRestoreInstance(inst, dir, null, null)).rejects.toMatchObject({ code: JET_errDatabaseSharingViolation });
  });

  it('legacy JetRestore / JetRestore2 in multi-instance mode: RunningInMultiInstanceMode', async () => {
    await expect(env.f.api.JetRestore(dir, null)).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
    await expect(env.f.api.JetRestore2(dir, join(env.root, 'x'), null)).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
  });

  it('legacy JetRestore2 before any instance mode restores to szDest', async () => {
    const target = join(env.root, 'legacy');
    mkdirSync(target);
    const api = createReferenceEsent({ root: target });
    await api.JetRestore2(dir, join(target, 'db'), null);
    // the one instance's paths are the global JET_paramLogFilePath / JET_paramSystemPath (the root)
    expect(listing(target)).toEqual(['db', 'edb.chk', 'edb.log']);
    expect(readLogHeader(join(target, 'edb.log'), 'test').lGeneration).toBe(lastBackupLog(dir).genHigh + 1);
    expect((await readRestored(createReferenceEsent({ root: target }), target, join(target, 'db', 'test.edb'))).length).toBe(60);
  });
});

describe('JetRestoreInstance rolls forward through the newer logs in the instance\'s log path', () => {
  let env: BackupEnv;
  let dir: string;
  let srcDir: string;
  let genHigh: number;
  let current: number;
  beforeEach(async () => {
    env = await backupEnv(40);
    dir = join(env.root, 'bk');
    srcDir = join(env.root, 'src');
    mkdirSync(dir);
    await env.f.api.JetBackupInstance(env.f.inst, dir, 0, null);
    for (let i = 40; i < 60; i++) await insert(env.f, i, 'inc');
    await env.f.api.JetBackupInstance(env.f.inst, dir, 1, null);
    genHigh = lastBackupLog(dir).genHigh;
    // after the backup: three closed generations of ten records each, then ten in the current log
    for (let g = 0; g < 4; g++) {
      if (g > 0) env.engine.rollLog();
      for (let i = 60 + 10 * g; i < 70 + 10 * g; i++) await insert(env.f, i, 'today');
    }
    current = env.engine.currentGeneration;
    expect(current).toBe(genHigh + 4);
  });
  afterEach(async () => env.cleanup());

  /** A created instance whose log and system paths are the source instance's folder. */
  const restorer = async () => {
    const api = createReferenceEsent({ root: srcDir });
    return { api, inst: await api.JetCreateInstance('r') };
  };

  it('szDest NULL after the database is lost: every commit up to the current log is back, the current log is closed and a new generation follows it', async () => {
    await env.f.api.JetTerm(env.f.inst);
    rmSync(env.dbPath);
    const before = listing(srcDir);
    expect(before).toContain('edb.log');
    const { api, inst } = await restorer();
    await api.JetRestoreInstance(inst, dir, null, null);
    expect(listing(srcDir)).toEqual([...before, archiveLogName('edb', current), 'test.edb'].sort());
    expect(readLogHeader(join(srcDir, 'edb.log'), 'test')).toMatchObject({ lGeneration: current + 1, signLog: lastBackupLog(dir).signLog });
    expect(await readInInstance(api, inst, env.dbPath)).toEqual(ids(100));
  });

  it('szDest: the newer logs are replayed into the copy at szDest; the database at the logged path is not written', async () => {
    await env.f.api.JetTerm(env.f.inst);
    const original = readFileSync(env.dbPath);
    const dest = join(env.root, 'dest');
    const { api, inst } = await restorer();
    await api.JetRestoreInstance(inst, dir, dest, null);
    expect(listing(dest)).toEqual(['test.edb']);
    expect(readFileSync(env.dbPath).equals(original)).toBe(true);
    await api.JetTerm(inst);
    expect(await readRestored(createReferenceEsent({ root: env.root }), dest, join(dest, 'test.edb'))).toEqual(ids(100));
  });

  it('without a current log the roll forward ends with the last closed generation', async () => {
    await env.f.api.JetTerm(env.f.inst);
    rmSync(join(srcDir, 'edb.log'));
    const dest = join(env.root, 'dest');
    const { api, inst } = await restorer();
    await api.JetRestoreInstance(inst, dir, dest, null);
    expect(readLogHeader(join(srcDir, 'edb.log'), 'test').lGeneration).toBe(current);
    await api.JetTerm(inst);
    expect(await readRestored(createReferenceEsent({ root: env.root }), dest, join(dest, 'test.edb'))).toEqual(ids(90));
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
    const other = await fixture(join(env.root, 'other'));
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
    const inst = await env.f.api.JetCreateInstance('r');
    await expect(env.f.api.JetRestoreInstance(inst, dir, dest, null)).rejects.toMatchObject({ code: JET_errFileAccessDenied });
    expect(existsSync(dest)).toBe(false);
    expect(listing(srcDir)).toEqual(before);
    await insert(env.f, 100, 'still running');
  });
});
