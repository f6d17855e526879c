// Schema changes in in-place batches (createTable, addColumn, createIndex, deleteTable), mixed
// with row changes, at 4, 8 and 32 KiB pages: after each batch our reader returns exactly the
// model's tables, columns, indexes and rows, every index holds exactly its entries, every page
// verifies, the space trees account for every page once, and esedbinfo / esedbexport agree.
import { JET_errCannotDeleteSystemTable, JET_errCannotIndex, JET_errColumnCannotBeCompressed, JET_errColumnDuplicate, JET_errColumnNotFound, JET_errIndexDuplicate, JET_errIndexHasPrimary, JET_errIndexInvalidDef, JET_errInvalidCodePage, JET_errInvalidColumnType, JET_errInvalidName, JET_errInvalidParameter, JET_errKeyDuplicate, JET_errMultiValuedColumnMustBeTagged, JET_errObjectNotFound, JET_errRecordTooBig, JET_errTableDuplicate, JET_errTableNotEmpty } from '@winbackup/errors';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHeaderPage } from '../../src/reference/ese/header.js';
import { normalizeKey } from '../../src/reference/ese/key.js';
import { EseDatabaseReader } from '../../src/reference/ese/reader.js';
import { segmentsOf } from '../../src/reference/ese/rows.js';
import type { EseColumn, EseIndex, EseRow } from '../../src/reference/ese/schema.js';
import type { EseSchemaChange } from '../../src/reference/ese/schemachange.js';
import { applyEseUpdate, type EseTableChanges } from '../../src/reference/ese/updater.js';
import { writeEseDatabase } from '../../src/reference/ese/writer.js';
import { makeTables } from './fixture.js';
import { DbModel } from './schemamodel.js';
import { freePages, int, jetCode, rng, TableModel } from './updatemodel.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ese-schema-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const col = (name: string, columnid: number, coltyp: number, cp = 0, grbit = 0, cbMax = 0): EseColumn => ({ name, columnid, coltyp, cp, cbMax: cbMax || (columnid >= 128 && columnid < 256 ? 255 : 0), grbit });
const seg = (columnid: number, descending = false) => ({ columnid, descending });
const NOTE_COLUMNS: EseColumn[] = [col('Id', 1, 4), col('Stamp', 2, 8), col('Title', 128, 10, 1200), col('Body', 256, 12, 1200), col('Tags', 257, 4, 0, 0x400)];
const NOTE_INDEXES: EseIndex[] = [{ name: 'PrimaryKey', grbit: 0x2, segments: [seg(1)] }, { name: 'ByTitle', grbit: 0, segments: [seg(128)] }];
const SEQ_COLUMNS: EseColumn[] = [col('N', 1, 4), col('Text', 128, 10, 1252)];

function noteRows(n: number, seed: number): EseRow[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const m = new Map<number, Buffer[]>([[1, [int(Math.floor(r() * 2 ** 30))]]]);
    if (r() < 0.8) {
      const d = Buffer.alloc(8);
      d.writeDoubleLE(40000 + Math.floor(r() * 400) / 4);
      m.set(2, [d]);
    }
    if (r() < 0.9) m.set(128, [Buffer.from(`title ${Math.floor(r() * 50)}`, 'utf16le')]);
    if (r() < 0.5) m.set(256, [Buffer.from('body '.repeat(r() < 0.2 ? 900 : 10), 'utf16le')]);
    if (r() < 0.4) m.set(257, [int(1), int(2 + Math.floor(r() * 5))]);
    return m;
  });
}

function seqRows(n: number, seed: number, base: number): EseRow[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => new Map([[1, [int(base + i)]], ...(r() < 0.8 ? [[128, [Buffer.from(`seq ${i}`, 'latin1')]] as [number, Buffer[]]] : [])]));
}

/** Adds the Files column Extra (id 14) to some rows. */
function withExtra(rows: readonly { op: 'insert' | 'replace' | 'delete'; row: EseRow }[], r: () => number): EseTableChanges['changes'] {
  return rows.map((ch) => (ch.op === 'delete' || r() < 0.4 ? ch : { ...ch, row: new Map([...ch.row, [14, [int(Math.floor(r() * 20))]]]) }));
}

