// Child process for the crash test: opens (recovering) the instance under argv[2], then commits
// transactions forever, printing "C <tx>" after each durable commit returned, "L <tx>" after a
// lazy one and "R <tx>" after a rollback. The parent SIGKILLs it at a random moment.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createReferenceEsent,
  JET_bitCommitLazyFlush,
  JET_bitIndexPrimary,
  JET_coltypLong,
  JET_coltypLongBinary,
  JET_paramCheckpointDepthMax,
  JET_paramCircularLog,
  JET_paramLogFileSize,
  JET_prepInsert,
  type JET_COLUMNID,
  type JET_DBID,
  type JET_TABLEID,
} from '../../src/index.js';
import { payloadFor } from './payload.js';

const root = process.argv[2]!;
let seed = Number(process.argv[3] ?? 1);
const circular = process.argv[4] === 'circular';
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const out = (s: string): void => {
  process.stdout.write(s + '\n');
};

const api = createReferenceEsent({ root });
const inst = await api.JetCreateInstance('crash');
await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 64, null);
await api.JetSetSystemParameter(inst, null, JET_paramCheckpointDepthMax, 192 * 1024, null);
await api.JetSetSystemParameter(inst, null, JET_paramCircularLog, circular ? 1 : 0, null);
await api.JetInit(inst);
const sesid = await api.JetBeginSession(inst, null, null);
let dbid: JET_DBID;
let colTx: JET_COLUMNID;
let colSeq: JET_COLUMNID;
let colData: JET_COLUMNID;
let tableid: JET_TABLEID;
if (!existsSync(join(root, 'crash.edb'))) {
  dbid = await api.JetCreateDatabase(sesid, 'crash.edb', null, 0);
  const r = await api.JetCreateTableColumnIndex(sesid, dbid, {
    szTableName: 'r',
    rgcolumncreate: [
      { szColumnName: 'tx', coltyp: JET_coltypLong },
      { szColumnName: 'seq', coltyp: JET_coltypLong },
      { szColumnName: 'data', coltyp: JET_coltypLongBinary },
    ],
    rgindexcreate: [
      { szIndexName: 'pk', szKey: '+tx\0+seq\0\0', grbit: JET_bitIndexPrimary },
      { szIndexName: 'byseq', szKey: '-seq\0+tx\0\0' },
    ],
  });
  [colTx, colSeq, colData] = r.rgcolumnid as [JET_COLUMNID, JET_COLUMNID, JET_COLUMNID];
  tableid = r.tableid;
} else {
  await api.JetAttachDatabase(sesid, 'crash.edb', 0);
  dbid = await api.JetOpenDatabase(sesid, 'crash.edb', null, 0);
  tableid = await api.JetOpenTable(sesid, dbid, 'r', null, 0, 0);
  colTx = (await api.JetGetTableColumnInfo(sesid, tableid, 'tx', 0)).columnid;
  colSeq = (await api.JetGetTableColumnInfo(sesid, tableid, 'seq', 0)).columnid;
  colData = (await api.JetGetTableColumnInfo(sesid, tableid, 'data', 0)).columnid;
}
// the next transaction number continues after the highest one on disk
let tx = 0;
try {
  await api.JetMove(sesid, tableid, 0x7fffffff, 0);
  tx = (await api.JetRetrieveColumn(sesid, tableid, colTx, 4, 0, null)).pvData!.readInt32LE(0);
} catch {
  tx = 0;
}
tx += 1000; // leave a gap: a lazily committed transaction lost in the crash may reuse nothing
out(`READY ${tx}`);
const i32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};
// two sessions write concurrently (their calls interleave on the event loop); session k commits
// transaction numbers congruent to k modulo 2
const dbPath = 'crash.edb';
async function writer(k: number): Promise<void> {
  const ses = k === 0 ? sesid : await api.JetBeginSession(inst, null, null);
  const db = k === 0 ? dbid : await api.JetOpenDatabase(ses, dbPath, null, 0);
  const t = k === 0 ? tableid : await api.JetOpenTable(ses, db, 'r', null, 0, 0);
  let mine = tx + k;
  for (;;) {
    mine += 2;
    const n = 1 + Math.floor(rand() * 5);
    await api.JetBeginTransaction(ses);
    for (let seq = 0; seq < n; seq++) {
      await api.JetPrepareUpdate(ses, t, JET_prepInsert);
      await api.JetSetColumn(ses, t, colTx, i32(mine), 4, 0, null);
      await api.JetSetColumn(ses, t, colSeq, i32(seq), 4, 0, null);
      const data = payloadFor(mine, seq, n);
      await api.JetSetColumn(ses, t, colData, data, data.length, 0, null);
      await api.JetUpdate(ses, t);
    }
    const r = rand();
    if (r < 0.1) {
      await api.JetRollback(ses, 0);
      out(`R ${mine}`);
    } else if (r < 0.3) {
      await api.JetCommitTransaction(ses, JET_bitCommitLazyFlush);
      out(`L ${mine}`);
    } else {
      await api.JetCommitTransaction(ses, 0);
      out(`C ${mine}`);
    }
  }
}
await Promise.all([writer(0), writer(1)]);
