// Tour step: a VSS requester and one writer against the reference VSS. The "machine" has one
// volume C:\ (a temp directory); the first backup (withSnapshotSet) snapshots it, reads a file back
// from the snapshot and writes the snapshot's tree as a tar; the second is aborted by an AbortSignal
// while the writer is frozen.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { lookupHResult } from '@winbackup/errors';
import {
  createReferenceVss,
  CVssWriter,
  VSS_BT_FULL,
  VSS_CT_FILEGROUP,
  VSS_CTX_BACKUP,
  VSS_ST_OTHER,
  VSS_UT_USERDATA,
  isSnapshotSetError,
  takeSnapshotSet,
  withSnapshotSet,
  type IVssCreateWriterMetadata,
} from '@winbackup/vsbackup';
import { progressLine } from './progress.js';
import { tarOfTree } from './storage/tar.js';
import { writeFileAtomically } from './storage/writeFileAtomically.js';

const WRITER_ID = '0b7f3c2e-5d41-4a8e-9c1b-2f6a7d8e9f01';

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
    await writer.Initialize(WRITER_ID, 'Tour App Writer', VSS_UT_USERDATA, VSS_ST_OTHER);
    await writer.Subscribe();

    // --- backup 1: withSnapshotSet runs the whole sequence, hands over the snapshot, then completes
    const progress = progressLine(log);
    const tarFile = join(root, 'C.tar');
    await withSnapshotSet(
      vss,
      {
        volumes: ['C:\\'],
        backupType: VSS_BT_FULL,
        context: VSS_CTX_BACKUP,
        components: [{ writerId: WRITER_ID, componentType: VSS_CT_FILEGROUP, logicalPath: null, componentName: 'app-state' }],
        onStep: (step) => progress.update(`backup 1: ${step}`, step),
      },
      async (set) => {
        const [snap] = set.snapshots;
        progress.done(`backup 1: snapshot set ${set.snapshotSetId}: ${snap!.deviceObject}`);
        // the application carries on; the snapshot keeps the point-in-time content
        writeFileSync(join(volume, 'app', 'state.txt'), 'version 2');
        log(`${snap!.deviceObject}\\app\\state.txt -> "${readFileSync(join(snap!.path, 'app', 'state.txt'), 'utf8')}" (live file now "version 2")`);
        // the snapshot's tree as a tar file (tar-stream), whole or absent
        const written = await writeFileAtomically(tarOfTree(snap!.path), tarFile);
        log(`snapshot tree -> ${basename(tarFile)} (${written} bytes, tar-stream)`);
      },
    );
    log(`writer saw: ${writer.seen.join(' -> ')}`);
    log(`after the set was completed (BackupComplete with SetBackupSucceeded, DeleteSnapshots, Release) the store holds: ${readdirSync(join(root, 'store')).filter((n) => n !== 'catalog.json').length} snapshots`);

    // --- backup 2: an AbortSignal while the writer is frozen: Cancel, AbortBackup, Release
    writer.seen.length = 0;
    const controller = new AbortController();
    writer.onFreeze = async () => {
      controller.abort(new Error('user pressed Ctrl+C'));
    };
    try {
      await using set = await takeSnapshotSet(vss, { volumes: ['C:\\'], signal: controller.signal, timeoutMs: 30_000 });
      void set;
    } catch (e) {
      if (!isSnapshotSetError(e)) throw e;
      const status = lookupHResult(e.asyncStatus ?? 0);
      log(`backup 2: ${e.step} ${e.failure} while the writer was frozen: IVssAsync status ${status.hex} (${status.symbol}) after Cancel; then AbortBackup, Release`);
      log(`backup 2: ${e.message}`);
    }
    log(`writer saw: ${writer.seen.join(' -> ')}`);
    await writer.Unsubscribe();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
