// Tour step for @winbackup/esent: an ESE instance with real database, log and checkpoint files.
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import {
  createReferenceEsent,
  JET_bitCommitLazyFlush,
  JET_bitIndexPrimary,
  JET_bitNewKey,
  JET_bitSeekEQ,
  JET_coltypLong,
  JET_coltypText,
  JET_cpUnicode,
  JET_DbInfoMisc,
  JET_MoveFirst,
  JET_MoveNext,
  JET_paramCircularLog,
  JET_prepInsert,
  JET_LOGINFO_cbSize,
  JET_paramLogFilePath,
  JET_paramSystemPath,
  JET_paramTempPath,
  type EsentApi,
  type JET_COLUMNID,
  type JET_DBINFOMISC,
  type JET_INSTANCE,
} from '@winbackup/esent';
import * as esentConstants from '@winbackup/esent';
import { isJetError, JET_errBackupAbortByServer, JET_errNoCurrentRecord } from '@winbackup/errors';
import { enumName } from './enum-name.js';

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

export async function tourEsent(log: (line: string) => void): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'winbackup-tour-esent-'));
  try {
    const esent = createReferenceEsent({ root });
    const inst = await esent.JetCreateInstance('tour');
    await esent.JetSetSystemParameter(inst, null, JET_paramCircularLog, 0, null);
    await esent.JetInit(inst);
    const sesid = await esent.JetBeginSession(inst, null, null);
    const dbid = await esent.JetCreateDatabase(sesid, 'tour.edb', null, 0);
    const { tableid, rgcolumnid } = await esent.JetCreateTableColumnIndex(sesid, dbid, {
      szTableName: 'files',
      rgcolumncreate: [
        { szColumnName: 'id', coltyp: JET_coltypLong },
        { szColumnName: 'path', coltyp: JET_coltypText, cp: JET_cpUnicode },
      ],
      rgindexcreate: [{ szIndexName: 'primary', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
    });
    const [colId, colPath] = rgcolumnid as [JET_COLUMNID, JET_COLUMNID];
    log(`created table "files" in ${join(root, 'tour.edb')}`);

    const paths = ['C:\\Users\\ann\\notes.txt', 'C:\\Users\\ann\\photo.jpg', 'C:\\Users\\bob\\plan.docx'];
    await esent.JetBeginTransaction(sesid);
    for (const [i, p] of paths.entries()) {
      await esent.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
      await esent.JetSetColumn(sesid, tableid, colId, int32(i + 1), 4, 0, null);
      const text = Buffer.from(p, 'utf16le');
      await esent.JetSetColumn(sesid, tableid, colPath, text, text.length, 0, null);
      await esent.JetUpdate(sesid, tableid);
    }
    await esent.JetCommitTransaction(sesid, 0);
    log(`inserted ${paths.length} records in one transaction (durable commit: the log was fsync'd)`);

    await esent.JetMove(sesid, tableid, JET_MoveFirst, 0);
    for (;;) {
      const id = (await esent.JetRetrieveColumn(sesid, tableid, colId, 4, 0, null)).pvData!.readInt32LE(0);
      const path = (await esent.JetRetrieveColumn(sesid, tableid, colPath, 1024, 0, null)).pvData!.toString('utf16le');
      log(`  record ${id}: ${path}`);
      try {
        await esent.JetMove(sesid, tableid, JET_MoveNext, 0);
      } catch (e) {
        if (isJetError(e, JET_errNoCurrentRecord)) break;
        throw e;
      }
    }

    await esent.JetMakeKey(sesid, tableid, int32(2), 4, JET_bitNewKey);
    await esent.JetSeek(sesid, tableid, JET_bitSeekEQ);
    const found = (await esent.JetRetrieveColumn(sesid, tableid, colPath, 1024, 0, null)).pvData!.toString('utf16le');
    log(`JetSeek(EQ, id=2) -> ${found}`);

    await esent.JetBeginTransaction(sesid);
    await esent.JetDelete(sesid, tableid);
    await esent.JetCommitTransaction(sesid, JET_bitCommitLazyFlush);
    log('deleted record 2 with a lazy commit');

    await backupTour(esent, inst, root, log);

    const info = (await esent.JetGetDatabaseFileInfo('tour.edb', JET_DbInfoMisc)) as JET_DBINFOMISC;
    log(`while attached the header says dbstate=${enumName(esentConstants, 'JET_dbstate', info.dbstate)}, logs ${info.genMinRequired}..${info.genMaxRequired} required`);
    await esent.JetTerm(inst);
    const clean = (await esent.JetGetDatabaseFileInfo('tour.edb', JET_DbInfoMisc)) as JET_DBINFOMISC;
    log(`after JetTerm: dbstate=${enumName(esentConstants, 'JET_dbstate', clean.dbstate)}`);
    log(`files on disk: ${readdirSync(root).sort().join(', ')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const names = (szz: string): string[] => szz.split('\0').filter((n) => n !== '');

/** Streams one file of the running backup to `dest` with 1 MiB reads. */
async function copyFile(esent: EsentApi, inst: JET_INSTANCE, path: string, dest: string): Promise<number> {
  const { phfFile } = await esent.JetOpenFileInstance(inst, path);
  const buf = Buffer.alloc(1 << 20);
  const fd = openSync(dest, 'w');
  let total = 0;
  try {
    for (let n; (n = await esent.JetReadFileInstance(inst, phfFile, buf, buf.length)) > 0; total += n) writeSync(fd, buf, 0, n);
  } finally {
    closeSync(fd);
  }
  await esent.JetCloseFileInstance(inst, phfFile);
  return total;
}

/** Issue 4: a streaming backup stopped midway, a complete one, and its restore into a fresh folder. */
async function backupTour(esent: EsentApi, inst: JET_INSTANCE, root: string, log: (line: string) => void): Promise<void> {
  // 1. a backup stopped midway by JetStopBackupInstance
  await esent.JetBeginExternalBackupInstance(inst, 0);
  const [db] = names((await esent.JetGetAttachInfoInstance(inst, 4096)).szz);
  const { phfFile, pulFileSizeLow } = await esent.JetOpenFileInstance(inst, db!);
  const first = await esent.JetReadFileInstance(inst, phfFile, Buffer.alloc(3 * 8192), 3 * 8192);
  log(`backup 1: opened ${basename(db!)} (${pulFileSizeLow} bytes as ESE streams it), read ${first}, then JetStopBackupInstance`);
  await esent.JetStopBackupInstance(inst);
  try {
    await esent.JetReadFileInstance(inst, phfFile, Buffer.alloc(3 * 8192), 3 * 8192);
  } catch (e) {
    if (!isJetError(e, JET_errBackupAbortByServer)) throw e;
    log('backup 1: the next read fails with JET_errBackupAbortByServer; JetCloseFileInstance and JetEndExternalBackupInstance still succeed');
  }
  await esent.JetCloseFileInstance(inst, phfFile);
  await esent.JetEndExternalBackupInstance(inst);

  // 2. a complete full backup: database, logs, truncation
  const bk = join(root, 'backup');
  mkdirSync(bk);
  await esent.JetBeginExternalBackupInstance(inst, 0);
  for (const p of names((await esent.JetGetAttachInfoInstance(inst, 4096)).szz)) await copyFile(esent, inst, p, join(bk, basename(p)));
  const li = await esent.JetGetLogInfoInstance2(inst, 1 << 16, { cbSize: JET_LOGINFO_cbSize });
  for (const p of names(li.szz)) await copyFile(esent, inst, p, join(bk, basename(p)));
  const truncated = names((await esent.JetGetTruncateLogInfoInstance(inst, 1 << 16)).szz);
  await esent.JetTruncateLogInstance(inst);
  await esent.JetEndExternalBackupInstance(inst);
  log(`backup 2: ${readdirSync(bk).sort().join(', ')} (logs ${li.pLogInfo.ulGenLow}..${li.pLogInfo.ulGenHigh}); truncated ${truncated.length} log(s)`);

  // 3. restore into a fresh folder and read the records back
  const target = join(root, 'restored');
  mkdirSync(target);
  copyFileSync(join(bk, basename(db!)), join(target, 'tour.edb'));
  const other = createReferenceEsent({ root: target });
  await other.JetExternalRestore2(null, null, [{ szDatabaseName: db!, szNewDatabaseName: join(target, 'tour.edb') }], 1, bk, li.pLogInfo, null, null, null, null);
  const rinst = await other.JetCreateInstance('restored');
  for (const p of [JET_paramSystemPath, JET_paramLogFilePath, JET_paramTempPath]) await other.JetSetSystemParameter(rinst, null, p, 0, target + '/');
  await other.JetInit(rinst);
  const ses = await other.JetBeginSession(rinst, null, null);
  await other.JetAttachDatabase(ses, 'tour.edb', 0);
  const dbid = await other.JetOpenDatabase(ses, 'tour.edb', null, 0);
  const t = await other.JetOpenTable(ses, dbid, 'files', null, 0, 0);
  const colId = (await other.JetGetTableColumnInfo(ses, t, 'id', 0)).columnid;
  const colPath = (await other.JetGetTableColumnInfo(ses, t, 'path', 0)).columnid;
  const rows: string[] = [];
  await other.JetMove(ses, t, JET_MoveFirst, 0);
  for (;;) {
    const id = (await other.JetRetrieveColumn(ses, t, colId, 4, 0, null)).pvData!.readInt32LE(0);
    rows.push(`${id}=${(await other.JetRetrieveColumn(ses, t, colPath, 1024, 0, null)).pvData!.toString('utf16le')}`);
    try {
      await other.JetMove(ses, t, JET_MoveNext, 0);
    } catch (e) {
      if (isJetError(e, JET_errNoCurrentRecord)) break;
      throw e;
    }
  }
  await other.JetTerm(rinst);
  if (rows.length !== 2 || !rows[0]!.startsWith('1=') || !rows[1]!.startsWith('3=')) throw new Error(`restore verification failed: ${rows.join(', ')}`);
  log(`restored with JetExternalRestore2 into a fresh folder: ${rows.join(', ')} (records 1 and 3, as in the live database)`);
}
