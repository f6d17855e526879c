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
}

/** Options of {@link createReferenceVss}. */
export interface ReferenceVssOptions {
  /** Volume name (ending in `\`, e.g. `C:\`) -> local directory. */
  readonly volumes: Readonly<Record<string, string>>;
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
}
