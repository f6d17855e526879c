import { FACILITY_ROWS } from './generated/facility-table.js';
import { FH_STATE_ROWS } from './generated/fh-state-table.js';
import { HRESULT_ROWS } from './generated/hresult-table.js';
import { WIN32_ROWS } from './generated/win32-table.js';
import {
  formatHResult,
  HRESULT_CODE,
  HRESULT_FACILITY,
  HRESULT_SEVERITY,
  isHResultFromWin32,
  toSignedHResult,
} from './hresult.js';
import { requireInt32OrUint32, requireString } from './int.js';
import type { HResultFamily, HResultRow, Win32Row } from './table-types.js';

export interface Win32ErrorEntry {
  readonly known: boolean;
  readonly value: number;
  readonly symbol: string;
  /** Every symbol with this value, canonical first (`ERROR_SUCCESS`, `NO_ERROR`). */
  readonly symbols: readonly string[];
  readonly description: string;
}

export interface HResultEntry {
  readonly known: boolean;
  /** Signed 32-bit HRESULT. */
  readonly hr: number;
  /** `0x80042301`. */
  readonly hex: string;
  readonly symbol: string;
  readonly symbols: readonly string[];
  /** Which header names it; `win32` for an HRESULT_FROM_WIN32 decoded through the Win32 table. */
  readonly family: HResultFamily | 'win32' | 'unknown';
  readonly severity: 0 | 1;
  readonly facility: number;
  /** `FACILITY_ITF`, or undefined when winerror.h names no facility with that value. */
  readonly facilityName: string | undefined;
  readonly code: number;
  /** Set when the HRESULT wraps a Win32 error (FACILITY_WIN32). */
  readonly win32: Win32ErrorEntry | undefined;
  readonly description: string;
}

function groupBy<R extends readonly [string, number, ...unknown[]]>(rows: readonly R[]): Map<number, R[]> {
  const map = new Map<number, R[]>();
  for (const row of rows) {
    const list = map.get(row[1]);
    if (list) list.push(row);
    else map.set(row[1], [row]);
  }
  return map;
}

let hresults: Map<number, HResultRow[]> | undefined;
let win32s: Map<number, Win32Row[]> | undefined;
let facilities: Map<number, Win32Row[]> | undefined;
let symbols: Map<string, number> | undefined;

const hresultIndex = () => (hresults ??= groupBy(HRESULT_ROWS));
const win32Index = () => (win32s ??= groupBy(WIN32_ROWS));
const facilityIndex = () => (facilities ??= groupBy(FACILITY_ROWS));

/** `ERROR_FILE_NOT_FOUND` -> "File not found." for codes whose header text we do not carry. */
function sentenceFromSymbol(symbol: string): string {
  const words = symbol
    .replace(/^(ERROR|E|S|CO_E|RPC_S|RPC_E|STG_E|DISP_E)_/, '')
    .toLowerCase()
    .replace(/_/g, ' ')
    .trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) + '.' : symbol;
}

/** Decodes a Win32 error code (a DWORD from GetLastError). Unknown values never throw. */
export function lookupWin32Error(code: number): Win32ErrorEntry {
  const value = requireInt32OrUint32(code, 'Win32 error') >>> 0;
  const rows = win32Index().get(value);
  if (!rows) {
    return { known: false, value, symbol: `Win32 error ${value}`, symbols: [], description: 'A Win32 error code winerror.h does not name.' };
  }
  const symbol = rows[0]![0];
  return { known: true, value, symbol, symbols: rows.map((r) => r[0]), description: sentenceFromSymbol(symbol) };
}

/** `FACILITY_ITF` for 4; undefined for a facility winerror.h does not name. */
export function facilityName(facility: number): string | undefined {
  return facilityIndex().get(facility)?.[0]?.[0];
}

/**
 * Decodes any HRESULT, signed or unsigned: a named VSS, File History or winerror.h code, an
 * HRESULT_FROM_WIN32 of any Win32 error, or the bare severity/facility/code of anything else.
 */
