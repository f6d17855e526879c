// A database description exercising every column class and type the ESE module writes, plus how
// Debian's esedbexport (libesedb 20181229) renders each value, quirks included.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EseColumn, EseIndex, EseRow, EseTable } from '../../src/reference/ese/schema.js';

const COLS: [string, number, number, number?, number?][] = [
  ['Flag', 1, 1], ['Small', 2, 2], ['Short', 3, 3], ['Id', 4, 4], ['Money', 5, 5], ['Ratio', 6, 6], ['Weight', 7, 7], ['When', 8, 8],
  ['Count', 9, 14], ['Big', 10, 15], ['Guid', 11, 16], ['Port', 12, 17], ['Digest', 13, 9, 0, 0x1],
  ['Code', 128, 10, 1252], ['Title', 129, 10, 1200], ['Hash', 130, 9],
  ['Tags', 256, 4, 0, 0x402], ['Body', 257, 12, 1200, 0x80000], ['Blob', 258, 11], ['Names', 259, 10, 1200, 0x402], ['Note', 260, 12, 1252, 0x80000],
];

// Digest is a fixed Binary column of 20 bytes (a fixed column id with JET_bitColumnFixed)
export const COLUMNS: EseColumn[] = COLS.map(([name, columnid, coltyp, cp, grbit]) => ({ name, columnid, coltyp, cp: cp ?? 0, cbMax: columnid === 13 ? 20 : columnid >= 128 && columnid < 256 ? 255 : 0, grbit: grbit ?? 0 }));

export const INDEXES: EseIndex[] = [
  { name: 'PrimaryKey', grbit: 0x2, segments: [{ columnid: 4, descending: false }] },
  { name: 'ByCode', grbit: 0, segments: [{ columnid: 128, descending: false }, { columnid: 3, descending: true }] },
  { name: 'ByTitle', grbit: 0x8, segments: [{ columnid: 129, descending: false }] },
];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function num(n: number, f: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(n);
  f(b);
  return b;
}

/** `count` rows: nulls, zero-length values, multi-values, inline and separated long values. */
export function makeRows(count: number, seed = 1): EseRow[] {
  const r = rng(seed);
  const rows: EseRow[] = [];
  for (let i = 0; i < count; i++) {
    const m = new Map<number, Buffer[]>();
    const maybe = (p: number): boolean => r() < p;
    m.set(4, [num(4, (b) => b.writeInt32LE(i * 7 - 1000))]);
    if (maybe(0.8)) m.set(1, [Buffer.from([r() < 0.5 ? 1 : 0])]);
    if (maybe(0.8)) m.set(2, [Buffer.from([Math.floor(r() * 256)])]);
    if (maybe(0.8)) m.set(3, [num(2, (b) => b.writeInt16LE(Math.floor(r() * 65536) - 32768))]);
    if (maybe(0.7)) m.set(5, [num(8, (b) => b.writeBigInt64LE(BigInt(Math.floor(r() * 2e12)) - 10n ** 12n))]);
    if (maybe(0.7)) m.set(6, [num(4, (b) => b.writeFloatLE(Math.floor(r() * 1000) / 8))]);
    if (maybe(0.7)) m.set(7, [num(8, (b) => b.writeDoubleLE((Math.floor(r() * 2e6) - 1e6) / 16))]);
    if (maybe(0.7)) m.set(8, [num(8, (b) => b.writeDoubleLE(40000 + Math.floor(r() * 10000) / 4))]);
    if (maybe(0.7)) m.set(9, [num(4, (b) => b.writeUInt32LE(Math.floor(r() * 2 ** 32)))]);
    if (maybe(0.7)) m.set(10, [num(8, (b) => b.writeBigInt64LE(BigInt(Math.floor(r() * 2 ** 52)) - 2n ** 51n))]);
    if (maybe(0.5)) m.set(11, [Buffer.from(Array.from({ length: 16 }, () => Math.floor(r() * 256)))]);
    if (maybe(0.6)) m.set(12, [num(2, (b) => b.writeUInt16LE(Math.floor(r() * 65536)))]);
    if (maybe(0.5)) m.set(13, [Buffer.from(Array.from({ length: 20 }, () => Math.floor(r() * 256)))]);
    if (maybe(0.9)) m.set(128, [Buffer.from(`code-${Math.floor(r() * 500)}`, 'latin1')]);
    if (maybe(0.9)) m.set(129, [maybe(0.05) ? Buffer.alloc(0) : Buffer.from(`Tïtle ${i} ✓ ${'x'.repeat(Math.floor(r() * 40))}`, 'utf16le')]);
    if (maybe(0.6)) m.set(130, [Buffer.from(Array.from({ length: Math.floor(r() * 40) + 1 }, () => Math.floor(r() * 256)))]);
    if (maybe(0.5)) m.set(256, Array.from({ length: 1 + Math.floor(r() * 3) }, (_, j) => num(4, (b) => b.writeInt32LE(i + j))));
    if (maybe(0.5)) {
      const len = r() < 0.1 ? 3000 + Math.floor(r() * 20000) : Math.floor(r() * 300);
      m.set(257, [Buffer.from(`body ${i} `.padEnd(len, 'abcdefgh'), 'utf16le')]);
    }
    if (maybe(0.3)) m.set(258, [Buffer.from(Array.from({ length: r() < 0.2 ? 9000 : 20 }, (_, j) => (i + j) & 0xff))]);
    if (maybe(0.4)) m.set(259, Array.from({ length: 1 + Math.floor(r() * 2) }, (_, j) => Buffer.from(`n${i}.${j}`, 'utf16le')));
    if (maybe(0.3)) m.set(260, [Buffer.from(`note ${i}`, 'latin1')]);
    rows.push(m);
  }
  return rows;
}

