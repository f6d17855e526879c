// VSS_WRITER_STATE values by name (vss.h; spec: vss/VSS_WRITER_STATE.md), for error messages.
import * as ws from '../api/writer-enums.js';

const NAMES: readonly string[] = [
  'VSS_WS_UNKNOWN',
  'VSS_WS_STABLE',
  'VSS_WS_WAITING_FOR_FREEZE',
  'VSS_WS_WAITING_FOR_THAW',
  'VSS_WS_WAITING_FOR_POST_SNAPSHOT',
  'VSS_WS_WAITING_FOR_BACKUP_COMPLETE',
  'VSS_WS_FAILED_AT_IDENTIFY',
  'VSS_WS_FAILED_AT_PREPARE_BACKUP',
  'VSS_WS_FAILED_AT_PREPARE_SNAPSHOT',
  'VSS_WS_FAILED_AT_FREEZE',
  'VSS_WS_FAILED_AT_THAW',
  'VSS_WS_FAILED_AT_POST_SNAPSHOT',
  'VSS_WS_FAILED_AT_BACKUP_COMPLETE',
  'VSS_WS_FAILED_AT_PRE_RESTORE',
  'VSS_WS_FAILED_AT_POST_RESTORE',
  'VSS_WS_FAILED_AT_BACKUPSHUTDOWN',
];

/** `VSS_WS_FAILED_AT_FREEZE` for 9; `VSS_WRITER_STATE(n)` for a value vss.h does not name. */
export function writerStateName(state: number): string {
  return (state >= ws.VSS_WS_UNKNOWN && state < ws.VSS_WS_COUNT ? NAMES[state] : undefined) ?? `VSS_WRITER_STATE(${state})`;
}
