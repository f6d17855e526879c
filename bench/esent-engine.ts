// @winbackup/esent: the reference engine's durable commit latency against a raw fsync'd append of
// the same bytes (what a commit minimally costs on this disk) in the same run, lazy-commit inserts
// per second for BENCH_RECORDS small records, and peak memory. Scale with BENCH_RECORDS,
// BENCH_COMMITS, BENCH_RUNS.
import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resourceUsage } from 'node:process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  createReferenceEsent,
  JET_bitCommitLazyFlush,
  JET_bitIndexPrimary,
  JET_coltypBinary,
  JET_coltypLong,
  JET_paramCircularLog,
  JET_prepInsert,
  type EsentApi,
  type JET_COLUMNID,
  type JET_SESID,
  type JET_TABLEID,
} from '@winbackup/esent';
import { readLogFile } from '../packages/esent/src/reference/storage/logformat.js';
import { median, mib, report, scratch, type ResultRow } from './lib.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const COMMITS = Number(process.env.BENCH_COMMITS ?? 300);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAYLOAD = Buffer.alloc(64, 0x5a);

interface Db {
  api: EsentApi;
  sesid: JET_SESID;
  tableid: JET_TABLEID;
  cols: JET_COLUMNID[];
  term: () => Promise<void>;
}

async function open(dir: string): Promise<Db> {
  const api = createReferenceEsent({ root: dir });
  const inst = await api.JetCreateInstance('bench');
  await api.JetSetSystemParameter(inst, null, JET_paramCircularLog, 1, null);
  await api.JetInit(inst);
  const sesid = await api.JetBeginSession(inst, null, null);
  const dbid = await api.JetCreateDatabase(sesid, 'bench.edb', null, 0);
  const r = await api.JetCreateTableColumnIndex(sesid, dbid, {
    szTableName: 'r',
    rgcolumncreate: [
      { szColumnName: 'id', coltyp: JET_coltypLong },
      { szColumnName: 'v', coltyp: JET_coltypBinary },
    ],
    rgindexcreate: [{ szIndexName: 'pk', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
  });
  return { api, sesid, tableid: r.tableid, cols: [...r.rgcolumnid], term: () => api.JetTerm(inst) };
}

const id4 = Buffer.alloc(4);
async function insertOne(db: Db, id: number, grbit: number): Promise<void> {
  const { api, sesid, tableid, cols } = db;
  id4.writeInt32LE(id);
  await api.JetBeginTransaction(sesid);
  await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
  await api.JetSetColumn(sesid, tableid, cols[0]!, id4, 4, 0, null);
  await api.JetSetColumn(sesid, tableid, cols[1]!, PAYLOAD, PAYLOAD.length, 0, null);
  await api.JetUpdate(sesid, tableid);
  await api.JetCommitTransaction(sesid, grbit);
}

/**
 * Durable commits of one record each, interleaved with the peer (a plain write + fdatasync append
 * of the same number of bytes to a file in the same directory) so both see the same disk and load.
 */
async function durableRun(): Promise<{ commit: number[]; txn: number[]; raw: number[]; bytesPerCommit: number }> {
  const s = scratch('esent-durable');
  try {
    const db = await open(s.dir);
    // one warm-up commit tells the size of a commit record
    await insertOne(db, -1, 0);
    const first = readLogFile(join(s.dir, 'edb.log'), {}, 'bench').records.at(-1)!;
    const bytes = first.payload.length + 8;
    const rec = Buffer.alloc(bytes, 0x5a);
    const fd = openSync(join(s.dir, 'raw.log'), 'a');
    const commit: number[] = [];
    const txn: number[] = [];
    const raw: number[] = [];
    const { api, sesid, tableid, cols } = db;
    for (let i = 0; i < COMMITS; i++) {
      id4.writeInt32LE(i);
      const t0 = performance.now();
      await api.JetBeginTransaction(sesid);
      await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
      await api.JetSetColumn(sesid, tableid, cols[0]!, id4, 4, 0, null);
      await api.JetSetColumn(sesid, tableid, cols[1]!, PAYLOAD, PAYLOAD.length, 0, null);
      await api.JetUpdate(sesid, tableid);
      const t1 = performance.now();
      await api.JetCommitTransaction(sesid, 0);
      const t2 = performance.now();
      commit.push(t2 - t1);
      txn.push(t2 - t0);
      const t3 = performance.now();
      writeSync(fd, rec);
      fdatasyncSync(fd);
      raw.push(performance.now() - t3);
    }
    closeSync(fd);
    await db.term();
    return { commit, txn, raw, bytesPerCommit: bytes };
  } finally {
    s.cleanup();
  }
}

/** A full garbage collection, also when the script was started without --expose-gc. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function retained(): number {
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function lazyRun(): Promise<{ ms: number; bytesPerRecord: number }> {
  const s = scratch('esent-lazy');
  try {
    const db = await open(s.dir);
    const before = retained();
    const t0 = performance.now();
    for (let i = 0; i < RECORDS; i++) await insertOne(db, i, JET_bitCommitLazyFlush);
    const ms = performance.now() - t0;
    const bytesPerRecord = (retained() - before) / RECORDS;
    await db.term();
    return { ms, bytesPerRecord };
  } finally {
    s.cleanup();
  }
}

const commitMs: number[] = [];
const txnMs: number[] = [];
const rawMs: number[] = [];
let bytesPerCommit = 0;
for (let r = 0; r < RUNS; r++) {
  const d = await durableRun();
  bytesPerCommit = d.bytesPerCommit;
  commitMs.push(median(d.commit));
  txnMs.push(median(d.txn));
  rawMs.push(median(d.raw));
}
const oursMs = median(commitMs);
const peerMs = median(rawMs);
const txnMedian = median(txnMs);
const lazy = await lazyRun();
const insertsPerSec = RECORDS / (lazy.ms / 1000);
const peakRss = resourceUsage().maxRSS * 1024;

const rows: ResultRow[] = [
  {
    metric: `durable JetCommitTransaction latency, 1 record (${bytesPerCommit} log bytes), median of ${COMMITS}`,
    ours: `${oursMs.toFixed(3)} ms`,
    peer: `${peerMs.toFixed(3)} ms (write + fdatasync append)`,
    ratio: `${(oursMs / peerMs).toFixed(2)}x`,
    target: '<= 1.5x',
    met: oursMs / peerMs <= 1.5,
  },
  {
    metric: 'whole durable transaction (Begin, PrepareUpdate, 2 SetColumn, Update, Commit)',
    ours: `${txnMedian.toFixed(3)} ms`,
    peer: `${peerMs.toFixed(3)} ms`,
    ratio: `${(txnMedian / peerMs).toFixed(2)}x`,
  },
  {
    metric: `lazy-commit inserts, ${RECORDS} records of ${PAYLOAD.length + 4} bytes, one transaction each`,
    ours: `${Math.round(insertsPerSec)} inserts/s`,
    peer: '',
    ratio: '',
  },
  { metric: `memory the engine keeps for ${RECORDS} records (heap + buffers after GC)`, ours: `${mib(lazy.bytesPerRecord * RECORDS)} (${Math.round(lazy.bytesPerRecord)} B/record)`, peer: '', ratio: '' },
  { metric: 'peak RSS of the whole bench process (tsx included)', ours: mib(peakRss), peer: '', ratio: '' },
];
report('esent-engine', '@winbackup/esent reference engine', rows, [
  'Durable commit: JetCommitTransaction(0) of a transaction holding one inserted record; it writes the commit record into the preallocated log and fdatasyncs it. The second row times the whole transaction.',
  'Peer: the same number of bytes appended to a plain file with write + fdatasync, interleaved with our commits in the same process and directory.',
  `Medians of ${RUNS} runs; circular logging on so the lazy run keeps few log files.`,
]);
