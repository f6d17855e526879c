import { describe, expect, it } from 'vitest';
import {
  describeHResult,
  formatHResult,
  HRESULT_FROM_WIN32,
  hresultValue,
  jetError,
  jetErrorValue,
  lookupHResult,
  lookupJetError,
  lookupWin32Error,
  SUCCEEDED,
} from '../src/index.js';

describe('bad input', () => {
  it('gives an unknown entry, never a throw, for well-formed unknown codes', () => {
    expect(lookupJetError(-99999)).toMatchObject({ known: false, value: -99999, kind: 'error', category: 'Unknown' });
    expect(lookupJetError(4242)).toMatchObject({ known: false, kind: 'warning' });
    expect(lookupWin32Error(0xfffffff0)).toMatchObject({ known: false, value: 0xfffffff0 });
    expect(lookupHResult(0x8fff0000)).toMatchObject({ known: false });
    expect(jetErrorValue('JET_errNoSuchThing')).toBeUndefined();
    expect(hresultValue('E_NO_SUCH_THING')).toBeUndefined();
  });

  it.each([
    ['a string', '0x80042301'],
    ['a float', 1.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['null', null],
    ['undefined', undefined],
    ['a bigint', 5n],
  ])('rejects %s with TypeError', (_what, value) => {
    const v = value as unknown as number;
    expect(() => lookupJetError(v)).toThrow(TypeError);
    expect(() => lookupHResult(v)).toThrow(TypeError);
    expect(() => describeHResult(v)).toThrow(TypeError);
    expect(() => formatHResult(v)).toThrow(TypeError);
    expect(() => SUCCEEDED(v)).toThrow(TypeError);
    expect(() => HRESULT_FROM_WIN32(v)).toThrow(TypeError);
    expect(() => jetError(v)).toThrow(TypeError);
  });

  it('rejects integers that cannot be the C type with RangeError', () => {
    expect(() => lookupJetError(0x80000000)).toThrow(RangeError);
    expect(() => lookupJetError(-0x80000001)).toThrow(RangeError);
    expect(() => lookupHResult(0x100000000)).toThrow(RangeError);
    expect(() => lookupHResult(-0x80000001)).toThrow(RangeError);
    expect(() => HRESULT_FROM_WIN32(2 ** 40)).toThrow(RangeError);
  });

  it('rejects a non-string symbol with TypeError', () => {
    expect(() => jetErrorValue(5 as unknown as string)).toThrow(TypeError);
    expect(() => hresultValue(null as unknown as string)).toThrow(TypeError);
  });
});
