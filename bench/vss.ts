// @winbackup/vsbackup: DoSnapshotSet of a directory volume (the reference's point-in-time copy)
// against `cp -a` of the same tree in the same run, and the freeze-to-thaw window a writer sees.
// Two trees by default (10,000 files / 1 GiB and 100,000 files / 1 GiB); BENCH_FILES and
// BENCH_SIZE_MIB pick one, BENCH_RUNS the runs per tree.
import { constants, copyFileSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  awaitVssAsync,
  createReferenceVss,
  CVssWriter,
  VSS_BT_FULL,
  VSS_ST_OTHER,
  VSS_UT_USERDATA,
  type ReferenceVss,
} from '@winbackup/vsbackup';
import { median, mib, report, scratch, timeCommand, type ResultRow } from './lib.js';

const SCALES: { files: number; sizeMiB: number; windowTargetMs: number }[] = process.env.BENCH_FILES
  ? [{ files: Number(process.env.BENCH_FILES), sizeMiB: Number(process.env.BENCH_SIZE_MIB ?? 1024), windowTargetMs: Number(process.env.BENCH_FILES) > 10_000 ? 10_000 : 1_000 }]
  : [
      { files: 10_000, sizeMiB: 1024, windowTargetMs: 1_000 },
      { files: 100_000, sizeMiB: 1024, windowTargetMs: 10_000 },
    ];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Files rewritten while the set is prepared, in the extra run that shows what the window grows with. */
const CHANGED_SHARE = 0.01;

class TimingWriter extends CVssWriter {
  frozenAt = 0;
  readonly windows: number[] = [];
  OnPrepareSnapshot(): boolean {
    return true;
  }
  OnFreeze(): boolean {
    this.frozenAt = performance.now();
    return true;
  }
  OnThaw(): boolean {
    this.windows.push(performance.now() - this.frozenAt);
    return true;
  }
  OnAbort(): boolean {
    return true;
  }
}

function filePath(dir: string, i: number, dirs: number): string {
  return join(dir, `d${String(i % dirs).padStart(4, '0')}`, `f${i}.bin`);
}

function makeTree(dir: string, files: number, sizeMiB: number): { bytes: number; perFile: number; dirs: number } {
  const perFile = Math.max(1, Math.floor((sizeMiB * 1024 * 1024) / files));
  const pool = randomBytes(Math.min(perFile * 2, 64 * 1024 * 1024) + 4096);
  const dirs = Math.max(1, Math.ceil(files / 100));
  for (let d = 0; d < dirs; d++) mkdirSync(join(dir, `d${String(d).padStart(4, '0')}`), { recursive: true });
  for (let i = 0; i < files; i++) {
    const off = (i * 4099) % (pool.length - perFile);
    writeFileSync(filePath(dir, i, dirs), pool.subarray(off, off + perFile));
  }
  return { bytes: perFile * files, perFile, dirs };
}

/** Whether this file system clones with FICLONE (reflink) rather than copying bytes. */
function reflinkSupported(dir: string): boolean {
  const a = join(dir, '.reflink-probe');
  writeFileSync(a, 'x');
  try {
    copyFileSync(a, a + '.copy', constants.COPYFILE_FICLONE_FORCE);
    unlinkSync(a + '.copy');
    return true;
  } catch {
    return false;
  } finally {
    unlinkSync(a);
  }
}

async function snapshotOnce(vss: ReferenceVss): Promise<number> {
  const bc = await vss.CreateVssBackupComponents();
  await bc.InitializeForBackup();
  await awaitVssAsync(await bc.GatherWriterMetadata());
  await bc.SetBackupState(false, false, VSS_BT_FULL);
  await bc.StartSnapshotSet();
  await bc.AddToSnapshotSet('C:\\');
  await awaitVssAsync(await bc.PrepareForBackup());
  const t0 = performance.now();
  await awaitVssAsync(await bc.DoSnapshotSet());
  const ms = performance.now() - t0;
  await awaitVssAsync(await bc.BackupComplete());
  await bc.Release();
  return ms;
}

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' / ');
const rows: ResultRow[] = [];
const notes: string[] = [];
let reflink = false;
let method = '';
const loads: string[] = [`start ${load()}`];

