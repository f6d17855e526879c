// What the reference service reports while it works: the Windows service writes these to its
// event log (fhsvc.dll messages, SEMANTICS.md §4 "Per-file results"); here they go to a callback.

export interface SkippedFile {
  readonly path: string;
  /** Why: 'unreadable', 'vanished', 'reparse-point', 'not-a-file', 'unsafe-target-path', 'scan-failed'. */
  readonly reason: string;
  readonly message: string;
}

export interface CycleReport {
  /** The backup set time: the stamp in every version name of this cycle. */
  readonly backupSetTime: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly lowPriorityIo: boolean;
  /** Files in scope that were looked at. */
  readonly scanned: number;
  /** Files new or changed since their newest version. */
  readonly changed: number;
  /** Source paths whose version was created in this cycle. */
  readonly copied: readonly string[];
  readonly skipped: readonly SkippedFile[];
  /** True when FhServiceStopBackup/BlockBackup/service stop ended the cycle early. */
  readonly stopped: boolean;
  /** The HRESULT when the cycle could not run (target absent, config error); undefined otherwise. */
  readonly error?: number;
}

export type FhEvent =
  | { readonly type: 'cycle-start'; readonly backupSetTime: number }
  | { readonly type: 'scan-complete'; readonly scanned: number; readonly changed: number }
  | { readonly type: 'copy-progress'; readonly sourcePath: string; readonly bytes: number }
  | { readonly type: 'version-created'; readonly sourcePath: string; readonly storedPath: string }
  | { readonly type: 'file-skipped'; readonly skipped: SkippedFile }
  | { readonly type: 'recovery'; readonly tempFilesRemoved: number; readonly orphanFilesRemoved: number; readonly orphanRowsRemoved: number }
  | { readonly type: 'cycle-end'; readonly report: CycleReport };