describe.each([4096, 8192, 32768])('%i-byte pages', (cbPage) => {
  it('schema changes mixed into row batches: tables, columns, indexes and rows exactly as the model says', () => {
    const file = join(dir, `s${cbPage}.edb`);
    const tables = makeTables(300);
    writeFileSync(file, writeEseDatabase({ cbPage, tables, now: 0 }));
    const model = new DbModel(tables);
    const files = new TableModel(tables[0]!.rows);
    const r = rng(cbPage);
    const batch = (schema: EseSchemaChange[], parts: EseTableChanges[], b: number): void => {
      const header = decodeHeaderPage(readFileSync(file).subarray(0, 4096));
      const s = applyEseUpdate(file, parts, { schema, now: Date.UTC(2026, 11, 4, 22, b) });
      model.schema(schema);
      model.rows(parts, s.inserted);
      const after = decodeHeaderPage(readFileSync(file).subarray(0, 4096));
      // each created tree took a new objid
      const trees = schema.reduce((n, ch) => n + (ch.op === 'createTable' ? 1 + ch.indexes.filter((ix) => !(ix.grbit & 0x2)).length : ch.op === 'createIndex' && !(ch.index.grbit & 0x2) ? 1 : 0), 0);
      expect(after.objidLast - header.objidLast).toBeGreaterThanOrEqual(trees);
      model.check(file, join(dir, `x${cbPage}.${b}`));
    };
    const filesPart = (seed: number, k: number, extra: boolean): EseTableChanges => {
      const changes = files.batch(seed, k);
      const out = extra ? withExtra(changes, r) : changes;
      files.apply(out);
      return { table: 'Files', changes: out };
    };

    // 0: a new table with rows in the same batch; a fixed column and two indexes on the full table
    batch([
      { op: 'createTable', table: 'Notes', columns: NOTE_COLUMNS, indexes: NOTE_INDEXES },
      { op: 'addColumn', table: 'Files', column: col('Extra', 14, 4) },
      { op: 'createIndex', table: 'Files', index: { name: 'ByExtra', grbit: 0, segments: [seg(14), seg(4, true)] } },
      { op: 'createIndex', table: 'Files', index: { name: 'ByMoney', grbit: 0x8, segments: [seg(5)] } },
    ], [filesPart(1, 60, true), { table: 'Notes', changes: noteRows(200, 1).map((row) => ({ op: 'insert' as const, row })) }], 0);
    // 1: a table without a primary index, a tagged column, a descending index, a table deleted
    batch([
      { op: 'createTable', table: 'Seq', columns: SEQ_COLUMNS, indexes: [] },
      { op: 'addColumn', table: 'Notes', column: col('Blob', 258, 11) },
      { op: 'createIndex', table: 'Notes', index: { name: 'ByStamp', grbit: 0, segments: [seg(2, true)] } },
      { op: 'deleteTable', table: 'Log' },
    ], [
      { table: 'Seq', changes: seqRows(150, 2, 0).map((row) => ({ op: 'insert' as const, row })) },
      { table: 'Notes', changes: model.changes('Notes', noteRows(80, 3), r) },
      filesPart(2, 40, true),
    ], 1);
    // 2: a unique index over existing rows of the sequential table; a table replaced by another
    batch([
      { op: 'createIndex', table: 'Seq', index: { name: 'ByN', grbit: 0x1, segments: [seg(1)] } },
      { op: 'deleteTable', table: 'Empty' },
      { op: 'createTable', table: 'Bare', columns: SEQ_COLUMNS, indexes: [], pages: 40 },
    ], [{ table: 'Seq', changes: model.changes('Seq', seqRows(60, 4, 1000), r) }, { table: 'Notes', changes: model.changes('Notes', noteRows(50, 5), r) }], 2);
    // 3: a primary index on the empty table, rows keyed by it in the same batch; a table deleted
    // and created again under its name; a table created and deleted in one batch
    batch([
      { op: 'createIndex', table: 'Bare', index: { name: 'PK', grbit: 0x2, segments: [seg(1)] } },
      { op: 'deleteTable', table: 'Notes' },
      { op: 'createTable', table: 'Notes', columns: NOTE_COLUMNS.slice(0, 3), indexes: [NOTE_INDEXES[0]!] },
      { op: 'createTable', table: 'Temp', columns: SEQ_COLUMNS, indexes: [] },
      { op: 'deleteTable', table: 'Temp' },
    ], [
      { table: 'Bare', changes: seqRows(120, 6, 500).map((row) => ({ op: 'insert' as const, row })) },
      { table: 'Notes', changes: noteRows(30, 7).map((row) => ({ op: 'insert' as const, row: new Map([...row].filter(([id]) => id < 256)) })) },
      filesPart(3, 40, true),
    ], 3);
    // 4: the big table goes, with its long values and four indexes
    batch([{ op: 'deleteTable', table: 'Files' }], [{ table: 'Seq', changes: model.changes('Seq', seqRows(40, 8, 5000), r) }], 4);
    expect([...model.tables.values()].map((t) => t.name)).toEqual(['Seq', 'Bare', 'Notes']);
  });
});

