// Writer vetoes and failures at each event, the freeze window and the flush-and-hold window.
// SEMANTICS.md §3 (what raises Abort), §4 (handler contract, states, timeouts)
import { describe, expect, it } from 'vitest';
import {
  isHResultError,
  S_OK,
  VSS_E_BAD_STATE,
  VSS_E_FLUSH_WRITES_TIMEOUT,
  VSS_E_HOLD_WRITES_TIMEOUT,
  VSS_E_UNEXPECTED_PROVIDER_ERROR,
  VSS_E_UNEXPECTED_WRITER_ERROR,
  E_INVALIDARG,
  VSS_E_WRITER_NOT_RESPONDING,
  VSS_E_WRITERERROR_OUTOFRESOURCES,
  VSS_E_WRITERERROR_RETRYABLE,
  VSS_E_WRITERERROR_TIMEOUT,
  VSS_S_ASYNC_FINISHED,
} from '@winbackup/errors';
import {
  awaitVssAsync,
  VSS_APP_BACK_END,
  VSS_APP_FRONT_END,
  VSS_APP_SYSTEM,
  VSS_APP_SYSTEM_RM,
  VSS_WS_FAILED_AT_BACKUP_COMPLETE,
  VSS_WS_FAILED_AT_BACKUPSHUTDOWN,
  VSS_WS_FAILED_AT_FREEZE,
  VSS_WS_FAILED_AT_POST_SNAPSHOT,
  VSS_WS_FAILED_AT_PREPARE_BACKUP,
  VSS_WS_FAILED_AT_PREPARE_SNAPSHOT,
  VSS_WS_FAILED_AT_THAW,
  VSS_WS_STABLE,
  VSS_WS_WAITING_FOR_BACKUP_COMPLETE,
  type ReferenceVss,
  type VSS_APPLICATION_LEVEL,
} from '../src/index.js';
import { expectNoLeaks, settle, startBackup, startSnapshot, TestWriter, writerStates, gathered, useMachine, type EventName, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

const FULL: EventName[] = ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot', 'BackupComplete', 'BackupShutdown'];

async function twoWriters(vss: ReferenceVss): Promise<{ f: TestWriter; h: TestWriter }> {
  const f = await TestWriter.create(vss, 'F', '11111111-0000-0000-0000-00000000000f');
  const h = await TestWriter.create(vss, 'H', '11111111-0000-0000-0000-00000000000a');
  return { f, h };
}

/** Runs the whole backup; returns what DoSnapshotSet gave and the final writer states. */
async function runBackup(vss: ReferenceVss): Promise<{ doHr: number; states: Record<string, [number, number]> }> {
  const { bc, op } = await startSnapshot(vss);
  let doHr = VSS_S_ASYNC_FINISHED;
  try {
    await op.Wait();
  } catch (e) {
    expect(isHResultError(e)).toBe(true);
  }
  doHr = (await op.QueryStatus()).pHrResult;
  if (doHr === VSS_S_ASYNC_FINISHED) {
    const done = await bc.BackupComplete();
    await done.Wait();
    expect((await done.QueryStatus()).pHrResult).toBe(VSS_S_ASYNC_FINISHED);
  } else {
    await expect(bc.BackupComplete()).rejects.toMatchObject({ code: VSS_E_BAD_STATE });
    await bc.AbortBackup();
  }
  const states = await writerStates(bc);
  await bc.Release();
  return { doHr, states };
}

interface Case {
  readonly event: EventName;
  readonly failedState: number;
  /** DoSnapshotSet result when the handler returns false. */
  readonly fatalDoHr: number;
  readonly fatalEvents: EventName[];
  readonly fatalOtherEvents: EventName[];
}

const CASES: Case[] = [
  {
    event: 'PrepareBackup',
    failedState: VSS_WS_FAILED_AT_PREPARE_BACKUP,
    fatalDoHr: VSS_S_ASYNC_FINISHED,
    fatalEvents: ['Identify', 'PrepareBackup', 'BackupShutdown'],
    fatalOtherEvents: FULL,
  },
  {
    event: 'PrepareSnapshot',
    failedState: VSS_WS_FAILED_AT_PREPARE_SNAPSHOT,
    // a failure in PrepareForSnapshot does not abort the set
    fatalDoHr: VSS_S_ASYNC_FINISHED,
    fatalEvents: ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'BackupShutdown'],
    fatalOtherEvents: FULL,
  },
  {
    event: 'Freeze',
    failedState: VSS_WS_FAILED_AT_FREEZE,
    fatalDoHr: VSS_E_UNEXPECTED_WRITER_ERROR,
    fatalEvents: ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort', 'BackupShutdown'],
    // F freezes first (same level, subscribed first); its failure stops the freeze before H
    fatalOtherEvents: ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Abort', 'BackupShutdown'],
  },
  {
    event: 'Thaw',
    failedState: VSS_WS_FAILED_AT_THAW,
    fatalDoHr: VSS_E_UNEXPECTED_WRITER_ERROR,
    fatalEvents: ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'Abort', 'BackupShutdown'],
    fatalOtherEvents: ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'Abort', 'BackupShutdown'],
  },
  {
    event: 'PostSnapshot',
    failedState: VSS_WS_FAILED_AT_POST_SNAPSHOT,
    // nor does a failure in PostSnapshot, and no Abort follows it
    fatalDoHr: VSS_S_ASYNC_FINISHED,
    fatalEvents: ['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot', 'BackupShutdown'],
    fatalOtherEvents: FULL,
  },
  {
    event: 'BackupComplete',
    failedState: VSS_WS_FAILED_AT_BACKUP_COMPLETE,
    fatalDoHr: VSS_S_ASYNC_FINISHED,
    fatalEvents: FULL,
    fatalOtherEvents: FULL,
  },
];

