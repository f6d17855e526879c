// Shared test fixtures: a temp "machine" (volumes + store) on a manual clock, and a scriptable writer.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import {
  awaitVssAsync,
  createManualVssClock,
  createReferenceVss,
  CVssWriter,
  VSS_BT_FULL,
  VSS_ST_OTHER,
  VSS_UT_USERDATA,
  VSS_APP_FRONT_END,
  type IVssAsync,
  type IVssBackupComponents,
  type IVssCreateWriterMetadata,
  type IVssComponent,
  type IVssWriterComponents,
  type ManualVssClock,
  type ReferenceVss,
  type ReferenceVssOptions,
  type VSS_APPLICATION_LEVEL,
} from '../src/index.js';

export interface Machine {
  readonly root: string;
  readonly volC: string;
  readonly volD: string;
  readonly store: string;
  readonly clock: ManualVssClock;
  readonly vss: ReferenceVss;
  /** Snapshot directories in the store right now (HarddiskVolumeShadowCopyN and temp copies). */
  storeEntries(): string[];
  /** A new coordinator on the same store (a "reboot"). */
  reboot(extra?: Partial<ReferenceVssOptions>): ReferenceVss;
  cleanup(): void;
}

export function makeMachine(extra: Partial<ReferenceVssOptions> = {}): Machine {
  const root = mkdtempSync(join(tmpdir(), 'vsbackup-test-'));
  const volC = join(root, 'C');
  const volD = join(root, 'D');
  const store = join(root, 'store');
  mkdirSync(join(volC, 'data'), { recursive: true });
  mkdirSync(volD, { recursive: true });
  writeFileSync(join(volC, 'data', 'a.txt'), 'alpha');
  writeFileSync(join(volC, 'top.txt'), 'top');
  writeFileSync(join(volD, 'd.txt'), 'delta');
  const clock = createManualVssClock();
  const opts = (): ReferenceVssOptions => ({ volumes: { 'C:\\': volC, 'D:\\': volD }, store, clock, ...extra });
  const vss = createReferenceVss(opts());
  const entries = (): string[] => readdirSync(store).filter((n) => n !== 'catalog.json');
  return {
    root,
    volC,
    volD,
    store,
    clock,
    vss,
    storeEntries: entries,
    reboot: (more = {}) => createReferenceVss({ ...opts(), ...more }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** After a test released everything: no snapshot directory may remain in the store. */
export function expectNoLeaks(m: Machine): void {
  expect(m.storeEntries()).toEqual([]);
}

/**
 * A fresh machine for every test of the file, handed to `set` before the test; afterwards no
 * snapshot directory may outlive the test, and the machine's directory is removed.
 */
export function useMachine(set: (m: Machine) => void): void {
  let m: Machine;
  beforeEach(() => {
    m = makeMachine();
    set(m);
  });
  afterEach(() => {
    try {
      expectNoLeaks(m);
    } finally {
      m.cleanup();
    }
  });
}

export type EventName =
  | 'Identify'
  | 'PrepareBackup'
  | 'PrepareSnapshot'
  | 'Freeze'
  | 'Thaw'
  | 'PostSnapshot'
  | 'Abort'
  | 'BackupComplete'
  | 'BackupShutdown';

export interface Behaviour {
  /** Return value of the handler (default true). */
  readonly result?: boolean;
  /** SetWriterFailure(hr) before returning. */
  readonly failure?: number;
  /** The handler waits for this before returning. */
  readonly gate?: Promise<void>;
  readonly run?: (w: TestWriter) => void | Promise<void>;
}

/** A writer that logs every event and can be told to fail, veto or block at any of them. */
export class TestWriter extends CVssWriter {
  readonly events: EventName[] = [];
  readonly behaviour = new Map<EventName, Behaviour>();
  identify: (m: IVssCreateWriterMetadata) => void = () => undefined;
  /** The components OnBackupComplete received. */
  components: IVssComponent[] = [];

  static async create(
    vss: ReferenceVss,
    name = 'Test Writer',
    writerId = '11111111-2222-3333-4444-555555555555',
    opts: { level?: VSS_APPLICATION_LEVEL; timeoutFreeze?: number } = {},
  ): Promise<TestWriter> {
    const w = new TestWriter(vss);
    await w.Initialize(writerId, name, VSS_UT_USERDATA, VSS_ST_OTHER, opts.level ?? VSS_APP_FRONT_END, opts.timeoutFreeze ?? 60000);
    await w.Subscribe();
    return w;
  }

  readonly #waiters: { e: EventName; resolve: () => void }[] = [];

  /** The handler for `e` waits until the returned gate is resolved. */
  hold(e: EventName): { promise: Promise<void>; resolve: () => void } {
    const gate = deferred();
    this.behaviour.set(e, { gate: gate.promise });
    return gate;
  }

  /** Resolves once `e` is in `events` (at once if it already is): no polling, no timers. */
  reached(e: EventName): Promise<void> {
    if (this.events.includes(e)) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ e, resolve }));
  }

  async #handle(e: EventName): Promise<boolean> {
    this.events.push(e);
    for (const w of this.#waiters.filter((x) => x.e === e)) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve();
    }
    const b = this.behaviour.get(e);
    if (!b) return true;
    if (b.gate) await b.gate;
    if (b.run) await b.run(this);
    if (b.failure !== undefined) this.SetWriterFailure(b.failure);
    return b.result ?? true;
  }

  override OnIdentify(m: IVssCreateWriterMetadata): Promise<boolean> {
    this.identify(m);
    return this.#handle('Identify');
  }
  override OnPrepareBackup(): Promise<boolean> {
    return this.#handle('PrepareBackup');
  }
  OnPrepareSnapshot(): Promise<boolean> {
    return this.#handle('PrepareSnapshot');
  }
  OnFreeze(): Promise<boolean> {
    return this.#handle('Freeze');
  }
  OnThaw(): Promise<boolean> {
    return this.#handle('Thaw');
  }
  override OnPostSnapshot(): Promise<boolean> {
    return this.#handle('PostSnapshot');
  }
  OnAbort(): Promise<boolean> {
    return this.#handle('Abort');
  }
  override OnBackupComplete(pComponent: IVssWriterComponents): Promise<boolean> {
    this.components = Array.from({ length: pComponent.GetComponentCount() }, (_, i) => pComponent.GetComponent(i));
    return this.#handle('BackupComplete');
  }
  override OnBackupShutdown(): Promise<boolean> {
    return this.#handle('BackupShutdown');
  }
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets the reference's background operation run until it waits on something. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** A new requester after InitializeForBackup and a completed GatherWriterMetadata. */
export async function gathered(vss: ReferenceVss): Promise<IVssBackupComponents> {
  const bc = await vss.CreateVssBackupComponents();
  await bc.InitializeForBackup();
  await awaitVssAsync(await bc.GatherWriterMetadata());
  return bc;
}

