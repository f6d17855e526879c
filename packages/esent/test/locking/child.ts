// Child process for locking.test.ts. argv: <root> <mode>
//   hold:   JetInit on <root>, create or attach test.edb, insert a row, print READY, then hold
//           everything until stdin ends (then JetTerm) or the parent SIGKILLs it
//   init:   JetInit on <root> (the same logs); prints the result, then attaches test.edb and counts rows
//   attach: JetInit on <root>/other (its own logs), then JetAttachDatabase / JetCreateDatabase
//           (JET_bitDbOverwriteExisting) of <root>/test.edb; prints each result
//   hold-ro:   JetInit on <root>/ro-<pid> (its own logs), attach test.edb read-only, print READY, hold
//   attach-ro: JetInit on <root>/other, attach test.edb read-only, count rows; prints the result
// Results are printed as one JSON line: { step: code } with 0 for success.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isJetError } from '@winbackup/errors';
import {
  createReferenceEsent,
  JET_bitDbOverwriteExisting,
  JET_bitDbReadOnly,
  JET_bitIndexPrimary,
  JET_ColInfo,
  JET_coltypLong,
  JET_MoveFirst,
  JET_MoveNext,
  JET_paramCreatePathIfNotExist,
  JET_paramLogFilePath,
  JET_paramLogFileSize,
  JET_paramSystemPath,
  JET_paramTempPath,
  JET_prepInsert,
  type JET_DBID,
  type JET_SESID,
} from '../../src/index.js';

const [root, mode] = process.argv.slice(2) as [string, 'hold' | 'init' | 'attach' | 'hold-ro' | 'attach-ro'];
const api = createReferenceEsent({ root });
const result: Record<string, number | string> = {};
const step = async (name: string, p: Promise<unknown>): Promise<boolean> => {
  try {
    await p;
    result[name] = 0;
    return true;
  } catch (e) {
    if (!isJetError(e)) throw e;
    result[name] = e.code;
    result[name + 'Message'] = e.message;
    return false;
  }
};

const inst = await api.JetCreateInstance(mode);
await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 64, null);
if (mode === 'attach' || mode === 'attach-ro' || mode === 'hold-ro') {
  const own = mode === 'hold-ro' ? `ro-${process.pid}\\` : 'other\\';
  for (const p of [JET_paramLogFilePath, JET_paramSystemPath, JET_paramTempPath]) await api.JetSetSystemParameter(inst, null, p, 0, own);
  await api.JetSetSystemParameter(inst, null, JET_paramCreatePathIfNotExist, 1, null);
}
const db = join(root, 'test.edb');

async function rows(sesid: JET_SESID, dbid: JET_DBID): Promise<number> {
  const t = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
  let n = 0;
  try {
    await api.JetMove(sesid, t, JET_MoveFirst, 0);
    for (n = 1; ; n++) await api.JetMove(sesid, t, JET_MoveNext, 0);
  } catch {
    // past the last record
  }
  await api.JetCloseTable(sesid, t);
  return n;
}

if (mode === 'hold') {
  await api.JetInit(inst);
  const sesid = await api.JetBeginSession(inst, null, null);
  let dbid: JET_DBID;
  if (existsSync(db)) {
    await api.JetAttachDatabase(sesid, db, 0);
    dbid = await api.JetOpenDatabase(sesid, db, null, 0);
  } else {
    dbid = await api.JetCreateDatabase(sesid, db, null, 0);
    await api.JetCreateTableColumnIndex(sesid, dbid, {
      szTableName: 't',
      rgcolumncreate: [{ szColumnName: 'id', coltyp: JET_coltypLong }],
      rgindexcreate: [{ szIndexName: 'pk', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
    });
  }
  const n = await rows(sesid, dbid);
  const t = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
  await api.JetBeginTransaction(sesid);
  await api.JetPrepareUpdate(sesid, t, JET_prepInsert);
  const id = (await api.JetGetTableColumnInfo(sesid, t, 'id', JET_ColInfo)).columnid;
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  await api.JetSetColumn(sesid, t, id, b, 4, 0, null);
  await api.JetUpdate(sesid, t);
  await api.JetCommitTransaction(sesid, 0);
  process.stdout.write(`READY ${n + 1}\n`);
  process.stdin.resume();
  await new Promise((r) => process.stdin.on('end', r));
  await api.JetCloseTable(sesid, t);
  await api.JetTerm(inst);
  process.stdout.write('DONE\n');
} else if (mode === 'init') {
  if (await step('JetInit', api.JetInit(inst))) {
    const sesid = await api.JetBeginSession(inst, null, null);
    if (await step('JetAttachDatabase', api.JetAttachDatabase(sesid, db, 0))) {
      result.rows = await rows(sesid, await api.JetOpenDatabase(sesid, db, null, 0));
    }
    await api.JetTerm(inst);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
} else if (mode === 'hold-ro' || mode === 'attach-ro') {
  await api.JetInit(inst);
  const sesid = await api.JetBeginSession(inst, null, null);
  if (await step('JetAttachDatabase', api.JetAttachDatabase(sesid, db, JET_bitDbReadOnly))) {
    result.rows = await rows(sesid, await api.JetOpenDatabase(sesid, db, null, JET_bitDbReadOnly));
  }
  if (mode === 'hold-ro') {
    process.stdout.write(`READY ${result.rows}\n`);
    process.stdin.resume();
    await new Promise((r) => process.stdin.on('end', r));
  }
  await api.JetTerm(inst);
  process.stdout.write(mode === 'hold-ro' ? 'DONE\n' : JSON.stringify(result) + '\n');
} else {
  await step('JetInit', api.JetInit(inst));
  const sesid = await api.JetBeginSession(inst, null, null);
  await step('JetAttachDatabase', api.JetAttachDatabase(sesid, db, 0));
  await step('JetCreateDatabase', api.JetCreateDatabase(sesid, db, null, JET_bitDbOverwriteExisting));
  await api.JetTerm(inst);
  process.stdout.write(JSON.stringify(result) + '\n');
}
