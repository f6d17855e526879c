// Tour step: File History for one user. The Windows API part runs on both backends: the service's
// pipe, the configuration (created with a target when the user has none), its settings and the
// protection status. On the reference the user's Documents folder (a temp folder) is then protected
// to a backup folder; cycles run through runBackupCycle (with a progress line): a first copies it,
// an edit gives a second version, a third is stopped by an AbortSignal in the middle of a large
// file, and the first version is restored. Natively the tour leaves an existing configuration as it
// is, and the cycles, versions and restore (the reference's extras) are not run.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FHCFG_E_CONFIG_FILE_NOT_FOUND, formatHResult, isHResultError, lookupFhProtectionState } from '@winbackup/errors';
import {
  FH_FREQUENCY,
  FH_STATUS_ENABLED,
  FH_TARGET_NAME,
  FH_TARGET_URL,
  FH_VALID_TARGET,
  runBackupCycle,
  type FhCycleProgress,
  type IFhConfigMgr,
  type ReferenceFileHistory,
} from '@winbackup/fhsvcctl';
import * as fhConstants from '@winbackup/fhsvcctl';
import type { TourBackends, TourFileHistory } from './backends.js';
import { enumName } from './enum-name.js';
import { bytes, progressLine } from './progress.js';

// FH_DEVICE_VALIDATION_RESULT (fhcfg.h)
const VALIDATION_RESULTS = ['FH_ACCESS_DENIED', 'FH_INVALID_DRIVE_TYPE', 'FH_READ_ONLY_PERMISSION', 'FH_CURRENT_DEFAULT', 'FH_NAMESPACE_EXISTS', 'FH_TARGET_PART_OF_LIBRARY', 'FH_VALID_TARGET'];
const protection = (state: number): string => `0x${state.toString(16)} (${lookupFhProtectionState(state).symbol})`;

/**
 * The user's configuration: loaded when there is one (left as it is), else a default one with the
 * known target, enabled, saved and reloaded by the service. Undefined when there is neither.
 */
async function configuration(user: TourFileHistory, log: (line: string) => void): Promise<IFhConfigMgr | undefined> {
  const cfg = user.fh.CoCreateFhConfigMgr();
  try {
    await cfg.LoadConfiguration();
    log('this user has a File History configuration: the tour reads it and leaves it as it is');
    return cfg;
  } catch (e) {
    if (!isHResultError(e, FHCFG_E_CONFIG_FILE_NOT_FOUND)) throw e;
  }
  if (user.target === undefined) {
    log('this user has no File History configuration (FHCFG_E_CONFIG_FILE_NOT_FOUND), and the tour knows no target to create one: set WINBACKUP_TOUR_FH_TARGET to a drive or share File History may use (e.g. E:\\)');
    return undefined;
  }
  // Turn File History on: default configuration (FALSE: never over an existing one), a target, enabled, saved, reloaded by the service.
  await cfg.CreateDefaultConfiguration(false);
  const valid = await cfg.ValidateTarget(user.target);
  log(`ValidateTarget(${user.target}) = ${enumName(fhConstants, VALIDATION_RESULTS, valid)}`);
  if (valid !== FH_VALID_TARGET) {
    log('File History would not use that target (IFhConfigMgr-ProvisionAndSetNewTarget: only a valid one); the configuration stays off');
    return cfg;
  }
  await cfg.ProvisionAndSetNewTarget(user.target, 'Backup disk');
  await cfg.SetBackupStatus(FH_STATUS_ENABLED);
  await cfg.SaveConfiguration();
  const pipe = await user.fh.FhServiceOpenPipe(true);
  await user.fh.FhServiceReloadConfiguration(pipe);
  await user.fh.FhServiceClosePipe(pipe);
  return cfg;
}

