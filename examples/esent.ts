// Tour step for @winbackup/esent: an ESE instance with real database, log and checkpoint files.
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
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
  JET_paramLogFilePath,
  JET_paramSystemPath,
  JET_paramTempPath,
  type EsentApi,
  type JET_COLUMNID,
  type JET_DBINFOMISC,
  streamBackup,
  type JET_INSTANCE,
} from '@winbackup/esent';
import * as esentConstants from '@winbackup/esent';
import { isJetError, JET_errNoCurrentRecord } from '@winbackup/errors';
import { asFolder, type TourBackends } from './backends.js';
import { enumName } from './enum-name.js';
import { bytes, progressLine } from './progress.js';

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

export async function tourEsent(log: (line: string) => void, backends: TourBackends): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'winbackup-tour-esent-'));
  try {
    const esent = backends.esent(root);
    const inst = await esent.JetCreateInstance('tour');
    // the instance's files in the tour's folder, whatever the process's current directory (esent.dll resolves relative paths against it)
    for (const p of [JET_paramSystemPath, JET_paramLogFilePath, JET_paramTempPath]) await esent.JetSetSystemParameter(inst, null, p, 0, asFolder(root));
    await esent.JetSetSystemParameter(inst, null, JET_paramCircularLog, 0, null);
    await esent.JetInit(inst);
    const sesid = await esent.JetBeginSession(inst, null, null);
    const db = join(root, 'tour.edb');
    const dbid = await esent.JetCreateDatabase(sesid, db, null, 0);
    const { tableid, rgcolumnid } = await esent.JetCreateTableColumnIndex(sesid, dbid, {
      szTableName: 'files',
      rgcolumncreate: [
        { szColumnName: 'id', coltyp: JET_coltypLong },
        { szColumnName: 'path', coltyp: JET_coltypText, cp: JET_cpUnicode },
      ],
      rgindexcreate: [{ szIndexName: 'primary', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
    });
    const [colId, colPath] = rgcolumnid as [JET_COLUMNID, JET_COLUMNID];
    log(`created table "files" in ${db}`);

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

    await backupTour(esent, inst, root, db, log, backends);

    const info = (await esent.JetGetDatabaseFileInfo(db, JET_DbInfoMisc)) as JET_DBINFOMISC;
    log(`while attached the header says dbstate=${enumName(esentConstants, 'JET_dbstate', info.dbstate)}, logs ${info.genMinRequired}..${info.genMaxRequired} required`);
    await esent.JetTerm(inst);
    const clean = (await esent.JetGetDatabaseFileInfo(db, JET_DbInfoMisc)) as JET_DBINFOMISC;
    log(`after JetTerm: dbstate=${enumName(esentConstants, 'JET_dbstate', clean.dbstate)}`);
    log(`files on disk: ${readdirSync(root).sort().join(', ')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Issue 13: the streaming backup through the Node layer (streamBackup), with a progress line. */
async function backupTour(esent: EsentApi, inst: JET_INSTANCE, root: string, db: string, log: (line: string) => void, backends: TourBackends): Promise<void> {
  const logsNow = (): string[] => readdirSync(root).filter((n) => n.endsWith('.log')).sort();
  // 1. a backup aborted midway: JetStopBackupInstance, then JetEndExternalBackupInstance2(JET_bitBackupEndAbort)
  const before = logsNow();
  const controller = new AbortController();
  try {
    await using backup = await streamBackup(esent, inst, { chunkSize: 3 * 8192, signal: controller.signal, onProgress: (p) => p.fileBytesDone > 0 && controller.abort(new Error('stopped by the tour')) });
    // saveTo(path): the layer writes the file itself and removes it again if the backup fails
    for await (const file of backup) await file.saveTo(join(root, `aborted-${basename(file.path)}`));
  } catch (e) {
    const partial = readdirSync(root).filter((n) => n.startsWith('aborted-'));
    log(`backup 1: aborted after its first chunk (${(e as Error).message}): JetStopBackupInstance, End with JET_bitBackupEndAbort; logs kept: ${logsNow().join(', ') === before.join(', ')}; partial files left: ${partial.length}`);
  }

  // 2. a complete full backup: each file a Readable piped into a file, then commit() truncates the logs
  const bk = join(root, 'backup');
  mkdirSync(bk);
  const progress = progressLine(log);
  await using backup = await streamBackup(esent, inst, {
    chunkSize: 3 * 8192,
    onProgress: (p) => {
      const pct = p.file.size ? Math.floor((100 * p.fileBytesDone) / p.file.size) : 100;
      const total = `${bytes(p.bytesDone)} of ${p.totalIsFinal ? '' : 'at least '}${bytes(p.bytesTotal)}`;
      progress.update(`backup 2: ${p.file.kind} ${basename(p.file.path)} ${pct}% (overall ${total})`, `${p.file.index}:${pct === 100 ? 'end' : 'start'}`);
    },
  });
  for await (const file of backup) await pipeline(file.stream, createWriteStream(join(bk, basename(file.path))));
  const onDisk = logsNow();
  await backup.commit();
  const li = backup.logInfo!;
  const deleted = onDisk.filter((n) => !logsNow().includes(n)).length;
  progress.done(`backup 2: ${readdirSync(bk).sort().join(', ')} (logs ${li.ulGenLow}..${li.ulGenHigh}, ${bytes(backup.bytesDone)}); commit(): JetTruncateLogInstance deleted ${deleted} log(s) the checkpoint no longer needs, then End normal`);

  // 3. restore into a fresh folder and read the records back
  const target = join(root, 'restored');
  mkdirSync(target);
  const restoredDb = join(target, 'tour.edb');
  copyFileSync(join(bk, basename(db)), restoredDb);
  const other = backends.esent(target);
  await other.JetExternalRestore2(asFolder(target), asFolder(target), [{ szDatabaseName: db, szNewDatabaseName: restoredDb }], 1, bk, li, null, null, null, null);
  const rinst = await other.JetCreateInstance('restored');
  for (const p of [JET_paramSystemPath, JET_paramLogFilePath, JET_paramTempPath]) await other.JetSetSystemParameter(rinst, null, p, 0, asFolder(target));
  await other.JetInit(rinst);
  const ses = await other.JetBeginSession(rinst, null, null);
  await other.JetAttachDatabase(ses, restoredDb, 0);
  const dbid = await other.JetOpenDatabase(ses, restoredDb, null, 0);
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
