import { lookupHResult, type HResultEntry } from '../hresult-lookup.js';
import { toSignedHResult } from '../hresult.js';
import { brandOf } from './brand.js';
import { WinBackupError, type WinBackupErrorOptions } from './WinBackupError.js';

/** A failed HRESULT from VSS, File History, COM or a wrapped Win32 error. */
export class HResultError extends WinBackupError {
  override readonly name: string = 'HResultError';
  /** Signed 32-bit HRESULT, as the C type; compare with the package's constants. */
  readonly code: number;
  readonly symbol: string;
  readonly description: string;
  /** `0x80042301`. */
  readonly hex: string;
  readonly family: HResultEntry['family'];
  readonly facility: number;

  /**
   * An error for a failed HRESULT; same as {@link hresultError}.
   * @param hr signed or unsigned; unknown codes are described by severity, facility and code.
   * @param options `context` (appended to the message) and `cause`.
   */
  constructor(hr: number, options: WinBackupErrorOptions = {}) {
    const entry = lookupHResult(hr);
    super('hresult', `${entry.hex} ${entry.known ? entry.symbol + ': ' : ''}${entry.description}`, options);
    this.code = entry.hr;
    this.symbol = entry.symbol;
    this.description = entry.description;
    this.hex = entry.hex;
    this.family = entry.family;
    this.facility = entry.facility;
  }

  /** The HRESULT as an unsigned number (0x80042301), for display or comparison with C tools. */
  get unsignedCode(): number {
    return this.code >>> 0;
  }

  /** `instanceof` checks a brand, so it agrees across the ESM and CJS copies of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return brandOf(value) === 'hresult';
  }
}

/** Builds the error for a failed HRESULT: `throw hresultError(VSS_E_BAD_STATE, { context: 'AddToSnapshotSet' })`. */
export function hresultError(hr: number, options: WinBackupErrorOptions = {}): HResultError {
  return new HResultError(hr, options);
}

/** True for an HResultError from any copy of this package; with `hr` (signed or unsigned), only that code. */
export function isHResultError(value: unknown, hr?: number): value is HResultError {
  if (brandOf(value) !== 'hresult') return false;
  return hr === undefined || (value as HResultError).code === toSignedHResult(hr);
}
