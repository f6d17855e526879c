import { describe, expect, it } from 'vitest';
import * as errors from '../src/index.js';
import {
  allJetErrors,
  facilityValue,
  hresultValue,
  jetErrorValue,
  lookupFhProtectionState,
  lookupHResult,
  lookupJetError,
  lookupWin32Error,
  TABLE_COUNTS,
  win32ErrorValue,
} from '../src/index.js';
import { descriptions, esentExtraFacts, esentFacts, fhFacts, signed, vssFacts, winerrorFacts } from './facts.js';

const exported = errors as unknown as Record<string, unknown>;

describe('table counts match the facts', () => {
  it('has every code the issue lists', () => {
    expect(esentFacts).toHaveLength(485);
    expect(esentExtraFacts.map((e) => e.symbol)).toEqual(['JET_errBadSLVSignature', 'JET_errSLVReadVerifyFailure']);
    expect(vssFacts).toHaveLength(81);
    expect(fhFacts.errors).toHaveLength(23);
    expect(winerrorFacts.win32).toHaveLength(2012);
    expect(winerrorFacts.hresult).toHaveLength(1383);
    expect(winerrorFacts.facility).toHaveLength(32);
    expect(TABLE_COUNTS).toEqual({
      esent: 487,
      vss: 81,
      filehistory: 23,
      fhStates: fhFacts.protectionStates.length,
      win32: 2012,
      hresult: 1383,
      facility: 32,
    });
    expect(allJetErrors()).toHaveLength(487);
  });
});

describe('ESE codes', () => {
  it.each([...esentFacts, ...esentExtraFacts])('$symbol = $value', (fact) => {
    expect(exported[fact.symbol]).toBe(fact.value);
    const entry = lookupJetError(fact.value);
    expect(entry.known).toBe(true);
    expect(entry.symbol).toBe(fact.symbol);
    expect(entry.category).toBe(fact.category);
    expect(entry.status).toBe(fact.status);
    expect(entry.kind).toBe(fact.value === 0 ? 'success' : fact.kind);
    expect(entry.description).toBe(descriptions.esent[fact.symbol]);
    expect(jetErrorValue(fact.symbol)).toBe(fact.value);
  });

  it('describes every ESE code in a sentence of its own', () => {
    const texts = [...esentFacts, ...esentExtraFacts].map((f) => descriptions.esent[f.symbol]);
    for (const t of texts) expect(t).toMatch(/^\S.{20,300}[.)]$/s);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('VSS and File History HRESULTs', () => {
  it.each(vssFacts)('$symbol = $hresult', (fact) => {
    expect(exported[fact.symbol]).toBe(signed(fact.hresult));
    const entry = lookupHResult(signed(fact.hresult));
    expect(entry).toMatchObject({ known: true, symbol: fact.symbol, family: 'vss', hex: fact.hresult.toUpperCase().replace('0X', '0x') });
    expect(entry.description).toBe(descriptions.vss[fact.symbol]);
    expect(hresultValue(fact.symbol)).toBe(signed(fact.hresult));
  });

  it.each(fhFacts.errors)('$symbol = $hresult', (fact) => {
    expect(exported[fact.symbol]).toBe(signed(fact.hresult));
    expect(lookupHResult(signed(fact.hresult))).toMatchObject({ known: true, symbol: fact.symbol, family: 'filehistory' });
    expect(lookupHResult(signed(fact.hresult)).description).toBe(descriptions.filehistory[fact.symbol]);
  });

  it.each(fhFacts.protectionStates)('$symbol = $value', (fact) => {
    expect(exported[fact.symbol]).toBe(fact.value);
    expect(lookupFhProtectionState(fact.value)).toMatchObject({ known: true, symbol: fact.symbol });
    expect(lookupFhProtectionState(fact.value).description).toBe(descriptions.filehistory[fact.symbol]);
  });

  it('decodes FH_STATE_RUNNING as a flag on another state', () => {
    const e = lookupFhProtectionState(errors.FH_STATE_RUNNING | errors.FH_STATE_NO_ERROR);
    expect(e).toMatchObject({ known: true, running: true, symbol: 'FH_STATE_RUNNING | FH_STATE_NO_ERROR' });
    expect(lookupFhProtectionState(0x7777)).toMatchObject({ known: false, running: true });
  });

  it('describes every VSS and File History code, each differently', () => {
    const texts = [
      ...vssFacts.map((f) => descriptions.vss[f.symbol]),
      ...fhFacts.errors.map((f) => descriptions.filehistory[f.symbol]),
      ...fhFacts.protectionStates.map((f) => descriptions.filehistory[f.symbol]),
    ];
    for (const t of texts) expect(t).toMatch(/^\S.{20,300}[.)]$/s);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

describe('winerror.h', () => {
  it('exports every Win32 code and finds it both ways', () => {
    for (const fact of winerrorFacts.win32) {
      expect(exported[fact.symbol]).toBe(fact.value);
      expect(win32ErrorValue(fact.symbol)).toBe(fact.value);
      expect(lookupWin32Error(fact.value).symbols).toContain(fact.symbol);
    }
  });

  it('exports every named HRESULT signed and finds it both ways', () => {
    for (const fact of winerrorFacts.hresult) {
      expect(exported[fact.symbol]).toBe(signed(fact.hresult));
      expect(hresultValue(fact.symbol)).toBe(signed(fact.hresult));
      expect(lookupHResult(signed(fact.hresult)).symbols).toContain(fact.symbol);
    }
  });

  it('exports every facility', () => {
    for (const fact of winerrorFacts.facility) {
      expect(exported[fact.symbol]).toBe(fact.value);
      expect(facilityValue(fact.symbol)).toBe(fact.value);
    }
  });
});

describe('aliases', () => {
  it('returns every symbol of a value, the canonical one first', () => {
    expect(lookupWin32Error(0).symbols).toEqual(['ERROR_SUCCESS', 'NO_ERROR']);
    expect(lookupHResult(0)).toMatchObject({ symbol: 'S_OK', symbols: ['S_OK', 'SEC_E_OK'] });
    expect(lookupHResult(errors.OLE_E_OLEVERB).symbols).toEqual(['OLE_E_OLEVERB', 'OLE_E_FIRST']);
    expect(lookupHResult(errors.OLE_S_USEREG).symbols).toEqual(['OLE_S_USEREG', 'OLE_S_FIRST']);
  });

  it('keeps one value per symbol across all tables', () => {
    const all = [
      ...esentFacts, ...esentExtraFacts, ...vssFacts, ...fhFacts.errors, ...fhFacts.protectionStates,
      ...winerrorFacts.win32, ...winerrorFacts.hresult, ...winerrorFacts.facility,
    ].map((f) => f.symbol);
    expect(new Set(all).size).toBe(all.length);
  });
});
