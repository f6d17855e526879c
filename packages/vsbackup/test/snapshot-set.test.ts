// The Node layer: takeSnapshotSet / withSnapshotSet run the documented sequence and always clean up
// (BackupComplete on success, AbortBackup on a failure after StartSnapshotSet, DeleteSnapshots,
// Release); every IVssAsync wait has a deadline and an AbortSignal that Cancel it. After every
// failure: no snapshot directory, no lock held (the next set is taken), the writer shut down.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  E_INVALIDARG,
  hresultError,
  VSS_E_UNEXPECTED,
  VSS_E_OBJECT_NOT_FOUND,
  VSS_E_SNAPSHOT_SET_IN_PROGRESS,
  VSS_E_UNEXPECTED_PROVIDER_ERROR,
  VSS_E_UNEXPECTED_WRITER_ERROR,
  VSS_E_WRITERERROR_RETRYABLE,
  VSS_S_ASYNC_CANCELLED,
} from '@winbackup/errors';
import {
  createReferenceVss,
  DEFAULT_VSS_ASYNC_TIMEOUT_MS,
  isSnapshotSetError,
  SnapshotSetError,
  takeSnapshotSet,
  withSnapshotSet,
  VSS_BT_COPY,
  VSS_CT_FILEGROUP,
  VSS_CTX_ALL,
  VSS_CTX_APP_ROLLBACK,
  VSS_CTX_FILE_SHARE_BACKUP,
  VSS_WS_FAILED_AT_FREEZE,
  VSS_WS_STABLE,
  type SnapshotSetStep,
  type VssRequesterFactory,
} from '../src/index.js';
import { settle, startBackup, TestWriter, useMachine, type EventName, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

const WRITER_ID = '11111111-2222-3333-4444-555555555555';

/** The next snapshot set on this machine is taken, read and completed: nothing was left locked. */
async function nextRunSucceeds(): Promise<void> {
  await using set = await takeSnapshotSet(m.vss, { volumes: ['C:\\'] });
  expect(readFileSync(join(set.snapshots[0]!.path, 'top.txt'), 'utf8')).toBe('top');
  await set.complete();
}

describe('takeSnapshotSet: the happy path', () => {
  it('runs the documented sequence, hands over readable snapshot paths, and complete() cleans up', async () => {
    const w = await TestWriter.create(m.vss);
    const steps: SnapshotSetStep[] = [];
    const set = await takeSnapshotSet(m.vss, { volumes: ['C:\\', 'D:\\'], onStep: (s) => steps.push(s) });
    expect(steps).toEqual([
      'CreateVssBackupComponents',
      'InitializeForBackup',
      'SetContext',
      'SetBackupState',
      'GatherWriterMetadata',
      'StartSnapshotSet',
      'AddToSnapshotSet',
      'AddToSnapshotSet',
      'PrepareForBackup',
      'DoSnapshotSet',
      'GetSnapshotProperties',
      'GetSnapshotProperties',
    ]);
    expect(set.snapshots.map((s) => s.volume)).toEqual(['C:\\', 'D:\\']);
    expect(set.snapshots[0]!.deviceObject).toMatch(/^\\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy\d+$/);
    expect(set.snapshots[0]!.properties.m_SnapshotSetId).toBe(set.snapshotSetId);
    expect(readFileSync(join(set.snapshots[0]!.path, 'data', 'a.txt'), 'utf8')).toBe('alpha');
    expect(readFileSync(join(set.snapshots[1]!.path, 'd.txt'), 'utf8')).toBe('delta');
    expect(m.storeEntries()).toHaveLength(2);
    await set.complete();
    expect(set.state).toBe('completed');
    expect(w.events).toEqual(['Identify', 'PrepareBackup', 'PrepareSnapshot', 'Freeze', 'Thaw', 'PostSnapshot', 'BackupComplete', 'BackupShutdown']);
    expect(m.storeEntries()).toEqual([]);
    await expect(set.complete()).rejects.toThrow(/already completed/);
    await nextRunSucceeds();
  });

  it('`await using` without complete() aborts: AbortBackup, no BackupComplete, snapshots deleted', async () => {
    const w = await TestWriter.create(m.vss);
    {
      await using set = await takeSnapshotSet(m.vss, { volumes: ['C:\\'], backupType: VSS_BT_COPY });
      expect(set.state).toBe('taken');
    }
    expect(w.events).not.toContain('BackupComplete');
    expect(w.events.at(-1)).toBe('BackupShutdown');
    expect(m.storeEntries()).toEqual([]);
    await nextRunSucceeds();
  });

  it('withSnapshotSet: resolves -> BackupComplete with SetBackupSucceeded per component; throws -> AbortBackup, the error passes through', async () => {
    const w = await TestWriter.create(m.vss);
    w.identify = (md) => {
      md.AddComponent(VSS_CT_FILEGROUP, null, 'data', 'Data files');
      md.AddFilesToFileGroup(null, 'data', 'C:\\data', '*', true);
    };
    const components = [{ writerId: WRITER_ID, componentType: VSS_CT_FILEGROUP, logicalPath: null, componentName: 'data' }] as const;
    const text = await withSnapshotSet(m.vss, { volumes: ['C:\\'], components }, async (set) => readFileSync(join(set.snapshots[0]!.path, 'data', 'a.txt'), 'utf8'));
    expect(text).toBe('alpha');
    expect(w.components.map((c) => [c.GetComponentName(), c.GetBackupSucceeded()])).toEqual([['data', true]]);
    expect(m.storeEntries()).toEqual([]);

    w.events.length = 0;
    const oops = new Error('disk full');
    await expect(withSnapshotSet(m.vss, { volumes: ['C:\\'], components }, async () => Promise.reject(oops))).rejects.toBe(oops);
    expect(w.events).not.toContain('BackupComplete');
    expect(w.events.at(-1)).toBe('BackupShutdown');
    expect(m.storeEntries()).toEqual([]);
    await nextRunSucceeds();
  });

  it('a writerless context skips PrepareForBackup and BackupComplete; a persistent context keeps its snapshots on success', async () => {
    const steps: SnapshotSetStep[] = [];
    await withSnapshotSet(m.vss, { volumes: ['C:\\'], context: VSS_CTX_FILE_SHARE_BACKUP, onStep: (s) => steps.push(s) }, async () => undefined);
    expect(steps).not.toContain('PrepareForBackup');
    expect(m.storeEntries()).toEqual([]);
    const kept = await withSnapshotSet(m.vss, { volumes: ['C:\\'], context: VSS_CTX_APP_ROLLBACK }, async (set) => set.snapshotSetId);
    expect(m.storeEntries()).toHaveLength(1);
    // the caller owns a persistent set: delete it as any requester would
    const bc = await m.vss.CreateVssBackupComponents();
    await bc.InitializeForBackup();
    await bc.SetContext(VSS_CTX_ALL);
    await bc.DeleteSnapshots(kept, 2, true);
    await bc.Release();
  });

  it('states its default wait: 120 s', () => {
    expect(DEFAULT_VSS_ASYNC_TIMEOUT_MS).toBe(120_000);
  });
});

describe('takeSnapshotSet: a failing step cleans up and names the step and the writers', () => {
  it('SetContext refused (no such context): E_INVALIDARG, Release only', async () => {
    const w = await TestWriter.create(m.vss);
    const e = await takeSnapshotSet(m.vss, { volumes: ['C:\\'], context: 0x3 }).catch((x: unknown) => x);
    expect(isSnapshotSetError(e)).toBe(true);
    expect(e).toBeInstanceOf(SnapshotSetError);
    expect(e).toMatchObject({ step: 'SetContext', failure: 'failed', hresult: E_INVALIDARG, writers: [] });
    expect(w.events).toEqual([]);
    await nextRunSucceeds();
  });

  it('VSS_CTX_ALL: SetContext takes it, StartSnapshotSet refuses it (query-only context)', async () => {
    const e = (await takeSnapshotSet(m.vss, { volumes: ['C:\\'], context: VSS_CTX_ALL }).catch((x: unknown) => x)) as SnapshotSetError;
    expect(e).toMatchObject({ step: 'StartSnapshotSet', failure: 'failed' });
    expect(e.hresult).toBeLessThan(0);
    await nextRunSucceeds();
  });

  it('AddToSnapshotSet of an unknown volume: AbortBackup, lock released', async () => {
    await TestWriter.create(m.vss);
    const e = (await takeSnapshotSet(m.vss, { volumes: ['C:\\', 'Z:\\'] }).catch((x: unknown) => x)) as SnapshotSetError;
    expect(e).toMatchObject({ step: 'AddToSnapshotSet', failure: 'failed' });
    expect(e.message).toMatch(/^AddToSnapshotSet failed: 0x8004230[8C]/);
    await nextRunSucceeds();
  });

  it('StartSnapshotSet while another requester holds the set lock: VSS_E_SNAPSHOT_SET_IN_PROGRESS, nothing of the other touched', async () => {
    const other = await startBackup(m.vss);
    const e = (await takeSnapshotSet(m.vss, { volumes: ['C:\\'] }).catch((x: unknown) => x)) as SnapshotSetError;
    expect(e).toMatchObject({ step: 'StartSnapshotSet', failure: 'failed', hresult: VSS_E_SNAPSHOT_SET_IN_PROGRESS });
    await other.bc.AbortBackup();
    await other.bc.Release();
    await nextRunSucceeds();
  });

  it('a writer failing Freeze: DoSnapshotSet fails, the error lists it at VSS_WS_FAILED_AT_FREEZE', async () => {
    const w = await TestWriter.create(m.vss);
    w.behaviour.set('Freeze', { result: false, failure: VSS_E_WRITERERROR_RETRYABLE });
    const e = (await takeSnapshotSet(m.vss, { volumes: ['C:\\'] }).catch((x: unknown) => x)) as SnapshotSetError;
    expect(e).toMatchObject({ step: 'DoSnapshotSet', failure: 'failed', hresult: VSS_E_UNEXPECTED_WRITER_ERROR, asyncStatus: VSS_E_UNEXPECTED_WRITER_ERROR });
    expect(e.writers).toEqual([expect.objectContaining({ writerName: 'Test Writer', state: VSS_WS_FAILED_AT_FREEZE, stateName: 'VSS_WS_FAILED_AT_FREEZE', failure: VSS_E_WRITERERROR_RETRYABLE })]);
    expect(e.message).toContain('Test Writer VSS_WS_FAILED_AT_FREEZE');
    expect(w.events.at(-1)).toBe('BackupShutdown');
    w.behaviour.delete('Freeze');
    await nextRunSucceeds();
  });

  it('a provider failure while committing: DoSnapshotSet fails with VSS_E_UNEXPECTED_PROVIDER_ERROR, no snapshot left', async () => {
    const vss = m.reboot({
      provider: {
        onCommit() {
          throw new Error('provider broke');
        },
      },
    });
    await TestWriter.create(vss, 'Writer B');
    const e = (await takeSnapshotSet(vss, { volumes: ['C:\\'] }).catch((x: unknown) => x)) as SnapshotSetError;
    expect(e).toMatchObject({ step: 'DoSnapshotSet', failure: 'failed', hresult: VSS_E_UNEXPECTED_PROVIDER_ERROR });
    expect(e.writers.map((w) => w.writerName)).toEqual(['Writer B']);
    await nextRunSucceeds();
  });

  it('AddComponent of a writer that reported nothing: VSS_E_OBJECT_NOT_FOUND before the set starts', async () => {
    const e = (await takeSnapshotSet(m.vss, {
      volumes: ['C:\\'],
      components: [{ writerId: '99999999-2222-3333-4444-555555555555', componentType: VSS_CT_FILEGROUP, logicalPath: null, componentName: 'x' }],
    }).catch((x: unknown) => x)) as SnapshotSetError;
    expect(e).toMatchObject({ step: 'AddComponent', hresult: VSS_E_OBJECT_NOT_FOUND });
    await nextRunSucceeds();
  });
});

/** `m.vss` whose requester objects log every call and fail `failing` with VSS_E_UNEXPECTED. */
function failingAt(failing: string, calls: string[]): VssRequesterFactory {
  return {
    resolvePath: (p) => m.vss.resolvePath(p),
    async CreateVssBackupComponents() {
      const bc = await m.vss.CreateVssBackupComponents();
      return new Proxy(bc, {
        get(t, k) {
          const v = Reflect.get(t, k) as unknown;
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            calls.push(String(k));
            if (k === failing) return Promise.reject(hresultError(VSS_E_UNEXPECTED, { context: String(k) }));
            return (v as (...a: unknown[]) => unknown).apply(t, args);
          };
        },
      });
    },
  };
}

