// The legacy (no-instance) forms in one-instance mode (SEMANTICS.md §1 "Shared gating": they
// forward to instance 0): a whole streaming backup with JetBeginExternalBackup ... JetEndExternalBackup,
// JetBackup to a folder and JetRestore2 from it; JetTerm (abrupt) cancels a running backup.
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JET_errNoBackup } from '@winbackup/errors';
import { createReferenceEsent, JET_coltypLong, JET_bitIndexPrimary, JET_prepInsert, type EsentApi, type JET_INSTANCE } from '../../src/index.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';

describe('legacy backup calls (one-instance mode)', () => {
  let root: string;
  let api: EsentApi;
  const nil = null as unknown as JET_INSTANCE;
  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'esent-legacy-'));
    mkdirSync(join(root, 'src'));
    api = createReferenceEsent({ root: join(root, 'src') });
    await api.JetInit(null);
    const sesid = await api.JetBeginSession(nil, null, null);
    const dbid = await api.JetCreateDatabase(sesid, 'one.edb', null, 0);
    const t = await api.JetCreateTableColumnIndex(sesid, dbid, {
      szTableName: 't',
      rgcolumncreate: [{ szColumnName: 'id', coltyp: JET_coltypLong }],
      rgindexcreate: [{ szIndexName: 'pk', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
    });
    for (let i = 0; i < 25; i++) {
      const b = Buffer.alloc(4);
      b.writeInt32LE(i);
      await api.JetPrepareUpdate(sesid, t.tableid, JET_prepInsert);
      await api.JetSetColumn(sesid, t.tableid, t.rgcolumnid[0]!, b, 4, 0, null);
      await api.JetUpdate(sesid, t.tableid);
    }
  });
  afterEach(async () => {
    await api.JetTerm(nil).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it('JetBeginExternalBackup ... JetEndExternalBackup stream the database and logs', async () => {
    const dir = join(root, 'bk');
    mkdirSync(dir);
    const copy = async (p: string): Promise<void> => {
      const { phfFile } = await api.JetOpenFile(p);
      const buf = Buffer.alloc(1 << 16);
      const fd = openSync(join(dir, basename(p)), 'w');
      for (let n; (n = await api.JetReadFile(phfFile, buf, buf.length)) > 0; ) writeSync(fd, buf, 0, n);
      closeSync(fd);
      await api.JetCloseFile(phfFile);
    };
    await api.JetBeginExternalBackup(0);
    const dbs = splitMultiString((await api.JetGetAttachInfo(4096)).szz);
    expect(dbs).toEqual([join(root, 'src', 'one.edb')]);
    for (const p of dbs) await copy(p);
    const logs = splitMultiString((await api.JetGetLogInfo(4096)).szz);
    expect(logs.length).toBeGreaterThan(0);
    for (const p of logs) await copy(p);
    await api.JetTruncateLog();
    await api.JetEndExternalBackup();
    await expect(api.JetGetAttachInfo(4096)).rejects.toMatchObject({ code: JET_errNoBackup });
  });

  it('JetBackup to a folder, then JetRestore2 in a fresh process space restores the records', async () => {
    const dir = join(root, 'bk');
    mkdirSync(dir);
    await api.JetBackup(dir, 0, null);
    const target = join(root, 'restored');
    mkdirSync(target);
    const fresh = createReferenceEsent({ root: target });
    await fresh.JetRestore2(dir, join(target, 'db'), null);
    await fresh.JetInit(null);
    const sesid = await fresh.JetBeginSession(nil, null, null);
    await fresh.JetAttachDatabase(sesid, join(target, 'db', 'one.edb'), 0);
    const dbid = await fresh.JetOpenDatabase(sesid, join(target, 'db', 'one.edb'), null, 0);
    const tableid = await fresh.JetOpenTable(sesid, dbid, 't', null, 0, 0);
    expect(await fresh.JetIndexRecordCount(sesid, tableid, 0)).toBe(25);
    await fresh.JetTerm(nil);
  });

  it('JetTerm (abrupt) during a backup cancels it; the instance is gone', async () => {
    await api.JetBeginExternalBackup(0);
    await api.JetTerm(nil);
    await api.JetInit(null);
    // a new backup begins on the re-initialised instance
    await api.JetBeginExternalBackup(0);
    await api.JetEndExternalBackup();
  });
});