export function lookupHResult(hr: number): HResultEntry {
  const signed = toSignedHResult(hr);
  const severity = HRESULT_SEVERITY(signed);
  const facility = HRESULT_FACILITY(signed);
  const code = HRESULT_CODE(signed);
  const base = {
    hr: signed,
    hex: formatHResult(signed),
    severity,
    facility,
    facilityName: facilityName(facility),
    code,
  };
  const win32 = isHResultFromWin32(signed) ? lookupWin32Error(code) : undefined;
  const rows = hresultIndex().get(signed);
  if (rows) {
    const [symbol, , family, text] = rows[0]!;
    return {
      ...base,
      known: true,
      symbol,
      symbols: rows.map((r) => r[0]),
      family,
      win32,
      description: text || (win32?.known ? win32.description : sentenceFromSymbol(symbol)),
    };
  }
  if (win32?.known) {
    return {
      ...base,
      known: true,
      symbol: `HRESULT_FROM_WIN32(${win32.symbol})`,
      symbols: win32.symbols.map((s) => `HRESULT_FROM_WIN32(${s})`),
      family: 'win32',
      win32,
      description: win32.description,
    };
  }
  const where = base.facilityName ?? `facility ${facility}`;
  return {
    ...base,
    known: false,
    symbol: base.hex,
    symbols: [],
    family: 'unknown',
    win32,
    description: `${severity ? 'Failure' : 'Success'} code ${code} in ${where}.`,
  };
}

/** One line for logs: `0x80042301 VSS_E_BAD_STATE: <description>`. */
export function describeHResult(hr: number): string {
  const e = lookupHResult(hr);
  return e.known ? `${e.hex} ${e.symbol}: ${e.description}` : `${e.hex}: ${e.description}`;
}


/**
 * Value of any symbol this package knows outside ESE (HRESULTs signed). For ESE names use
 * `jetErrorValue`, which keeps the ESE table out of bundles that only decode HRESULTs.
 */
export function hresultValue(symbol: string): number | undefined {
  requireString(symbol, 'symbol');
  if (!symbols) {
    symbols = new Map();
    for (const r of HRESULT_ROWS) symbols.set(r[0], r[1]);
  }
  return symbols.get(symbol);
}

/** `ERROR_ACCESS_DENIED` -> 5; undefined for a name winerror.h does not define. */
export function win32ErrorValue(symbol: string): number | undefined {
  requireString(symbol, 'symbol');
  return WIN32_ROWS.find((r) => r[0] === symbol)?.[1];
}

/** `FACILITY_WIN32` -> 7; undefined for a name winerror.h does not define. */
export function facilityValue(symbol: string): number | undefined {
  requireString(symbol, 'symbol');
  return FACILITY_ROWS.find((r) => r[0] === symbol)?.[1];
}

export interface FhProtectionStateEntry {
  readonly known: boolean;
  readonly value: number;
  readonly symbol: string;
  /** FH_STATE_RUNNING (0x100) is a flag OR-ed onto another state. */
  readonly running: boolean;
  readonly description: string;
}

const FH_STATE_RUNNING_FLAG = 0x100;

/** Decodes a QueryProtectionStatus state, including the FH_STATE_RUNNING flag. */
export function lookupFhProtectionState(state: number): FhProtectionStateEntry {
  const value = requireInt32OrUint32(state, 'state');
  const exact = FH_STATE_ROWS.find((r) => r[1] === value);
  if (exact) return { known: true, value, symbol: exact[0], running: value === FH_STATE_RUNNING_FLAG, description: exact[2] };
  const running = (value & FH_STATE_RUNNING_FLAG) !== 0;
  const baseRow = running ? FH_STATE_ROWS.find((r) => r[1] === (value & ~FH_STATE_RUNNING_FLAG)) : undefined;
  if (baseRow) return { known: true, value, symbol: `FH_STATE_RUNNING | ${baseRow[0]}`, running, description: baseRow[2] };
  return { known: false, value, symbol: `FH_STATE(${value})`, running, description: 'A protection state FhStatus.h does not name.' };
}
