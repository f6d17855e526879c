// @winbackup/esent streaming backup: a full streaming backup (JetBeginExternalBackupInstance ...
// JetEndExternalBackupInstance, 1 MiB JetReadFileInstance reads written to files) of a
// BENCH_SIZE_MIB database against `cat` of the same files in the same run (in total, and the
// database file alone), the same caller with a page-aligned buffer, the CPU time of both sides,
// the RSS the streaming adds on top of the attached database, and JetBackupInstance against `cp`
// of the same files. Scale with BENCH_SIZE_MIB (default 1024) and BENCH_RUNS (default 3).
import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createReferenceEsent,
  JET_bitIndexPrimary,
  JET_coltypLong,
  JET_coltypLongBinary,
  JET_LOGINFO_cbSize,
  JET_paramLogFileSize,
  JET_prepInsert,
  type EsentApi,
  type JET_COLUMNID,
  type JET_INSTANCE,
} from '@winbackup/esent';
import { alignedBytes } from '../packages/esent/src/memory/aligned.js';
import { firstBadPage } from '../packages/esent/src/reference/backup/pageverify.js';
import { buildEsentBenchDatabase, median, mib, report, scratch, timeCommand, timeShell, type ResultRow } from './lib.js';

const SIZE_MIB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const READ = 1 << 20;
const RECORD = 1 << 20;

const names = (szz: string): string[] => szz.split('\0').filter((n) => n !== '');

async function openInstance(dir: string, logKiB: number): Promise<{ api: EsentApi; inst: JET_INSTANCE }> {
  const api = createReferenceEsent({ root: dir });
  const inst = await api.JetCreateInstance('bench');
  await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, logKiB, null);
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

/**
 * One full streaming backup into `dest` through the caller's buffer `buf`; returns the bytes, the
 * files and the RSS samples.
 */
async function streamingBackup(api: EsentApi, inst: JET_INSTANCE, dest: string, buf: Uint8Array): Promise<{ bytes: number; files: string[]; peakRss: number; dbMs: number }> {
  mkdirSync(dest, { recursive: true });
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
  const t0 = performance.now();
  for (const p of names((await api.JetGetAttachInfoInstance(inst, 1 << 16)).szz)) await copy(p);
  const dbMs = performance.now() - t0;
  for (const p of names((await api.JetGetLogInfoInstance2(inst, 1 << 16, { cbSize: JET_LOGINFO_cbSize })).szz)) await copy(p);
  await api.JetEndExternalBackupInstance2(inst, 0x1);
  return { bytes, files, peakRss, dbMs };
}

