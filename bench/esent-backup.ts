// @winbackup/esent streaming backup: a full streaming backup (JetBeginExternalBackupInstance ...
// JetEndExternalBackupInstance, 1 MiB JetReadFileInstance reads written to files) of a
// BENCH_SIZE_MIB database against `cat` of the same files in the same run, the RSS the streaming
// adds on top of the attached database, and JetBackupInstance against `cp` of the same files.
// Scale with BENCH_SIZE_MIB (default 1024) and BENCH_RUNS (default 3).
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createReferenceEsent,
  JET_bitIndexPrimary,
  JET_coltypLong,
  JET_coltypLongBinary,
  JET_LOGINFO_cbSize,
  JET_paramCheckpointDepthMax,
  JET_paramLogFileSize,
  JET_prepInsert,
  type EsentApi,
  type JET_COLUMNID,
  type JET_INSTANCE,
} from '@winbackup/esent';
import { firstBadPage } from '../packages/esent/src/reference/backup/pageverify.js';
import { median, mib, report, scratch, timeCommand, type ResultRow } from './lib.js';

const SIZE_MIB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const READ = 1 << 20;
const RECORD = 1 << 20;

const names = (szz: string): string[] => szz.split('\0').filter((n) => n !== '');

async function openInstance(dir: string, logKiB: number): Promise<{ api: EsentApi; inst: JET_INSTANCE }> {
  const api = createReferenceEsent({ root: dir });
  const inst = await api.JetCreateInstance('bench');
  await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, logKiB, null);
  // no checkpoint while loading: each one writes the whole image (the engine keeps it in memory)
  await api.JetSetSystemParameter(null, null, JET_paramCheckpointDepthMax, 0x7fffffff, null);
  await api.JetInit(inst);
  return { api, inst };
}