/** Initialize, GatherWriterMetadata, SetBackupState, StartSnapshotSet, AddToSnapshotSet(C:\). */
export async function startBackup(
  vss: ReferenceVss,
  opts: { select?: boolean; volumes?: string[] } = {},
): Promise<{ bc: IVssBackupComponents; setId: string; snapshotIds: string[] }> {
  const bc = await gathered(vss);
  await bc.SetBackupState(opts.select ?? false, false, VSS_BT_FULL);
  const setId = await bc.StartSnapshotSet();
  const snapshotIds: string[] = [];
  for (const v of opts.volumes ?? ['C:\\']) snapshotIds.push(await bc.AddToSnapshotSet(v));
  return { bc, setId, snapshotIds };
}

/** startBackup, a completed PrepareForBackup, then DoSnapshotSet started: its IVssAsync, not awaited. */
export async function startSnapshot(
  vss: ReferenceVss,
  opts: { select?: boolean; volumes?: string[] } = {},
): Promise<{ bc: IVssBackupComponents; setId: string; snapshotIds: string[]; op: IVssAsync }> {
  const started = await startBackup(vss, opts);
  await awaitVssAsync(await started.bc.PrepareForBackup());
  return { ...started, op: await started.bc.DoSnapshotSet() };
}

/** GatherWriterStatus and return every writer's [state, failure] by name. */
export async function writerStates(bc: IVssBackupComponents): Promise<Record<string, [number, number]>> {
  await awaitVssAsync(await bc.GatherWriterStatus());
  const out: Record<string, [number, number]> = {};
  const n = await bc.GetWriterStatusCount();
  for (let i = 0; i < n; i++) {
    const s = await bc.GetWriterStatus(i);
    out[s.pbstrWriter] = [s.pnStatus, s.phResultFailure];
  }
  await bc.FreeWriterStatus();
  return out;
}
