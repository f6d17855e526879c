// Child process for readahead.test.ts: starts a streaming backup of a small database with the
// read-ahead workers forced on, reads the first chunk (printing "READ <bytes>"), then returns
// without closing the file or ending the backup. The process must still exit on its own.
import { join } from 'node:path';
import {
  createReferenceEsent,
  JET_bitIndexPrimary,
  JET_coltypLong,
  JET_coltypLongBinary,
  JET_prepInsert,
  type JET_COLUMNID,
} from '../../../src/index.js';
import { streamTuning } from '../../../src/reference/backup/dbstream.js';

const root = process.argv[2]!;
Object.assign(streamTuning, { readAheadMinBytes: 0, chunk: 16384, slots: 2, callerHelps: false });
const api = createReferenceEsent({ root });
const inst = await api.JetCreateInstance('child');
await api.JetInit(inst);
const sesid = await api.JetBeginSession(inst, null, null);
const dbid = await api.JetCreateDatabase(sesid, 'child.edb', null, 0);
const t = await api.JetCreateTableColumnIndex(sesid, dbid, {
  szTableName: 't',
  rgcolumncreate: [
    { szColumnName: 'id', coltyp: JET_coltypLong },
    { szColumnName: 'v', coltyp: JET_coltypLongBinary },
  ],
  rgindexcreate: [{ szIndexName: 'pk', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
});
const [colId, colV] = t.rgcolumnid as [JET_COLUMNID, JET_COLUMNID];
for (let i = 0; i < 12; i++) {
  const id = Buffer.alloc(4);
  id.writeInt32LE(i);
  const v = Buffer.alloc(20000, i);
  await api.JetBeginTransaction(sesid);
  await api.JetPrepareUpdate(sesid, t.tableid, JET_prepInsert);
  await api.JetSetColumn(sesid, t.tableid, colId, id, 4, 0, null);
  await api.JetSetColumn(sesid, t.tableid, colV, v, v.length, 0, null);
  await api.JetUpdate(sesid, t.tableid);
  await api.JetCommitTransaction(sesid, 0);
}
// a clean term writes the records to the file; the backup runs on a second instance
await api.JetTerm(inst);
const inst2 = await api.JetCreateInstance('child');
await api.JetInit(inst2);
await api.JetAttachDatabase(await api.JetBeginSession(inst2, null, null), join(root, 'child.edb'), 0);
await api.JetBeginExternalBackupInstance(inst2, 0);
const { phfFile, pulFileSizeLow } = await api.JetOpenFileInstance(inst2, join(root, 'child.edb'));
// the read waits on a worker: only that wait may keep the process alive
const n = await api.JetReadFileInstance(inst2, phfFile, Buffer.alloc(1 << 16), 1 << 16);
process.stdout.write(`READ ${n} of ${pulFileSizeLow}\n`);
