// The expected content of a whole database under in-place batches with schema changes: every
// table's columns, indexes and rows (keyed by primary key, or by DBK bookmark without a primary
// index), and the checks that our reader, the index trees, the space trees, esedbinfo and
// esedbexport show exactly that.
import { expect } from 'vitest';
import { JET_bitIndexPrimary, JET_bitIndexUnique } from '../../src/api/constants.js';
import { dbkKey } from '../../src/reference/ese/key.js';
import { EseDatabaseReader } from '../../src/reference/ese/reader.js';
import { keyValues, primarySegsKey, rowKeys, segmentsOf } from '../../src/reference/ese/rows.js';
import type { EseColumn, EseIndex, EseRow, EseTable } from '../../src/reference/ese/schema.js';
import type { EseSchemaChange } from '../../src/reference/ese/schemachange.js';
import type { EseChange, EseTableChanges } from '../../src/reference/ese/updater.js';
import { cbLVIntrinsicMost } from '../../src/reference/ese/writer.js';
import { esedbexport, esedbinfo, expectedExport } from './fixture.js';
import { hex, spaceMismatch } from './updatemodel.js';

interface ModelTable {
  name: string;
  columns: EseColumn[];
  indexes: EseIndex[];
  /** Rows by record key (hex). */
  rows: Map<string, EseRow>;
  /** Highest DBK given out (tables without a primary index). */
  dbk: number;
}

const inline = (v: Buffer): boolean => v.length <= cbLVIntrinsicMost;

function primaryOf(t: { indexes: readonly EseIndex[] }): EseIndex | undefined {
  return t.indexes.find((ix) => ix.grbit & JET_bitIndexPrimary);
}

export class DbModel {
  /** In catalog (objid) order: a table created later comes after the others. */
  readonly tables = new Map<string, ModelTable>();

  constructor(tables: readonly EseTable[]) {
    for (const t of tables) {
      const m: ModelTable = { name: t.name, columns: [...t.columns], indexes: [...t.indexes], rows: new Map(), dbk: 0 };
      this.tables.set(t.name.toLowerCase(), m);
      for (const row of t.rows) this.put(m, row, primaryOf(m) ? undefined : dbkKey(++m.dbk));
    }
  }

  table(name: string): ModelTable {
    return this.tables.get(name.toLowerCase())!;
  }

  keyOf(t: ModelTable, row: EseRow): string {
    const pk = primaryOf(t)!;
    return primarySegsKey(segmentsOf(pk, new Map(t.columns.map((c) => [c.columnid, c]))), pk, row).toString('hex');
  }

  private put(t: ModelTable, row: EseRow, bookmark?: Buffer): void {
    t.rows.set(bookmark ? bookmark.toString('hex') : this.keyOf(t, row), row);
  }

  schema(changes: readonly EseSchemaChange[]): void {
    for (const ch of changes) {
      if (ch.op === 'createTable') this.tables.set(ch.table.toLowerCase(), { name: ch.table, columns: [...ch.columns], indexes: [...ch.indexes], rows: new Map(), dbk: 0 });
      else if (ch.op === 'deleteTable') this.tables.delete(ch.table.toLowerCase());
      else if (ch.op === 'addColumn') this.table(ch.table).columns.push(ch.column);
      else this.table(ch.table).indexes.push(ch.index);
    }
  }

  /** Applies row parts as the batch did (`inserted`: the bookmarks it returned). */
  rows(parts: readonly EseTableChanges[], inserted: readonly Buffer[][]): void {
    parts.forEach((part, i) => {
      const t = this.table(part.table);
      let n = 0;
      for (const ch of part.changes) {
        const key = primaryOf(t) ? this.keyOf(t, ch.row) : ch.op === 'insert' ? inserted[i]![n++]!.toString('hex') : ch.bookmark!.toString('hex');
        if (ch.op === 'insert' && !primaryOf(t)) t.dbk = Math.max(t.dbk, Buffer.from(key, 'hex').readUInt32BE(0));
        if (ch.op === 'delete') t.rows.delete(key);
        else t.rows.set(key, ch.row);
      }
    });
  }

