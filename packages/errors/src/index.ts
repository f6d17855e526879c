// @winbackup/errors: every Windows backup error code with its exact value, name, category and
// description, and typed errors that work across duplicate copies of the package.
export * from './generated/esent-codes.js';
export * from './generated/vss-codes.js';
export * from './generated/filehistory-codes.js';
export * from './generated/fh-state-codes.js';
export * from './generated/hresult-codes.js';
export * from './generated/win32-codes.js';
export * from './generated/facility-codes.js';
export { TABLE_COUNTS } from './generated/counts.js';

export * from './esent-categories.js';
export * from './hresult.js';
export { lookupJetError, jetErrorValue, allJetErrors, type JetErrorEntry } from './esent-lookup.js';
export {
  lookupHResult,
  describeHResult,
  lookupWin32Error,
  lookupFhProtectionState,
  facilityName,
  hresultValue,
  win32ErrorValue,
  facilityValue,
  type HResultEntry,
  type Win32ErrorEntry,
  type FhProtectionStateEntry,
} from './hresult-lookup.js';
export type { JetErrorCategoryName, HResultFamily } from './table-types.js';

export { WinBackupError, isWinBackupError, type WinBackupErrorOptions } from './errors/WinBackupError.js';
export * from './errors/JetError.js';
export { HResultError, hresultError, isHResultError } from './errors/HResultError.js';