export function makeTables(count: number): EseTable[] {
  return [
    { name: 'Files', columns: COLUMNS, indexes: INDEXES, rows: makeRows(count) },
    // no primary index: records are keyed by their DBK (insertion order)
    {
      name: 'Log',
      columns: [{ ...COLUMNS[3]!, columnid: 1 }, COLUMNS.find((c) => c.columnid === 129)!],
      indexes: [],
      rows: makeRows(Math.ceil(count / 10), 2).map((row) => new Map([...row].filter(([id]) => id === 4 || id === 129).map(([id, v]) => [id === 4 ? 1 : id, v]))),
    },
    { name: 'Empty', columns: [{ ...COLUMNS[3]!, columnid: 1 }], indexes: [{ ...INDEXES[0]!, segments: [{ columnid: 1, descending: false }] }], rows: [] },
  ];
}

/** How esedbexport 20181229 prints one column of a row (its quirks noted inline). */
export function exportCell(col: EseColumn, row: EseRow, lvInline: (v: Buffer) => boolean): string {
  const vals = row.get(col.columnid) ?? [];
  let v = vals[0];
  if (col.columnid < 128) {
    // the fixed null bits are not read: a NULL before the record's last fixed column prints as zero
    const last = Math.max(0, ...[...row.keys()].filter((id) => id < 128));
    if (!v) {
      if (col.columnid > last) return '';
      v = Buffer.alloc(({ 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 4, 7: 8, 8: 8, 14: 4, 15: 8, 16: 16, 17: 2 } as Record<number, number>)[col.coltyp] ?? col.cbMax);
    }
  } else if (!v || v.length === 0) return '';
  if (vals.length > 1) return ''; // multi-values are not exported
  switch (col.coltyp) {
    case 1: return v[0] ? 'true' : 'false';
    case 2: return String(v[0]);
    case 3: return String(v.readInt16LE(0));
    case 4: return String(v.readInt32LE(0));
    case 5: return String(v.readBigUInt64LE(0)); // currency prints unsigned
    case 6: return '0.000000'; // singles print as the low half of a double
    case 7: return v.readDoubleLE(0).toFixed(6);
    case 8:
      // a date prints as its two 32-bit halves; zero goes through the FILETIME formatter
      if (v.readBigUInt64LE(0) === 0n) return 'Jan 01, 1601 00:00:00.000000000';
      return `(0x${v.readUInt32LE(4).toString(16).padStart(8, '0')} 0x${v.readUInt32LE(0).toString(16).padStart(8, '0')})`;
    case 14: return String(v.readUInt32LE(0));
    case 15: return String(v.readBigInt64LE(0));
    case 16: return v.toString('hex');
    case 17: return String(v.readUInt16LE(0));
    case 9: return v.toString('hex');
    case 10: return col.cp === 1200 ? v.toString('utf16le') : v.toString('latin1');
    // separated long values: libesedb 20181229 makes a leaf node's key from the bytes that hold its
    // key sizes, so it finds a long value only where the node carries no key suffix (libyal/libesedb#47)
    case 11: return lvInline(v) ? v.toString('hex') : '';
    case 12: return lvInline(v) ? (col.cp === 1200 ? v.toString('utf16le') : v.toString('latin1')) : '';
    default: throw new Error(`no rendering for coltyp ${col.coltyp}`);
  }
}

export function expectedExport(t: EseTable, lvInline: (v: Buffer) => boolean): string {
  const cols = [...t.columns].sort((a, b) => a.columnid - b.columnid);
  const lines = [cols.map((c) => c.name).join('\t')];
  for (const row of t.rows) lines.push(cols.map((c) => exportCell(c, row, lvInline)).join('\t'));
  return lines.join('\n') + '\n';
}

/** Runs esedbexport into `dir` and returns table name -> exported text. */
export function esedbexport(file: string, dir: string): Map<string, string> {
  mkdirSync(dir, { recursive: true });
  execFileSync('esedbexport', ['-t', join(dir, 'x'), file], { stdio: 'pipe' });
  const out = new Map<string, string>();
  for (const f of readdirSync(join(dir, 'x.export'))) out.set(f.replace(/\.\d+$/, ''), readFileSync(join(dir, 'x.export', f), 'utf8'));
  return out;
}

export function esedbinfo(file: string, verbose = false): { stdout: string; stderr: string; status: number | null } {
  const res = spawnSync('esedbinfo', verbose ? ['-v', file] : [file], { encoding: 'utf8' });
  return { stdout: res.stdout, stderr: res.stderr, status: res.status };
}
