import { isJetErrorCategoryWithin } from '../esent-categories.js';
import { lookupJetError } from '../esent-lookup.js';
import type { JetErrorCategoryName } from '../table-types.js';
import { brandOf } from './brand.js';
import { WinBackupError, type WinBackupErrorOptions } from './WinBackupError.js';

/**
 * An ESE error (a negative JET_ERR). One subclass per JET_errcat category, following the
 * hierarchy, so `catch (e) { if (e instanceof JetResourceError) ... }` handles Memory, Quota and
 * Disk errors together. `jetError(code)` builds the right subclass.
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

  constructor(code: number, options: WinBackupErrorOptions = {}) {
    const entry = lookupJetError(code);
    super('jet', `${entry.symbol} (${entry.value}): ${entry.description}`, options);
    this.code = entry.value;
    this.symbol = entry.symbol;
    this.description = entry.description;
    this.category = entry.category;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (brandOf(value) !== 'jet') return false;
    const wanted = this.category;
    return wanted === 'Error' || isJetErrorCategoryWithin((value as JetError).category, wanted);
  }
}

export class JetOperationError extends JetError {
  static override get category(): JetErrorCategoryName { return 'Operation'; }
  override readonly name: string = 'JetOperationError';
}
export class JetFatalError extends JetOperationError {
  static override get category(): JetErrorCategoryName { return 'Fatal'; }
  override readonly name: string = 'JetFatalError';
}
export class JetIOError extends JetOperationError {
  static override get category(): JetErrorCategoryName { return 'IO'; }
  override readonly name: string = 'JetIOError';
}
export class JetResourceError extends JetOperationError {
  static override get category(): JetErrorCategoryName { return 'Resource'; }
  override readonly name: string = 'JetResourceError';
}
export class JetMemoryError extends JetResourceError {
  static override get category(): JetErrorCategoryName { return 'Memory'; }
  override readonly name: string = 'JetMemoryError';
}
export class JetQuotaError extends JetResourceError {
  static override get category(): JetErrorCategoryName { return 'Quota'; }
  override readonly name: string = 'JetQuotaError';
}
export class JetDiskError extends JetResourceError {
  static override get category(): JetErrorCategoryName { return 'Disk'; }
  override readonly name: string = 'JetDiskError';
}
export class JetDataError extends JetError {
  static override get category(): JetErrorCategoryName { return 'Data'; }
  override readonly name: string = 'JetDataError';
}
export class JetCorruptionError extends JetDataError {
  static override get category(): JetErrorCategoryName { return 'Corruption'; }
  override readonly name: string = 'JetCorruptionError';
}
export class JetInconsistentError extends JetDataError {
  static override get category(): JetErrorCategoryName { return 'Inconsistent'; }
  override readonly name: string = 'JetInconsistentError';
}
export class JetFragmentationError extends JetDataError {
  static override get category(): JetErrorCategoryName { return 'Fragmentation'; }
  override readonly name: string = 'JetFragmentationError';
}
export class JetApiError extends JetError {
  static override get category(): JetErrorCategoryName { return 'Api'; }
  override readonly name: string = 'JetApiError';
}
export class JetUsageError extends JetApiError {
  static override get category(): JetErrorCategoryName { return 'Usage'; }
  override readonly name: string = 'JetUsageError';
}
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
 * True when `value` is a JetError from any copy of this package; with `code`, only that code;
 * with a category name, only errors in that branch of JET_ERRCAT.
 */
export function isJetError(value: unknown, code?: number): value is JetError {
  if (brandOf(value) !== 'jet') return false;
  return code === undefined || (value as JetError).code === code;
}

export function isJetErrorInCategory(value: unknown, category: JetErrorCategoryName): value is JetError {
  return isJetError(value) && isJetErrorCategoryWithin(value.category, category);
}