it.each([2025, 7, 98])('seeded random schema and row batches keep every table exactly as the model says (seed %i; 4, 8 or 32 KiB pages by seed)', (seed) => {
  const file = join(dir, `random${seed}.edb`);
  const tables = makeTables(200);
  writeFileSync(file, writeEseDatabase({ cbPage: [4096, 8192, 32768][seed % 3]!, tables, now: 0 }));
  const model = new DbModel(tables);
  const r = rng(seed);
  let serial = 0;
  const seen = new Map<string, number>();
  const rowFor = (t: ReturnType<DbModel['table']>): EseRow => {
    const m = new Map<number, Buffer[]>([[1, [int(Math.floor(r() * 2 ** 31))]]]);
    for (const c of t.columns) {
      if (c.columnid === 1 || r() < 0.3) continue;
      if (c.coltyp === 10) m.set(c.columnid, [Buffer.from(`v${Math.floor(r() * 40)}`, c.cp === 1200 ? 'utf16le' : 'latin1')]);
      else if (c.coltyp === 11) m.set(c.columnid, [Buffer.alloc(r() < 0.3 ? 5000 : 30, serial++ & 0xff)]);
      else if (c.coltyp === 4) m.set(c.columnid, c.grbit & 0x400 && r() < 0.5 ? [int(1), int(Math.floor(r() * 9))] : [int(Math.floor(r() * 50))]);
    }
    return m;
  };
  const users = (): string[] => [...model.tables.values()].map((t) => t.name).filter((n) => n !== 'Files');
  for (let b = 0; b < Number(process.env.SCHEMA_FUZZ_BATCHES ?? 24); b++) {
    const schema: EseSchemaChange[] = [];
    for (let k = 0; k < 1 + Math.floor(r() * 3); k++) {
      const x = r();
      const names = users();
      const pick = names[Math.floor(r() * names.length)];
      let ch: EseSchemaChange;
      if (x < 0.3 || !pick) {
        const primary = r() < 0.6;
        const columns = [col('Id', 1, 4), col('V', 128, 10, 1252), col('Blob', 256, 11), col('Tags', 257, 4, 0, 0x400)];
        ch = { op: 'createTable', table: `T${serial++}`, columns, indexes: [...(primary ? [{ name: 'PK', grbit: 0x2, segments: [seg(1)] }] : []), ...(r() < 0.5 ? [{ name: 'ByV', grbit: 0, segments: [seg(128), seg(1, true)] }] : [])], pages: Math.floor(r() * 20) };
      } else if (x < 0.55) {
        const t = model.table(pick);
        const fixed = t.columns.filter((c) => c.columnid < 128).length;
        ch = { op: 'addColumn', table: pick, column: r() < 0.5 ? col(`F${serial++}`, fixed + 1, 4) : col(`G${serial++}`, 300 + t.columns.length, 4, 0, 0x400) };
      } else if (x < 0.8) {
        const t = model.table(pick);
        const c = t.columns[Math.floor(r() * t.columns.length)]!;
        if (c.coltyp === 11) continue;
        ch = { op: 'createIndex', table: pick, index: { name: `I${serial++}`, grbit: 0, segments: [seg(c.columnid, r() < 0.5)] } };
      } else ch = { op: 'deleteTable', table: pick };
      schema.push(ch);
      seen.set(ch.op, (seen.get(ch.op) ?? 0) + 1);
      // the model follows each change, so the next one (and the rows) see the schema it leaves
      model.schema([ch]);
    }
    const parts: EseTableChanges[] = users().filter(() => r() < 0.7).map((name) => ({ table: name, changes: model.changes(name, Array.from({ length: 5 + Math.floor(r() * 60) }, () => rowFor(model.table(name))), r) }));
    const s = applyEseUpdate(file, parts, { schema, now: 0 });
    model.rows(parts, s.inserted);
    model.check(file, b % 4 === 3 ? join(dir, `xr${seed}.${b}`) : undefined);
  }
  for (const op of ['createTable', 'addColumn', 'createIndex', 'deleteTable']) expect(seen.get(op), op).toBeGreaterThanOrEqual(1);
});

