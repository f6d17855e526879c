// Tour step: decoding real codes a backup tool meets.
import {
  describeHResult,
  FHSVC_E_BACKUP_BLOCKED,
  HRESULT_FROM_WIN32,
  ERROR_SHARING_VIOLATION,
  isJetError,
  JET_errBackupAbortByServer,
  JetApiError,
  JetOperationError,
  jetError,
  lookupJetError,
  VSS_E_BAD_STATE,
  VSS_E_SNAPSHOT_SET_IN_PROGRESS,
  formatHResult,
} from '@winbackup/errors';

export async function tourErrors(log: (line: string) => void): Promise<void> {
  const abort = lookupJetError(JET_errBackupAbortByServer);
  log(`${abort.symbol} = ${abort.value} (${abort.category}): ${abort.description}`);
  for (const hr of [VSS_E_BAD_STATE, VSS_E_SNAPSHOT_SET_IN_PROGRESS, FHSVC_E_BACKUP_BLOCKED, HRESULT_FROM_WIN32(ERROR_SHARING_VIOLATION)]) {
    log(describeHResult(hr));
  }
  try {
    throw jetError(JET_errBackupAbortByServer, { context: 'JetReadFileInstance' });
  } catch (e) {
    const kind = e instanceof JetOperationError ? 'operational' : e instanceof JetApiError ? 'API' : 'other';
    log(`caught ${isJetError(e, JET_errBackupAbortByServer) ? 'JET_errBackupAbortByServer' : 'something else'} (${kind} error), HRESULT form of VSS_E_BAD_STATE is ${formatHResult(VSS_E_BAD_STATE)}`);
  }
}
