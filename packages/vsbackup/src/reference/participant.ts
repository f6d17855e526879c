// One writer's part in one requester's backup: which events it has seen, so Abort goes only to the
// writers that should get it. Its VSS_WRITER_STATE and failure live in the coordinator's
// WriterStatus, shared by every requester, as Windows keeps one state per writer. SEMANTICS.md §4
import type { CVssWriter } from '../api/CVssWriter.js';
import type { VssTimerHandle } from './clock.js';
import type { VssWriterRegistration } from '../api/writer-host.js';
import type { WriterStatus } from './writer-status.js';

export class Participant {
  /** A handler returned false: no more events except Abort and BackupShutdown. */
  fatal = false;
  sawPrepareBackup = false;
  /** Reached PostSnapshot: OnAbort is no longer delivered (SEMANTICS.md §3). */
  pastPostSnapshot = false;
  frozen = false;
  abortDelivered = false;
  freezeTimer: VssTimerHandle | null = null;

  constructor(
    readonly writer: CVssWriter,
    readonly reg: VssWriterRegistration,
    readonly status: WriterStatus,
  ) {}

  get state(): number {
    return this.status.state;
  }
  get failure(): number {
    return this.status.failure;
  }

  /** Records the first failure of the sequence; later events do not overwrite it. */
  fail(failedState: number, hr: number): void {
    if (this.status.failed) return;
    this.status.failed = true;
    this.status.state = failedState;
    this.status.failure = hr;
  }

  /** Moves to the next waiting state unless a failure is already recorded. */
  advance(state: number): void {
    if (!this.status.failed) this.status.state = state;
  }

  get owesAbort(): boolean {
    return this.sawPrepareBackup && !this.pastPostSnapshot && !this.abortDelivered;
  }
}
