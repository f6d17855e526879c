// Options of createReferenceVss.
import type { VssClock } from './clock.js';

/** Hooks into the reference provider's commit, for tests of timeouts and provider failures. */
export interface ReferenceVssProviderHooks {
  /**
   * Called at each step of the provider's commit while writes are held: 'flush' then 'hold' (the
   * copy follows 'hold'). A test can advance a manual clock here to cross the flush-and-hold window,
   * or throw to play a provider failure (DoSnapshotSet then fails with VSS_E_UNEXPECTED_PROVIDER_ERROR).
   */
  onCommit?(phase: 'flush' | 'hold', snapshotSetId: string): void | Promise<void>;
  /**
   * Called while the provider prepares a volume (EndPrepareSnapshots), after every writer's
   * PrepareForSnapshot and before any Freeze: 'copying' once the pre-copy of the volume is under
   * way (its folders exist, its files are not copied yet; only with the 'precopy' method), then
   * 'copied' once the volume is ready for the freeze. Throwing plays a provider failure.
   */
  onPrepare?(phase: 'copying' | 'copied', snapshotSetId: string, volumeName: string): void | Promise<void>;
}

/** Options of {@link createReferenceVss}. */
export interface ReferenceVssOptions {
  /** Volume name (ending in `\`, e.g. `C:\`) -> local directory. */
  readonly volumes: Readonly<Record<string, string>>;
  /**
   * Volume names (each one of `volumes`) that no provider supports, as a volume of a file system the
   * system provider cannot shadow-copy may be: IsVolumeSupported gives FALSE, AddToSnapshotSet
   * VSS_E_VOLUME_NOT_SUPPORTED (with GUID_NULL: no provider supports it) or
   * VSS_E_VOLUME_NOT_SUPPORTED_BY_PROVIDER (with the system provider named). Default: none.
   */
  readonly unsupportedVolumes?: readonly string[];
  /** Where snapshot copies and the catalog live; must not be inside a volume. */
  readonly store: string;
  readonly clock?: VssClock;
  /** m_pwszOriginatingMachine / m_pwszServiceMachine; defaults to os.hostname(). */
  readonly machineName?: string;
  /** Kernel flush-and-hold window around the commit, ms (Windows: 10 s). */
  readonly flushAndHoldTimeoutMs?: number;
  /**
   * DoSnapshotSet in a writer context without PrepareForBackup gives VSS_E_BAD_STATE (default true).
   * The documentation only says PrepareForBackup "should" be called
   * (https://learn.microsoft.com/en-us/windows/win32/api/vsbackup/nf-vsbackup-ivssbackupcomponents-prepareforbackup).
   */
  readonly requirePrepareForBackup?: boolean;
  /**
   * The code DoSnapshotSet fails with when a writer fails Freeze or Thaw or misses the freeze window.
   * Windows does not document it: VSS_E_UNEXPECTED_WRITER_ERROR (the default) and the writer's own
   * HRESULT are the candidates. `'writer'` gives the failing writer's SetWriterFailure code
   * (VSS_E_WRITERERROR_TIMEOUT for a missed window; VSS_E_UNEXPECTED_WRITER_ERROR when it set none);
   * a number (a failure HRESULT) is used as is.
   */
  readonly writerFailureHResult?: number | 'writer';
  /** Committed snapshots per volume before VSS_E_MAXIMUM_NUMBER_OF_SNAPSHOTS_REACHED (Windows: 64 on old systems, 512 later). */
  readonly maxSnapshotsPerVolume?: number;
  readonly provider?: ReferenceVssProviderHooks;
  /**
   * How a snapshot's copy is made. 'reflink': the tree is cloned inside the freeze (COPYFILE_FICLONE;
   * a byte copy where the file system cannot clone). 'precopy': the tree is copied before the
   * freeze and brought up to date inside it with only what changed. 'auto' (default): 'reflink'
   * where the store's file system clones files, 'precopy' elsewhere.
   */
  readonly copyMethod?: 'auto' | 'reflink' | 'precopy';
  /**
   * 'precopy': files whose ctime is less than this many ms before the pre-copy started (or later)
   * are copied again inside the freeze, since a second same-size write within one timestamp tick
   * can leave mtime and ctime as they were. 'auto' (default) probes the store's file system: 0 where
   * a write after a stat always gets a new ctime (Linux multigrain timestamps), else 2000 (covers
   * coarse clocks and FAT's 2 s). Set it when a volume lives on a coarser file system than the store.
   */
  readonly coarseTimestampMs?: number | 'auto';
}