export async function tourFileHistory(log: (line: string) => void, backends: TourBackends): Promise<void> {
  if (backends.fileHistoryUnavailable) {
    log(`SKIPPED: ${backends.fileHistoryUnavailable}`);
    return;
  }
  const root = mkdtempSync(join(tmpdir(), 'winbackup-tour-fh-'));
  let now = Date.UTC(2026, 10, 23, 9, 0, 0);
  const user = backends.fileHistory(root, () => now);
  try {
    // the user's files exist before the configuration does, as on a real machine
    if (user.documents) {
      mkdirSync(user.documents, { recursive: true });
      writeFileSync(join(user.documents, 'report.txt'), 'Quarterly report, draft 1\n');
      writeFileSync(join(user.documents, 'notes.md'), '# notes\n');
    }
    const cfg = await configuration(user, log);
    if (cfg) {
      log(`FH_FREQUENCY = ${await cfg.GetLocalPolicy(FH_FREQUENCY)} s, GetBackupStatus = ${enumName(fhConstants, 'FH_STATUS_', await cfg.GetBackupStatus())}`);
      const target = await cfg.GetDefaultTarget().then(
        async (t) => `"${await t.GetStringProperty(FH_TARGET_NAME)}" at ${await t.GetStringProperty(FH_TARGET_URL)}`,
        (e: unknown) => `none (${formatHResult((e as { code: number }).code)})`,
      );
      log(`default target: ${target}; ProtectionState = ${protection((await cfg.QueryProtectionStatus()).ProtectionState)}`);
    }
    // the service's pipe: a block holds every backup of the user until its pipe unblocks or closes
    const pipe = await user.fh.FhServiceOpenPipe(true);
    await user.fh.FhServiceBlockBackup(pipe);
    await user.fh.FhServiceUnblockBackup(pipe);
    await user.fh.FhServiceClosePipe(pipe);
    log('FhServiceOpenPipe, FhServiceBlockBackup, FhServiceUnblockBackup, FhServiceClosePipe: S_OK');

    if (!user.reference || !user.documents) {
      log('cycles, versions and restore: not run here. They use the reference\'s own calls (waitForIdle, listVersions, restore), which have no Windows API; on Windows, File History\'s own UI lists the versions.');
      return;
    }
    await cycles(user.reference, user.documents, root, () => (now += 3600_000), log);
  } catch (e) {
    log(`failed: ${e instanceof Error ? e.message : String(e)} ${typeof (e as { code?: unknown }).code === 'number' ? formatHResult((e as { code: number }).code) : ''}`);
    throw e;
  } finally {
    await user.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** The reference's cycles: versions of an edited file, a cycle stopped part-way, a restore. */
async function cycles(fh: ReferenceFileHistory, docs: string, root: string, nextHour: () => void, log: (line: string) => void): Promise<void> {
  const report = join(docs, 'report.txt');
  // Cycle 1: everything is new. runBackupCycle: StartBackup on its own pipe, awaits the end, progress.
  const progress = progressLine(log);
  const show = (n: number) => (p: FhCycleProgress) =>
    progress.update(`cycle ${n}: ${p.phase} ${p.filesCopied}/${p.changed} files, ${bytes(p.bytesCopied)}${p.currentFile ? ` (${basename(p.currentFile)})` : ''}`, `${p.phase}:${p.filesCopied}`);
  const c1 = await runBackupCycle(fh, { onProgress: show(1) });
  const firstVersionTime = c1.backupSetTime;
  progress.done(`cycle 1: ${c1.copied.length} files copied`);

  // Edit, cycle 2: only the changed file is copied.
  nextHour();
  writeFileSync(report, 'Quarterly report, final\n');
  const c2 = await runBackupCycle(fh, { onProgress: show(2) });
  progress.done(`cycle 2: ${c2.copied.length} file copied; report.txt now has ${(await fh.listVersions(report)).length} versions`);
  for (const v of await fh.listVersions(report)) log(`  ${v.storedPath.split('/').pop()}`);

  // Cycle 3: a large new file, stopped part-way through it by an AbortSignal (FhServiceStopBackup).
  nextHour();
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
}
