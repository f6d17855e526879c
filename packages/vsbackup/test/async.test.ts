// IVssAsync: Wait with a timeout, QueryStatus, Cancel of each asynchronous operation, and the
// Promise form with an AbortSignal. spec: vss/IVssAsync-*.md, SEMANTICS.md §3
import { describe, expect, it } from 'vitest';
import {
  S_OK,
  VSS_E_BAD_STATE,
  VSS_E_UNEXPECTED_WRITER_ERROR,
  VSS_S_ASYNC_CANCELLED,
  VSS_S_ASYNC_FINISHED,
  VSS_S_ASYNC_PENDING,
} from '@winbackup/errors';
import { awaitVssAsync, INFINITE, VSS_WS_STABLE, VSS_WS_WAITING_FOR_BACKUP_COMPLETE, type IVssAsync, type IVssBackupComponents } from '../src/index.js';
import { expectNoLeaks, settle, startBackup, startSnapshot, TestWriter, writerStates, gathered, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

const BAD = { code: VSS_E_BAD_STATE };

/** A Test Writer whose OnIdentify waits for `gate`, and a requester whose GatherWriterMetadata is under way. */
async function gatherHeldAtIdentify(): Promise<{ w: TestWriter; gate: ReturnType<TestWriter['hold']>; bc: IVssBackupComponents; op: IVssAsync }> {
  const w = await TestWriter.create(m.vss);
  const gate = w.hold('Identify');
  const bc = await m.vss.CreateVssBackupComponents();
  await bc.InitializeForBackup();
  const op = await bc.GatherWriterMetadata();
  return { w, gate, bc, op };
}

describe('IVssAsync', () => {
  it('Wait(ms) times out on the injected clock with S_OK and QueryStatus says PENDING; Wait(0) polls', async () => {
    const { gate, bc, op } = await gatherHeldAtIdentify();
    expect(await op.Wait(0)).toBe(S_OK);
    let waited = false;
    const waiting = op.Wait(1000).then((hr) => {
      waited = true;
      return hr;
    });
    await settle();
    expect(waited).toBe(false);
    m.clock.advance(999);
    await settle();
    expect(waited).toBe(false);
    m.clock.advance(1);
    expect(await waiting).toBe(S_OK);
    expect(await op.QueryStatus()).toEqual({ pHrResult: VSS_S_ASYNC_PENDING, pReserved: 0 });
    gate.resolve();
    expect(await op.Wait(INFINITE)).toBe(S_OK);
    expect(await op.QueryStatus()).toEqual({ pHrResult: VSS_S_ASYNC_FINISHED, pReserved: 0 });
    expect(m.clock.pendingTimers()).toBe(0);
    expect(await op.Cancel()).toBe(VSS_S_ASYNC_FINISHED);
    await expect(op.Wait(-1)).rejects.toBeInstanceOf(TypeError);
    await bc.Release();
  });

  it('Wait and Cancel report an operation that failed', async () => {
    const w = await TestWriter.create(m.vss);
    w.behaviour.set('Freeze', { result: false });
    const { bc, op } = await startSnapshot(m.vss);
    await expect(op.Wait()).rejects.toMatchObject({ code: VSS_E_UNEXPECTED_WRITER_ERROR });
    expect((await op.QueryStatus()).pHrResult).toBe(VSS_E_UNEXPECTED_WRITER_ERROR);
    await expect(op.Cancel()).rejects.toMatchObject({ code: VSS_E_UNEXPECTED_WRITER_ERROR });
    await expect(awaitVssAsync(op)).rejects.toMatchObject({ code: VSS_E_UNEXPECTED_WRITER_ERROR });
    await bc.AbortBackup();
    await bc.Release();
    expectNoLeaks(m);
  });
});

describe('Cancel of each operation', () => {
  it('GatherWriterMetadata: CANCELLED, no metadata, cannot be gathered again', async () => {
    const { w, gate, bc, op } = await gatherHeldAtIdentify();
    await w.reached('Identify');
    expect(await op.Cancel()).toBe(S_OK);
    expect(await op.Cancel()).toBe(VSS_S_ASYNC_CANCELLED);
    expect((await op.QueryStatus()).pHrResult).toBe(VSS_S_ASYNC_CANCELLED);
    expect(await op.Wait()).toBe(S_OK);
    gate.resolve();
    await expect(bc.GetWriterMetadataCount()).rejects.toMatchObject(BAD);
    await expect(bc.GatherWriterMetadata()).rejects.toMatchObject(BAD);
    await bc.Release();
  });

  it('PrepareForBackup: the set fails; AbortBackup then sends Abort and frees the lock', async () => {
    const w = await TestWriter.create(m.vss);
    const gate = w.hold('PrepareBackup');
    const { bc } = await startBackup(m.vss);
    const op = await bc.PrepareForBackup();
    await w.reached('PrepareBackup');
    expect(await op.Cancel()).toBe(S_OK);
    gate.resolve();
    await expect(bc.DoSnapshotSet()).rejects.toMatchObject(BAD);
    await bc.AbortBackup();
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'Abort']);
    const other = await m.vss.CreateVssBackupComponents();
    await other.InitializeForBackup();
    await other.StartSnapshotSet();
    await other.Release();
    await bc.Release();
    expectNoLeaks(m);
  });

  it('GatherWriterStatus: cancelled before it ran, no status list', async () => {
    await TestWriter.create(m.vss);
    const bc = await gathered(m.vss);
    const op = await bc.GatherWriterStatus();
    expect(await op.Cancel()).toBe(S_OK);
    await expect(bc.GetWriterStatusCount()).rejects.toMatchObject(BAD);
    // a new GatherWriterStatus works
    expect(Object.keys(await writerStates(bc))).toEqual(['Test Writer']);
    await bc.Release();
  });

  it('DoSnapshotSet: frozen writers get Abort, nothing is committed, lock freed, BackupComplete refused', async () => {
    const w = await TestWriter.create(m.vss);
    const gate = w.hold('Freeze');
    const { bc, snapshotIds, op } = await startSnapshot(m.vss);
    await w.reached('Freeze');
    expect(await op.Cancel()).toBe(S_OK);
    gate.resolve();
    await expect(bc.BackupComplete()).rejects.toMatchObject(BAD);
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort']);
    await expect(bc.GetSnapshotProperties(snapshotIds[0]!)).rejects.toMatchObject({ code: -2147212536 });
    expectNoLeaks(m);
    await bc.AbortBackup();
    expect(w.events.filter((e) => e === 'Abort')).toHaveLength(1);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('BackupComplete: writers not yet notified are skipped; the snapshots stay until Release', async () => {
    const a = await TestWriter.create(m.vss, 'A', '11111111-0000-0000-0000-00000000000a');
    const b = await TestWriter.create(m.vss, 'B', '11111111-0000-0000-0000-00000000000b');
    const gate = a.hold('BackupComplete');
    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    const op = await bc.BackupComplete();
    await a.reached('BackupComplete');
    expect(await op.Cancel()).toBe(S_OK);
    gate.resolve();
    const states = await writerStates(bc);
    // A finished its BackupComplete before the cancel; B was never notified and still waits for it
    expect(states).toEqual({ A: [VSS_WS_STABLE, S_OK], B: [VSS_WS_WAITING_FOR_BACKUP_COMPLETE, S_OK] });
    expect(b.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot']);
    expect(m.storeEntries()).toHaveLength(1);
    await bc.Release();
    expectNoLeaks(m);
  });
});

describe('awaitVssAsync', () => {
  it('an AbortSignal calls Cancel and the promise rejects with VSS_S_ASYNC_CANCELLED', async () => {
    const { w, gate, bc, op } = await gatherHeldAtIdentify();
    const ac = new AbortController();
    const p = awaitVssAsync(op, { signal: ac.signal });
    await w.reached('Identify');
    ac.abort(new Error('user gave up'));
    await expect(p).rejects.toMatchObject({ code: VSS_S_ASYNC_CANCELLED });
    expect((await op.QueryStatus()).pHrResult).toBe(VSS_S_ASYNC_CANCELLED);
    gate.resolve();
    await bc.Release();
  });

  it('an already aborted signal cancels at once; a finished operation resolves', async () => {
    await TestWriter.create(m.vss);
    const bc = await gathered(m.vss);
    const st = await bc.GatherWriterStatus();
    await expect(awaitVssAsync(st, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: VSS_S_ASYNC_CANCELLED });
    const st2 = await bc.GatherWriterStatus();
    await expect(awaitVssAsync(st2)).resolves.toBeUndefined();
    await expect(awaitVssAsync({} as never)).rejects.toBeInstanceOf(TypeError);
    await bc.Release();
  });
});
