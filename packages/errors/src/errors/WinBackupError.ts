import { brandOf, ERROR_BRAND, type ErrorBrand } from './brand.js';

/** What a thrower adds to an error: where it happened and why. */
export interface WinBackupErrorOptions {
  /** Where it happened, e.g. `JetReadFileInstance`; appended to the message. */
  readonly context?: string;
  /** The underlying error (an errno exception, another code), as `Error.cause`. */
  readonly cause?: unknown;
}

/** Base of every error this project throws for a Windows error code. */
export abstract class WinBackupError extends Error {
  /** @internal */
  declare readonly [ERROR_BRAND]: ErrorBrand;
  /** The numeric code: a JET_ERR, or a signed HRESULT. */
  abstract readonly code: number;
  /** Canonical symbol of the code, e.g. `JET_errBackupAbortByServer`, `VSS_E_BAD_STATE`. */
  abstract readonly symbol: string;
  abstract readonly description: string;
  readonly context: string | undefined;

  /** For the subclasses: `brand` marks the family so guards work across package copies. */
  protected constructor(brand: ErrorBrand, message: string, options: WinBackupErrorOptions) {
    super(options.context ? `${message} [${options.context}]` : message, options.cause === undefined ? undefined : { cause: options.cause });
    Object.defineProperty(this, ERROR_BRAND, { value: brand, enumerable: false });
    this.context = options.context;
  }

  /** `instanceof` checks a brand, so it agrees across the ESM and CJS copies of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return brandOf(value) !== undefined;
  }
}

/** True for any error of this package, from any copy of it. */
export function isWinBackupError(value: unknown): value is WinBackupError {
  return brandOf(value) !== undefined;
}
