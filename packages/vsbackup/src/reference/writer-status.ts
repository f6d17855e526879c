// The one VSS_WRITER_STATE and failure HRESULT a writer has on this machine. Windows keeps a single
// state per writer, whatever requester asks (SEMANTICS.md §4 "State transitions"), so every
// requester's GatherWriterStatus reports the same values; the coordinator owns one per subscribed writer.
import { S_OK } from '@winbackup/errors';
import { VSS_WS_STABLE } from '../api/writer-enums.js';

export class WriterStatus {
  state = VSS_WS_STABLE;
  failure = S_OK;
  /** A failure is recorded for the current backup sequence (its HRESULT may be S_OK: see BackupComponents #deliver). */
  failed = false;

  /**
   * A new backup sequence starts for this writer: it is STABLE again with no failure. (inferred: the
   * docs do not say when a writer's last error is cleared; the next PrepareForBackup is the first
   * event of a new sequence that may change state, since Identify must not.)
   */
  reset(): void {
    this.state = VSS_WS_STABLE;
    this.failure = S_OK;
    this.failed = false;
  }
}