/** The work of any verified stream on one thread: read the database file in 1 MiB chunks (into a page-aligned buffer) and check every page. */
function readAndVerify(path: string, pageSize: number): number {
  const buf = alignedBytes(READ);
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
    // the database is built by a child process, so this one holds only what attaching costs
    const { dbBytes, buildMs } = await buildEsentBenchDatabase(src, SIZE_MIB);
    const attachRss = await attachRssRuns(src, 5);
    const attachRssMedian = median(attachRss);

    // ESENT's default log size (5 MiB) for the instance being backed up
    global.gc?.();
    const rssProcess = process.memoryUsage.rss();
    const { api, inst } = await openInstance(src, 5120);
    const sesid = await api.JetBeginSession(inst, null, null);
    // what attaching adds: the instance (its log buffer, checkpoint) is running before and after
    global.gc?.();
    const rssBefore = process.memoryUsage.rss();
    await api.JetAttachDatabase(sesid, join(src, 'bench.edb'), 0);
    global.gc?.();
    const rssAttached = process.memoryUsage.rss();

    const ours: number[] = [];
    const oursCpu: number[] = [];
    const aligned: number[] = [];
    const cat: number[] = [];
    const catCpu: number[] = [];
    const oursDb: number[] = [];
    const catDb: number[] = [];
    let bytes = 0;
    let peakRss = rssAttached;
    let files: string[] = [];
    // one untimed backup first: it lists the files cat copies too
    files = (await streamingBackup(api, inst, join(s.dir, 'warmup'), Buffer.alloc(READ))).files;
    rmSync(join(s.dir, 'warmup'), { recursive: true, force: true });
    const runOurs = async (run: number): Promise<void> => {
      const dest = join(s.dir, `stream${run}`);
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      // the caller as users write it: a Buffer.alloc'd 1 MiB buffer
      const r = await streamingBackup(api, inst, dest, Buffer.alloc(READ));
      ours.push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      oursCpu.push((cpu.user + cpu.system) / 1000);
      oursDb.push(r.dbMs);
      bytes = r.bytes;
      files = r.files;
      peakRss = Math.max(peakRss, r.peakRss);
      rmSync(dest, { recursive: true, force: true });
    };
    const runCat = async (run: number): Promise<void> => {
      // the peer: cat of the same files (the database file and the logs) into files
      const catDest = join(s.dir, `cat${run}`);
      mkdirSync(catDest);
      const script = files.map((f) => `cat '${f}' > '${join(catDest, basename(f))}'`).join(' && ');
      const c = timeShell(script);
      cat.push(c.ms);
      catCpu.push(c.cpuMs);
      rmSync(catDest, { recursive: true, force: true });
      mkdirSync(catDest);
      const dbFile = join(src, 'bench.edb');
      catDb.push(timeShell(`cat '${dbFile}' > '${join(catDest, 'bench.edb')}'`).ms);
      rmSync(catDest, { recursive: true, force: true });
    };
    const runAligned = async (run: number): Promise<void> => {
      // the same caller with a page-aligned buffer
      const destAligned = join(s.dir, `aligned${run}`);
      const t1 = performance.now();
      await streamingBackup(api, inst, destAligned, alignedBytes(READ));
      aligned.push(performance.now() - t1);
      rmSync(destAligned, { recursive: true, force: true });
    };
    for (let run = 0; run < RUNS; run++) {
      // each side goes first in turn: how long the kernel takes to hand out page-cache pages for a
      // 1 GiB write depends on what ran just before, on this VM
      const order = [runOurs, runCat, runAligned];
      for (let k = 0; k < order.length; k++) await order[(run + k) % order.length]!(run);
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
    // on this VM a 1 GiB write now and then costs 3-5x more in the kernel, for either side: the
    // target counts as met only if the medians and the best runs both reach it
    const best = Math.min(...cat) / Math.min(...ours);
    const met = ratio >= 0.9 && best >= 0.9;
    const extra = peakRss - rssAttached;
    const rows: ResultRow[] = [
      { metric: `streaming full backup of a ${mib(dbBytes)} database + logs (${mib(bytes)} streamed, 1 MiB reads)`, ours: `${oursMs.toFixed(0)} ms (${mbps(bytes, oursMs)})`, peer: `cat: ${catMs.toFixed(0)} ms (${mbps(bytes, catMs)})`, ratio: `${ratio.toFixed(2)}x (best runs: ${best.toFixed(2)}x)`, target: '>= 0.9x', met },
      { metric: 'of which the database file (JetOpenFileInstance to JetCloseFileInstance)', ours: `${median(oursDb).toFixed(0)} ms (${mbps(dbBytes, median(oursDb))})`, peer: `cat: ${median(catDb).toFixed(0)} ms`, ratio: `${(median(catDb) / median(oursDb)).toFixed(2)}x` },
      { metric: 'the same backup, the caller reading into a page-aligned 1 MiB buffer (WebAssembly.Memory) instead of Buffer.alloc, still writeSync', ours: `${median(aligned).toFixed(0)} ms (${mbps(bytes, median(aligned))})`, peer: `cat: ${catMs.toFixed(0)} ms`, ratio: `${(catMs / median(aligned)).toFixed(2)}x` },
      { metric: 'CPU time of the streaming backup (user + system, all threads)', ours: `${median(oursCpu).toFixed(0)} ms (least: ${Math.min(...oursCpu).toFixed(0)} ms)`, peer: `cat: ${median(catCpu).toFixed(0)} ms (least: ${Math.min(...catCpu).toFixed(0)} ms)`, ratio: `${(median(catCpu) / median(oursCpu)).toFixed(2)}x` },
      { metric: 'RSS added by the streaming (peak during backup - RSS with the database attached)', ours: mib(extra), peer: '', ratio: '', target: '< 100 MiB, flat', met: extra < 100 * 1024 * 1024 },
      { metric: `RSS with the database attached (process before JetInit: ${mib(rssProcess)}; instance running, before JetAttachDatabase: ${mib(rssBefore)})`, ours: mib(rssAttached), peer: '', ratio: '' },
      { metric: 'RSS JetAttachDatabase adds (bookmarks, index keys and caches only; median of 5 fresh processes)', ours: mib(attachRssMedian), peer: `database: ${mib(dbBytes)}`, ratio: '', target: '< 2 MiB', met: attachRssMedian < 2 * 1024 * 1024 },
      { metric: 'the same, measured in this process (the one that streams the backups)', ours: mib(rssAttached - rssBefore), peer: '', ratio: '' },
      { metric: 'read the database file and verify every page checksum on one thread (no write; page-aligned buffer)', ours: `${median(verify).toFixed(0)} ms (${mbps(dbBytes, median(verify))})`, peer: '', ratio: '' },
      { metric: 'JetBackupInstance to a folder (staged, fsync\'d, logs truncated)', ours: `${median(folder).toFixed(0)} ms`, peer: `cp: ${median(cp).toFixed(0)} ms`, ratio: `${(median(cp) / median(folder)).toFixed(2)}x` },
    ];
    report('esent-backup', `@winbackup/esent streaming backup (${SIZE_MIB} MiB database, median of ${RUNS})`, rows, [
      `Load average during the run: ${loadavg().map((l) => l.toFixed(2)).join(' / ')} on 2 cores shared with other work; building the database took ${(buildMs / 1000).toFixed(0)} s.`,
      'Both sides write the copy to files on the same file system; page cache warm for both (the files were just written).',
      'Every database page is verified with ESE\'s checksums (XOR-ECC) as it streams (ESE does this too: JET_errReadVerifyFailure). From 16 MiB of data pages on, a worker thread ' +
        'reads ahead into a ring of four page-aligned 1 MiB shared slots and checks pages while the caller writes; JetReadFileInstance takes over any read or ' +
        'check of the chunk it needs that the worker has not started (this also hides the worker\'s start-up), then copies the checked chunk into the ' +
        'caller\'s buffer. Pages 0 and 1 are the copies taken at JetOpenFileInstance.',
      'Reads land in page-aligned memory: on the AMD EPYC where this was first measured, readSync of 1 GiB in 1 MiB reads took 0.5-1.4 s into a Buffer.alloc block (and into ' +
        'memory 16 bytes off a 32-byte boundary, where glibc puts such blocks) against 0.10-0.17 s into page-aligned memory; copying a checked chunk ' +
        'into the caller\'s buffer costs ~0.05 s per GiB. The row with a page-aligned caller buffer checks whether the caller\'s Buffer.alloc block still costs ' +
        'anything on its side (its writeSync): compare it with the first row.',
      'Each run times ours, cat and the aligned caller, each going first in turn (after one untimed backup); writing 1 GiB into new page-cache ' +
        'pages on this VM now and then takes 3-5x longer in the kernel (for cat too), hence medians. Each run, in ms: ' +
        `ours ${ours.map((v) => v.toFixed(0)).join(' / ')}; cat ${cat.map((v) => v.toFixed(0)).join(' / ')}; ` +
        `aligned caller ${aligned.map((v) => v.toFixed(0)).join(' / ')} (best: ${(Math.min(...cat) / Math.min(...ours)).toFixed(2)}x and ` +
        `${(Math.min(...cat) / Math.min(...aligned)).toFixed(2)}x of cat's best).`,
      `${met ? 'The target is met.' : 'The target is not met.'} The floor is CPU: in its cheapest run the stream spends ${Math.min(...oursCpu).toFixed(0)} ms of CPU ` +
        `(both threads) where cat spends ${Math.min(...catCpu).toFixed(0)} ms, for the page checksums, the ` +
        'copy into the caller\'s buffer, the worker\'s start-up, and the engine\'s own backup steps (the log roll at GetLogInfo writes and fsyncs a new ' +
        '5 MiB log; every log is parsed to verify it as it is opened). On two cores the backup cannot take less than about half its CPU time ' +
        `(${(Math.min(...oursCpu) / 2).toFixed(0)} ms, ${(Math.min(...cat) / (Math.min(...oursCpu) / 2)).toFixed(2)}x of cat's best), and only when ` +
        'nothing else runs on the machine.',
      'The database is built by a child process. Attaching is measured in five fresh processes, each with the instance running (JetInit, JetBeginSession) and a full GC before and after JetAttachDatabase, then a clean JetTerm; ' +
        `the RSS each added: ${attachRss.map((b) => mib(b)).join(' / ')}. The engine reads the ESE catalog and visits each record once at attach for its bookmark and index keys (key columns are read in place; no long value is read, ` +
        'and the record pages are not kept in the page cache), and reads records on demand through bounded caches (64 parsed pages and 8 MiB of record images per database). ' +
        "In /proc/self/smaps one such attach showed the JS heap holding 0.4-0.6 MiB more (the bookmarks, keys and catalog), the rest being whole V8 heap pages newly touched, the first run of the engine's code (JIT code and node's own text pages) and malloc arenas of V8's helper threads; the spread from run to run is which pages the 1.8 MiB of short-lived objects attach allocates land in.",
      'Where the time goes when ours is slow: the caller\'s writeSync. Timed separately in the same process, JetReadFileInstance totals 0.25-0.37 s ' +
        'per GiB with the read-ahead (0.8-1.0 s without it) while the caller\'s writes of the same 1 MiB chunks into a new file take 0.39-2.1 s per GiB ' +
        'from run to run; a plain Node loop writing 1 GiB from one Buffer.alloc 1 MiB block took 312-1153 ms in four back-to-back runs here.',
      'RSS added by the streaming: the 4 MiB ring and the worker thread (a V8 isolate of its own, 10-14 MiB when measured alone), both gone when ' +
        'the file is closed; the rest of the peak is garbage not yet collected (no GC is forced). Streams under 16 MiB of data pages use no worker ' +
        'and add only a 1 MiB bounce buffer.',
      'JetBackupInstance fsyncs every copied file and the folder, and stages files before moving them in; cp does neither.',
    ]);
  } finally {
    s.cleanup();
  }
}

