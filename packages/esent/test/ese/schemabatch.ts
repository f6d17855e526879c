// One seeded batch that changes the schema and rows together, shared by the schema crash test and
// its child process: a new table with rows (its 400-page primary extent grows the file), an index built over Files' existing rows, Log deleted,
// and row changes to Files and the new table.
import type { EseColumn, EseRow } from '../../src/reference/ese/schema.js';
import type { EseSchemaChange } from '../../src/reference/ese/schemachange.js';
import type { EseTableChanges } from '../../src/reference/ese/updater.js';
import { makeTables } from './fixture.js';
import { int, rng, TableModel } from './updatemodel.js';

const NOTE_COLUMNS: EseColumn[] = [
  { name: 'Id', columnid: 1, coltyp: 4, cp: 0, cbMax: 0, grbit: 0 },
  { name: 'Title', columnid: 128, coltyp: 10, cp: 1200, cbMax: 255, grbit: 0 },
  { name: 'Body', columnid: 256, coltyp: 12, cp: 1200, cbMax: 0, grbit: 0 },
];

export function schemaBatch(rows: number, seed: number): { schema: EseSchemaChange[]; parts: EseTableChanges[] } {
  const r = rng(seed);
  const notes: EseRow[] = Array.from({ length: 120 }, (_, i) => new Map([
    [1, [int(i * 3)]],
    [128, [Buffer.from(`note ${Math.floor(r() * 30)}`, 'utf16le')]],
    ...(r() < 0.3 ? [[256, [Buffer.from('text '.repeat(r() < 0.3 ? 800 : 20), 'utf16le')]] as [number, Buffer[]]] : []),
  ]));
  return {
    schema: [
      { op: 'createTable', table: 'Notes', columns: NOTE_COLUMNS, pages: 400, indexes: [{ name: 'PK', grbit: 0x2, segments: [{ columnid: 1, descending: false }] }, { name: 'ByTitle', grbit: 0, segments: [{ columnid: 128, descending: false }] }] },
      { op: 'createIndex', table: 'Files', index: { name: 'ByMoney', grbit: 0, segments: [{ columnid: 5, descending: true }] } },
      { op: 'deleteTable', table: 'Log' },
    ],
    parts: [
      { table: 'Files', changes: new TableModel(makeTables(rows)[0]!.rows).batch(seed, 24) },
      { table: 'Notes', changes: notes.map((row) => ({ op: 'insert' as const, row })) },
    ],
  };
}
