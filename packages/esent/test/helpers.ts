import { isJetError } from '@winbackup/errors';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach } from 'vitest';
import {
  createReferenceEsent,
  JET_coltypLong,
  JET_coltypText,
  JET_coltypLongBinary,
  JET_cpUnicode,
  JET_bitIndexPrimary,
  JET_paramLogFileSize,
  JET_paramSystemPath,
  JET_paramLogFilePath,
  JET_paramTempPath,
  type EsentApi,
  type JET_COLUMNID,
  type JET_DBID,
  type JET_INSTANCE,
  type JET_SESID,
  type JET_TABLEID,
} from '../src/index.js';

export interface TempRoot {
  dir: string;
  cleanup: () => void;
}

export function tempRoot(): TempRoot {
  const dir = mkdtempSync(join(tmpdir(), 'esent-test-'));
  const cleanup = (): void => {
    // a native conformance run works inside the root (esent.dll resolves relative paths against
    // the process's directory); Windows cannot remove the current directory
    if (process.cwd().startsWith(dir)) process.chdir(tmpdir());
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, cleanup };
}

/** Bundles a child-process script (crash writers, lifetime checks) into one ESM file runnable by plain node. */
export async function bundleChildScript(entry: string, outfile: string): Promise<void> {
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent' });
}

/** Gives each test of the enclosing describe a fresh temporary root (handed to `set`), removed after the test. */
export function useTempRoot(set: (root: TempRoot) => void): void {
  let root: TempRoot;
  beforeEach(() => {
    root = tempRoot();
    set(root);
  });
  afterEach(() => root.cleanup());
}

/** The JET error code `p` rejects with, or undefined if it resolves; anything else is rethrown. */
export async function code(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    if (isJetError(e)) return e.code;
    throw e;
  }
}

export function long(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

export function text(s: string): Buffer {
  return Buffer.from(s, 'utf16le');
}

export interface Fixture {
  api: EsentApi;
  inst: JET_INSTANCE;
  sesid: JET_SESID;
  dbid: JET_DBID;
  tableid: JET_TABLEID;
  colId: JET_COLUMNID;
  colName: JET_COLUMNID;
  colData: JET_COLUMNID;
  root: string;
}

/** Makes the EsentApi a test drives, over a root folder (default: the reference engine). */
export type EsentFactory = (root: string) => EsentApi;

/** An initialised instance with db "test.edb" and table "t" (id Long primary, name Text, data LongBinary). */
export async function fixture(root: string, opts: { logFileSizeKB?: number; name?: string; create?: EsentFactory } = {}): Promise<Fixture> {
  const api = opts.create ? opts.create(root) : createReferenceEsent({ root });
  const inst = await api.JetCreateInstance(opts.name ?? 'test');
  await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, opts.logFileSizeKB ?? 128, null);
  await api.JetInit(inst);
  return tableFixture(api, inst, root);
}

/** A session, db "test.edb" and table "t" as in `fixture()`, on an instance the caller has initialised. */
export async function tableFixture(api: EsentApi, inst: JET_INSTANCE, root: string): Promise<Fixture> {
  const sesid = await api.JetBeginSession(inst, null, null);
  const dbid = await api.JetCreateDatabase(sesid, 'test.edb', null, 0);
  const r = await api.JetCreateTableColumnIndex(sesid, dbid, {
    szTableName: 't',
    rgcolumncreate: [
      { szColumnName: 'id', coltyp: JET_coltypLong },
      { szColumnName: 'name', coltyp: JET_coltypText, cp: JET_cpUnicode },
      { szColumnName: 'data', coltyp: JET_coltypLongBinary },
    ],
    rgindexcreate: [{ szIndexName: 'pk', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
  });
  const [colId, colName, colData] = r.rgcolumnid as [JET_COLUMNID, JET_COLUMNID, JET_COLUMNID];
  return { api, inst, sesid, dbid, tableid: r.tableid, colId, colName, colData, root };
}

/**
 * Gives each test of the enclosing describe a fresh temporary root with `fixture()` in it (both
 * handed to `set`); afterwards the instance is terminated and the root removed. A failing JetTerm
 * is ignored unless `strictTerm`, where it fails the test.
 */
export function useFixture(set: (f: Fixture, root: TempRoot) => void, opts: { strictTerm?: boolean; create?: EsentFactory } = {}): void {
  let root: TempRoot;
  let f: Fixture;
  beforeEach(async () => {
    root = tempRoot();
    f = await fixture(root.dir, opts.create ? { create: opts.create } : {});
    set(f, root);
  });
  afterEach(async () => {
    const term = f.api.JetTerm(f.inst);
    await (opts.strictTerm ? term : term.catch(() => undefined));
    root.cleanup();
  });
}

export async function insert(f: Fixture, id: number, name: string, tableid = f.tableid): Promise<Buffer> {
  await f.api.JetPrepareUpdate(f.sesid, tableid, 0);
  await f.api.JetSetColumn(f.sesid, tableid, f.colId, long(id), 4, 0, null);
  await f.api.JetSetColumn(f.sesid, tableid, f.colName, text(name), text(name).length, 0, null);
  return f.api.JetUpdate(f.sesid, tableid);
}

export async function readAll(f: Fixture, sesid = f.sesid, tableid = f.tableid): Promise<number[]> {
  const ids: number[] = [];
  try {
    await f.api.JetMove(sesid, tableid, 0x80000000 | 0, 0);
  } catch {
    return ids;
  }
  for (;;) {
    const r = await f.api.JetRetrieveColumn(sesid, tableid, f.colId, 4, 0, null);
    ids.push(r.pvData!.readInt32LE(0));
    try {
      await f.api.JetMove(sesid, tableid, 1, 0);
    } catch {
      return ids;
    }
  }
}

export { JET_paramSystemPath, JET_paramLogFilePath, JET_paramTempPath };
