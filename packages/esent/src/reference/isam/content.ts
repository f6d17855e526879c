// The logical content of one database: its tables. DDL lives here so that a live call and the
// redo of its log record run the same code and reach the same state.
import {
  JET_errColumnDuplicate,
  JET_errColumnNotFound,
  JET_errIndexDuplicate,
  JET_errIndexHasPrimary,
  JET_errIndexInvalidDef,
  JET_errInvalidColumnType,
  JET_errInvalidName,
  JET_errInvalidParameter,
  JET_errInvalidGrbit,
  JET_errKeyDuplicate,
  JET_errObjectNotFound,
  JET_errTableDuplicate,
  JET_errTableNotEmpty,
  JET_errTooManyColumns,
  JET_errInvalidBufferSize,
  jetError,
} from '@winbackup/errors';
import {
  JET_bitColumnAutoincrement,
  JET_bitColumnEscrowUpdate,
  JET_bitColumnFixed,
  JET_bitColumnMaybeNull,
  JET_bitColumnMultiValued,
  JET_bitColumnNotNULL,
  JET_bitColumnTagged,
  JET_bitColumnVersion,
  JET_bitColumnUpdatable,
  JET_bitColumnFinalize,
  JET_bitColumnDeleteOnZero,
  JET_bitColumnUnversioned,
  JET_bitIndexPrimary,
  JET_bitIndexUnique,
  JET_ccolKeyMost,
  JET_coltypLong,
  JET_coltypLongLong,
  JET_coltypCurrency,
  JET_coltypUnsignedLong,
  JET_cpANSI,
  JET_cpUnicode,
} from '../../api/constants.js';
import { fixedSize, isLongValue, isText, isValidColtyp, JET_cbColumnMost } from './coltypes.js';
import type { ColumnSchema, IndexSchema, IndexSegment } from './schema.js';
import { Index, Table } from './table.js';

const COLUMN_GRBITS =
  JET_bitColumnFixed |
  JET_bitColumnTagged |
  JET_bitColumnNotNULL |
  JET_bitColumnVersion |
  JET_bitColumnAutoincrement |
  JET_bitColumnUpdatable |
  JET_bitColumnMultiValued |
  JET_bitColumnEscrowUpdate |
  JET_bitColumnUnversioned |
  JET_bitColumnMaybeNull |
  JET_bitColumnFinalize |
  JET_bitColumnDeleteOnZero;

/** ESE object names: 1-64 characters, no leading space, no control characters or ! . [ ]. */
export function validName(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return name.length > 0 && name.length <= 64 && !name.startsWith(' ') && !/[\x00-\x1f!.[\]]/.test(name);
}

export class DatabaseContent {
  readonly tables = new Map<string, Table>();

  getTable(name: string): Table | undefined {
    return this.tables.get(name.toLowerCase());
  }

  createTable(name: string, context: string): Table {
    if (!validName(name)) throw jetError(JET_errInvalidName, { context });
    if (this.tables.has(name.toLowerCase())) throw jetError(JET_errTableDuplicate, { context });
    const t = new Table(name);
    this.tables.set(name.toLowerCase(), t);
    return t;
  }

  deleteTable(name: string, context: string): void {
    if (!this.tables.delete(name.toLowerCase())) throw jetError(JET_errObjectNotFound, { context });
  }
}

export interface ColumnSpec {
  readonly coltyp: number;
  readonly cbMax: number;
  readonly grbit: number;
  readonly cp: number;
}

