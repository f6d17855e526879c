// Tour step: a VSS requester and one writer. On the reference the "machine" has one volume C:\
// (a temp directory); natively it is the volume of a temp folder. The first backup (withSnapshotSet)
// snapshots it, reads a file back from the snapshot and writes the snapshot's copy of the tour's
// folder as a tar; the second is aborted by an AbortSignal while the writer is frozen. The writer
// subscribes through the same code on both; where the VSS cannot host writers (the native backend
// on a CPU other than x64) the tour says so and backs up without it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { E_ACCESSDENIED, isHResultError, lookupHResult } from '@winbackup/errors';
import {
  CVssWriter,
  GUID_NULL,
  VSS_BT_FULL,
  VSS_CT_FILEGROUP,
  VSS_CTX_BACKUP,
  VSS_ST_OTHER,
  VSS_OBJECT_NONE,
  VSS_OBJECT_SNAPSHOT,
  VSS_UT_USERDATA,
  isSnapshotSetError,
  takeSnapshotSet,
  withSnapshotSet,
  type IVssCreateWriterMetadata,
  type VSS_ID,
  type VssRequesterFactory,
  type VssWriterHost,
} from '@winbackup/vsbackup';
import type { TourBackends } from './backends.js';
import { progressLine } from './progress.js';
import { tarOfTree } from './storage/tar.js';
import { writeFileAtomically } from './storage/writeFileAtomically.js';

const WRITER_ID = '0b7f3c2e-5d41-4a8e-9c1b-2f6a7d8e9f01';

/** An application that keeps <folder>\app\state.txt and must not be mid-write in a snapshot. */
class AppWriter extends CVssWriter {
  readonly seen: string[] = [];
  onFreeze: () => Promise<void> = async () => undefined;
  /** The application's folder as Windows names it (C:\app on the reference). */
  appPath = '';