describe('takeSnapshotSet: a call failing at every step of the sequence', () => {
  const sequence = ['InitializeForBackup', 'SetContext', 'SetBackupState', 'GatherWriterMetadata', 'AddComponent', 'StartSnapshotSet', 'AddToSnapshotSet', 'PrepareForBackup', 'DoSnapshotSet', 'GetSnapshotProperties', 'SetBackupSucceeded', 'BackupComplete'] as const;
  for (const failing of sequence) {
    it(`${failing} fails: the error names it; AbortBackup only after StartSnapshotSet; DeleteSnapshots once DoSnapshotSet ran; Release always`, async () => {
      const w = await TestWriter.create(m.vss);
      w.identify = (md) => {
        md.AddComponent(VSS_CT_FILEGROUP, null, 'data', 'Data files');
        md.AddFilesToFileGroup(null, 'data', 'C:\\data', '*', true);
      };
      const calls: string[] = [];
      const components = [{ writerId: WRITER_ID, componentType: VSS_CT_FILEGROUP, logicalPath: null, componentName: 'data' }] as const;
      const e = (await withSnapshotSet(failingAt(failing, calls), { volumes: ['C:\\'], components }, async () => undefined).catch((x: unknown) => x)) as SnapshotSetError;
      expect(isSnapshotSetError(e)).toBe(true);
      expect(e).toMatchObject({ step: failing, failure: 'failed', hresult: VSS_E_UNEXPECTED });
      const at = calls.indexOf(failing);
      const after = calls.slice(at + 1);
      const started = calls.slice(0, at).includes('StartSnapshotSet');
      expect(after.includes('AbortBackup')).toBe(started);
      expect(after.includes('DeleteSnapshots')).toBe(calls.slice(0, at + 1).includes('DoSnapshotSet'));
      expect(after.at(-1)).toBe('Release');
      // a failed backup is never reported complete to the writers
      if (failing !== 'BackupComplete') expect(calls).not.toContain('BackupComplete');
      expect(w.events).not.toContain('BackupComplete');
      expect(m.storeEntries()).toEqual([]);
      await nextRunSucceeds();
    });
  }
});

