// What the ESE writer refuses: definitions ESE cannot hold and rows that break their table's rules.
import { expect, it } from 'vitest';
import type { EseColumn, EseTable } from '../../src/reference/ese/schema.js';
import { writeEseDatabase } from '../../src/reference/ese/writer.js';

const long = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
};
const id: EseColumn = { name: 'id', columnid: 1, coltyp: 4, cp: 0, cbMax: 0, grbit: 0 };
const pk = { name: 'pk', grbit: 0x2, segments: [{ columnid: 1, descending: false }] };
const write = (tables: EseTable[], cbPage = 8192): Buffer => writeEseDatabase({ cbPage, tables, now: 0 });

it('refuses page sizes, column ids and duplicates ESE does not allow', () => {
  expect(() => write([], 2048)).toThrow(/page size 2048/);
  expect(() => write([{ name: 't', columns: [{ ...id, columnid: 2 }], indexes: [], rows: [] }])).toThrow(/fixed column ids must run 1..n \(missing 1\)/);
  expect(() => write([{ name: 't', columns: [id, { ...id, name: 'b' }], indexes: [], rows: [] }])).toThrow(/column id 1 used twice/);
  expect(() => write([{ name: 't', columns: [{ ...id, coltyp: 12, columnid: 128 }], indexes: [], rows: [] }])).toThrow(/long value column id must be tagged/);
  expect(() => write([{ name: 't', columns: [{ ...id, coltyp: 11 }], indexes: [], rows: [] }])).toThrow(/cannot be fixed/);
  expect(() => write([{ name: 't', columns: [id], indexes: [], rows: [] }, { name: 'T', columns: [id], indexes: [], rows: [] }])).toThrow(/table T defined twice/);
  expect(() => write([{ name: 'MSysObjects', columns: [id], indexes: [], rows: [] }])).toThrow(/defined twice/);
  expect(() => write([{ name: 't', columns: [id], indexes: [pk, { ...pk, name: 'pk2' }], rows: [] }])).toThrow(/more than one primary index/);
  expect(() => write([{ name: 't', columns: [id], indexes: [{ ...pk, segments: [{ columnid: 9, descending: false }] }], rows: [] }])).toThrow(/names column 9/);
});

it('refuses rows that break their table: unknown columns, duplicate keys, records larger than a page', () => {
  const rows = (...ids: number[]) => ids.map((n) => new Map([[1, [long(n)]]]));
  expect(() => write([{ name: 't', columns: [id], indexes: [pk], rows: [new Map([[7, [long(1)]]])] }])).toThrow(/row sets column 7/);
  expect(() => write([{ name: 't', columns: [id], indexes: [pk], rows: rows(1, 2, 1) }])).toThrow(/two rows have the same primary key/);
  const text: EseColumn = { name: 'x', columnid: 128, coltyp: 10, cp: 1252, cbMax: 255, grbit: 0 };
  const unique = { name: 'ux', grbit: 0x1, segments: [{ columnid: 128, descending: false }] };
  const dup = [new Map([[1, [long(1)]], [128, [Buffer.from('a')]]]), new Map([[1, [long(2)]], [128, [Buffer.from('A')]]])];
  expect(() => write([{ name: 't', columns: [id, text], indexes: [pk, unique], rows: dup }])).toThrow(/unique index ux has a duplicate key/);
  // 40 variable columns of 255 bytes cannot share one 4 KiB page, whatever goes to long values
  const wide: EseColumn[] = [id, ...Array.from({ length: 40 }, (_, i) => ({ ...text, name: `v${i}`, columnid: 128 + i }))];
  const big = new Map<number, Buffer[]>([[1, [long(1)]], ...wide.slice(1).map((c) => [c.columnid, [Buffer.alloc(255, 0x41)]] as [number, Buffer[]])]);
  expect(() => write([{ name: 't', columns: wide, indexes: [pk], rows: [big] }], 4096)).toThrow(/does not fit a 4096-byte page/);
});