it('a deleted table with thousands of rows, long values and two indexes gives its pages back: the next batch reuses them', () => {
  const file = join(dir, 'reuse.edb');
  const tables = makeTables(4000);
  writeFileSync(file, writeEseDatabase({ cbPage: 8192, tables, now: 0 }));
  const model = new DbModel(tables);
  const size = statSync(file).size;
  const freeBefore = freePages(file).size;
  applyEseUpdate(file, [], { schema: [{ op: 'deleteTable', table: 'Files' }], now: 0 });
  model.schema([{ op: 'deleteTable', table: 'Files' }]);
  model.check(file);
  expect(statSync(file).size).toBe(size);
  const freed = freePages(file).size - freeBefore;
  expect(freed).toBeGreaterThan(size / 8192 / 2);
  // a new table of three quarters of the old one's rows fits in the freed pages: the file does not grow
  const refill = makeTables(3000)[0]!;
  const schema: EseSchemaChange[] = [{ op: 'createTable', table: 'Files2', columns: refill.columns, indexes: refill.indexes }];
  const parts = [{ table: 'Files2', changes: refill.rows.map((row) => ({ op: 'insert' as const, row })) }];
  const s = applyEseUpdate(file, parts, { schema, now: 0 });
  model.schema(schema);
  model.rows(parts, s.inserted);
  expect(statSync(file).size).toBe(size);
  expect(freePages(file).size).toBeLessThan(freeBefore + freed * 0.35);
  model.check(file, join(dir, 'xreuse'));
});

it('columns added with a default value: records written before hold NULL, index keys take the default where the record does not hold the column', () => {
  const file = join(dir, 'defaults.edb');
  const tables = makeTables(120);
  writeFileSync(file, writeEseDatabase({ cbPage: 8192, tables, now: 0 }));
  const model = new DbModel(tables);
  const level = { ...col('Level', 14, 4), defaultValue: int(7) };
  const label = { ...col('Label', 131, 10, 1252), defaultValue: Buffer.from('none', 'latin1') };
  const mark = { ...col('Mark', 261, 4), defaultValue: int(3) };
  const schema: EseSchemaChange[] = [
    { op: 'addColumn', table: 'Files', column: level },
    { op: 'addColumn', table: 'Files', column: col('Other', 15, 4) },
    { op: 'addColumn', table: 'Files', column: label },
    { op: 'addColumn', table: 'Files', column: mark },
    { op: 'createIndex', table: 'Files', index: { name: 'ByLevel', grbit: 0, segments: [seg(14)] } },
    { op: 'createIndex', table: 'Files', index: { name: 'ByLabel', grbit: 0, segments: [seg(131)] } },
    { op: 'createIndex', table: 'Files', index: { name: 'ByMark', grbit: 0, segments: [seg(261)] } },
  ];
  const id = (n: number): Buffer[] => [int(n)];
  // past the last fixed column (default), NULL before a set one (NULL), explicit values
  const rows: EseRow[] = [new Map([[4, id(900001)]]), new Map([[4, id(900002)], [15, id(1)]]), new Map([[4, id(900003)], [14, id(9)], [131, [Buffer.from('x')]], [261, id(5)]])];
  const parts = [{ table: 'Files', changes: rows.map((row) => ({ op: 'insert' as const, row })) }];
  const s = applyEseUpdate(file, parts, { schema, now: 0 });
  model.schema(schema);
  model.rows(parts, s.inserted);
  model.check(file, join(dir, 'xdefaults'));
  const r = EseDatabaseReader.open(file, 'test');
  try {
    const t = r.tables.get('files')!;
    // the catalog keeps the defaults; the records written before do not hold the columns
    expect(t.columns.filter((c) => c.defaultValue).map((c) => [c.name, c.defaultValue!.toString('hex')])).toEqual([['Level', '07000000'], ['Label', Buffer.from('none').toString('hex')], ['Mark', '03000000']]);
    const old = [...r.records(t)].find((x) => x.record.fixed.get(4)!.readInt32LE(0) === tables[0]!.rows[0]!.get(4)![0]!.readInt32LE(0))!;
    expect(r.rowValues(t, old.record).has(14)).toBe(false);
    const cols = new Map(t.columns.map((c) => [c.columnid, c]));
    const keysOf = (name: string): Map<number, string> => {
      const ix = t.indexes.find((i) => i.name === name)!;
      const pk = new Map([...r.records(t)].map((x) => [x.key.toString('hex'), x.record.fixed.get(4)!.readInt32LE(0)]));
      return new Map([...r.walk(ix.pgnoFDP)].map(({ node }) => [pk.get(node.data.toString('hex'))!, node.key.toString('hex')]));
    };
    const key = (columnid: number, v: Buffer | null): string => normalizeKey(segmentsOf({ name: '', grbit: 0, segments: [seg(columnid)] }, cols), [v]).toString('hex');
    const byLevel = keysOf('ByLevel');
    expect(byLevel.get(tables[0]!.rows[0]!.get(4)![0]!.readInt32LE(0))).toBe(key(14, int(7)));
    expect(byLevel.get(900001)).toBe(key(14, int(7)));
    expect(byLevel.get(900002)).toBe(key(14, null));
    expect(byLevel.get(900003)).toBe(key(14, int(9)));
    expect(keysOf('ByLabel').get(900002)).toBe(key(131, Buffer.from('none')));
    expect(keysOf('ByMark').get(900002)).toBe(key(261, int(3)));
    expect(keysOf('ByMark').get(900003)).toBe(key(261, int(5)));
  } finally {
    r.close();
  }
});