/** spec: JetAddColumn.md. Assigns fixed (1..), variable (128..) or tagged (256..) column ids as ESE does. */
export function addColumn(t: Table, name: string, spec: ColumnSpec, defaultValue: Buffer | null, context: string): ColumnSchema {
  if (!validName(name)) throw jetError(JET_errInvalidName, { context });
  if (!isValidColtyp(spec.coltyp)) throw jetError(JET_errInvalidColumnType, { context });
  if ((spec.grbit & ~COLUMN_GRBITS) !== 0) throw jetError(JET_errInvalidGrbit, { context });
  if (t.columnsByName.has(name.toLowerCase())) throw jetError(JET_errColumnDuplicate, { context });
  const fixed = fixedSize(spec.coltyp);
  if (spec.grbit & JET_bitColumnAutoincrement) {
    const ok = [JET_coltypLong, JET_coltypLongLong, JET_coltypCurrency, JET_coltypUnsignedLong].includes(spec.coltyp);
    if (!ok) throw jetError(JET_errInvalidColumnType, { context });
  }
  let cp = spec.cp;
  if (isText(spec.coltyp)) {
    if (cp === 0) cp = JET_cpANSI;
    if (cp !== JET_cpANSI && cp !== JET_cpUnicode) throw jetError(JET_errInvalidParameter, { context });
  } else cp = 0;
  let cbMax = spec.cbMax;
  if (fixed !== undefined) cbMax = fixed;
  else if (!isLongValue(spec.coltyp)) {
    if (cbMax > JET_cbColumnMost) throw jetError(JET_errInvalidParameter, { context });
    if (cbMax === 0) cbMax = JET_cbColumnMost;
  }
  if (defaultValue !== null && fixed !== undefined && defaultValue.length !== fixed) throw jetError(JET_errInvalidBufferSize, { context });
  const tagged = (spec.grbit & JET_bitColumnTagged) !== 0 || isLongValue(spec.coltyp) || (spec.grbit & JET_bitColumnMultiValued) !== 0;
  let columnid: number;
  if (tagged) columnid = t.nextTagged++;
  else if (fixed !== undefined || spec.grbit & JET_bitColumnFixed) {
    if (t.nextFixed > 127) throw jetError(JET_errTooManyColumns, { context });
    columnid = t.nextFixed++;
  } else {
    if (t.nextVar > 255) throw jetError(JET_errTooManyColumns, { context });
    columnid = t.nextVar++;
  }
  if (t.nextTagged > 0xffff) throw jetError(JET_errTooManyColumns, { context });
  const col: ColumnSchema = { name, columnid, coltyp: spec.coltyp, cbMax, grbit: spec.grbit, cp, defaultValue };
  t.columns.set(columnid, col);
  t.columnsByName.set(name.toLowerCase(), col);
  return col;
}

/** Parses "+a\0-b\0\0" into segments (spec: JetCreateIndex.md; a missing sign means ascending). */
export function parseKey(t: Table, szKey: string, cbKey: number, context: string): IndexSegment[] {
  const text = szKey.slice(0, cbKey);
  const names = text.split('\0').filter((s) => s.length > 0);
  if (names.length === 0 || names.length > JET_ccolKeyMost) throw jetError(JET_errIndexInvalidDef, { context });
  const segs: IndexSegment[] = [];
  for (const raw of names) {
    const desc = raw.startsWith('-');
    const name = raw.startsWith('-') || raw.startsWith('+') ? raw.slice(1) : raw;
    const col = t.columnsByName.get(name.toLowerCase());
    if (!col) throw jetError(JET_errColumnNotFound, { context });
    if (segs.some((s) => s.columnid === col.columnid)) throw jetError(JET_errIndexInvalidDef, { context });
    segs.push({ columnid: col.columnid, desc });
  }
  return segs;
}

/** spec: JetCreateIndex.md. A primary index reorganises the table, so it must come before data. */
export function createIndex(t: Table, name: string, grbit: number, szKey: string, cbKey: number, density: number, context: string): Index {
  if (!validName(name)) throw jetError(JET_errInvalidName, { context });
  if (t.indexes.has(name.toLowerCase())) throw jetError(JET_errIndexDuplicate, { context });
  const segments = parseKey(t, szKey, cbKey, context);
  const schema: IndexSchema = { name, grbit, segments, szKey: szKey.slice(0, cbKey), density };
  const ix = new Index(schema, t);
  if (grbit & JET_bitIndexPrimary) {
    if (t.hasExplicitPrimary) throw jetError(JET_errIndexHasPrimary, { context });
    if (t.recs.size > 0) throw jetError(JET_errTableNotEmpty, { context });
    t.clustered = ix;
  } else {
    t.buildIndex(ix);
    if (grbit & JET_bitIndexUnique) {
      for (let i = 1; i < ix.entries.length; i++) {
        const a = ix.entries.at(i - 1)!;
        const b = ix.entries.at(i)!;
        if (a.key.equals(b.key) && a.rec !== b.rec) throw jetError(JET_errKeyDuplicate, { context });
      }
    }
  }
  t.indexes.set(name.toLowerCase(), ix);
  return ix;
}
