// Tour step: File History for one user against the reference service. The user's Documents folder
// is protected to a backup folder; cycles run through runBackupCycle (with a progress line): a first
// copies it, an edit gives a second version, a third is stopped by an AbortSignal in the middle of a
// large file, and the first version is restored.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { formatHResult, lookupFhProtectionState } from '@winbackup/errors';
import { createReferenceFileHistory, FH_FREQUENCY, FH_STATUS_ENABLED, runBackupCycle, type FhCycleProgress } from '@winbackup/fhsvcctl';
import * as fhConstants from '@winbackup/fhsvcctl';
import { enumName } from './enum-name.js';
import { bytes, progressLine } from './progress.js';

// FH_DEVICE_VALIDATION_RESULT (fhcfg.h)
const VALIDATION_RESULTS = ['FH_ACCESS_DENIED', 'FH_INVALID_DRIVE_TYPE', 'FH_READ_ONLY_PERMISSION', 'FH_CURRENT_DEFAULT', 'FH_NAMESPACE_EXISTS', 'FH_TARGET_PART_OF_LIBRARY', 'FH_VALID_TARGET'];
const protection = (state: number): string => `0x${state.toString(16)} (${lookupFhProtectionState(state).symbol})`;

export async function tourFileHistory(log: (line: string) => void): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'winbackup-tour-fh-'));
  let now = Date.UTC(2026, 10, 23, 9, 0, 0);
  const fh = createReferenceFileHistory({
    stateDir: join(root, 'state'),
    profileDir: join(root, 'alice'),
    user: 'alice',
    computer: 'LAPTOP',
    clock: () => now,
    chunkSize: 256 * 1024,
  });
  try {
    const docs = join(root, 'alice', 'Documents');
    const target = join(root, 'BackupDisk');
    mkdirSync(docs, { recursive: true });
    mkdirSync(target);
    const report = join(docs, 'report.txt');
    writeFileSync(report, 'Quarterly report, draft 1\n');
    writeFileSync(join(docs, 'notes.md'), '# notes\n');

    // Turn File History on: default configuration, a target, enabled, saved, reloaded by the service.
    const cfg = fh.CoCreateFhConfigMgr();
    await cfg.CreateDefaultConfiguration(true);
    log(`ValidateTarget(${target}) = ${enumName(fhConstants, VALIDATION_RESULTS, await cfg.ValidateTarget(target))}`);
    await cfg.ProvisionAndSetNewTarget(target, 'Backup disk');
    await cfg.SetBackupStatus(FH_STATUS_ENABLED);
    log(`FH_FREQUENCY = ${await cfg.GetLocalPolicy(FH_FREQUENCY)} s`);
    await cfg.SaveConfiguration();
    const pipe = await fh.FhServiceOpenPipe(true);
    await fh.FhServiceReloadConfiguration(pipe);
    await fh.FhServiceClosePipe(pipe);

    // Cycle 1: everything is new. runBackupCycle: StartBackup on its own pipe, awaits the end, progress.
    const progress = progressLine(log);
    const show = (n: number) => (p: FhCycleProgress) =>
      progress.update(`cycle ${n}: ${p.phase} ${p.filesCopied}/${p.changed} files, ${bytes(p.bytesCopied)}${p.currentFile ? ` (${basename(p.currentFile)})` : ''}`, `${p.phase}:${p.filesCopied}`);
    const c1 = await runBackupCycle(fh, { onProgress: show(1) });
    const firstVersionTime = c1.backupSetTime;
    progress.done(`cycle 1: ${c1.copied.length} files copied`);

    // Edit, cycle 2: only the changed file is copied.
    now += 3600_000;
    writeFileSync(report, 'Quarterly report, final\n');
    const c2 = await runBackupCycle(fh, { onProgress: show(2) });
    progress.done(`cycle 2: ${c2.copied.length} file copied; report.txt now has ${(await fh.listVersions(report)).length} versions`);
    for (const v of await fh.listVersions(report)) log(`  ${v.storedPath.split('/').pop()}`);

    // Cycle 3: a large new file, stopped part-way through it by an AbortSignal (FhServiceStopBackup).
    now += 3600_000;
    writeFileSync(join(docs, 'video.mp4'), Buffer.alloc(48 * 1024 * 1024, 0x42));
    const q = fh.CoCreateFhConfigMgr();
    await q.LoadConfiguration();
    const controller = new AbortController();
    let running: Promise<number> | undefined;
    const c3 = runBackupCycle(fh, {
      lowPriorityIo: false,
      signal: controller.signal,
      onProgress: (p) => {
        show(3)(p);
        running ??= q.QueryProtectionStatus().then((st) => st.ProtectionState);
        if (p.currentFile?.endsWith('video.mp4') && p.bytesCopied >= 4 * 1024 * 1024) controller.abort(new Error('stopped by the tour'));
      },
    });
    const stopped = await c3.then(
      () => false,
      (e: unknown) => e === controller.signal.reason,
    );
    const state = await running!;
    progress.done(`while running: ProtectionState = ${protection(state)}`);
    log(`cycle 3: stopped=${stopped}, video.mp4 versions: ${(await fh.listVersions(join(docs, 'video.mp4'))).length} (the partial copy was removed)`);

    // Restore the first version of report.txt into a folder of our choice.
    const out = join(root, 'restored');
    const restored = await fh.restore(report, firstVersionTime, out);
    log(`restored ${restored[0]!.restoredPath.slice(root.length + 1)}: ${JSON.stringify(readFileSync(restored[0]!.restoredPath, 'utf8'))}`);
    const st = await q.QueryProtectionStatus();
    log(`ProtectionState = ${protection(st.ProtectionState)}, ProtectedUntilTime = ${st.ProtectedUntilTime}`);
    log(`catalog: ${(await fh.catalogPath()).slice(root.length + 1)}`);
  } catch (e) {
    log(`failed: ${e instanceof Error ? e.message : String(e)} ${typeof (e as { code?: unknown }).code === 'number' ? formatHResult((e as { code: number }).code) : ''}`);
    throw e;
  } finally {
    await fh.close();
    rmSync(root, { recursive: true, force: true });
  }
}