describe('refusals leave the file byte-identical', () => {
  const file = (): string => {
    const f = join(dir, `err${Math.random().toString(36).slice(2)}.edb`);
    writeFileSync(f, writeEseDatabase({ cbPage: 8192, tables: makeTables(50), now: 0 }));
    return f;
  };
  const cases: [string, EseSchemaChange[], number, EseTableChanges[]?][] = [
    ['createTable of an existing name (any case)', [{ op: 'createTable', table: 'FILES', columns: SEQ_COLUMNS, indexes: [] }], JET_errTableDuplicate],
    ['createTable twice in one batch', [{ op: 'createTable', table: 'T', columns: SEQ_COLUMNS, indexes: [] }, { op: 'createTable', table: 't', columns: SEQ_COLUMNS, indexes: [] }], JET_errTableDuplicate],
    ['createTable of a bad name', [{ op: 'createTable', table: 'a.b', columns: SEQ_COLUMNS, indexes: [] }], JET_errInvalidName],
    ['createTable with two columns of one name', [{ op: 'createTable', table: 'T', columns: [col('A', 1, 4), col('a', 2, 4)], indexes: [] }], JET_errColumnDuplicate],
    ['createTable with two indexes of one name', [{ op: 'createTable', table: 'T', columns: SEQ_COLUMNS, indexes: [{ name: 'I', grbit: 0, segments: [seg(1)] }, { name: 'i', grbit: 0, segments: [seg(128)] }] }], JET_errIndexDuplicate],
    ['createTable with two primary indexes', [{ op: 'createTable', table: 'T', columns: SEQ_COLUMNS, indexes: [{ name: 'P', grbit: 2, segments: [seg(1)] }, { name: 'Q', grbit: 2, segments: [seg(128)] }] }], JET_errIndexHasPrimary],
    ['createTable with an index on a missing column', [{ op: 'createTable', table: 'T', columns: SEQ_COLUMNS, indexes: [{ name: 'I', grbit: 0, segments: [seg(5)] }] }], JET_errColumnNotFound],
    ['createTable with fixed ids that skip one', [{ op: 'createTable', table: 'T', columns: [col('A', 1, 4), col('B', 3, 4)], indexes: [] }], JET_errInvalidParameter],
    ['createTable with a long value at a variable id', [{ op: 'createTable', table: 'T', columns: [col('A', 128, 12, 1252)], indexes: [] }], JET_errInvalidParameter],
    ['a text column of a code page other than 1252 and 1200', [{ op: 'createTable', table: 'T', columns: [col('A', 128, 10, 437)], indexes: [] }], JET_errInvalidCodePage],
    ['a compressed column that is not a long value', [{ op: 'createTable', table: 'T', columns: [col('A', 256, 10, 1252, 0x80000)], indexes: [] }], JET_errColumnCannotBeCompressed],
    ['a multi-valued column that is not tagged', [{ op: 'addColumn', table: 'Files', column: col('M', 131, 10, 1252, 0x400) }], JET_errMultiValuedColumnMustBeTagged],
    ['an unknown column type', [{ op: 'addColumn', table: 'Files', column: col('M', 261, 18) }], JET_errInvalidColumnType],
    ['fixed columns past what a record holds', [{ op: 'createTable', table: 'T', columns: Array.from({ length: 32 }, (_, i) => col(`F${i}`, i + 1, 9, 0, 0, 255)), indexes: [] }], JET_errRecordTooBig],
    ['a primary index over a multi-valued column', [{ op: 'createTable', table: 'T', columns: [col('A', 256, 4, 0, 0x400)], indexes: [{ name: 'P', grbit: 2, segments: [seg(256)] }] }], JET_errIndexInvalidDef],
    ['an index over an escrow column', [{ op: 'createTable', table: 'T', columns: [{ ...col('A', 1, 4, 0, 0x800), defaultValue: int(0) }], indexes: [{ name: 'I', grbit: 0, segments: [seg(1)] }] }], JET_errCannotIndex],
    ['createIndex with no segments', [{ op: 'createIndex', table: 'Files', index: { name: 'I', grbit: 0, segments: [] } }], JET_errIndexInvalidDef],
    ['addColumn of an existing name', [{ op: 'addColumn', table: 'Files', column: col('flag', 14, 4) }], JET_errColumnDuplicate],
    ['addColumn at a taken id', [{ op: 'addColumn', table: 'Files', column: col('New', 129, 10) }], JET_errInvalidParameter],
    ['addColumn of a fixed column past the next id', [{ op: 'addColumn', table: 'Files', column: col('New', 15, 4) }], JET_errInvalidParameter],
    ['addColumn of an escrow column to a table with records', [{ op: 'addColumn', table: 'Files', column: { ...col('Esc', 14, 4, 0, 0x800), defaultValue: int(0) } }], JET_errTableNotEmpty],
    ['addColumn to a missing table', [{ op: 'addColumn', table: 'Nope', column: col('New', 1, 4) }], JET_errObjectNotFound],
    ['createIndex of an existing name', [{ op: 'createIndex', table: 'Files', index: { name: 'bycode', grbit: 0, segments: [seg(1)] } }], JET_errIndexDuplicate],
    ['a primary index on a table with records', [{ op: 'createIndex', table: 'Log', index: { name: 'P', grbit: 2, segments: [seg(1)] } }], JET_errTableNotEmpty],
    ['a second primary index', [{ op: 'createIndex', table: 'Empty', index: { name: 'P2', grbit: 2, segments: [seg(1)] } }], JET_errIndexHasPrimary],
    ['a unique index over duplicate values', [{ op: 'createIndex', table: 'Files', index: { name: 'U', grbit: 1, segments: [seg(128)] } }], JET_errKeyDuplicate],
    ['deleteTable of a missing table', [{ op: 'deleteTable', table: 'Nope' }], JET_errObjectNotFound],
    ['deleteTable of the catalog', [{ op: 'deleteTable', table: 'MSysObjects' }], JET_errCannotDeleteSystemTable],
    ['rows of a table the batch deleted', [{ op: 'deleteTable', table: 'Log' }], JET_errObjectNotFound, [{ table: 'Log', changes: [{ op: 'insert', row: new Map([[1, [int(1)]]]) }] }]],
    ['a good change before a refused one', [{ op: 'createTable', table: 'T', columns: SEQ_COLUMNS, indexes: [] }, { op: 'deleteTable', table: 'Nope' }], JET_errObjectNotFound],
    ['rows breaking a unique index created in the same batch', [{ op: 'createTable', table: 'T', columns: SEQ_COLUMNS, indexes: [{ name: 'U', grbit: 1, segments: [seg(1)] }] }], JET_errKeyDuplicate, [{ table: 'T', changes: [{ op: 'insert', row: new Map([[1, [int(1)]]]) }, { op: 'insert', row: new Map([[1, [int(1)]]]) }] }]],
  ];
  it.each(cases)('%s', (_, schema, code, parts) => {
    const f = file();
    const image = readFileSync(f);
    expect(jetCode(() => applyEseUpdate(f, parts ?? [], { schema }))).toBe(code);
    expect(readFileSync(f).equals(image)).toBe(true);
  });
});
