// The reference VSS of one "machine": volumes that are directories, a snapshot store, the writers
// subscribed to it, and the system-wide snapshot-set lock shared by every requester created from it.
// spec: SEMANTICS.md §1 (StartSnapshotSet), §8
import { availableParallelism, hostname } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FAILED, hresultError, VSS_E_UNEXPECTED_WRITER_ERROR, VSS_E_WRITER_ALREADY_SUBSCRIBED } from '@winbackup/errors';
import { ScanPool } from '@winbackup/tree-scan';
import type { CVssWriter } from '../api/CVssWriter.js';
import type { IVssBackupComponents } from '../api/IVssBackupComponents.js';
import type { VssWriterHost, VssWriterRegistration } from '../api/writer-host.js';
import { BackupComponents } from './BackupComponents.js';
import { systemClock, type VssClock } from './clock.js';
import type { ReferenceVssOptions, ReferenceVssProviderHooks } from './options.js';
import { DEVICE_BASENAME, DEVICE_PREFIX, SnapshotStore } from './snapshot-store.js';
import { ctimeTellsWritesApart, reflinkSupported } from './fs-probe.js';
import { VolumeTable } from './volumes.js';
import { WriterStatus } from './writer-status.js';

/** @internal The options of a ReferenceVss with their defaults applied. */
export interface ReferenceVssSettings {
  readonly clock: VssClock;
  readonly machineName: string;
  readonly flushAndHoldTimeoutMs: number;
  readonly requirePrepareForBackup: boolean;
  readonly writerFailureHResult: number | 'writer';
  readonly maxSnapshotsPerVolume: number;
  readonly provider: ReferenceVssProviderHooks;
  readonly copyMethod: 'auto' | 'reflink' | 'precopy';
  readonly coarseTimestampMs: number | 'auto';
  /** The `\\?\Volume{GUID}\` names of the volumes no provider supports. */
  readonly unsupportedVolumes: ReadonlySet<string>;
}

/**
 * The reference VSS of one "machine": volumes that are directories, a store of snapshots (real,
 * read-only point-in-time copies), the writers subscribed to it, and the machine-wide snapshot-set
 * lock shared by every requester created from it. Create it with {@link createReferenceVss}.
 */
export class ReferenceVss implements VssWriterHost {
  /** @internal */
  readonly volumes: VolumeTable;
  /** @internal */
  readonly store: SnapshotStore;
  /** @internal */
  readonly settings: ReferenceVssSettings;
  readonly #writers = new Map<object, VssWriterRegistration>();
  /** One state per writer, shared by every requester (SEMANTICS.md §4); kept after Unsubscribe for status lists. */
  readonly #writerStatus = new WeakMap<object, WriterStatus>();
  /** @internal The requester holding the snapshot-set lock, from StartSnapshotSet until DoSnapshotSet ends. */
  lockOwner: object | null = null;
  /** @internal Threads that scan volumes for the pre-copy and its catch-up (idle ones never hold the process). */
  readonly scanPool = new ScanPool(availableParallelism() > 1 ? 2 : 0);
  #reflink: boolean | undefined;
  #coarseMs: number | undefined;

