import { isJetErrorCategoryWithin } from '../esent-categories.js';
import { lookupJetError } from '../esent-lookup.js';
import type { JetErrorCategoryName } from '../table-types.js';
import { brandOf } from './brand.js';
import { WinBackupError, type WinBackupErrorOptions } from './WinBackupError.js';

/**
 * An ESE error (a negative JET_ERR). One subclass per JET_errcat category, following the
 * hierarchy, so `catch (e) { if (e instanceof JetResourceError) ... }` handles Memory, Quota and
 * Disk errors together. `jetError(code)` builds the right subclass.
 * @see https://learn.microsoft.com/en-us/windows/win32/extensible-storage-engine/jet-errcat
 */
export class JetError extends WinBackupError {
  /** The category a class stands for; `JetError` itself stands for every ESE error. */
  static get category(): JetErrorCategoryName {
    return 'Error';
  }

  override readonly name: string = 'JetError';
  readonly code: number;
  readonly symbol: string;
  readonly description: string;
  readonly category: JetErrorCategoryName;

  /**
   * An error for `code` whatever its category; prefer {@link jetError}, which picks the subclass.
   * @param code a JET_ERR (an unknown value gives `symbol` `JET_err<code>` and a generic description).
   * @param options `context` (appended to the message) and `cause`.
   */
  constructor(code: number, options: WinBackupErrorOptions = {}) {
    const entry = lookupJetError(code);
    super('jet', `${entry.symbol} (${entry.value}): ${entry.description}`, options);
    this.code = entry.value;
    this.symbol = entry.symbol;
    this.description = entry.description;
    this.category = entry.category;
  }

  /**
   * `instanceof` checks a brand, not the prototype chain, so it agrees across the ESM and CJS copies
   * of this package: true for an ESE error whose category lies in this class's branch.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (brandOf(value) !== 'jet') return false;
    const wanted = this.category;
    return wanted === 'Error' || isJetErrorCategoryWithin((value as JetError).category, wanted);
  }
}

/** An error of the JET_errcatOperation branch: the operation failed for a reason outside the caller's control (fatal, I/O and resource errors below it). */
export class JetOperationError extends JetError {
  static override get category(): JetErrorCategoryName { return 'Operation'; }
  override readonly name: string = 'JetOperationError';
}
/** JET_errcatFatal: the engine hit a condition it cannot continue from; the instance must be terminated. */
export class JetFatalError extends JetOperationError {
  static override get category(): JetErrorCategoryName { return 'Fatal'; }
  override readonly name: string = 'JetFatalError';
}
/** JET_errcatIO: a read or write of a file failed. */
export class JetIOError extends JetOperationError {
  static override get category(): JetErrorCategoryName { return 'IO'; }
  override readonly name: string = 'JetIOError';
}
/** JET_errcatResource: the engine ran out of a resource (memory, quota or disk below it). */
export class JetResourceError extends JetOperationError {
  static override get category(): JetErrorCategoryName { return 'Resource'; }
  override readonly name: string = 'JetResourceError';
}
/** JET_errcatMemory: out of memory. */
export class JetMemoryError extends JetResourceError {
  static override get category(): JetErrorCategoryName { return 'Memory'; }
  override readonly name: string = 'JetMemoryError';
}
/** JET_errcatQuota: a configured limit (sessions, cursors, versions, ...) was reached. */
export class JetQuotaError extends JetResourceError {
  static override get category(): JetErrorCategoryName { return 'Quota'; }
  override readonly name: string = 'JetQuotaError';
}
/** JET_errcatDisk: out of disk space. */
export class JetDiskError extends JetResourceError {
  static override get category(): JetErrorCategoryName { return 'Disk'; }
  override readonly name: string = 'JetDiskError';
}
/** JET_errcatData: the data on disk is wrong (corruption, inconsistency, fragmentation below it). */
export class JetDataError extends JetError {
  static override get category(): JetErrorCategoryName { return 'Data'; }
  override readonly name: string = 'JetDataError';
}
/** JET_errcatCorruption: a file failed verification. */
export class JetCorruptionError extends JetDataError {
  static override get category(): JetErrorCategoryName { return 'Corruption'; }
  override readonly name: string = 'JetCorruptionError';
}
/** JET_errcatInconsistent: files do not belong together (signatures, log ranges). */
export class JetInconsistentError extends JetDataError {
  static override get category(): JetErrorCategoryName { return 'Inconsistent'; }
  override readonly name: string = 'JetInconsistentError';
}
/** JET_errcatFragmentation: the data is too fragmented for the operation. */
export class JetFragmentationError extends JetDataError {
  static override get category(): JetErrorCategoryName { return 'Fragmentation'; }
  override readonly name: string = 'JetFragmentationError';
}
/** JET_errcatApi: the call itself was wrong (usage and state errors below it). */
export class JetApiError extends JetError {
  static override get category(): JetErrorCategoryName { return 'Api'; }
  override readonly name: string = 'JetApiError';
}
/** JET_errcatUsage: a bad argument or option. */
export class JetUsageError extends JetApiError {
  static override get category(): JetErrorCategoryName { return 'Usage'; }
  override readonly name: string = 'JetUsageError';
}
/** JET_errcatState: the call is not allowed in the current state (sequence errors). */
export class JetStateError extends JetApiError {
  static override get category(): JetErrorCategoryName { return 'State'; }
  override readonly name: string = 'JetStateError';
}

type JetErrorClass = new (code: number, options?: WinBackupErrorOptions) => JetError;

const CLASS_BY_CATEGORY: Partial<Record<JetErrorCategoryName, JetErrorClass>> = {
  Operation: JetOperationError,
  Fatal: JetFatalError,
  IO: JetIOError,
  Resource: JetResourceError,
  Memory: JetMemoryError,
  Quota: JetQuotaError,
  Disk: JetDiskError,
  Data: JetDataError,
  Corruption: JetCorruptionError,
  Inconsistent: JetInconsistentError,
  Fragmentation: JetFragmentationError,
  Api: JetApiError,
  Usage: JetUsageError,
  State: JetStateError,
};

/** Builds the category subclass for `code`: `throw jetError(JET_errBackupAbortByServer)`. */
export function jetError(code: number, options: WinBackupErrorOptions = {}): JetError {
  const Class = CLASS_BY_CATEGORY[lookupJetError(code).category] ?? JetError;
  return new Class(code, options);
}

/**
 * True when `value` is a JetError from any copy of this package; with `code`, only that code.
 * For a branch of JET_ERRCAT use {@link isJetErrorInCategory}.
 */
export function isJetError(value: unknown, code?: number): value is JetError {
  if (brandOf(value) !== 'jet') return false;
  return code === undefined || (value as JetError).code === code;
}

/** True for a JetError from any copy of this package whose category is `category` or lies below it. */
export function isJetErrorInCategory(value: unknown, category: JetErrorCategoryName): value is JetError {
  return isJetError(value) && isJetErrorCategoryWithin(value.category, category);
}