/** Builds a database of about SIZE_MIB with 1 MiB long values, then terminates cleanly. */
async function build(dir: string): Promise<void> {
  const { api, inst } = await openInstance(dir, 32768);
  const sesid = await api.JetBeginSession(inst, null, null);
  const dbid = await api.JetCreateDatabase(sesid, 'bench.edb', null, 0);
  const r = await api.JetCreateTableColumnIndex(sesid, dbid, {
    szTableName: 'blobs',
    rgcolumncreate: [
      { szColumnName: 'id', coltyp: JET_coltypLong },
      { szColumnName: 'v', coltyp: JET_coltypLongBinary },
    ],
    rgindexcreate: [{ szIndexName: 'pk', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
  });
  const [colId, colV] = r.rgcolumnid as [JET_COLUMNID, JET_COLUMNID];
  const id4 = Buffer.alloc(4);
  for (let i = 0; i < SIZE_MIB; i++) {
    const v = Buffer.alloc(RECORD, i & 0xff);
    v.writeUInt32LE(i, 0);
    id4.writeInt32LE(i);
    await api.JetBeginTransaction(sesid);
    await api.JetPrepareUpdate(sesid, r.tableid, JET_prepInsert);
    await api.JetSetColumn(sesid, r.tableid, colId, id4, 4, 0, null);
    await api.JetSetColumn(sesid, r.tableid, colV, v, v.length, 0, null);
    await api.JetUpdate(sesid, r.tableid);
    await api.JetCommitTransaction(sesid, 0);
  }
  await api.JetTerm(inst);
}

/** One full streaming backup into `dest`; returns the bytes, the files and the RSS samples. */
async function streamingBackup(api: EsentApi, inst: JET_INSTANCE, dest: string): Promise<{ bytes: number; files: string[]; peakRss: number }> {
  mkdirSync(dest, { recursive: true });
  const buf = Buffer.alloc(READ);
  let bytes = 0;
  let peakRss = process.memoryUsage.rss();
  const files: string[] = [];
  const copy = async (path: string): Promise<void> => {
    const { phfFile } = await api.JetOpenFileInstance(inst, path);
    const fd = openSync(join(dest, basename(path)), 'w');
    for (let n; (n = await api.JetReadFileInstance(inst, phfFile, buf, READ)) > 0; ) {
      writeSync(fd, buf, 0, n);
      bytes += n;
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
    }
    closeSync(fd);
    await api.JetCloseFileInstance(inst, phfFile);
    files.push(path);
  };
  await api.JetBeginExternalBackupInstance(inst, 0);
  for (const p of names((await api.JetGetAttachInfoInstance(inst, 1 << 16)).szz)) await copy(p);
  for (const p of names((await api.JetGetLogInfoInstance2(inst, 1 << 16, { cbSize: JET_LOGINFO_cbSize })).szz)) await copy(p);
  await api.JetEndExternalBackupInstance2(inst, 0x1);
  return { bytes, files, peakRss };
}

/** The floor of any verified stream: read the database file in 1 MiB chunks and check every page. */
function readAndVerify(path: string, pageSize: number): number {
  const buf = Buffer.alloc(READ);
  const fd = openSync(path, 'r');
  const t0 = performance.now();
  for (let pos = 0; ; pos += READ) {
    const n = readSync(fd, buf, 0, READ, pos);
    if (n === 0) break;
    // the last page of the streamed file is the trailer-less end of the database: whole pages only
    firstBadPage(buf, n - (n % pageSize), pageSize, pos / pageSize);
  }
  closeSync(fd);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const s = scratch('esent-backup');
  try {
    const src = join(s.dir, 'src');
    mkdirSync(src);
    const tBuild = performance.now();
    await build(src);
    const buildMs = performance.now() - tBuild;
    const dbBytes = statSync(join(src, 'bench.edb')).size;
    process.stdout.write(`built ${mib(dbBytes)} in ${(buildMs / 1000).toFixed(1)} s\n`);

    // ESENT's default log size (5 MiB) for the instance being backed up
    const { api, inst } = await openInstance(src, 5120);
    const sesid = await api.JetBeginSession(inst, null, null);
    await api.JetAttachDatabase(sesid, join(src, 'bench.edb'), 0);
    global.gc?.();
    const rssAttached = process.memoryUsage.rss();

    const ours: number[] = [];
    const cat: number[] = [];
    let bytes = 0;
    let peakRss = rssAttached;
    let files: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dest = join(s.dir, `stream${run}`);
      const t0 = performance.now();
      const r = await streamingBackup(api, inst, dest);
      ours.push(performance.now() - t0);
      bytes = r.bytes;
      files = r.files;
      peakRss = Math.max(peakRss, r.peakRss);
      rmSync(dest, { recursive: true, force: true });
      // the peer: cat of the same files (the database file and the logs) into files
      const catDest = join(s.dir, `cat${run}`);
      mkdirSync(catDest);
      const script = files.map((f) => `cat '${f}' > '${join(catDest, basename(f))}'`).join(' && ');
      cat.push(timeCommand('sh', ['-c', script]));
      rmSync(catDest, { recursive: true, force: true });
    }

    const verify: number[] = [];
    for (let run = 0; run < RUNS; run++) verify.push(readAndVerify(join(src, 'bench.edb'), 8192));

    // JetBackupInstance against cp of the same files
    const folder: number[] = [];
    const cp: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const dest = join(s.dir, `folder${run}`);
      mkdirSync(dest);
      const t0 = performance.now();
      await api.JetBackupInstance(inst, dest, 0, null);
      folder.push(performance.now() - t0);
      const copied = readdirSync(dest).map((n) => join(src, n)).filter((p) => statSync(p, { throwIfNoEntry: false }));
      rmSync(dest, { recursive: true, force: true });
      const cpDest = join(s.dir, `cp${run}`);
      mkdirSync(cpDest);
      cp.push(timeCommand('cp', [...copied, cpDest]));
      rmSync(cpDest, { recursive: true, force: true });
    }
    await api.JetTerm(inst);

    const mbps = (b: number, ms: number): string => `${(b / 1024 / 1024 / (ms / 1000)).toFixed(0)} MiB/s`;
    const oursMs = median(ours);
    const catMs = median(cat);
    const ratio = catMs / oursMs;
    const extra = peakRss - rssAttached;
    const rows: ResultRow[] = [
      { metric: `streaming full backup of a ${mib(dbBytes)} database + logs (${mib(bytes)} streamed, 1 MiB reads)`, ours: `${oursMs.toFixed(0)} ms (${mbps(bytes, oursMs)})`, peer: `cat: ${catMs.toFixed(0)} ms (${mbps(bytes, catMs)})`, ratio: `${ratio.toFixed(2)}x`, target: '>= 0.9x', met: ratio >= 0.9 },
      { metric: 'RSS added by the streaming (peak during backup - RSS with the database attached)', ours: mib(extra), peer: '', ratio: '', target: '< 100 MiB, flat', met: extra < 100 * 1024 * 1024 },
      { metric: 'RSS with the database attached (engine keeps the database in memory)', ours: mib(rssAttached), peer: '', ratio: '' },
      { metric: 'floor: read the database file and verify every page checksum (no write), main thread', ours: `${median(verify).toFixed(0)} ms (${mbps(dbBytes, median(verify))})`, peer: '', ratio: '' },
      { metric: 'JetBackupInstance to a folder (staged, fsync\'d, logs truncated)', ours: `${median(folder).toFixed(0)} ms`, peer: `cp: ${median(cp).toFixed(0)} ms`, ratio: `${(median(cp) / median(folder)).toFixed(2)}x` },
    ];
    report('esent-backup', `@winbackup/esent streaming backup (${SIZE_MIB} MiB database, median of ${RUNS})`, rows, [
      `Load average during the run: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} on 2 cores shared with other work; building the database took ${(buildMs / 1000).toFixed(0)} s.`,
      'Both sides write the copy to files on the same file system; page cache warm for both (the files were just written).',
      'The throughput target is not met. Every database page is CRC-verified as it streams (ESE does this too: JET_errReadVerifyFailure); ' +
        'the floor row is that read + verify alone, synchronously. The API reads each chunk on the thread pool (so the event loop stays free for ' +
        'other sessions), then verifies it and the caller writes it (as cat does); the backup itself also rolls the log at GetLogInfo (a new zero-filled, ' +
        'fsync\'d 5 MiB log) and fsyncs the header at End. Reading ahead with verification on a worker thread was tried and was slower on these 2 shared cores.',
      'Streaming memory is flat: the caller\'s 1 MiB buffer is read into directly, nothing is allocated per read. The attached database, however, ' +
        'lives in memory in the reference engine (attach loads the whole image; each checkpoint rewrites it), so process RSS is about 2x the database size. ' +
        'Lifting that needs a paged engine: database pages read on demand through a bounded cache and checkpoints writing only dirty pages.',
      'JetBackupInstance fsyncs every copied file and the folder, and stages files before moving them in; cp does neither.',
    ]);
  } finally {
    s.cleanup();
  }
}

await main();
