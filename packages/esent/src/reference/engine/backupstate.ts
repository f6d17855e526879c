// Per-instance backup bookkeeping the streaming backup module drives (SEMANTICS.md §2, §3). The
// engine consults it where Windows does: JetAttachDatabase/JetDetachDatabase fail with
// JET_errBackupInProgress, a clean JetTerm2 fails with it, JetTerm2(JET_bitTermStopBackup) and an
// abrupt JetTerm cancel the backup, and circular logging keeps logs a running backup still needs.
export class BackupState {
  /** Any backup (external, JetBackupInstance or OS snapshot) is active. */
  inProgress = false;
  /** JetStopBackupInstance was called (m_fStopBackup). */
  stopRequested = false;
  /** Lowest log generation a running backup still has to copy; circular logging keeps it. */
  holdLogsFrom: number | undefined;
  /** Installed by the backup module: ends a running backup as "aborted by server" (JetTerm). */
  cancel: (() => void) | undefined;

  /** Cancels a running backup (JetTerm abrupt / JET_bitTermStopBackup). */
  cancelForTerm(): void {
    if (!this.inProgress) return;
    this.cancel?.();
    this.inProgress = false;
    this.stopRequested = false;
    this.holdLogsFrom = undefined;
  }
}
