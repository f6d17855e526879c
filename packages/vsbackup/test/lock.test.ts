// The system-wide snapshot-set lock (SEMANTICS.md §1 #9, §8).
import { describe, expect, it } from 'vitest';
import { VSS_E_SNAPSHOT_SET_IN_PROGRESS, VSS_E_UNEXPECTED_WRITER_ERROR } from '@winbackup/errors';
import { awaitVssAsync, VSS_CTX_FILE_SHARE_BACKUP, type IVssBackupComponents } from '../src/index.js';
import { deferred, expectNoLeaks, startSnapshot, TestWriter, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

async function fresh(): Promise<IVssBackupComponents> {
  const bc = await m.vss.CreateVssBackupComponents();
  await bc.InitializeForBackup();
  await bc.SetContext(VSS_CTX_FILE_SHARE_BACKUP);
  return bc;
}

describe('snapshot-set lock', () => {
  it('two requesters racing: exactly one wins; the loser can start once DoSnapshotSet returns', async () => {
    const a = await fresh();
    const b = await fresh();
    const results = await Promise.allSettled([a.StartSnapshotSet(), b.StartSnapshotSet()]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: VSS_E_SNAPSHOT_SET_IN_PROGRESS });
    const [winner, loser] = results[0]!.status === 'fulfilled' ? [a, b] : [b, a];
    // the loser's object is unchanged: it can still start a set later
    await winner.AddToSnapshotSet('C:\\');
    await expect(loser.StartSnapshotSet()).rejects.toMatchObject({ code: VSS_E_SNAPSHOT_SET_IN_PROGRESS });
    await awaitVssAsync(await winner.DoSnapshotSet());
    await loser.StartSnapshotSet();
    await loser.AddToSnapshotSet('D:\\');
    await awaitVssAsync(await loser.DoSnapshotSet());
    expect(m.storeEntries()).toHaveLength(2);
    await winner.Release();
    await loser.Release();
    expectNoLeaks(m);
  });

  it('the lock is held through DoSnapshotSet and freed when it fails', async () => {
    const w = await TestWriter.create(m.vss);
    const gate = deferred();
    w.behaviour.set('Freeze', { gate: gate.promise, result: false });
    const { bc, op } = await startSnapshot(m.vss);
    await w.reached('Freeze');
    const other = await fresh();
    await expect(other.StartSnapshotSet()).rejects.toMatchObject({ code: VSS_E_SNAPSHOT_SET_IN_PROGRESS });
    gate.resolve();
    await expect(op.Wait()).rejects.toMatchObject({ code: VSS_E_UNEXPECTED_WRITER_ERROR });
    await other.StartSnapshotSet();
    await bc.AbortBackup();
    await bc.Release();
    await other.Release();
    expectNoLeaks(m);
  });

  it('Release of the holder frees the lock', async () => {
    const a = await fresh();
    await a.StartSnapshotSet();
    const b = await fresh();
    await expect(b.StartSnapshotSet()).rejects.toMatchObject({ code: VSS_E_SNAPSHOT_SET_IN_PROGRESS });
    await a.Release();
    await b.StartSnapshotSet();
    await b.Release();
  });
});