  override OnIdentify(md: IVssCreateWriterMetadata): boolean {
    md.AddComponent(VSS_CT_FILEGROUP, null, 'app-state', 'Application state');
    md.AddFilesToFileGroup(null, 'app-state', this.appPath, 'state.txt', false);
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

/** The snapshots of a set that VSS still lists (Query in a fresh requester's backup context). */
async function snapshotsLeft(vss: VssRequesterFactory, setId: VSS_ID): Promise<number> {
  const bc = await vss.CreateVssBackupComponents();
  try {
    await bc.InitializeForBackup();
    const all = await bc.Query(GUID_NULL, VSS_OBJECT_NONE, VSS_OBJECT_SNAPSHOT);
    return all.filter((o) => o.Type === VSS_OBJECT_SNAPSHOT && o.Obj.Snap.m_SnapshotSetId === setId).length;
  } finally {
    await bc.Release();
  }
}

/** Natively, VSS refuses a process that is not elevated: say so before anything else is tried. */
async function refuseUnelevated(vss: VssRequesterFactory, backends: TourBackends): Promise<void> {
  if (!backends.native) return;
  try {
    const bc = await vss.CreateVssBackupComponents();
    try {
      await bc.InitializeForBackup();
    } finally {
      await bc.Release();
    }
  } catch (e) {
    if (isHResultError(e, E_ACCESSDENIED)) throw new Error('VSS needs an elevated shell: run `npm start -- --native` from an administrator prompt (VSS returned E_ACCESSDENIED)', { cause: e });
    throw e;
  }
}

/** Subscribes the tour's writer; where the VSS cannot host writers, says why and returns undefined. */
async function subscribeWriter(vss: VssRequesterFactory, appPath: string, log: (line: string) => void): Promise<AppWriter | undefined> {
  let writer: AppWriter;
  try {
    // a VSS that cannot host writers says so from the constructor
    writer = new AppWriter(vss as unknown as VssWriterHost);
  } catch (e) {
    log(`NO WRITER: this VSS cannot host a writer (${e instanceof Error ? e.message : String(e)}); the backups below run without the tour's writer, in non-component mode`);
    return undefined;
  }
  writer.appPath = appPath;
  await writer.Initialize(WRITER_ID, 'Tour App Writer', VSS_UT_USERDATA, VSS_ST_OTHER);
  await writer.Subscribe();
  return writer;
}

export async function tourVss(log: (line: string) => void, backends: TourBackends): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'winbackup-tour-vss-'));
  try {
    const machine = backends.vss(root);
    const { vss, volume } = machine;
    const appOnVolume = machine.dirOnVolume ? `${machine.dirOnVolume}\\app` : 'app';
    const app = join(machine.dir, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'state.txt'), 'version 1');

    const writer = await subscribeWriter(vss, `${volume}${appOnVolume}`, log);

    await refuseUnelevated(vss, backends);

    // --- backup 1: withSnapshotSet runs the whole sequence, hands over the snapshot, then completes
    const progress = progressLine(log);
    const tarFile = join(root, 'app.tar');
    let setId: VSS_ID | undefined;
    await withSnapshotSet(
      vss,
      {
        volumes: [volume],
        backupType: VSS_BT_FULL,
        context: VSS_CTX_BACKUP,
        components: writer ? [{ writerId: WRITER_ID, componentType: VSS_CT_FILEGROUP, logicalPath: null, componentName: 'app-state' }] : [],
        onStep: (step) => progress.update(`backup 1: ${step}`, step),
      },
      async (set) => {
        const [snap] = set.snapshots;
        setId = set.snapshotSetId;
        progress.done(`backup 1: snapshot set ${set.snapshotSetId}: ${snap!.deviceObject}`);
        // the application carries on; the snapshot keeps the point-in-time content
        writeFileSync(join(app, 'state.txt'), 'version 2');
        const appInSnapshot = join(snap!.path, ...appOnVolume.split('\\'));
        log(`${snap!.deviceObject}\\${appOnVolume}\\state.txt -> "${readFileSync(join(appInSnapshot, 'state.txt'), 'utf8')}" (live file now "version 2")`);
        // the snapshot's copy of the application folder as a tar file (tar-stream), whole or absent
        const written = await writeFileAtomically(tarOfTree(appInSnapshot), tarFile);
        log(`snapshot of ${appOnVolume} -> ${basename(tarFile)} (${written} bytes, tar-stream)`);
      },
    );
    if (writer) log(`writer saw: ${writer.seen.join(' -> ')}`);
    log(`after the set was completed (BackupComplete${writer ? ' with SetBackupSucceeded' : ''}, DeleteSnapshots, Release) VSS lists ${await snapshotsLeft(vss, setId!)} snapshots of it`);

    // --- backup 2: an AbortSignal while the writer is frozen (or, without a writer, as DoSnapshotSet starts): Cancel, AbortBackup, Release
    if (writer) writer.seen.length = 0;
    const controller = new AbortController();
    const stop = () => controller.abort(new Error('user pressed Ctrl+C'));
    if (writer) writer.onFreeze = async () => stop();
    try {
      await using set = await takeSnapshotSet(vss, {
        volumes: [volume],
        signal: controller.signal,
        timeoutMs: 120_000,
        onStep: (step) => {
          if (!writer && step === 'DoSnapshotSet') queueMicrotask(stop);
        },
      });
      void set;
      log('backup 2: the set was taken before the signal arrived; released');
    } catch (e) {
      if (!isSnapshotSetError(e)) throw e;
      const status = lookupHResult(e.asyncStatus ?? 0);
      log(`backup 2: ${e.step} ${e.failure}${writer ? ' while the writer was frozen' : ''}: IVssAsync status ${status.hex} (${status.symbol}) after Cancel; then AbortBackup, Release`);
      log(`backup 2: ${e.message}`);
    }
    if (writer) {
      log(`writer saw: ${writer.seen.join(' -> ')}`);
      await writer.Unsubscribe();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