describe.each(CASES)('writer failure at $event', (c) => {
  it('fatal (SetWriterFailure + false): failed state with the HRESULT, later events stop', async () => {
    const { f, h } = await twoWriters(m.vss);
    f.behaviour.set(c.event, { failure: VSS_E_WRITERERROR_RETRYABLE, result: false });
    const { doHr, states } = await runBackup(m.vss);
    expect(doHr).toBe(c.fatalDoHr);
    expect(states.F).toEqual([c.failedState, VSS_E_WRITERERROR_RETRYABLE]);
    // the healthy writer ends at rest either way: after BackupComplete, or after handling Abort
    expect(states.H).toEqual([VSS_WS_STABLE, S_OK]);
    expect(f.events).toEqual(c.fatalEvents);
    expect(h.events).toEqual(c.fatalOtherEvents);
    expectNoLeaks(m);
  });

  it('veto (SetWriterFailure + true): failed state, the writer keeps its events, the set goes on', async () => {
    const { f, h } = await twoWriters(m.vss);
    f.behaviour.set(c.event, { failure: VSS_E_WRITERERROR_RETRYABLE, result: true });
    const { doHr, states } = await runBackup(m.vss);
    expect(doHr).toBe(VSS_S_ASYNC_FINISHED);
    // the first failure sticks; later successful events do not move the writer on
    expect(states.F).toEqual([c.failedState, VSS_E_WRITERERROR_RETRYABLE]);
    expect(states.H).toEqual([VSS_WS_STABLE, S_OK]);
    expect(f.events).toEqual(FULL);
    expect(h.events).toEqual(FULL);
    expectNoLeaks(m);
  });
});

