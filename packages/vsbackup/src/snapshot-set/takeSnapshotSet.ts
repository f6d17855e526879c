// A snapshot set in one call, over IVssBackupComponents only (the reference and a native vssapi.dll
// alike), in the order real requesters use (spec: vss/overview-of-backup-initialization.md,
// shadow-copy-creation-details.md; SEMANTICS.md §1, §7 for restic's):
//   InitializeForBackup, SetContext, SetBackupState, GatherWriterMetadata, [AddComponent...],
//   StartSnapshotSet, AddToSnapshotSet..., PrepareForBackup, DoSnapshotSet, GetSnapshotProperties...
// and always a clean way out (SEMANTICS.md §3, W:aborting-vss-operations.md):
//   success:  SetBackupSucceeded per component, BackupComplete, DeleteSnapshots (auto-release set), Release
//   failure:  AbortBackup (once StartSnapshotSet ran), DeleteSnapshots (once DoSnapshotSet ran), Release
// Writerless contexts (VSS_VOLSNAP_ATTR_NO_WRITERS) skip PrepareForBackup and BackupComplete, which
// they refuse (SEMANTICS.md §2).
import { hresultError, isHResultError, VSS_E_OBJECT_NOT_FOUND } from '@winbackup/errors';
import { VSS_CTX_BACKUP, VSS_VOLSNAP_ATTR_NO_AUTO_RELEASE, VSS_VOLSNAP_ATTR_NO_WRITERS } from '../api/contexts.js';
import { INFINITE, VSS_BT_FULL, VSS_OBJECT_SNAPSHOT_SET } from '../api/enums.js';
import type { IVssAsync } from '../api/IVssAsync.js';
import type { IVssBackupComponents } from '../api/IVssBackupComponents.js';
import type { VSS_ID } from '../api/ids.js';
import { SnapshotSetError } from './SnapshotSetError.js';
import {
  DEFAULT_VSS_ASYNC_TIMEOUT_MS,
  type SnapshotOfVolume,
  type SnapshotSetOptions,
  type SnapshotSetStep,
  type VssComponentSelection,
  type VssRequesterFactory,
  type VssWriterStatusEntry,
} from './types.js';
import { AsyncWaitEnded, waitForAsync } from './waitForAsync.js';
import { writerStateName } from './writerStateName.js';

/** How long the writer-status report of a failure may wait (it must not hold the clean-up up). */
const STATUS_TIMEOUT_MS = 10_000;

/**
 * Takes a snapshot set of `options.volumes` and hands it over: read `set.snapshots[i].path`, then
 * `set.complete()` (BackupComplete: the backup succeeded). Leaving an `await using` block, or
 * `set.abort()`, without complete() aborts it (AbortBackup). Either way the snapshots of an
 * auto-release context are deleted and the requester released.
 *
 * ```ts
 * await using set = await takeSnapshotSet(vss, { volumes: ['C:\\'], signal });
 * await copyTree(set.snapshots[0]!.path, dest);
 * await set.complete();
 * ```
 *
 * A failing step cleans up first, then rejects with a {@link SnapshotSetError} naming the step and
 * the writers' states; the snapshot-set lock is never left held.
 */
export async function takeSnapshotSet(vss: VssRequesterFactory, options: SnapshotSetOptions): Promise<SnapshotSet> {
  const o = checkOptions(vss, options);
  const session = new SnapshotSetSession(o);
  await session.run(vss);
  return new SnapshotSet(session);
}

/**
 * The callback form: takes the set, runs `fn` with it, then completes the backup if `fn` resolved
 * (SetBackupSucceeded per component, BackupComplete) or aborts it if `fn` threw; cleans up either
 * way and resolves with what `fn` returned.
 */
export async function withSnapshotSet<T>(vss: VssRequesterFactory, options: SnapshotSetOptions, fn: (set: SnapshotSet) => Promise<T>): Promise<T> {
  if (typeof fn !== 'function') throw new TypeError('fn must be a function');
  const set = await takeSnapshotSet(vss, options);
  let result: T;
  try {
    result = await fn(set);
  } catch (e) {
    await set.abort();
    throw e;
  }
  await set.complete();
  return result;
}

