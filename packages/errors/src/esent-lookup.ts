import { ESENT_ROWS } from './generated/esent-table.js';
import { requireInt32, requireString } from './int.js';
import type { EsentRow, JetErrorCategoryName } from './table-types.js';

export interface JetErrorEntry {
  /** False when the value is not in the table; the other fields then describe an unknown code. */
  readonly known: boolean;
  readonly value: number;
  /** Canonical symbol, or `JET_err<value>` style text for unknown codes. */
  readonly symbol: string;
  /** Every symbol with this value, canonical first (ESE has no aliases today, but the API allows them). */
  readonly symbols: readonly string[];
  readonly kind: 'error' | 'warning' | 'success';
  readonly category: JetErrorCategoryName;
  /** external: returned by the engine; obsolete: older engines only; internal: never leaves the engine. */
  readonly status: 'external' | 'obsolete' | 'internal' | 'unknown';
  readonly description: string;
}

const STATUS = { x: 'external', o: 'obsolete', i: 'internal' } as const;

let byValue: Map<number, EsentRow[]> | undefined;
let bySymbol: Map<string, EsentRow> | undefined;

function index(): void {
  byValue = new Map();
  bySymbol = new Map();
  for (const row of ESENT_ROWS) {
    const list = byValue.get(row[1]);
    if (list) list.push(row);
    else byValue.set(row[1], [row]);
    bySymbol.set(row[0], row);
  }
}

function entry(rows: EsentRow[]): JetErrorEntry {
  const first = rows[0]!;
  return {
    known: true,
    value: first[1],
    symbol: first[0],
    symbols: rows.map((r) => r[0]),
    kind: first[1] === 0 ? 'success' : first[2] === 'w' ? 'warning' : 'error',
    category: first[3],
    status: STATUS[first[4]],
    description: first[5],
  };
}

/** Decodes a JET_ERR. Unknown values give an entry with `known: false`, never a throw. */
export function lookupJetError(code: number): JetErrorEntry {
  const value = requireInt32(code, 'JET_ERR');
  if (!byValue) index();
  const rows = byValue!.get(value);
  if (rows) return entry(rows);
  return {
    known: false,
    value,
    symbol: `JET_ERR(${value})`,
    symbols: [],
    kind: value === 0 ? 'success' : value > 0 ? 'warning' : 'error',
    category: 'Unknown',
    status: 'unknown',
    description: value < 0 ? 'An ESE error code this table does not know.' : 'An ESE warning code this table does not know.',
  };
}

/** `JET_errBackupAbortByServer` -> -801; undefined for a name that is not an ESE code. */
export function jetErrorValue(symbol: string): number | undefined {
  requireString(symbol, 'symbol');
  if (!bySymbol) index();
  return bySymbol!.get(symbol)?.[1];
}

/** Every ESE table entry, in table order. */
export function allJetErrors(): JetErrorEntry[] {
  if (!byValue) index();
  return [...byValue!.values()].map(entry);
}
