// Tour step: a VSS requester and one writer against the reference VSS. The "machine" has one
// volume C:\ (a temp directory); the first backup snapshots it and reads a file back from the
// snapshot device; the second backup is aborted midway, while the writer is frozen.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHResultError, lookupHResult, VSS_E_BAD_STATE } from '@winbackup/errors';
import {
  awaitVssAsync,
  createReferenceVss,
  CVssWriter,
  VSS_BT_FULL,
  VSS_CT_FILEGROUP,
  VSS_CTX_BACKUP,
  VSS_ST_OTHER,
  VSS_UT_USERDATA,
  type IVssCreateWriterMetadata,
} from '@winbackup/vsbackup';

/** An application that keeps C:\app\state.txt and must not be mid-write in a snapshot. */
class AppWriter extends CVssWriter {
  readonly seen: string[] = [];
  onFreeze: () => Promise<void> = async () => undefined;

  override OnIdentify(md: IVssCreateWriterMetadata): boolean {
    md.AddComponent(VSS_CT_FILEGROUP, null, 'app-state', 'Application state');
    md.AddFilesToFileGroup(null, 'app-state', 'C:\\app', 'state.txt', false);
    return true;
  }
  override OnPrepareBackup(): boolean {
    this.seen.push('PrepareBackup');
    return true;
  }
  OnPrepareSnapshot(): boolean {
    this.seen.push('PrepareSnapshot');
    return true;
  }
  async OnFreeze(): Promise<boolean> {
    this.seen.push('Freeze');
    await this.onFreeze();
    return true;
  }
  OnThaw(): boolean {
    this.seen.push('Thaw');
    return true;
  }
  override OnPostSnapshot(): boolean {
    this.seen.push('PostSnapshot');
    return true;
  }
  OnAbort(): boolean {
    this.seen.push('Abort');
    return true;
  }
  override OnBackupComplete(): boolean {
    this.seen.push('BackupComplete');
    return true;
  }
  override OnBackupShutdown(): boolean {
    this.seen.push('BackupShutdown');
    return true;
  }
}

export async function tourVss(log: (line: string) => void): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'winbackup-tour-vss-'));
  try {
    const volume = join(root, 'C');
    mkdirSync(join(volume, 'app'), { recursive: true });
    writeFileSync(join(volume, 'app', 'state.txt'), 'version 1');
    const vss = createReferenceVss({ volumes: { 'C:\\': volume }, store: join(root, 'store') });

    const writer = new AppWriter(vss);
    await writer.Initialize('0b7f3c2e-5d41-4a8e-9c1b-2f6a7d8e9f01', 'Tour App Writer', VSS_UT_USERDATA, VSS_ST_OTHER);
    await writer.Subscribe();

    // --- backup 1: the whole sequence, then read from the snapshot
    const bc = await vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.SetContext(VSS_CTX_BACKUP);
    await awaitVssAsync(await bc.GatherWriterMetadata());
    const { pidInstance, ppMetadata } = await bc.GetWriterMetadata(0);
    const identity = await ppMetadata.GetIdentity();
    const counts = await ppMetadata.GetFileCounts();
    log(`writer "${identity.pbstrWriterName}" (${counts.pcComponents} component)`);
    await bc.SetBackupState(true, false, VSS_BT_FULL);
    await bc.AddComponent(pidInstance, identity.pidWriter, VSS_CT_FILEGROUP, null, 'app-state');
    await bc.FreeWriterMetadata();
    const setId = await bc.StartSnapshotSet();
    const snapshotId = await bc.AddToSnapshotSet('C:\\');
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    const prop = await bc.GetSnapshotProperties(snapshotId);
    log(`snapshot set ${setId}: ${prop.m_pwszSnapshotDeviceObject}`);

    // the application carries on; the snapshot keeps the point-in-time content
    writeFileSync(join(volume, 'app', 'state.txt'), 'version 2');
    const shadowPath = `${prop.m_pwszSnapshotDeviceObject}\\app\\state.txt`;
    log(`${shadowPath} -> "${readFileSync(vss.resolvePath(shadowPath)!, 'utf8')}" (live file now "version 2")`);

    await bc.SetBackupSucceeded(pidInstance, identity.pidWriter, VSS_CT_FILEGROUP, null, 'app-state', true);
    await awaitVssAsync(await bc.BackupComplete());
    await bc.Release();
    log(`writer saw: ${writer.seen.join(' -> ')}`);
    log(`after Release the snapshot is gone: ${vss.resolvePath(shadowPath) === undefined}`);

    // --- backup 2: aborted while the writer is frozen
    writer.seen.length = 0;
    let frozen!: () => void;
    const reachedFreeze = new Promise<void>((r) => (frozen = r));
    let holdFreeze!: () => void;
    writer.onFreeze = () => {
      frozen();
      return new Promise<void>((r) => (holdFreeze = r));
    };
    const bc2 = await vss.CreateVssBackupComponents();
    await bc2.InitializeForBackup();
    await awaitVssAsync(await bc2.GatherWriterMetadata());
    await bc2.SetBackupState(false, false, VSS_BT_FULL);
    await bc2.StartSnapshotSet();
    await bc2.AddToSnapshotSet('C:\\');
    await awaitVssAsync(await bc2.PrepareForBackup());
    const doSnapshot = await bc2.DoSnapshotSet();
    await reachedFreeze;
    const aborting = bc2.AbortBackup();
    holdFreeze();
    await aborting;
    const { pHrResult } = await doSnapshot.QueryStatus();
    const status = lookupHResult(pHrResult);
    log(`AbortBackup during DoSnapshotSet: status ${status.hex} (${status.symbol})`);
    try {
      await bc2.BackupComplete();
    } catch (e) {
      log(`BackupComplete after the abort: ${isHResultError(e, VSS_E_BAD_STATE) ? 'VSS_E_BAD_STATE' : String(e)}`);
    }
    await bc2.Release();
    log(`writer saw: ${writer.seen.join(' -> ')}`);
    await writer.Unsubscribe();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