/**
 * RSS once the process is quiet: a pause, then two full GCs. V8 sizes its young generation by the
 * recent allocation rate, so a GC forced right after a burst (JetInit's, or attach's) keeps pages
 * that the next quiet GC gives back; measured this way, before and after attach alike, the
 * difference is what the attached database holds.
 */
async function settledRss(): Promise<number> {
  await new Promise((r) => setTimeout(r, 300));
  global.gc?.();
  global.gc?.();
  return process.memoryUsage.rss();
}

/** In a fresh process: the RSS JetAttachDatabase adds (instance running before and after), then a clean JetTerm. */
async function measureAttach(dir: string): Promise<void> {
  const { api, inst } = await openInstance(dir, 5120);
  const sesid = await api.JetBeginSession(inst, null, null);
  const before = await settledRss();
  await api.JetAttachDatabase(sesid, join(dir, 'bench.edb'), 0);
  const added = (await settledRss()) - before;
  await api.JetTerm(inst);
  process.stdout.write(`attach-rss ${added}\n`);
}

/** measureAttach() in `n` fresh processes, one after the other: what each attach added. */
async function attachRssRuns(dir: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const text = await new Promise<string>((resolve, reject) => {
      const child = fork(import.meta.filename, [], { env: { ...process.env, BENCH_ATTACH_DIR: dir }, execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
      let buf = '';
      child.stdout!.on('data', (d: Buffer) => (buf += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(buf) : reject(new Error(`attach measurement exited with ${code}`))));
    });
    const m = /attach-rss (-?\d+)/.exec(text);
    if (!m) throw new Error(`attach measurement printed no figure: ${text}`);
    out.push(Number(m[1]));
  }
  return out;
}

if (process.env.BENCH_BUILD_DIR) await build(process.env.BENCH_BUILD_DIR);
else if (process.env.BENCH_ATTACH_DIR) await measureAttach(process.env.BENCH_ATTACH_DIR);
else await main();
