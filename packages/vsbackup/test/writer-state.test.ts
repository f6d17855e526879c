// One VSS_WRITER_STATE per writer, shared by every requester (SEMANTICS.md §4): a requester's
// GatherWriterStatus shows what the writer is doing, whichever requester drove it there.
import { describe, expect, it } from 'vitest';
import { S_OK, VSS_E_WRITER_NOT_RESPONDING, VSS_E_WRITERERROR_RETRYABLE } from '@winbackup/errors';
import {
  awaitVssAsync,
  VSS_WS_FAILED_AT_FREEZE,
  VSS_WS_STABLE,
  VSS_WS_UNKNOWN,
  VSS_WS_WAITING_FOR_BACKUP_COMPLETE,
} from '../src/index.js';
import { expectNoLeaks, startBackup, TestWriter, writerStates, gathered, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

describe('writer state is per writer, not per requester', () => {
  it('a second requester sees the state the first one left the writer in', async () => {
    const w = await TestWriter.create(m.vss);
    const obs = await gathered(m.vss);
    expect(await writerStates(obs)).toEqual({ 'Test Writer': [VSS_WS_STABLE, S_OK] });

    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    expect(await writerStates(obs)).toEqual({ 'Test Writer': [VSS_WS_WAITING_FOR_BACKUP_COMPLETE, S_OK] });

    await awaitVssAsync(await bc.BackupComplete());
    expect(await writerStates(obs)).toEqual({ 'Test Writer': [VSS_WS_STABLE, S_OK] });
    expect(await writerStates(bc)).toEqual({ 'Test Writer': [VSS_WS_STABLE, S_OK] });
    await bc.Release();
    await obs.Release();
    // the observer's Release sends BackupShutdown too: it is a backup components object of its own
    expect(w.events.filter((e) => e === 'BackupShutdown')).toHaveLength(2);
  });

  it('a failure in one backup shows in every requester until the next backup sequence starts', async () => {
    const w = await TestWriter.create(m.vss);
    w.behaviour.set('Freeze', { failure: VSS_E_WRITERERROR_RETRYABLE, result: true });
    const first = await startBackup(m.vss);
    await awaitVssAsync(await first.bc.PrepareForBackup());
    await awaitVssAsync(await first.bc.DoSnapshotSet());
    await awaitVssAsync(await first.bc.BackupComplete());
    await first.bc.Release();

    const obs = await gathered(m.vss);
    expect(await writerStates(obs)).toEqual({ 'Test Writer': [VSS_WS_FAILED_AT_FREEZE, VSS_E_WRITERERROR_RETRYABLE] });

    // the next PrepareForBackup starts a new sequence: the writer is STABLE with no error again
    w.behaviour.delete('Freeze');
    const second = await startBackup(m.vss);
    await awaitVssAsync(await second.bc.PrepareForBackup());
    expect(await writerStates(obs)).toEqual({ 'Test Writer': [VSS_WS_STABLE, S_OK] });
    await awaitVssAsync(await second.bc.DoSnapshotSet());
    expect(await writerStates(obs)).toEqual({ 'Test Writer': [VSS_WS_WAITING_FOR_BACKUP_COMPLETE, S_OK] });
    await second.bc.Release();
    await obs.Release();
    expectNoLeaks(m);
  });

  it('a writer subscribed again starts STABLE', async () => {
    const w = await TestWriter.create(m.vss);
    w.behaviour.set('Freeze', { failure: VSS_E_WRITERERROR_RETRYABLE, result: true });
    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    await bc.Release();
    await w.Unsubscribe();
    await w.Subscribe();
    const obs = await gathered(m.vss);
    expect(await writerStates(obs)).toEqual({ 'Test Writer': [VSS_WS_STABLE, S_OK] });
    await obs.Release();
  });

  it('a writer that unsubscribed mid-backup is reported VSS_E_WRITER_NOT_RESPONDING and gets no more events', async () => {
    const gone = await TestWriter.create(m.vss, 'Gone', '11111111-0000-0000-0000-0000000000a1');
    const stays = await TestWriter.create(m.vss, 'Stays', '11111111-0000-0000-0000-0000000000a2');
    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await gone.Unsubscribe();
    await awaitVssAsync(await bc.DoSnapshotSet());
    expect(await writerStates(bc)).toEqual({
      Gone: [VSS_WS_UNKNOWN, VSS_E_WRITER_NOT_RESPONDING],
      Stays: [VSS_WS_WAITING_FOR_BACKUP_COMPLETE, S_OK],
    });
    await awaitVssAsync(await bc.BackupComplete());
    await bc.Release();
    expect(gone.events).toEqual(['Identify', 'PrepareBackup']);
    expect(stays.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot', 'BackupComplete', 'BackupShutdown']);
    expectNoLeaks(m);
  });
});