  /**
   * Same as {@link createReferenceVss}.
   * @throws TypeError for a missing store, a store inside a volume, or a bad option.
   */
  constructor(options: ReferenceVssOptions) {
    if (typeof options !== 'object' || options === null) throw new TypeError('createReferenceVss needs { volumes, store }');
    if (typeof options.store !== 'string' || options.store.length === 0) throw new TypeError('store must be a directory path');
    const num = (v: unknown, name: string, d: number): number => {
      if (v === undefined) return d;
      if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new TypeError(`${name} must be a positive integer`);
      return v;
    };
    this.volumes = new VolumeTable(options.volumes);
    const storeDir = resolve(options.store);
    for (const v of this.volumes.entries) {
      const rel = relative(v.dir, storeDir);
      // inside unless the first segment is `..` (a folder named `..snapshots` is inside)
      if (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel)) {
        throw new TypeError(`store ${storeDir} must not be inside volume ${v.name} (${v.dir})`);
      }
    }
    this.settings = {
      clock: options.clock ?? systemClock,
      machineName: options.machineName ?? hostname(),
      flushAndHoldTimeoutMs: num(options.flushAndHoldTimeoutMs, 'flushAndHoldTimeoutMs', 10_000),
      requirePrepareForBackup: options.requirePrepareForBackup ?? true,
      writerFailureHResult: writerFailureOption(options.writerFailureHResult),
      maxSnapshotsPerVolume: num(options.maxSnapshotsPerVolume, 'maxSnapshotsPerVolume', 512),
      provider: options.provider ?? {},
      copyMethod: copyMethodOption(options.copyMethod),
      coarseTimestampMs: coarseOption(options.coarseTimestampMs),
      unsupportedVolumes: unsupportedOption(options.unsupportedVolumes, this.volumes),
    };
    this.store = new SnapshotStore(storeDir);
  }

  /** @internal How snapshots are copied on this machine ('auto' probes the store's file system once). */
  copyMethod(): 'reflink' | 'precopy' {
    const m = this.settings.copyMethod;
    if (m !== 'auto') return m;
    this.#reflink ??= reflinkSupported(this.store.tempDirPath());
    return this.#reflink ? 'reflink' : 'precopy';
  }

  /** @internal The pre-copy's coarse-timestamp window ('auto': 0 where a write after a stat always changes ctime, else 2000 ms). */
  coarseTimestampMs(): number {
    const v = this.settings.coarseTimestampMs;
    if (v !== 'auto') return v;
    this.#coarseMs ??= ctimeTellsWritesApart(this.store.tempDirPath()) ? 0 : 2000;
    return this.#coarseMs;
  }

  /**
   * A new requester object on this machine (CreateVssBackupComponents); release it with Release.
   * @returns a fresh IVssBackupComponents.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-createvssbackupcomponents
   */
  async CreateVssBackupComponents(): Promise<IVssBackupComponents> {
    return new BackupComponents(this);
  }

  /**
   * Registers a writer for events (CVssWriter::Subscribe calls it).
   * @throws VSS_E_WRITER_ALREADY_SUBSCRIBED: a writer with the same class id and instance name is subscribed.
   */
  subscribeWriter(writer: object, registration: VssWriterRegistration): void {
    for (const r of this.#writers.values()) {
      if (r.writerId === registration.writerId && r.instanceName === registration.instanceName) {
        throw hresultError(VSS_E_WRITER_ALREADY_SUBSCRIBED, { context: 'CVssWriter::Subscribe' });
      }
    }
    this.#writers.set(writer, registration);
    this.#writerStatus.set(writer, new WriterStatus());
  }

  /** @internal The writer's machine-wide VSS_WRITER_STATE and failure. */
  writerStatus(writer: object): WriterStatus {
    let s = this.#writerStatus.get(writer);
    if (!s) this.#writerStatus.set(writer, (s = new WriterStatus()));
    return s;
  }

  /** Removes a writer (CVssWriter::Unsubscribe calls it). */
  unsubscribeWriter(writer: object): void {
    this.#writers.delete(writer);
  }

  /** @internal */
  isSubscribed(writer: object): boolean {
    return this.#writers.has(writer);
  }

  /** @internal The writers subscribed now, in subscription order. */
  subscribedWriters(): { writer: CVssWriter; reg: VssWriterRegistration }[] {
    return [...this.#writers].map(([writer, reg]) => ({ writer: writer as CVssWriter, reg }));
  }

  /**
   * Local path of a Windows path on this machine: a snapshot device path
   * (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN\dir\file`) or a live volume path (`C:\dir\file`).
   * Undefined when it names nothing here (or a snapshot that is gone).
   * @returns the local path, or undefined.
   */
  resolvePath(windowsPath: string): string | undefined {
    if (typeof windowsPath !== 'string') throw new TypeError('windowsPath must be a string');
    // `..` never climbs above the volume or snapshot root, as on a Windows device path
    const toLocal = (base: string, rest: string): string => {
      const parts: string[] = [];
      for (const seg of rest.split('\\')) {
        if (seg === '..') parts.pop();
        else if (seg !== '' && seg !== '.') parts.push(seg);
      }
      return join(base, ...parts);
    };
    if (windowsPath.toLowerCase().startsWith((DEVICE_PREFIX + DEVICE_BASENAME).toLowerCase())) {
      const m = /^(\\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy\d+)(\\.*)?$/i.exec(windowsPath);
      if (!m) return undefined;
      const dir = this.store.dirOfDevice(m[1]!);
      return dir === undefined ? undefined : toLocal(dir, m[2] ?? '');
    }
    const hit = this.volumes.split(windowsPath);
    return hit ? toLocal(hit.volume.dir, hit.rest) : undefined;
  }
}

function copyMethodOption(v: unknown): 'auto' | 'reflink' | 'precopy' {
  if (v === undefined) return 'auto';
  if (v !== 'auto' && v !== 'reflink' && v !== 'precopy') throw new TypeError("copyMethod must be 'auto', 'reflink' or 'precopy'");
  return v;
}

function coarseOption(v: unknown): number | 'auto' {
  if (v === undefined || v === 'auto') return 'auto';
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new TypeError("coarseTimestampMs must be 'auto' or a non-negative integer");
  return v;
}

function writerFailureOption(v: unknown): number | 'writer' {
  if (v === undefined) return VSS_E_UNEXPECTED_WRITER_ERROR;
  if (v === 'writer') return v;
  if (typeof v !== 'number' || !Number.isInteger(v) || !FAILED(v | 0)) {
    throw new TypeError("writerFailureHResult must be a failure HRESULT or 'writer'");
  }
  return v | 0;
}

/**
 * Creates a reference VSS: `volumes` maps volume names (ending in `\\`, e.g. `C:\\`) to existing
 * directories, `store` is the directory that keeps snapshots (not inside a volume). Requesters come
 * from `vss.CreateVssBackupComponents()`, writers subscribe with `new MyWriter(vss)`.
 * @throws TypeError for a missing store, a store inside a volume, or a bad option.
 * @see https://learn.microsoft.com/en-us/windows/win32/vss/the-vss-model
 */
export function createReferenceVss(options: ReferenceVssOptions): ReferenceVss {
  return new ReferenceVss(options);
}

/** The unsupportedVolumes option: names of configured volumes, kept as their GUID names. */
function unsupportedOption(v: unknown, volumes: VolumeTable): ReadonlySet<string> {
  if (v === undefined) return new Set();
  if (!Array.isArray(v)) throw new TypeError('unsupportedVolumes must be an array of volume names');
  return new Set(
    v.map((name: unknown) => {
      const entry = typeof name === 'string' ? volumes.lookup(name) : undefined;
      if (!entry) throw new TypeError(`unsupportedVolumes: ${JSON.stringify(name)} is not one of the volumes`);
      return entry.guidName;
    }),
  );
}
