import { describe, expect, it } from 'vitest';
import {
  describeHResult,
  E_ACCESSDENIED,
  ERROR_ACCESS_DENIED,
  ERROR_FILE_NOT_FOUND,
  FACILITY_ITF,
  FACILITY_WIN32,
  FAILED,
  formatHResult,
  HRESULT_CODE,
  HRESULT_FACILITY,
  HRESULT_FROM_WIN32,
  HRESULT_SEVERITY,
  isHResultFromWin32,
  lookupHResult,
  MAKE_HRESULT,
  S_FALSE,
  S_OK,
  SUCCEEDED,
  toSignedHResult,
  toUnsignedHResult,
  VSS_E_BAD_STATE,
  VSS_S_ASYNC_FINISHED,
} from '../src/index.js';

describe('signed and unsigned forms', () => {
  it('exports HRESULT constants signed, as the C type is', () => {
    expect(VSS_E_BAD_STATE).toBe(0x80042301 | 0);
    expect(VSS_E_BAD_STATE).toBe(-2147212543);
    expect(toUnsignedHResult(VSS_E_BAD_STATE)).toBe(0x80042301);
    expect(toSignedHResult(0x80042301)).toBe(VSS_E_BAD_STATE);
  });

  it.each([
    [0x80000000, -2147483648, '0x80000000'],
    [0xffffffff, -1, '0xFFFFFFFF'],
    [-1, -1, '0xFFFFFFFF'],
    [0, 0, '0x00000000'],
    [0x7fffffff, 0x7fffffff, '0x7FFFFFFF'],
    [-2147483648, -2147483648, '0x80000000'],
  ])('%d normalises to %d (%s)', (input, signedValue, hex) => {
    expect(toSignedHResult(input)).toBe(signedValue);
    expect(toUnsignedHResult(input)).toBe(signedValue >>> 0);
    expect(formatHResult(input)).toBe(hex);
  });
});

describe('SUCCEEDED / FAILED', () => {
  it.each([
    [S_OK, true],
    [S_FALSE, true],
    [VSS_S_ASYNC_FINISHED, true],
    [0x7fffffff, true],
    [VSS_E_BAD_STATE, false],
    [0x80042301, false],
    [0x80000000, false],
    [0xffffffff, false],
    [-1, false],
  ])('SUCCEEDED(%d) is %s', (hr, ok) => {
    expect(SUCCEEDED(hr)).toBe(ok);
    expect(FAILED(hr)).toBe(!ok);
  });
});

describe('field macros', () => {
  it('splits an HRESULT into severity, facility and code', () => {
    expect(HRESULT_SEVERITY(VSS_E_BAD_STATE)).toBe(1);
    expect(HRESULT_FACILITY(VSS_E_BAD_STATE)).toBe(FACILITY_ITF);
    expect(HRESULT_CODE(VSS_E_BAD_STATE)).toBe(0x2301);
    expect(HRESULT_SEVERITY(0xffffffff)).toBe(1);
    expect(HRESULT_FACILITY(0xffffffff)).toBe(0x1fff);
    expect(HRESULT_CODE(0xffffffff)).toBe(0xffff);
    expect(HRESULT_SEVERITY(0x80000000)).toBe(1);
    expect(HRESULT_FACILITY(0x80000000)).toBe(0);
    expect(HRESULT_CODE(0x80000000)).toBe(0);
    expect(HRESULT_SEVERITY(S_FALSE)).toBe(0);
  });

  it('MAKE_HRESULT builds signed values and rejects fields out of range', () => {
    expect(MAKE_HRESULT(1, FACILITY_ITF, 0x2301)).toBe(VSS_E_BAD_STATE);
    expect(MAKE_HRESULT(0, 0, 1)).toBe(S_FALSE);
    expect(MAKE_HRESULT(1, 0x1fff, 0xffff)).toBe(0x9fffffff | 0);
    expect(() => MAKE_HRESULT(2, 0, 0)).toThrow(RangeError);
    expect(() => MAKE_HRESULT(1, 0x2000, 0)).toThrow(RangeError);
    expect(() => MAKE_HRESULT(1, 0, 0x10000)).toThrow(RangeError);
    expect(() => MAKE_HRESULT(1, 0, -1)).toThrow(RangeError);
  });
});

describe('HRESULT_FROM_WIN32', () => {
  it('wraps a positive Win32 code into FACILITY_WIN32', () => {
    expect(HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)).toBe(E_ACCESSDENIED);
    expect(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)).toBe(0x80070002 | 0);
    expect(HRESULT_FACILITY(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND))).toBe(FACILITY_WIN32);
    expect(isHResultFromWin32(HRESULT_FROM_WIN32(5))).toBe(true);
    expect(isHResultFromWin32(VSS_E_BAD_STATE)).toBe(false);
  });

  it('passes zero and values that are already failures through unchanged', () => {
    expect(HRESULT_FROM_WIN32(0)).toBe(0);
    expect(HRESULT_FROM_WIN32(0x80042301)).toBe(VSS_E_BAD_STATE);
    expect(HRESULT_FROM_WIN32(-1)).toBe(-1);
  });

  it('keeps only the low 16 bits of large Win32 values, as the macro does', () => {
    expect(HRESULT_FROM_WIN32(0x12345)).toBe(0x80072345 | 0);
  });
});

describe('describeHResult', () => {
  it('names VSS codes', () => {
    expect(describeHResult(VSS_E_BAD_STATE)).toMatch(/^0x80042301 VSS_E_BAD_STATE: \S/);
    expect(describeHResult(0x80042301)).toBe(describeHResult(VSS_E_BAD_STATE));
  });

  it('decodes HRESULT_FROM_WIN32 of any Win32 error, named or not in the HRESULT table', () => {
    expect(lookupHResult(HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND))).toMatchObject({
      known: true,
      symbol: 'HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)',
      family: 'win32',
      facilityName: 'FACILITY_WIN32',
      win32: { symbol: 'ERROR_FILE_NOT_FOUND', value: 2 },
    });
    // E_ACCESSDENIED is itself named in winerror.h, and still says which Win32 error it wraps
    expect(lookupHResult(E_ACCESSDENIED)).toMatchObject({ symbol: 'E_ACCESSDENIED', win32: { symbol: 'ERROR_ACCESS_DENIED' } });
    expect(describeHResult(0x80070002)).toBe('0x80070002 HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND): File not found.');
  });

  it('decodes an unnamed HRESULT into its fields without throwing', () => {
    expect(lookupHResult(0x8004ffff)).toMatchObject({ known: false, family: 'unknown', facility: 4, code: 0xffff, severity: 1 });
    expect(describeHResult(0x8004ffff)).toBe('0x8004FFFF: Failure code 65535 in FACILITY_ITF.');
    expect(describeHResult(0x0fff0001)).toBe('0x0FFF0001: Success code 1 in facility 4095.');
    expect(lookupHResult(0x8007ffff)).toMatchObject({ known: false, win32: { known: false, value: 0xffff } });
  });
});