interface CheckedOptions {
  readonly volumes: readonly string[];
  readonly backupType: number;
  readonly context: number;
  readonly components: readonly VssComponentSelection[] | undefined;
  readonly bootableSystemState: boolean;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onStep: ((step: SnapshotSetStep) => void) | undefined;
  readonly resolvePath: ((p: string) => string | undefined) | undefined;
}

function checkOptions(vss: VssRequesterFactory, options: SnapshotSetOptions): CheckedOptions {
  if (typeof vss !== 'object' || vss === null || typeof vss.CreateVssBackupComponents !== 'function') {
    throw new TypeError('vss must have CreateVssBackupComponents()');
  }
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const { volumes, signal, onStep, components } = options;
  if (!Array.isArray(volumes) || volumes.length === 0 || !volumes.every((v) => typeof v === 'string')) {
    throw new TypeError('volumes must be a non-empty array of volume names');
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError('signal must be an AbortSignal');
  if (onStep !== undefined && typeof onStep !== 'function') throw new TypeError('onStep must be a function');
  if (components !== undefined && !Array.isArray(components)) throw new TypeError('components must be an array');
  const timeoutMs = options.timeoutMs ?? DEFAULT_VSS_ASYNC_TIMEOUT_MS;
  if (timeoutMs !== Infinity && (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs >= INFINITE)) {
    throw new TypeError('timeoutMs must be a positive integer number of milliseconds (under 0xFFFFFFFF) or Infinity');
  }
  const resolvePath = typeof vss.resolvePath === 'function' ? vss.resolvePath.bind(vss) : undefined;
  return {
    volumes: [...volumes],
    backupType: options.backupType ?? VSS_BT_FULL,
    context: options.context ?? VSS_CTX_BACKUP,
    components: components && components.length > 0 ? [...components] : undefined,
    bootableSystemState: options.bootableSystemState ?? false,
    timeoutMs: timeoutMs === Infinity ? INFINITE : timeoutMs,
    signal,
    onStep,
    resolvePath,
  };
}

/** @internal The requester object of one snapshot set and how far it got: what the way out must undo. */
export class SnapshotSetSession {
  bc: IVssBackupComponents | undefined;
  setId: VSS_ID | undefined;
  snapshotStarted = false;
  snapshots: SnapshotOfVolume[] = [];
  /** The selected components with their writer instances. */
  components: (VssComponentSelection & { readonly instanceId: VSS_ID })[] = [];
  ended = false;

  constructor(readonly o: CheckedOptions) {}

  get writerless(): boolean {
    return (this.o.context & VSS_VOLSNAP_ATTR_NO_WRITERS) !== 0;
  }

  get autoRelease(): boolean {
    return (this.o.context & VSS_VOLSNAP_ATTR_NO_AUTO_RELEASE) === 0;
  }

  /** Runs one step; a failure (or an abort noticed before it) cleans up and throws a SnapshotSetError. */
  async step<T>(name: SnapshotSetStep, fn: () => Promise<T>): Promise<T> {
    if (this.o.signal?.aborted) throw await this.fail(name, 'aborted', this.o.signal.reason);
    this.o.onStep?.(name);
    try {
      return await fn();
    } catch (e) {
      if (e instanceof AsyncWaitEnded) throw await this.fail(name, e.how, e.cause, e.asyncStatus);
      throw await this.fail(name, this.o.signal?.aborted ? 'aborted' : 'failed', this.o.signal?.aborted ? this.o.signal.reason : e);
    }
  }

  /** An IVssAsync-returning step: the call, then the bounded, abortable wait. */
  asyncStep(name: SnapshotSetStep, start: () => Promise<IVssAsync>): Promise<void> {
    return this.step(name, async () => waitForAsync(await start(), name, this.o.timeoutMs, this.o.signal));
  }

  async run(vss: VssRequesterFactory): Promise<void> {
    const { o } = this;
    this.bc = await this.step('CreateVssBackupComponents', () => vss.CreateVssBackupComponents());
    const bc = this.bc;
    await this.step('InitializeForBackup', () => bc.InitializeForBackup());
    await this.step('SetContext', () => bc.SetContext(o.context));
    await this.step('SetBackupState', () => bc.SetBackupState(o.components !== undefined, o.bootableSystemState, o.backupType as never, false));
    await this.asyncStep('GatherWriterMetadata', () => bc.GatherWriterMetadata());
    if (o.components) {
      this.components = await this.step('AddComponent', () => this.instancesOf(o.components!));
      for (const c of this.components) {
        await this.step('AddComponent', () => bc.AddComponent(c.instanceId, c.writerId, c.componentType, c.logicalPath, c.componentName));
      }
    }
    this.setId = await this.step('StartSnapshotSet', () => bc.StartSnapshotSet());
    const ids: VSS_ID[] = [];
    for (const v of o.volumes) ids.push(await this.step('AddToSnapshotSet', () => bc.AddToSnapshotSet(v)));
    if (!this.writerless) await this.asyncStep('PrepareForBackup', () => bc.PrepareForBackup());
    await this.asyncStep('DoSnapshotSet', () => {
      this.snapshotStarted = true;
      return bc.DoSnapshotSet();
    });
    for (let i = 0; i < ids.length; i++) {
      const p = await this.step('GetSnapshotProperties', () => bc.GetSnapshotProperties(ids[i]!));
      const deviceObject = p.m_pwszSnapshotDeviceObject;
      this.snapshots.push({
        volume: o.volumes[i]!,
        snapshotId: p.m_SnapshotId,
        deviceObject,
        path: o.resolvePath?.(deviceObject) ?? `${deviceObject}\\`,
        properties: p,
      });
    }
  }

  /** Fills in the writer instance of each selection from the gathered metadata (GetWriterMetadata, GetIdentity). */
  async instancesOf(selected: readonly VssComponentSelection[]): Promise<(VssComponentSelection & { readonly instanceId: VSS_ID })[]> {
    const bc = this.bc!;
    const instances = new Map<string, VSS_ID>();
    if (selected.some((c) => c.instanceId === undefined)) {
      const n = await bc.GetWriterMetadataCount();
      for (let i = 0; i < n; i++) {
        const { pidInstance, ppMetadata } = await bc.GetWriterMetadata(i);
        const id = await ppMetadata.GetIdentity();
        if (!instances.has(id.pidWriter.toLowerCase())) instances.set(id.pidWriter.toLowerCase(), pidInstance);
      }
    }
    return selected.map((c) => {
      const instanceId = c.instanceId ?? instances.get(c.writerId.toLowerCase());
      if (instanceId === undefined) throw hresultError(VSS_E_OBJECT_NOT_FOUND, { context: `AddComponent: no writer ${c.writerId} reported metadata` });
      return { ...c, instanceId };
    });
  }

  /** Cleans up after a failed step and builds its error (with the writers' states, read before the clean-up). */
  async fail(step: SnapshotSetStep, how: 'failed' | 'timeout' | 'aborted', cause: unknown, asyncStatus?: number): Promise<SnapshotSetError> {
    const writers = await this.writerStatus();
    const cleanupErrors = await this.end(false);
    return new SnapshotSetError(step, how, cause, writers, cleanupErrors, asyncStatus);
  }

  /** GatherWriterStatus and every GetWriterStatus; empty where the state of the object does not allow it. */
  async writerStatus(): Promise<VssWriterStatusEntry[]> {
    const bc = this.bc;
    if (!bc || this.ended || this.writerless) return [];
    try {
      // not the caller's signal: an aborted backup still reports its writers
      await waitForAsync(await bc.GatherWriterStatus(), 'GatherWriterStatus', Math.min(this.o.timeoutMs, STATUS_TIMEOUT_MS), undefined);
      const out: VssWriterStatusEntry[] = [];
      const n = await bc.GetWriterStatusCount();
      for (let i = 0; i < n; i++) {
        const s = await bc.GetWriterStatus(i);
        out.push({ writerName: s.pbstrWriter, writerId: s.pidWriter, instanceId: s.pidInstance, state: s.pnStatus, stateName: writerStateName(s.pnStatus), failure: s.phResultFailure });
      }
      await bc.FreeWriterStatus();
      return out;
    } catch {
      return [];
    }
  }

  /**
   * The way out, once: AbortBackup unless the backup succeeded (only once StartSnapshotSet ran),
   * DeleteSnapshots of the set when it was attempted (on failure) or is auto-release (on success),
   * then Release. Returns the errors of these calls; none of them stops the next.
   */
  async end(succeeded: boolean): Promise<unknown[]> {
    if (this.ended) return [];
    this.ended = true;
    const bc = this.bc;
    if (!bc) return [];
    const errors: unknown[] = [];
    const attempt = async (fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (e) {
        errors.push(e);
      }
    };
    if (!succeeded && this.setId !== undefined) await attempt(() => bc.AbortBackup());
    if (this.snapshotStarted && this.setId !== undefined && (!succeeded || this.autoRelease)) {
      const setId = this.setId;
      await attempt(async () => {
        try {
          await bc.DeleteSnapshots(setId, VSS_OBJECT_SNAPSHOT_SET, true);
        } catch (e) {
          // DoSnapshotSet failed before any snapshot existed
          if (!isHResultError(e, VSS_E_OBJECT_NOT_FOUND)) throw e;
        }
      });
    }
    await attempt(() => bc.Release());
    return errors;
  }
}

/**
 * A snapshot set taken by {@link takeSnapshotSet}: its snapshots, and the way out. Exactly one of
 * `complete()` and `abort()` takes effect; `[Symbol.asyncDispose]` aborts a set not completed.
 */
export class SnapshotSet implements AsyncDisposable {
  readonly #session: SnapshotSetSession;
  #state: 'taken' | 'completed' | 'aborted' = 'taken';

  /** @internal Use {@link takeSnapshotSet}. */
  constructor(session: SnapshotSetSession) {
    this.#session = session;
  }

  /** The snapshot set ID (StartSnapshotSet). */
  get snapshotSetId(): VSS_ID {
    return this.#session.setId!;
  }

  /** One snapshot per volume, in the order of `options.volumes`. */
  get snapshots(): readonly SnapshotOfVolume[] {
    return this.#session.snapshots;
  }

  /** Taken (snapshots readable), completed, or aborted. */
  get state(): 'taken' | 'completed' | 'aborted' {
    return this.#state;
  }

  /**
   * The requester object, for calls the layer does not make (SaveAsXML, GetWriterMetadata...).
   * Do not Release or abort it yourself.
   */
  get backupComponents(): IVssBackupComponents {
    return this.#session.bc!;
  }

  /**
   * The backup succeeded: SetBackupSucceeded(true) per component, BackupComplete (a bounded,
   * abortable wait), DeleteSnapshots of an auto-release set, Release. A failing SetBackupSucceeded
   * or BackupComplete still deletes and releases, then rejects with a {@link SnapshotSetError}.
   */
  async complete(): Promise<void> {
    if (this.#state !== 'taken') throw new Error(`the snapshot set is already ${this.#state}`);
    this.#state = 'completed';
    const s = this.#session;
    const bc = s.bc!;
    let failed: SnapshotSetError | undefined;
    try {
      for (const c of s.components) {
        await s.step('SetBackupSucceeded', () => bc.SetBackupSucceeded(c.instanceId, c.writerId, c.componentType, c.logicalPath, c.componentName, true));
      }
      if (!s.writerless) await s.asyncStep('BackupComplete', () => bc.BackupComplete());
    } catch (e) {
      // step() already cleaned up (AbortBackup, DeleteSnapshots, Release)
      failed = e as SnapshotSetError;
    }
    if (failed) throw failed;
    const errors = await s.end(true);
    if (errors.length > 0) throw new SnapshotSetError('BackupComplete', 'failed', errors[0], [], errors);
  }

  /** The backup did not succeed: AbortBackup, DeleteSnapshots, Release. Idempotent; a no-op once completed. */
  async abort(): Promise<void> {
    if (this.#state !== 'taken') return;
    this.#state = 'aborted';
    await this.#session.end(false);
  }

  /** `await using`: a set neither completed nor aborted is aborted. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.abort();
  }
}
