// The database file is updated in place (engine/dbstore.ts): checkpoints that run while a
// database streams must not change what the stream delivers. The stream is the header as it was
// at JetOpenFileInstance plus the pages below the file's end at that moment (checkpoints only
// append while a backup runs); the logs copied afterwards bring that image forward on restore.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReferenceEsent, JET_bitDbReadOnly, JET_LOGINFO_cbSize, JET_prepReplace, JET_bitSeekEQ } from '../../src/index.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import { long } from '../helpers.js';
import { backupEnv, insert, restoreAndRead, type BackupEnv } from './helpers.js';

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

describe('checkpoints while a database streams', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(0, { logFileSizeKB: 64 });
  });
  afterEach(async () => env.cleanup());

  /** Attaches a restored (clean) database in a fresh instance under its folder and reads names. */
  async function namesIn(path: string, ids: number[]): Promise<string[]> {
    const root = join(path, '..', 'names');
    mkdirSync(root);
    const api = createReferenceEsent({ root });
    const inst = await api.JetCreateInstance('names');
    await api.JetInit(inst);
    const sesid = await api.JetBeginSession(inst, null, null);
    await api.JetAttachDatabase(sesid, path, JET_bitDbReadOnly);
    const dbid = await api.JetOpenDatabase(sesid, path, null, 0);
    const t = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
    const col = (await api.JetGetTableColumnInfo(sesid, t, 'name', 0)).columnid;
    const out: string[] = [];
    for (const id of ids) {
      await api.JetMakeKey(sesid, t, long(id), 4, 0x1);
      await api.JetSeek(sesid, t, JET_bitSeekEQ);
      out.push((await api.JetRetrieveColumn(sesid, t, col, 1024, 0, null)).pvData!.toString('utf16le'));
    }
    await api.JetTerm(inst);
    return out;
  }

  async function rename(id: number, name: string): Promise<void> {
    const f = env.f;
    await f.api.JetBeginTransaction(f.sesid);
    await f.api.JetMakeKey(f.sesid, f.tableid, long(id), 4, 0x1);
    await f.api.JetSeek(f.sesid, f.tableid, JET_bitSeekEQ);
    await f.api.JetPrepareUpdate(f.sesid, f.tableid, JET_prepReplace);
    const v = Buffer.from(name, 'utf16le');
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colName, v, v.length, 0, null);
    await f.api.JetUpdate(f.sesid, f.tableid);
    await f.api.JetCommitTransaction(f.sesid, 0);
  }

  it.each([
    ['before the first read', 0],
    ['after the header pages', 1],
    ['midway', 3],
  ])('checkpoints %s: the backup restores every record committed before the log info, with its last value', async (_label, readsBefore) => {
    const api = env.f.api;
    const inst = env.f.inst;
    for (let i = 0; i < 200; i++) await insert(env.f, i, `row${i}-${'x'.repeat(100)}`);
    env.engine.checkpoint();
    const dir = join(env.root, 'bk');
    mkdirSync(dir);
    await api.JetBeginExternalBackupInstance(inst, 0);
    const { phfFile } = await api.JetOpenFileInstance(inst, env.dbPath);
    const out = openSync(join(dir, basename(env.dbPath)), 'w');
    const buf = Buffer.alloc(3 * 8192); // SEMANTICS.md §1: a first database read takes at least three pages
    const copy = async (reads: number): Promise<void> => {
      for (let r = 0; r < reads; r++) {
        const n = await api.JetReadFileInstance(inst, phfFile, buf, buf.length);
        if (n === 0) return;
        writeSync(out, buf, 0, n);
      }
    };
    await copy(readsBefore);
    // rewrite every record and add more, with checkpoints in between: new pages, new directory, new header
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 200; i += 7) await rename(i, `r${round}-${i}`);
      for (let i = 200 + round * 20; i < 220 + round * 20; i++) await insert(env.f, i, `late${i}`);
      env.engine.checkpoint();
    }
    await copy(Number.MAX_SAFE_INTEGER);
    closeSync(out);
    await api.JetCloseFileInstance(inst, phfFile);
    const li = await api.JetGetLogInfoInstance2(inst, 1 << 16, { cbSize: JET_LOGINFO_cbSize });
    for (const p of splitMultiString(li.szz)) {
      const h = await api.JetOpenFileInstance(inst, p);
      const fd = openSync(join(dir, basename(p)), 'w');
      for (let n; (n = await api.JetReadFileInstance(inst, h.phfFile, buf, buf.length)) > 0; ) writeSync(fd, buf, 0, n);
      closeSync(fd);
      await api.JetCloseFileInstance(inst, h.phfFile);
    }
    await api.JetEndExternalBackupInstance(inst);
    const target = join(env.root, 'restored');
    const ids = await restoreAndRead({ dir, databases: [env.dbPath], logInfo: li.pLogInfo }, target, env.dbPath);
    expect(ids).toEqual(range(0, 260));
    // and each record holds its last value: the renames of the last round, the first image elsewhere
    expect(await namesIn(join(target, basename(env.dbPath)), [0, 1, 7, 196, 259])).toEqual(['r2-0', 'row1-' + 'x'.repeat(100), 'r2-7', 'r2-196', 'late259']);
  });
});
