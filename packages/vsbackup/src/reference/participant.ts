// One writer's part in one backup: its VSS_WRITER_STATE, failure HRESULT and which events it has
// seen, so Abort goes only to the writers that should get it. The reference keeps this per
// requester object (Windows keeps one state per writer; the set lock serialises snapshots, so the
// difference shows only with two requesters preparing at once). SEMANTICS.md §4
import { S_OK } from '@winbackup/errors';
import type { CVssWriter } from '../api/CVssWriter.js';
import type { VssTimerHandle } from './clock.js';
import type { VssWriterRegistration } from '../api/writer-host.js';
import { VSS_WS_STABLE } from '../api/writer-enums.js';

export class Participant {
  state = VSS_WS_STABLE;
  failure = S_OK;
  /** A handler returned false: no more events except Abort and BackupShutdown. */
  fatal = false;
  sawPrepareBackup = false;
  /** Past PostSnapshot (or the set committed): OnAbort is no longer delivered. */
  pastPostSnapshot = false;
  frozen = false;
  abortDelivered = false;
  freezeTimer: VssTimerHandle | null = null;

  constructor(
    readonly writer: CVssWriter,
    readonly reg: VssWriterRegistration,
  ) {}

  /** Records the first failure; later events do not overwrite it. */
  fail(failedState: number, hr: number): void {
    if (this.failure !== S_OK) return;
    this.state = failedState;
    this.failure = hr;
  }

  /** Moves to the next waiting state unless a failure is already recorded. */
  advance(state: number): void {
    if (this.failure === S_OK) this.state = state;
  }

  get owesAbort(): boolean {
    return this.sawPrepareBackup && !this.pastPostSnapshot && !this.abortDelivered;
  }
}
