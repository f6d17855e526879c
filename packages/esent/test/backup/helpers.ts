// Shared helpers of the backup tests: a streaming backup driven through the public calls, and a
// restore into a fresh folder that reads every record back.
import { closeSync, copyFileSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import {
  createReferenceEsent,
  JET_bitBackupIncremental,
  JET_bitForceNewLog,
  JET_LOGINFO_cbSize,
  JET_paramLogFilePath,
  JET_paramSystemPath,
  JET_paramTempPath,
  type EsentApi,
  type JET_INSTANCE,
  type JET_LOGINFO,
} from '../../src/index.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import { listArchivedGenerations } from '../../src/reference/storage/logfiles.js';
import { fixture, insert, readAll, type EsentFactory, type Fixture } from '../helpers.js';

export const CHUNK = 1 << 20;

/** Copies one file of the running backup to `dest` with reads of `cb` bytes. */
export async function streamFile(api: EsentApi, inst: JET_INSTANCE, path: string, dest: string, cb = CHUNK): Promise<number> {
  const { phfFile } = await api.JetOpenFileInstance(inst, path);
  const buf = Buffer.alloc(cb);
  const fd = openSync(dest, 'w');
  let total = 0;
  try {
    for (;;) {
      const n = await api.JetReadFileInstance(inst, phfFile, buf, cb);
      if (n === 0) break;
      writeSync(fd, buf, 0, n);
      total += n;
    }
  } finally {
    closeSync(fd);
  }
  await api.JetCloseFileInstance(inst, phfFile);
  return total;
}

export interface StreamedSet {
  readonly dir: string;
  readonly databases: string[];
  readonly logInfo: JET_LOGINFO;
}

/** A whole streaming backup (full or incremental) into `dir`, truncating logs unless told not to. */
export async function streamBackup(api: EsentApi, inst: JET_INSTANCE, dir: string, opts: { incremental?: boolean; truncate?: boolean; end?: boolean } = {}): Promise<StreamedSet> {
  mkdirSync(dir, { recursive: true });
  await api.JetBeginExternalBackupInstance(inst, opts.incremental ? JET_bitBackupIncremental : 0);
  const databases: string[] = [];
  if (!opts.incremental) {
    const a = await api.JetGetAttachInfoInstance(inst, 1 << 16);
    for (const p of splitMultiString(a.szz)) {
      await streamFile(api, inst, p, join(dir, basename(p)));
      databases.push(p);
    }
  }
  const li = await api.JetGetLogInfoInstance2(inst, 1 << 16, { cbSize: JET_LOGINFO_cbSize });
  for (const p of splitMultiString(li.szz)) await streamFile(api, inst, p, join(dir, basename(p)));
  if (opts.truncate !== false) await api.JetTruncateLogInstance(inst);
  // end: false leaves the backup running for the caller to end
  if (opts.end !== false) await api.JetEndExternalBackupInstance(inst);
  return { dir, databases, logInfo: li.pLogInfo };
}

/** Restores `set` (JetExternalRestore2) into `target` and returns the ids in table t. */
export async function restoreAndRead(set: StreamedSet, target: string, sourceDb: string, extraSets: readonly StreamedSet[] = [], create?: EsentFactory): Promise<number[]> {
  mkdirSync(target, { recursive: true });
  const api = create ? create(target) : createReferenceEsent({ root: target });
  // the caller lays the streamed database out where it is to be restored (spec: JetExternalRestore.md)
  const restored = join(target, basename(sourceDb));
  copyFileSync(join(set.dir, basename(sourceDb)), restored);
  let genHigh = set.logInfo.ulGenHigh;
  for (const e of extraSets) genHigh = Math.max(genHigh, e.logInfo.ulGenHigh);
  await api.JetExternalRestore2(
    join(target, 'chk'),
    join(target, 'logs'),
    [{ szDatabaseName: sourceDb, szNewDatabaseName: restored }],
    1,
    set.dir,
    { ...set.logInfo, ulGenHigh: genHigh },
    null,
    null,
    null,
    null,
  );
  return readRestored(api, target, restored);
}

/** Opens a restored database in a fresh instance and lists the ids of table t. */
export async function readRestored(api: EsentApi, target: string, dbPath: string): Promise<number[]> {
  const inst = await api.JetCreateInstance('restored');
  await api.JetSetSystemParameter(inst, null, JET_paramSystemPath, 0, join(target, 'sys') + '/');
  await api.JetSetSystemParameter(inst, null, JET_paramLogFilePath, 0, join(target, 'sys') + '/');
  await api.JetSetSystemParameter(inst, null, JET_paramTempPath, 0, join(target, 'sys') + '/');
  mkdirSync(join(target, 'sys'), { recursive: true });
  return readInInstance(api, inst, dbPath);
}

/** JetInit on a created instance (its paths as set), attach `dbPath`, list the ids of table t, JetTerm. */
export async function readInInstance(api: EsentApi, inst: JET_INSTANCE, dbPath: string): Promise<number[]> {
  await api.JetInit(inst);
  const sesid = await api.JetBeginSession(inst, null, null);
  await api.JetAttachDatabase(sesid, dbPath, 0);
  const dbid = await api.JetOpenDatabase(sesid, dbPath, null, 0);
  const tableid = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
  const cols = await api.JetGetTableColumnInfo(sesid, tableid, 'id', 0);
  const f = { api, sesid, tableid, colId: cols.columnid } as unknown as Fixture;
  const ids = await readAll(f, sesid, tableid);
  await api.JetTerm(inst);
  return ids;
}

/** The files in a folder, sorted (directories too). */
export function listing(dir: string): string[] {
  return readdirSync(dir).sort();
}

/** 0, 1, ..., n - 1. */
export function ids(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

export { fixture };

/** A database with records under a temp root, on any EsentApi (the conformance suite's form). */
export interface StreamingEnv {
  readonly root: string;
  readonly f: Fixture;
  readonly dbPath: string;
  cleanup(): Promise<void>;
}

export interface BackupEnv extends StreamingEnv {
  /** The engine instance behind f.inst (for state assertions). */
  readonly engine: import('../../src/reference/engine/instance.js').Instance;
}

/** An instance (multi-instance mode) with test.edb and `rows` records in table t, under a temp root. */
export async function streamingEnv(rows = 10, opts: { logFileSizeKB?: number; create?: EsentFactory } = {}): Promise<StreamingEnv> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'esent-backup-'));
  mkdirSync(join(root, 'src'));
  const f = await fixture(join(root, 'src'), opts);
  for (let i = 0; i < rows; i++) await insert(f, i, `row${i}`);
  return {
    root,
    f,
    dbPath: join(root, 'src', 'test.edb'),
    async cleanup() {
      await f.api.JetTerm(f.inst).catch(() => undefined);
      if (process.cwd().startsWith(root)) process.chdir(tmpdir());
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** streamingEnv on the reference engine, with the engine instance for state assertions. */
export async function backupEnv(rows = 10, opts: { logFileSizeKB?: number } = {}): Promise<BackupEnv> {
  const env = await streamingEnv(rows, opts);
  const engine = (env.f.api as unknown as import('../../src/reference/ReferenceEsent.js').ReferenceEsent).findInstance(env.f.inst, 'test');
  return { ...env, engine };
}

/** The outcome the engine recorded for the last backup of an instance. */
export function lastOutcome(env: BackupEnv): string | undefined {
  const ref = env.f.api as unknown as { backupCalls: { streaming: { lastOutcome: WeakMap<object, string> } } };
  return ref.backupCalls.streaming.lastOutcome.get(env.engine);
}

export { insert, readAll };

/** Closes the current log generation through the API (JetCommitTransaction with JET_bitForceNewLog). */
export async function rollLog(f: Fixture): Promise<void> {
  await f.api.JetCommitTransaction(f.sesid, JET_bitForceNewLog);
}

/** The restore tests' set: two closed generations, a full streaming backup in bk/, its database copied to target/ where it is to be restored. */
export async function restoreSetup(env: StreamingEnv): Promise<{ set: StreamedSet; target: string; restored: string }> {
  await rollLog(env.f);
  await rollLog(env.f);
  const set = await streamBackup(env.f.api, env.f.inst, join(env.root, 'bk'));
  const target = join(env.root, 'target');
  mkdirSync(target);
  const restored = join(target, 'test.edb');
  copyFileSync(join(set.dir, 'test.edb'), restored);
  return { set, target, restored };
}

/** Commits after the backup (ids 30..49): ten in a closed generation, ten in the current log; the source is terminated. Returns its folder. */
export async function commitsAfterBackup(f: Fixture, set: StreamedSet): Promise<string> {
  for (let i = 30; i < 40; i++) await insert(f, i, 'today');
  await rollLog(f);
  for (let i = 40; i < 50; i++) await insert(f, i, 'today');
  await f.api.JetTerm(f.inst);
  expect(listArchivedGenerations(f.root, 'edb').filter((g) => g > set.logInfo.ulGenHigh)).toEqual([set.logInfo.ulGenHigh + 1]);
  return f.root;
}

/** The restore tests' backup set in bk/: a full JetBackupInstance, 20 more records (ids 40..59), an incremental one. Returns the folder. */
export async function backupSetInFolder(env: StreamingEnv): Promise<string> {
  const dir = join(env.root, 'bk');
  mkdirSync(dir);
  await env.f.api.JetBackupInstance(env.f.inst, dir, 0, null);
  for (let i = 40; i < 60; i++) await insert(env.f, i, 'inc');
  await env.f.api.JetBackupInstance(env.f.inst, dir, JET_bitBackupIncremental, null);
  return dir;
}

/** After the backup: three closed generations of ten records each (ids 60..89), then ten (90..99) in the current log. */
export async function newerGenerations(f: Fixture): Promise<void> {
  for (let g = 0; g < 4; g++) {
    if (g > 0) await rollLog(f);
    for (let i = 60 + 10 * g; i < 70 + 10 * g; i++) await insert(f, i, 'today');
  }
}