const waits: [SnapshotSetStep, EventName][] = [
  ['GatherWriterMetadata', 'Identify'],
  ['PrepareForBackup', 'PrepareBackup'],
  ['DoSnapshotSet', 'Freeze'],
  ['BackupComplete', 'BackupComplete'],
];

describe('takeSnapshotSet: every IVssAsync wait ends on its deadline or the signal, Cancels and cleans up', () => {
  for (const [step, event] of waits) {
    for (const how of ['aborted', 'timeout'] as const) {
      it(`${step}: ${how}`, async () => {
        const w = await TestWriter.create(m.vss);
        const gate = w.hold(event);
        const controller = new AbortController();
        const reason = new Error('user cancelled');
        const options = { volumes: ['C:\\'], timeoutMs: 5_000, signal: controller.signal };
        const run = async (): Promise<void> => {
          const set = await takeSnapshotSet(m.vss, options);
          await set.complete();
        };
        const p = run().catch((x: unknown) => x);
        await w.reached(event);
        if (how === 'aborted') controller.abort(reason);
        else m.clock.advance(5_000);
        await settle();
        gate.resolve();
        const e = (await p) as SnapshotSetError;
        expect(isSnapshotSetError(e)).toBe(true);
        expect(e).toMatchObject({ step, failure: how });
        if (how === 'aborted') expect(e.cause).toBe(reason);
        else expect((e.cause as DOMException).name).toBe('TimeoutError');
        // the wait was cancelled: QueryStatus says so
        expect(e.asyncStatus).toBe(VSS_S_ASYNC_CANCELLED);
        // a writer whose Identify never completed took no part: it gets no BackupShutdown
        if (step !== 'GatherWriterMetadata') expect(w.events.at(-1)).toBe('BackupShutdown');
        if (step === 'DoSnapshotSet') expect(w.events).toContain('Abort');
        w.behaviour.delete(event);
        await nextRunSucceeds();
      });
    }
  }

  it('an already aborted signal starts nothing', async () => {
    const reason = new Error('too late');
    const e = (await takeSnapshotSet(m.vss, { volumes: ['C:\\'], signal: AbortSignal.abort(reason) }).catch((x: unknown) => x)) as SnapshotSetError;
    expect(e).toMatchObject({ step: 'CreateVssBackupComponents', failure: 'aborted', cause: reason });
  });

  it('bad arguments are TypeErrors before any call', async () => {
    await expect(takeSnapshotSet(m.vss, { volumes: [] })).rejects.toThrow(TypeError);
    await expect(takeSnapshotSet(m.vss, { volumes: ['C:\\'], timeoutMs: -1 })).rejects.toThrow(TypeError);
    await expect(takeSnapshotSet({} as never, { volumes: ['C:\\'] })).rejects.toThrow(TypeError);
    expect(createReferenceVss).toBeTypeOf('function');
    expect(VSS_WS_STABLE).toBe(1);
  });
});