describe('handler contract', () => {
  it('false without SetWriterFailure fails the writer with no HRESULT; a throw is VSS_E_WRITER_NOT_RESPONDING', async () => {
    // GetWriterStatus remarks: VSS_E_WRITERERROR_* come from writers, NOT_RESPONDING from VSS (SEMANTICS.md §1 #12a)
    const { f, h } = await twoWriters(m.vss);
    f.behaviour.set('PrepareBackup', { result: false });
    h.behaviour.set('PrepareBackup', {
      run: () => {
        throw new Error('boom');
      },
    });
    const { doHr, states } = await runBackup(m.vss);
    expect(doHr).toBe(VSS_S_ASYNC_FINISHED);
    expect(states.F).toEqual([VSS_WS_FAILED_AT_PREPARE_BACKUP, S_OK]);
    expect(states.H).toEqual([VSS_WS_FAILED_AT_PREPARE_BACKUP, VSS_E_WRITER_NOT_RESPONDING]);
    // both failed fatally: no more events but BackupShutdown
    expect(f.events).toEqual(['Identify', 'PrepareBackup', 'BackupShutdown']);
    expect(h.events).toEqual(['Identify', 'PrepareBackup', 'BackupShutdown']);
  });

  it('OnFreeze returning false without SetWriterFailure: FAILED_AT_FREEZE with S_OK, the set aborts', async () => {
    const w = await TestWriter.create(m.vss);
    w.behaviour.set('Freeze', { result: false });
    const { doHr, states } = await runBackup(m.vss);
    expect(doHr).toBe(VSS_E_UNEXPECTED_WRITER_ERROR);
    expect(states['Test Writer']).toEqual([VSS_WS_FAILED_AT_FREEZE, S_OK]);
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort', 'BackupShutdown']);
  });

  it('SetWriterFailure takes only the five VSS_E_WRITERERROR_* codes; E_INVALIDARG records nothing', async () => {
    const w = await TestWriter.create(m.vss);
    let refused: unknown;
    w.behaviour.set('PrepareBackup', {
      run: (self) => {
        try {
          self.SetWriterFailure(VSS_E_UNEXPECTED_WRITER_ERROR);
        } catch (e) {
          refused = e;
        }
      },
    });
    const { doHr, states } = await runBackup(m.vss);
    expect(isHResultError(refused, E_INVALIDARG)).toBe(true);
    expect(doHr).toBe(VSS_S_ASYNC_FINISHED);
    expect(states['Test Writer']).toEqual([VSS_WS_STABLE, S_OK]);
    expect(w.events).toEqual(FULL);
  });

  it('a failure in OnBackupShutdown leaves the writer FAILED_AT_BACKUPSHUTDOWN for other requesters', async () => {
    const w = await TestWriter.create(m.vss);
    w.behaviour.set('BackupShutdown', { failure: VSS_E_WRITERERROR_OUTOFRESOURCES, result: false });
    const obs = await gathered(m.vss);
    const { states } = await runBackup(m.vss);
    expect(states['Test Writer']).toEqual([VSS_WS_STABLE, S_OK]);
    expect(await writerStates(obs)).toEqual({ 'Test Writer': [VSS_WS_FAILED_AT_BACKUPSHUTDOWN, VSS_E_WRITERERROR_OUTOFRESOURCES] });
    await obs.Release();
    // the observer's Identify, the backup, then the observer's own BackupShutdown
    expect(w.events).toEqual(['Identify', ...FULL, 'BackupShutdown']);
  });

  it('a writer whose OnIdentify fails is not counted; SetWriterFailure is not allowed in OnIdentify', async () => {
    const { f } = await twoWriters(m.vss);
    let inIdentify: unknown;
    f.behaviour.set('Identify', {
      run: (w) => {
        try {
          w.SetWriterFailure(VSS_E_WRITERERROR_RETRYABLE);
        } catch (e) {
          inIdentify = e;
        }
      },
      result: false,
    });
    const bc = await gathered(m.vss);
    expect(isHResultError(inIdentify, VSS_E_BAD_STATE)).toBe(true);
    expect(await bc.GetWriterMetadataCount()).toBe(1);
    expect((await (await bc.GetWriterMetadata(0)).ppMetadata.GetIdentity()).pbstrWriterName).toBe('H');
    expect(Object.keys(await writerStates(bc))).toEqual(['H']);
    await bc.Release();
    expect(f.events).toEqual(['Identify']);
  });

  it('SetWriterFailure and the Get methods outside a handler give VSS_E_BAD_STATE', async () => {
    const { f } = await twoWriters(m.vss);
    expect(() => f.SetWriterFailure(VSS_E_WRITERERROR_RETRYABLE)).toThrow(expect.objectContaining({ code: VSS_E_BAD_STATE }));
    expect(() => f.GetCurrentSnapshotSetId()).toThrow(expect.objectContaining({ code: VSS_E_BAD_STATE }));
  });

  it('handlers see the set, the volumes, the backup type and (from PostSnapshot) the device name', async () => {
    const w = await TestWriter.create(m.vss);
    const seen: unknown[] = [];
    w.behaviour.set('Freeze', {
      run: (self) => {
        seen.push(self.GetCurrentSnapshotSetId(), self.GetCurrentVolumeArray(), self.GetBackupType(), self.IsPathAffected('C:\\data\\a.txt'), self.IsPathAffected('D:\\d.txt'));
        try {
          self.GetSnapshotDeviceName('C:\\');
        } catch (e) {
          seen.push((e as { code: number }).code);
        }
      },
    });
    w.behaviour.set('PostSnapshot', { run: (self) => void seen.push(self.GetSnapshotDeviceName('C:\\')) });
    const { bc, setId, snapshotIds } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    const prop = await bc.GetSnapshotProperties(snapshotIds[0]!);
    expect(seen).toEqual([setId, ['C:\\'], 1, true, false, -2147212536 /* VSS_E_OBJECT_NOT_FOUND */, prop.m_pwszSnapshotDeviceObject]);
    await bc.Release();
    expectNoLeaks(m);
  });
});