for (const scale of SCALES) {
  const { dir, cleanup } = scratch('vss');
  try {
    const volume = join(dir, 'C');
    mkdirSync(volume);
    process.stdout.write(`building ${scale.files} files / ${scale.sizeMiB} MiB...\n`);
    const { bytes, perFile, dirs } = makeTree(volume, scale.files, scale.sizeMiB);
    reflink = reflinkSupported(dir);
    // Rewrites 1% of the files (same size, new bytes) while the set is prepared, in the extra run only.
    let changeDuringPrepare = false;
    const changed = Math.round(scale.files * CHANGED_SHARE);
    const vss = createReferenceVss({
      volumes: { 'C:\\': volume },
      store: join(dir, 'store'),
      // widened so an overrun is measured rather than failed (Windows: 10 s, 60 s)
      flushAndHoldTimeoutMs: 3_600_000,
      provider: {
        onPrepare: (phase) => {
          if (!changeDuringPrepare || phase !== 'copied') return;
          const fresh = randomBytes(perFile);
          for (let k = 0; k < changed; k++) writeFileSync(filePath(volume, Math.floor((k * scale.files) / changed), dirs), fresh);
        },
      },
    });
    method = vss.copyMethod();
    // The reference as it was before the pre-copy: the whole tree copied inside the freeze
    // (copyMethod 'reflink' is that on a file system without reflink), measured in the same runs.
    const before = createReferenceVss({ volumes: { 'C:\\': volume }, store: join(dir, 'store-before'), flushAndHoldTimeoutMs: 3_600_000, copyMethod: 'reflink' });
    const writer = new TimingWriter(vss);
    const beforeWriter = new TimingWriter(before);
    for (const w of [writer, beforeWriter]) {
      await w.Initialize('3c0d6a51-9f0e-4f44-8a7d-1b2c3d4e5f60', 'Bench Writer', VSS_UT_USERDATA, VSS_ST_OTHER, undefined, 3_600_000);
      await w.Subscribe();
    }

    const ours: number[] = [];
    const prior: number[] = [];
    const peer: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      // interleaved: ours, the copy inside the freeze, then cp -a, in every run
      ours.push(await snapshotOnce(vss));
      prior.push(await snapshotOnce(before));
      const dest = join(dir, `cp-${r}`);
      peer.push(timeCommand('cp', ['-a', volume, dest]));
      rmSync(dest, { recursive: true, force: true });
      process.stdout.write(
        `run ${r + 1}/${RUNS}: DoSnapshotSet ${ours[r]!.toFixed(0)} ms (window ${writer.windows.at(-1)!.toFixed(0)} ms), ` +
          `copy inside the freeze ${prior[r]!.toFixed(0)} ms (window ${beforeWriter.windows.at(-1)!.toFixed(0)} ms), cp -a ${peer[r]!.toFixed(0)} ms, load ${load()}\n`,
      );
    }
    await beforeWriter.Unsubscribe();
    const windows = [...writer.windows];
    changeDuringPrepare = true;
    const changedTotal = await snapshotOnce(vss);
    const changedWindow = writer.windows.at(-1)!;
    await writer.Unsubscribe();
    loads.push(`after ${scale.files} files ${load()}`);

    const o = median(ours);
    const b = median(prior);
    const p = median(peer);
    const w = median(windows);
    const bw = median(beforeWriter.windows);
    rows.push(
      {
        metric: `DoSnapshotSet, ${scale.files} files / ${mib(bytes)} (median of ${RUNS})`,
        ours: `${o.toFixed(0)} ms (${(bytes / 1048576 / (o / 1000)).toFixed(0)} MiB/s)`,
        peer: `cp -a: ${p.toFixed(0)} ms`,
        ratio: `${(p / o).toFixed(2)}x`,
      },
      {
        metric: `DoSnapshotSet, ${scale.files} files, copying inside the freeze as before (median of ${RUNS}, same runs)`,
        ours: `${b.toFixed(0)} ms (window ${bw.toFixed(0)} ms)`,
        peer: `cp -a: ${p.toFixed(0)} ms`,
        ratio: `${(p / b).toFixed(2)}x`,
      },
      {
        metric: `freeze-to-thaw window, ${scale.files} files, nothing changed (median of ${RUNS})`,
        ours: `${w.toFixed(0)} ms`,
        peer: 'Windows flush-and-hold limit: 10000 ms',
        ratio: `${(w / 10_000).toFixed(2)} of the limit`,
        target: `< ${scale.windowTargetMs} ms`,
        met: w < scale.windowTargetMs,
      },
      {
        metric: `freeze-to-thaw window, ${scale.files} files, ${changed} files (${mib(changed * perFile)}) rewritten while the set was prepared (1 run)`,
        ours: `${changedWindow.toFixed(0)} ms (DoSnapshotSet ${changedTotal.toFixed(0)} ms)`,
        peer: 'Windows flush-and-hold limit: 10000 ms',
        ratio: `${(changedWindow / 10_000).toFixed(2)} of the limit`,
      },
    );
    notes.push(
      `${scale.files} files: every run (ms), DoSnapshotSet / its window / copy inside the freeze / its window / cp -a: ${ours
        .map((x, i) => `${x.toFixed(0)} / ${windows[i]!.toFixed(0)} / ${prior[i]!.toFixed(0)} / ${beforeWriter.windows[i]!.toFixed(0)} / ${peer[i]!.toFixed(0)}`)
        .join(', ')}.`,
    );
  } finally {
    cleanup();
  }
}

report('vss', 'VSS reference: DoSnapshotSet vs cp -a', rows, [
  `Trees: ${SCALES.map((s) => `${s.files} files in ${Math.ceil(s.files / 100)} directories, ${s.sizeMiB} MiB`).join('; ')}.`,
  `File system ${reflink ? 'supports' : 'does not support'} reflink (FICLONE); copy method '${method}': ${
    method === 'precopy'
      ? 'the tree is copied before the freeze and brought up to date inside it with the entries whose kind, mode, inode, size, mtime or ctime changed (one lstat per entry on two scan threads)'
      : 'the tree is cloned inside the freeze'
  }.`,
  'DoSnapshotSet includes PrepareForSnapshot, the pre-copy, Freeze, the catch-up, Thaw, PostSnapshot and the fsync\'d catalog update. The window is OnFreeze to OnThaw as the writer sees it.',
  'The page cache is warm for every side; every run is ours, then the copy inside the freeze (the reference before the pre-copy), then cp -a (interleaved); medians are reported.',
  'The bench widens flushAndHoldTimeoutMs and dwTimeoutFreeze to 1 h so an overrun would be measured; with the Windows defaults (10 s, 60 s) a window over 10 s fails DoSnapshotSet with VSS_E_HOLD_WRITES_TIMEOUT.',
  ...notes,
  `The machine is shared with other developers (2 cores); load average (1 / 5 / 15 min): ${loads.join('; ')}. Single runs vary a lot; compare within a run.`,
]);
