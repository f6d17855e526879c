// Tour step: File History for one user against the reference service. The user's Documents folder
// is protected to a backup folder; a first cycle copies it, an edit gives a second version, a third
// cycle is stopped in the middle of a large file, and the first version is restored.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatHResult, lookupFhProtectionState } from '@winbackup/errors';
import * as fhConstants from '@winbackup/fhsvcctl';
import { createReferenceFileHistory, FH_FREQUENCY, FH_STATUS_ENABLED } from '@winbackup/fhsvcctl';
import { enumName } from './enum-name.js';

// FH_DEVICE_VALIDATION_RESULT (fhcfg.h)
const VALIDATION_RESULTS = ['FH_ACCESS_DENIED', 'FH_INVALID_DRIVE_TYPE', 'FH_READ_ONLY_PERMISSION', 'FH_CURRENT_DEFAULT', 'FH_NAMESPACE_EXISTS', 'FH_TARGET_PART_OF_LIBRARY', 'FH_VALID_TARGET'];
const protection = (state: number): string => `0x${state.toString(16)} (${lookupFhProtectionState(state).symbol})`;

export async function tourFileHistory(log: (line: string) => void): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'winbackup-tour-fh-'));
  let now = Date.UTC(2026, 10, 23, 9, 0, 0);
  let stopAt: (() => void) | undefined;
  const fh = createReferenceFileHistory({
    stateDir: join(root, 'state'),
    profileDir: join(root, 'alice'),
    user: 'alice',
    computer: 'LAPTOP',
    clock: () => now,
    chunkSize: 256 * 1024,
    onEvent: (e) => {
      if (e.type === 'copy-progress' && e.sourcePath.endsWith('video.mp4') && e.bytes >= 4 * 1024 * 1024) stopAt?.();
    },
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

    // Cycle 1: everything is new.
    await fh.FhServiceStartBackup(pipe, true);
    const c1 = await fh.waitForIdle();
    const firstVersionTime = c1!.backupSetTime;
    log(`cycle 1: ${c1!.copied.length} files copied`);

    // Edit, cycle 2: only the changed file is copied.
    now += 3600_000;
    writeFileSync(report, 'Quarterly report, final\n');
    await fh.FhServiceStartBackup(pipe, true);
    const c2 = await fh.waitForIdle();
    log(`cycle 2: ${c2!.copied.length} file copied; report.txt now has ${(await fh.listVersions(report)).length} versions`);
    for (const v of await fh.listVersions(report)) log(`  ${v.storedPath.split('/').pop()}`);

    // Cycle 3: a large new file, stopped part-way through it.
    now += 3600_000;
    writeFileSync(join(docs, 'video.mp4'), Buffer.alloc(48 * 1024 * 1024, 0x42));
    let stopped: Promise<void> | undefined;
    stopAt = () => {
      stopAt = undefined;
      stopped = fh.FhServiceStopBackup(pipe, false);
    };
    await fh.FhServiceStartBackup(pipe, false);
    const q = fh.CoCreateFhConfigMgr();
    await q.LoadConfiguration();
    const running = (await q.QueryProtectionStatus()).ProtectionState;
    log(`while running: ProtectionState = ${protection(running)}`);
    const c3 = await fh.waitForIdle();
    await stopped;
    log(`cycle 3: stopped=${c3!.stopped}, video.mp4 versions: ${(await fh.listVersions(join(docs, 'video.mp4'))).length} (the partial copy was removed)`);

    // Restore the first version of report.txt into a folder of our choice.
    const out = join(root, 'restored');
    const restored = await fh.restore(report, firstVersionTime, out);
    log(`restored ${restored[0]!.restoredPath.slice(root.length + 1)}: ${JSON.stringify(readFileSync(restored[0]!.restoredPath, 'utf8'))}`);
    const st = await q.QueryProtectionStatus();
    log(`ProtectionState = ${protection(st.ProtectionState)}, ProtectedUntilTime = ${st.ProtectedUntilTime}`);
    await fh.FhServiceClosePipe(pipe);
    log(`catalog: ${(await fh.catalogPath()).slice(root.length + 1)}`);
  } catch (e) {
    log(`failed: ${e instanceof Error ? e.message : String(e)} ${typeof (e as { code?: unknown }).code === 'number' ? formatHResult((e as { code: number }).code) : ''}`);
    throw e;
  } finally {
    await fh.close();
    rmSync(root, { recursive: true, force: true });
  }
}
