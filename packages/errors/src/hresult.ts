// The HRESULT macros of winerror.h. HRESULTs are signed 32-bit in this package (as the C type is);
// every helper accepts either form and normalises.
import { requireInt32OrUint32, requireInteger } from './int.js';

const FACILITY_WIN32_VALUE = 7;

/** The signed 32-bit form of an HRESULT given signed or unsigned (`0x80042301` -> -2147212543). */
export function toSignedHResult(hr: number): number {
  return requireInt32OrUint32(hr, 'hr') | 0;
}

/** The unsigned 32-bit form of an HRESULT given signed or unsigned (-2147212543 -> 0x80042301). */
export function toUnsignedHResult(hr: number): number {
  return requireInt32OrUint32(hr, 'hr') >>> 0;
}

/** `0x80042301`: eight upper-case hex digits, as Windows tools print HRESULTs. */
export function formatHResult(hr: number): string {
  return '0x' + toUnsignedHResult(hr).toString(16).toUpperCase().padStart(8, '0');
}

/**
 * SUCCEEDED(hr): true for S_OK, S_FALSE and every other success code (severity bit clear). Takes the signed or unsigned form.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/winerror/nf-winerror-succeeded
 */
export function SUCCEEDED(hr: number): boolean {
  return toSignedHResult(hr) >= 0;
}

/**
 * FAILED(hr): true for a failure code (severity bit set). Takes the signed or unsigned form.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/winerror/nf-winerror-failed
 */
export function FAILED(hr: number): boolean {
  return toSignedHResult(hr) < 0;
}

/**
 * HRESULT_CODE(hr): the low 16 bits (for HRESULT_FROM_WIN32 values, the Win32 error). Takes the signed or unsigned form.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/winerror/nf-winerror-hresult_code
 */
export function HRESULT_CODE(hr: number): number {
  return toUnsignedHResult(hr) & 0xffff;
}

/**
 * HRESULT_FACILITY(hr): the 13-bit facility (FACILITY_WIN32 is 7, FACILITY_ITF 4). Takes the signed or unsigned form.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/winerror/nf-winerror-hresult_facility
 */
export function HRESULT_FACILITY(hr: number): number {
  return (toUnsignedHResult(hr) >>> 16) & 0x1fff;
}

/**
 * HRESULT_SEVERITY(hr): 1 for a failure, 0 for success. Takes the signed or unsigned form.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/winerror/nf-winerror-hresult_severity
 */
export function HRESULT_SEVERITY(hr: number): 0 | 1 {
  return (toUnsignedHResult(hr) >>> 31) as 0 | 1;
}

/** MAKE_HRESULT(sev, fac, code), returned signed. */
export function MAKE_HRESULT(severity: number, facility: number, code: number): number {
  const sev = requireInteger(severity, 'severity');
  const fac = requireInteger(facility, 'facility');
  const c = requireInteger(code, 'code');
  if (sev !== 0 && sev !== 1) throw new RangeError(`severity must be 0 or 1, got ${sev}`);
  if (fac < 0 || fac > 0x1fff) throw new RangeError(`facility must be 0..0x1FFF, got ${fac}`);
  if (c < 0 || c > 0xffff) throw new RangeError(`code must be 0..0xFFFF, got ${c}`);
  return ((sev << 31) | (fac << 16) | c) | 0;
}

/**
 * HRESULT_FROM_WIN32 as winerror.h defines it: a value that is already <= 0 as an HRESULT passes
 * through unchanged; otherwise the low 16 bits go into a FACILITY_WIN32 failure.
 */
export function HRESULT_FROM_WIN32(win32: number): number {
  const signed = requireInt32OrUint32(win32, 'win32') | 0;
  if (signed <= 0) return signed;
  return ((signed & 0xffff) | (FACILITY_WIN32_VALUE << 16) | 0x80000000) | 0;
}

/** True when `hr` is an HRESULT_FROM_WIN32 of some Win32 error (FACILITY_WIN32, failure). */
export function isHResultFromWin32(hr: number): boolean {
  return HRESULT_SEVERITY(hr) === 1 && HRESULT_FACILITY(hr) === FACILITY_WIN32_VALUE;
}
