// Entry gate "G" of the backup calls (SEMANTICS.md §1 "Shared gating", INST::ErrAPIEnter).
import { JET_errClientRequestToStopJetService, JET_errNotInitialized, jetError } from '@winbackup/errors';
import type { Instance } from '../engine/instance.js';

export function enterBackupCall(inst: Instance, context: string): void {
  if (inst.stopService) throw jetError(JET_errClientRequestToStopJetService, { context });
  if (inst.state !== 'running') throw jetError(JET_errNotInitialized, { context });
}
