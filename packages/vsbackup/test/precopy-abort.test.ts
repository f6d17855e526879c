// Nothing outlives a set that ends early while its pre-copy exists: AbortBackup, Cancel or Release
// during the pre-copy, a provider failure, a writer veto at Freeze, a missed freeze window, the
// flush and hold timeouts. The pre-copy runs before Freeze, outside both windows, so no clock
// runs out during it.
import { describe, expect, it } from 'vitest';
import {
  S_OK,
  VSS_E_FLUSH_WRITES_TIMEOUT,
  VSS_E_HOLD_WRITES_TIMEOUT,
  VSS_E_OBJECT_NOT_FOUND,
  VSS_E_UNEXPECTED_PROVIDER_ERROR,
  VSS_E_UNEXPECTED_WRITER_ERROR,
  VSS_E_WRITERERROR_NONRETRYABLE,
  VSS_S_ASYNC_CANCELLED,
  VSS_S_ASYNC_FINISHED,
} from '@winbackup/errors';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { awaitVssAsync, VSS_WS_FAILED_AT_FREEZE, VSS_WS_STABLE, VSS_WS_WAITING_FOR_BACKUP_COMPLETE, type ReferenceVssProviderHooks } from '../src/index.js';
import { deferred, expectNoLeaks, startSnapshot, TestWriter, useMachine, writerStates, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

/** Temp copies in the store (uncommitted snapshots). */
const temps = (): string[] => m.storeEntries().filter((n) => n.startsWith('.tmp-'));

/** A 'precopy' machine with enough files that the pre-copy has work left when the hook runs. */
function precopyMachine(provider: ReferenceVssProviderHooks, timeoutFreeze?: number) {
  for (let i = 0; i < 50; i++) writeFileSync(join(m.volC, 'data', `f${i}.txt`), `file ${i}`);
  const vss = m.reboot({ copyMethod: 'precopy', provider });
  return { vss, writer: TestWriter.create(vss, 'Test Writer', undefined, timeoutFreeze === undefined ? {} : { timeoutFreeze }) };
}

/** Waits for the async to end and returns its QueryStatus result. */
async function outcome(op: Awaited<ReturnType<typeof startSnapshot>>['op']): Promise<number> {
  await op.Wait().catch(() => undefined);
  return (await op.QueryStatus()).pHrResult;
}

describe('the pre-copy is removed when the set ends early', () => {
  for (const how of ['AbortBackup', 'Cancel', 'Release'] as const) {
    it(`${how} during the pre-copy: CANCELLED, the writer gets Abort (never Freeze), the partial copy is gone`, async () => {
      const inCopy = deferred();
      const gate = deferred();
      const { vss, writer } = precopyMachine({
        onPrepare: async (phase) => {
          if (phase !== 'copying') return;
          inCopy.resolve();
          await gate.promise;
        },
      });
      const w = await writer;
      const { bc, snapshotIds, op } = await startSnapshot(vss);
      await inCopy.promise;
      // the pre-copy really is under way: its folders exist in the store
      expect(temps()).toHaveLength(1);
      const stopping = how === 'AbortBackup' ? bc.AbortBackup() : how === 'Cancel' ? op.Cancel() : bc.Release();
      gate.resolve();
      await stopping;
      expect(await outcome(op)).toBe(VSS_S_ASYNC_CANCELLED);
      // Cancel returns at once; the stopped operation's cleanup ends before the object's next call
      if (how === 'Cancel') await bc.AbortBackup();
      expect(temps()).toEqual([]);
      expect(w.events.slice(0, 4)).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Abort']);
      if (how !== 'Release') {
        await expect(bc.GetSnapshotProperties(snapshotIds[0]!)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
        await bc.AbortBackup();
        await bc.Release();
      }
      expectNoLeaks(m);
    });
  }

  it('AbortBackup after the pre-copy, before the freeze: the complete pre-copy is removed', async () => {
    const copied = deferred();
    const gate = deferred();
    const { vss, writer } = precopyMachine({
      onPrepare: async (phase) => {
        if (phase !== 'copied') return;
        copied.resolve();
        await gate.promise;
      },
    });
    const w = await writer;
    const { bc, op } = await startSnapshot(vss);
    await copied.promise;
    expect(temps()).toHaveLength(1);
    const aborting = bc.AbortBackup();
    gate.resolve();
    await aborting;
    expect(await outcome(op)).toBe(VSS_S_ASYNC_CANCELLED);
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Abort']);
    expectNoLeaks(m);
    await bc.Release();
    expectNoLeaks(m);
  });

  it('a provider failure during the pre-copy: VSS_E_UNEXPECTED_PROVIDER_ERROR, writers get Abort, nothing left', async () => {
    const { vss, writer } = precopyMachine({
      onPrepare: (phase) => {
        if (phase === 'copying') throw new Error('disk gone');
      },
    });
    const w = await writer;
    const { bc, op } = await startSnapshot(vss);
    expect(await outcome(op)).toBe(VSS_E_UNEXPECTED_PROVIDER_ERROR);
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Abort']);
    expectNoLeaks(m);
    await bc.AbortBackup();
    await bc.Release();
    expectNoLeaks(m);
  });

  it('a writer veto at Freeze after the pre-copy: the writer error, the pre-copy removed', async () => {
    let sawPreCopy = false;
    const { vss, writer } = precopyMachine({ onPrepare: (phase) => void (phase === 'copied' && (sawPreCopy = temps().length === 1)) });
    const w = await writer;
    w.behaviour.set('Freeze', { result: false, failure: VSS_E_WRITERERROR_NONRETRYABLE });
    const { bc, op } = await startSnapshot(vss);
    expect(await outcome(op)).toBe(VSS_E_UNEXPECTED_WRITER_ERROR);
    expect(sawPreCopy).toBe(true);
    expectNoLeaks(m);
    await bc.AbortBackup();
    expect((await writerStates(bc))['Test Writer']).toEqual([VSS_WS_FAILED_AT_FREEZE, VSS_E_WRITERERROR_NONRETRYABLE]);
    await bc.Release();
    expectNoLeaks(m);
  });

  for (const [phase, advance, timeoutFreeze, code, name] of [
    ['flush', 10_000, 60_000, VSS_E_FLUSH_WRITES_TIMEOUT, 'the flush timeout'],
    ['hold', 10_000, 60_000, VSS_E_HOLD_WRITES_TIMEOUT, 'the hold timeout'],
    ['hold', 5_000, 5_000, VSS_E_UNEXPECTED_WRITER_ERROR, "the writer's missed freeze window (dwTimeoutFreeze 5 s)"],
  ] as const) {
    it(`${name} with the pre-copy made: DoSnapshotSet fails with its code, the pre-copy removed`, async () => {
      const { vss, writer } = precopyMachine(
        {
          onCommit: (p) => {
            if (p !== phase) return;
            expect(temps()).toHaveLength(1);
            m.clock.advance(advance);
          },
        },
        timeoutFreeze,
      );
      const w = await writer;
      const { bc, op } = await startSnapshot(vss);
      expect(await outcome(op)).toBe(code);
      expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Abort']);
      expectNoLeaks(m);
      await bc.AbortBackup();
      await bc.Release();
      expect(m.clock.pendingTimers()).toBe(0);
      expectNoLeaks(m);
    });
  }

  it('no window runs during the pre-copy: an hour passing then does not fail the set', async () => {
    const { vss, writer } = precopyMachine({ onPrepare: (phase) => void (phase === 'copying' && m.clock.advance(3_600_000)) }, 5_000);
    await writer;
    const { bc, op } = await startSnapshot(vss);
    expect(await outcome(op)).toBe(VSS_S_ASYNC_FINISHED);
    expect((await writerStates(bc))['Test Writer']).toEqual([VSS_WS_WAITING_FOR_BACKUP_COMPLETE, S_OK]);
    await awaitVssAsync(await bc.BackupComplete());
    expect((await writerStates(bc))['Test Writer']).toEqual([VSS_WS_STABLE, S_OK]);
    await bc.Release();
    expectNoLeaks(m);
  });
});