describe('freeze order', () => {
  it('front end, then back end, then system (SYSTEM_RM with system); subscription order within a level', async () => {
    const order: string[] = [];
    const mk = async (name: string, n: number, level: VSS_APPLICATION_LEVEL): Promise<TestWriter> => {
      const w = await TestWriter.create(m.vss, name, `11111111-0000-0000-0000-00000000010${n}`, { level });
      w.behaviour.set('Freeze', { run: () => void order.push(name) });
      return w;
    };
    await mk('sysrm', 1, VSS_APP_SYSTEM_RM);
    await mk('system', 2, VSS_APP_SYSTEM);
    await mk('back', 3, VSS_APP_BACK_END);
    await mk('front1', 4, VSS_APP_FRONT_END);
    await mk('front2', 5, VSS_APP_FRONT_END);
    const { doHr } = await runBackup(m.vss);
    expect(doHr).toBe(VSS_S_ASYNC_FINISHED);
    expect(order).toEqual(['front1', 'front2', 'back', 'sysrm', 'system']);
  });
});

describe('GetCurrentSnapshotSetId after PostSnapshot', () => {
  it('works up to PostSnapshot; in BackupComplete and BackupShutdown it gives VSS_E_BAD_STATE', async () => {
    const w = await TestWriter.create(m.vss);
    const seen: Record<string, unknown> = {};
    for (const e of ['PostSnapshot', 'BackupComplete', 'BackupShutdown'] as const) {
      w.behaviour.set(e, {
        run: (self) => {
          try {
            seen[e] = self.GetCurrentSnapshotSetId();
          } catch (err) {
            seen[e] = (err as { code: number }).code;
          }
        },
      });
    }
    const { bc, setId } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    await awaitVssAsync(await bc.BackupComplete());
    await bc.Release();
    expect(seen).toEqual({ PostSnapshot: setId, BackupComplete: VSS_E_BAD_STATE, BackupShutdown: VSS_E_BAD_STATE });
    expect(w.events).toEqual(FULL);
  });
});

