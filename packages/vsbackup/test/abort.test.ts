// AbortBackup at every point of the backup (spec: vss/IVssBackupComponents-AbortBackup.md, SEMANTICS.md §3).
import { describe, expect, it } from 'vitest';
import { isHResultError, S_OK, VSS_E_BAD_STATE, VSS_E_OBJECT_NOT_FOUND, VSS_E_SNAPSHOT_SET_IN_PROGRESS, VSS_S_ASYNC_CANCELLED } from '@winbackup/errors';
import { awaitVssAsync, VSS_WS_FAILED_AT_PREPARE_SNAPSHOT, VSS_WS_STABLE, VSS_WS_WAITING_FOR_BACKUP_COMPLETE, type ReferenceVss } from '../src/index.js';
import { deferred, expectNoLeaks, startBackup, startSnapshot, TestWriter, writerStates, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

/** The lock is free when another requester can start a set. */
async function lockIsFree(vss: ReferenceVss): Promise<boolean> {
  const other = await vss.CreateVssBackupComponents();
  await other.InitializeForBackup();
  try {
    await other.StartSnapshotSet();
    return true;
  } catch (e) {
    // only the lock's own code counts as "held"; anything else is a test failure
    if (isHResultError(e, VSS_E_SNAPSHOT_SET_IN_PROGRESS)) return false;
    throw e;
  } finally {
    await other.Release();
  }
}

const BAD = { code: VSS_E_BAD_STATE };

describe('AbortBackup', () => {
  it('not initialized: VSS_E_BAD_STATE', async () => {
    const bc = await m.vss.CreateVssBackupComponents();
    await expect(bc.AbortBackup()).rejects.toMatchObject(BAD);
    await bc.Release();
  });

  it('ignored when nothing is under way: the object carries on', async () => {
    const w = await TestWriter.create(m.vss);
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.AbortBackup();
    await awaitVssAsync(await bc.GatherWriterMetadata());
    await bc.SetBackupState(false, false, 1);
    await bc.StartSnapshotSet();
    await bc.AddToSnapshotSet('C:\\');
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    await awaitVssAsync(await bc.BackupComplete());
    await bc.AbortBackup(); // after completion: ignored
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot', 'BackupComplete']);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('after StartSnapshotSet: ends the set, frees the lock, no Abort event (before PrepareForBackup)', async () => {
    const w = await TestWriter.create(m.vss);
    const { bc } = await startBackup(m.vss);
    expect(await lockIsFree(m.vss)).toBe(false);
    await bc.AbortBackup();
    expect(await lockIsFree(m.vss)).toBe(true);
    expect(w.events).toEqual(['Identify']);
    await expect(bc.PrepareForBackup()).rejects.toMatchObject(BAD);
    await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
    await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
    await expect(bc.StartSnapshotSet()).rejects.toMatchObject(BAD);
    await bc.Release();
    expect(w.events).toEqual(['Identify', 'BackupShutdown']);
    expectNoLeaks(m);
  });

  it('after PrepareForBackup: Abort to every writer, lock freed, BackupComplete not needed', async () => {
    const a = await TestWriter.create(m.vss, 'A', '11111111-0000-0000-0000-000000000001');
    const b = await TestWriter.create(m.vss, 'B', '11111111-0000-0000-0000-000000000002');
    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await bc.AbortBackup();
    expect(a.events).toEqual(['Identify', 'PrepareBackup', 'Abort']);
    expect(b.events).toEqual(['Identify', 'PrepareBackup', 'Abort']);
    expect(await lockIsFree(m.vss)).toBe(true);
    expect(await writerStates(bc)).toEqual({ A: [VSS_WS_STABLE, S_OK], B: [VSS_WS_STABLE, S_OK] });
    await bc.AbortBackup(); // a second abort is ignored: no second event
    expect(a.events.filter((e) => e === 'Abort')).toHaveLength(1);
    await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
    await bc.Release();
    expect(a.events.at(-1)).toBe('BackupShutdown');
    expectNoLeaks(m);
  });

  for (const during of ['PrepareSnapshot', 'Freeze'] as const) {
    it(`during DoSnapshotSet (writer in ${during}): async CANCELLED, frozen writers get Abort not Thaw, nothing left in the store`, async () => {
      const w = await TestWriter.create(m.vss);
      const gate = w.hold(during);
      const { bc, snapshotIds, op } = await startSnapshot(m.vss);
      await w.reached(during);
      const aborting = bc.AbortBackup();
      gate.resolve();
      await aborting;
      expect((await op.QueryStatus()).pHrResult).toBe(VSS_S_ASYNC_CANCELLED);
      expect(w.events).toEqual(during === 'Freeze'
        ? ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort']
        : ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Abort']);
      await expect(bc.GetSnapshotProperties(snapshotIds[0]!)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
      expect(await lockIsFree(m.vss)).toBe(true);
      expectNoLeaks(m);
      await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
      await bc.Release();
      expectNoLeaks(m);
    });
  }

  it('during DoSnapshotSet while copying (provider commit): uncommitted copies discarded', async () => {
    const gate = deferred();
    const reached = deferred();
    const vss = m.reboot({
      provider: {
        onCommit: async (phase) => {
          if (phase === 'hold') {
            reached.resolve();
            await gate.promise;
          }
        },
      },
    });
    const w = await TestWriter.create(vss);
    const { bc, snapshotIds, op } = await startSnapshot(vss);
    await reached.promise;
    const aborting = bc.AbortBackup();
    gate.resolve();
    await aborting;
    expect((await op.QueryStatus()).pHrResult).toBe(VSS_S_ASYNC_CANCELLED);
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort']);
    await expect(bc.GetSnapshotProperties(snapshotIds[0]!)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    expect(m.storeEntries()).toEqual([]);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('during PostSnapshot: the committed set is discarded but writers past PostSnapshot get no Abort', async () => {
    const w = await TestWriter.create(m.vss);
    const gate = w.hold('PostSnapshot');
    const { bc, snapshotIds, op } = await startSnapshot(m.vss);
    await w.reached('PostSnapshot');
    expect(m.storeEntries()).toHaveLength(1);
    const aborting = bc.AbortBackup();
    gate.resolve();
    await aborting;
    expect((await op.QueryStatus()).pHrResult).toBe(VSS_S_ASYNC_CANCELLED);
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot']);
    await expect(bc.GetSnapshotProperties(snapshotIds[0]!)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
    expectNoLeaks(m);
    await bc.Release();
  });

  it('during PostSnapshot of the first writer: the writer that has not reached PostSnapshot gets Abort', async () => {
    const a = await TestWriter.create(m.vss, 'A', '11111111-0000-0000-0000-000000000001');
    const b = await TestWriter.create(m.vss, 'B', '11111111-0000-0000-0000-000000000002');
    const gate = a.hold('PostSnapshot');
    const { bc, op } = await startSnapshot(m.vss);
    await a.reached('PostSnapshot');
    const aborting = bc.AbortBackup();
    gate.resolve();
    await aborting;
    expect((await op.QueryStatus()).pHrResult).toBe(VSS_S_ASYNC_CANCELLED);
    expect(a.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot']);
    expect(b.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'Abort']);
    expect(await lockIsFree(m.vss)).toBe(true);
    expectNoLeaks(m);
    await bc.Release();
    expect(b.events.at(-1)).toBe('BackupShutdown');
  });

  it('after DoSnapshotSet: no Abort event, snapshots stay until Release, BackupComplete no longer allowed', async () => {
    const w = await TestWriter.create(m.vss);
    const { bc, snapshotIds } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    await bc.AbortBackup();
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot']);
    expect((await bc.GetSnapshotProperties(snapshotIds[0]!)).m_SnapshotId).toBe(snapshotIds[0]);
    await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
    expect(await writerStates(bc)).toEqual({ 'Test Writer': [VSS_WS_WAITING_FOR_BACKUP_COMPLETE, S_OK] });
    expect(m.storeEntries()).toHaveLength(1);
    await bc.Release();
    expect(w.events.at(-1)).toBe('BackupShutdown');
    expectNoLeaks(m);
  });

  it('a writer that failed in PrepareForSnapshot still gets the Abort of a later AbortBackup', async () => {
    const a = await TestWriter.create(m.vss, 'A', '11111111-0000-0000-0000-000000000001');
    a.behaviour.set('PrepareSnapshot', { result: false });
    const b = await TestWriter.create(m.vss, 'B', '11111111-0000-0000-0000-000000000002');
    const gate = b.hold('Freeze');
    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await bc.DoSnapshotSet();
    await b.reached('Freeze');
    const aborting = bc.AbortBackup();
    gate.resolve();
    await aborting;
    expect(a.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Abort']);
    expect(b.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort']);
    // A returned false without SetWriterFailure: failed, no HRESULT; B handled Abort and is at rest
    expect(await writerStates(bc)).toEqual({ A: [VSS_WS_FAILED_AT_PREPARE_SNAPSHOT, S_OK], B: [VSS_WS_STABLE, S_OK] });
    await bc.Release();
    expectNoLeaks(m);
  });

  it('Release without AbortBackup mid-set: writers get Abort then BackupShutdown and the lock is freed', async () => {
    const w = await TestWriter.create(m.vss);
    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await bc.Release();
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'Abort', 'BackupShutdown']);
    expect(await lockIsFree(m.vss)).toBe(true);
    expectNoLeaks(m);
  });
});
