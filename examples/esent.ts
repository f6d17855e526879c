// Tour step for @winbackup/esent: an ESE instance with real database, log and checkpoint files.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  type JET_COLUMNID,
  type JET_DBINFOMISC,
} from '@winbackup/esent';
import { isJetError, JET_errNoCurrentRecord } from '@winbackup/errors';

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

    const info = (await esent.JetGetDatabaseFileInfo('tour.edb', JET_DbInfoMisc)) as JET_DBINFOMISC;
    log(`while attached the header says dbstate=${info.dbstate} (2 = dirty shutdown), logs ${info.genMinRequired}..${info.genMaxRequired} required`);
    await esent.JetTerm(inst);
    const clean = (await esent.JetGetDatabaseFileInfo('tour.edb', JET_DbInfoMisc)) as JET_DBINFOMISC;
    log(`after JetTerm: dbstate=${clean.dbstate} (3 = clean shutdown)`);
    log(`files on disk: ${readdirSync(root).sort().join(', ')}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