describe('freeze window (dwTimeoutFreeze)', () => {
  it('missing it fails the writer with VSS_E_WRITERERROR_TIMEOUT, calls OnAbort at once and aborts the set', async () => {
    // B subscribes first but is a back-end writer: front-end A freezes first
    const b = await TestWriter.create(m.vss, 'B', '11111111-0000-0000-0000-00000000000b', { level: VSS_APP_BACK_END, timeoutFreeze: 120_000 });
    const a = await TestWriter.create(m.vss, 'A', '11111111-0000-0000-0000-00000000000a', { level: VSS_APP_FRONT_END, timeoutFreeze: 60_000 });
    const gate = b.hold('Freeze');
    const { bc, op } = await startSnapshot(m.vss);
    await b.reached('Freeze');
    // front-end A froze first and is waiting for Thaw
    expect(a.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze']);
    m.clock.advance(59_999);
    await settle();
    expect(a.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze']);
    m.clock.advance(1);
    await a.reached('Abort');
    // B is still inside OnFreeze; its own window (120 s) is not over
    expect(b.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze']);
    gate.resolve();
    await expect(op.Wait()).rejects.toMatchObject({ code: VSS_E_UNEXPECTED_WRITER_ERROR });
    expect(a.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort']);
    expect(b.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort']);
    const states = await writerStates(bc);
    expect(states.A).toEqual([VSS_WS_FAILED_AT_FREEZE, VSS_E_WRITERERROR_TIMEOUT]);
    expect(states.B).toEqual([VSS_WS_STABLE, S_OK]);
    expect(m.clock.pendingTimers()).toBe(0);
    await bc.AbortBackup();
    await bc.Release();
    expectNoLeaks(m);
  });

  it('the code DoSnapshotSet fails with is configurable (writerFailureHResult)', async () => {
    const vss = m.reboot({ writerFailureHResult: VSS_E_WRITERERROR_RETRYABLE });
    const w = await TestWriter.create(vss);
    w.behaviour.set('Freeze', { result: false });
    const { doHr } = await runBackup(vss);
    expect(doHr).toBe(VSS_E_WRITERERROR_RETRYABLE);
    expectNoLeaks(m);
  });

  it("writerFailureHResult: 'writer' passes on the failing writer's own HRESULT", async () => {
    const vss = m.reboot({ writerFailureHResult: 'writer' });
    const w = await TestWriter.create(vss);
    w.behaviour.set('Thaw', { failure: VSS_E_WRITERERROR_OUTOFRESOURCES, result: false });
    expect((await runBackup(vss)).doHr).toBe(VSS_E_WRITERERROR_OUTOFRESOURCES);
    // no SetWriterFailure: nothing of the writer's to pass on
    w.behaviour.set('Thaw', { result: false });
    expect((await runBackup(vss)).doHr).toBe(VSS_E_UNEXPECTED_WRITER_ERROR);
    // a missed freeze window: the code VSS records for the writer
    w.behaviour.set('Thaw', {});
    const gate = w.hold('Freeze');
    w.events.length = 0;
    const { bc, op } = await startSnapshot(vss);
    await w.reached('Freeze');
    m.clock.advance(60_000);
    gate.resolve();
    await expect(op.Wait()).rejects.toMatchObject({ code: VSS_E_WRITERERROR_TIMEOUT });
    await bc.AbortBackup();
    await bc.Release();
    expect(() => m.reboot({ writerFailureHResult: 1 })).toThrow(TypeError);
    expectNoLeaks(m);
  });
});

describe('flush-and-hold window and provider failures', () => {
  for (const [phase, code] of [['flush', VSS_E_FLUSH_WRITES_TIMEOUT], ['hold', VSS_E_HOLD_WRITES_TIMEOUT]] as const) {
    it(`crossing the 10 s window in ${phase} fails DoSnapshotSet with that timeout; writers get Abort`, async () => {
      const vss = m.reboot({
        provider: {
          onCommit: (p) => {
            if (p === phase) m.clock.advance(10_000);
          },
        },
      });
      const w = await TestWriter.create(vss);
      const { doHr, states } = await runBackup(vss);
      expect(doHr).toBe(code);
      expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort', 'BackupShutdown']);
      // the writer itself did nothing wrong, and is at rest after Abort
      expect(states['Test Writer']).toEqual([VSS_WS_STABLE, S_OK]);
      expect(m.clock.pendingTimers()).toBe(0);
      expectNoLeaks(m);
    });
  }

  it('9.999 s inside the window is fine', async () => {
    const vss = m.reboot({ provider: { onCommit: (p) => void (p === 'hold' && m.clock.advance(9_999)) } });
    await TestWriter.create(vss);
    const { doHr, states } = await runBackup(vss);
    expect(doHr).toBe(VSS_S_ASYNC_FINISHED);
    expect(states['Test Writer']).toEqual([VSS_WS_STABLE, S_OK]);
  });

  it('a provider failure during commit gives VSS_E_UNEXPECTED_PROVIDER_ERROR', async () => {
    const vss = m.reboot({
      provider: {
        onCommit: () => {
          throw new Error('disk gone');
        },
      },
    });
    const w = await TestWriter.create(vss);
    const { doHr, states } = await runBackup(vss);
    expect(doHr).toBe(VSS_E_UNEXPECTED_PROVIDER_ERROR);
    // a provider failure after PrepareForSnapshot raises Abort (SEMANTICS.md §3); the writer did nothing wrong
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort', 'BackupShutdown']);
    expect(states['Test Writer']).toEqual([VSS_WS_STABLE, S_OK]);
    expectNoLeaks(m);
  });

  it('writer states through a good backup', async () => {
    const w = await TestWriter.create(m.vss);
    const { bc } = await startBackup(m.vss);
    await awaitVssAsync(await bc.PrepareForBackup());
    await awaitVssAsync(await bc.DoSnapshotSet());
    expect(await writerStates(bc)).toEqual({ 'Test Writer': [VSS_WS_WAITING_FOR_BACKUP_COMPLETE, S_OK] });
    await bc.Release();
    expect(w.events.at(-1)).toBe('BackupShutdown');
  });
});