  sorted(t: ModelTable): [string, EseRow][] {
    return [...t.rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  eseTable(t: ModelTable): EseTable {
    return { name: t.name, columns: t.columns, indexes: t.indexes, rows: this.sorted(t).map(([, r]) => r) };
  }

  /** Row changes for a table: inserts of `fresh` rows, replacements and deletions of existing ones. */
  changes(name: string, fresh: readonly EseRow[], r: () => number): EseChange[] {
    const t = this.table(name);
    const keys = [...t.rows.keys()];
    const used = new Set<string>();
    const out: EseChange[] = [];
    for (const row of fresh) {
      const x = r();
      const key = keys[Math.floor(r() * keys.length)];
      if (x < 0.5 || key === undefined || used.has(key)) {
        if (primaryOf(t)) {
          const k = this.keyOf(t, row);
          if (t.rows.has(k) || used.has(k)) continue;
          used.add(k);
        }
        out.push({ op: 'insert', row });
        continue;
      }
      used.add(key);
      const bookmark = primaryOf(t) ? undefined : Buffer.from(key, 'hex');
      const old = t.rows.get(key)!;
      // a replacement keeps the record's primary key
      const pk = primaryOf(t);
      const same = pk ? new Map([...row].filter(([id]) => !pk.segments.some((s) => s.columnid === id)).concat(pk.segments.map((s) => [s.columnid, old.get(s.columnid)!]))) : row;
      if (x < 0.8) out.push({ op: 'replace', row: same, ...(bookmark ? { bookmark } : {}) });
      else out.push({ op: 'delete', row: pk ? new Map(pk.segments.map((s) => [s.columnid, old.get(s.columnid)!])) : new Map(), ...(bookmark ? { bookmark } : {}) });
    }
    return out;
  }

  /** Checks the file against the model: reader, indexes, pages, space; with `exportDir` esedbinfo and esedbexport too. */
  check(file: string, exportDir?: string): void {
    const r = EseDatabaseReader.open(file, 'model');
    try {
      expect([...r.tables.keys()].filter((k) => !k.startsWith('msysobjects')).sort()).toEqual([...this.tables.keys()].sort());
      for (const t of this.tables.values()) {
        const info = r.tables.get(t.name.toLowerCase())!;
        const colShape = (c: EseColumn): string => `${c.columnid}:${c.name}:${c.coltyp}:${c.cp}`;
        expect(info.columns.map(colShape).sort(), t.name).toEqual(t.columns.map(colShape).sort());
        const ixShape = (ix: EseIndex): string => `${ix.name}:${ix.grbit & JET_bitIndexPrimary ? 'P' : ix.grbit & JET_bitIndexUnique ? 'U' : '-'}:${ix.segments.map((s) => `${s.descending ? '-' : '+'}${s.columnid}`).join(',')}`;
        expect(info.indexes.map(ixShape).sort(), t.name).toEqual(t.indexes.map(ixShape).sort());
        const sorted = this.sorted(t);
        const records = [...r.records(info)];
        expect(records.map((x) => x.key.toString('hex')), t.name).toEqual(sorted.map(([k]) => k));
        expect(records.map((x) => hex(r.rowValues(info, x.record))), t.name).toEqual(sorted.map(([, row]) => hex(row)));
        const cols = new Map(t.columns.map((c) => [c.columnid, c]));
        for (const ix of info.indexes.filter((i) => i.pgnoFDP !== info.pgnoFDP)) {
          const spec = t.indexes.find((i) => i.name === ix.name)!;
          const segs = segmentsOf(spec, cols);
          // a column the record does not hold keys as its default (rows.ts keyValues; tested on its own in schema.test.ts)
          const want = sorted.flatMap(([k, row]) => rowKeys(spec, segs, keyValues(t.columns, row)).map((key) => [key, Buffer.from(k, 'hex')] as const));
          want.sort((a, b) => Buffer.compare(a[0], b[0]) || Buffer.compare(a[1], b[1]));
          expect([...r.walk(ix.pgnoFDP)].map(({ node }) => `${node.key.toString('hex')}:${node.data.toString('hex')}`), `${t.name}.${ix.name}`).toEqual(want.map(([a, b]) => `${a.toString('hex')}:${b.toString('hex')}`));
        }
      }
      expect(r.verifyAllPages()).toBeGreaterThan(0);
    } finally {
      r.close();
    }
    expect(spaceMismatch(file)).toBeNull();
    if (!exportDir) return;
    const info = esedbinfo(file, true);
    expect(info.status).toBe(0);
    expect(info.stderr).not.toMatch(/mismatch/);
    expect([...info.stdout.matchAll(/^Table: \d+\t+(\S+) \(\d+\)$/gm)].map((m) => m[1])).toEqual(['MSysObjects', 'MSysObjectsShadow', ...[...this.tables.values()].map((t) => t.name)]);
    const out = esedbexport(file, exportDir);
    expect([...out.keys()].filter((k) => !k.startsWith('MSysObjects')).sort()).toEqual([...this.tables.values()].map((t) => t.name).sort());
    for (const t of this.tables.values()) expect(out.get(t.name), t.name).toBe(expectedExport(this.eseTable(t), inline));
    expect(out.get('MSysObjectsShadow')).toBe(out.get('MSysObjects'));
  }
}
