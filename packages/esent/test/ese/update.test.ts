// In-place update batches on a database the writer made: after every seeded batch of inserts,
// replacements and deletions our reader returns exactly the expected rows in primary-key order,
// every secondary index holds exactly the rows' keys, every page verifies, and Debian's
// esedbinfo / esedbexport read the file; a batch writes O(k x depth) pages, and replace-churn
// reuses freed pages instead of growing the file.
import { JET_errInvalidParameter, JET_errKeyDuplicate, JET_errRecordNotFound } from '@winbackup/errors';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeHeaderPage } from '../../src/reference/ese/header.js';
import { EseDatabaseReader } from '../../src/reference/ese/reader.js';
import { dbkKey, normalizeKey } from '../../src/reference/ese/key.js';
import { segmentsOf } from '../../src/reference/ese/rows.js';
import type { EseRow, EseTable } from '../../src/reference/ese/schema.js';
import { applyEseBatch, applyEseUpdate, type EseChange } from '../../src/reference/ese/updater.js';
import { cbLVIntrinsicMost, writeEseDatabase } from '../../src/reference/ese/writer.js';
import { esedbexport, esedbinfo, expectedExport, makeRows, makeTables } from './fixture.js';
import { hex, indexEntries, int, jetCode, kindsTable, readRows, rng, spaceMismatch, TableModel } from './updatemodel.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ese-update-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const inline = (v: Buffer): boolean => v.length <= cbLVIntrinsicMost;

function create(file: string, cbPage: number, rows: number): TableModel {
  const tables = makeTables(rows);
  writeFileSync(file, writeEseDatabase({ cbPage, tables, now: 0 }));
  return new TableModel(tables[0]!.rows);
}

function verifyAll(file: string): number {
  const r = EseDatabaseReader.open(file, 'test');
  try {
    return r.verifyAllPages();
  } finally {
    r.close();
  }
}

/** The header's dbtime and the highest dbtime stamped on any page. */
function dbtimes(file: string): { header: bigint; pages: bigint; clean: boolean } {
  const buf = readFileSync(file);
  const h = decodeHeaderPage(buf.subarray(0, 4096));
  let pages = 0n;
  for (let at = 2 * h.cbPageSize; at < buf.length; at += h.cbPageSize) {
    const d = buf.readBigUInt64LE(at + 8);
    if (d > pages) pages = d;
  }
  return { header: h.dbtime, pages, clean: h.dbstate === 3 };
}

function expectState(file: string, model: TableModel): void {
  const rows = model.sorted();
  expect(readRows(file)).toEqual(rows.map(hex));
  const { stored, expected } = indexEntries(file, rows);
  expect(stored).toEqual(expected);
  expect(verifyAll(file)).toBeGreaterThan(0);
  expect(spaceMismatch(file)).toBeNull();
}

describe.each([4096, 8192, 32768])('%i-byte pages', (cbPage) => {
  it('random batches keep rows, indexes and long values exactly; esedbexport and esedbinfo agree', () => {
    const file = join(dir, `u${cbPage}.edb`);
    const model = create(file, cbPage, 600);
    const others = esedbexport(file, join(dir, `before${cbPage}`));
    let last = dbtimes(file);
    for (let b = 0; b < 6; b++) {
      const changes = model.batch(1000 * cbPage + b, b === 0 ? 400 : 60);
      const s = applyEseBatch(file, 'Files', changes, { now: Date.UTC(2026, 11, 4, 12, b) });
      model.apply(changes);
      expectState(file, model);
      // each written page has its own dbtime; the header, clean, keeps the highest
      const now = dbtimes(file);
      expect(now.clean).toBe(true);
      expect(now.header).toBe(now.pages);
      expect(now.header - last.header).toBe(BigInt(s.cowPages + s.inPlacePages - 2));
      last = now;
      if (b % 3 === 2) {
        const out = esedbexport(file, join(dir, `x${cbPage}.${b}`));
        expect(out.get('Files')).toBe(expectedExport(model.table(), inline));
        // the other tables and the catalog are untouched
        for (const name of ['Log', 'Empty', 'MSysObjects', 'MSysObjectsShadow']) expect(out.get(name)).toBe(others.get(name));
        const info = esedbinfo(file, cbPage <= 8192);
        expect(info.status).toBe(0);
        expect([...info.stdout.matchAll(/^Table: \d+\t+(\S+) \(\d+\)$/gm)].map((m) => m[1])).toEqual(['MSysObjects', 'MSysObjectsShadow', 'Files', 'Log', 'Empty']);
        expect(info.stderr).not.toMatch(/mismatch/);
      }
    }
  });
});

it('deleting every row releases the pages and leaves empty trees; inserting again refills them', () => {
  const file = join(dir, 'empty.edb');
  const model = create(file, 8192, 500);
  const all = model.sorted().map((row) => ({ op: 'delete' as const, row: new Map([[4, row.get(4)!]]) }));
  applyEseBatch(file, 'Files', all, { now: 0 });
  model.apply(all);
  expect(model.rows.size).toBe(0);
  expectState(file, model);
  expect(esedbexport(file, join(dir, 'xe')).get('Files')).toBe(expectedExport(model.table(), inline));
  const back = makeRows(300, 7).map((row) => ({ op: 'insert' as const, row }));
  applyEseBatch(file, 'Files', back, { now: 0 });
  model.apply(back);
  expectState(file, model);
});

it('a batch of k changes writes O(k x depth) pages, far fewer than the file holds', () => {
  const file = join(dir, 'bound.edb');
  const model = create(file, 8192, 4000);
  const pagesBefore = statSync(file).size / 8192 - 2;
  for (let b = 0; b < 5; b++) {
    const k = 10;
    const changes = model.batch(77 + b, k, { insert: 0.3, replace: 0.4 });
    const s = applyEseBatch(file, 'Files', changes, { now: 0 });
    model.apply(changes);
    // every tree op lands in one leaf and its path (plus a split page and a relinked neighbour on
    // each side), and the space trees and the header pages come on top
    expect(s.cowPages + s.inPlacePages).toBeLessThanOrEqual(s.treeOps * (s.depth + 3) + 2 * 10 + 2);
    // the changed rows of one batch touch only a small part of the file
    expect(s.cowPages + s.inPlacePages).toBeLessThan(pagesBefore / 8);
    expect(s.depth).toBeGreaterThanOrEqual(2);
  }
  expectState(file, model);
});

it('replace-churn reuses freed pages: the file stops growing', () => {
  const file = join(dir, 'churn.edb');
  const model = create(file, 8192, 1500);
  const sizes: number[] = [];
  for (let b = 0; b < 40; b++) {
    const changes = model.batch(500 + b, 40, { insert: 0, replace: 1 });
    applyEseBatch(file, 'Files', changes, { now: 0 });
    model.apply(changes);
    sizes.push(statSync(file).size);
  }
  expectState(file, model);
  // after the first growth the size settles: the last 20 batches add nothing
  expect(sizes[39]).toBe(sizes[19]);
});

it('refuses a duplicate insert and a change of a missing row, writing nothing', () => {
  const file = join(dir, 'err.edb');
  const model = create(file, 8192, 50);
  const image = readFileSync(file);
  const row = model.sorted()[3]!;
  expect(jetCode(() => applyEseBatch(file, 'Files', [{ op: 'insert', row }]))).toBe(JET_errKeyDuplicate);
  const missing = new Map([[4, [Buffer.from([1, 2, 3, 0x7f])]]]);
  expect(jetCode(() => applyEseBatch(file, 'Files', [{ op: 'replace', row: missing }]))).toBe(JET_errRecordNotFound);
  expect(jetCode(() => applyEseBatch(file, 'Files', [{ op: 'delete', row }, { op: 'delete', row }]))).toBe(JET_errRecordNotFound);
  expect(readFileSync(file).equals(image)).toBe(true);
});

it('finds every record of a three-level tree by its separators (parent pages bound their children exactly)', () => {
  const file = join(dir, 'deep.edb');
  const model = create(file, 4096, 3000);
  const all = model.sorted().map((row) => ({ op: 'replace' as const, row }));
  const s = applyEseBatch(file, 'Files', all, { now: 0 });
  expect(s.depth).toBeGreaterThanOrEqual(3);
  expectState(file, model);
});

it('a non-unique index whose keys repeat across many leaves keeps (key, bookmark) order through inserts and deletes', () => {
  // three kinds over thousands of rows: each key's entries span many index leaves
  const table = kindsTable;
  const kinds = ['alpha', 'beta', 'gamma'];
  const rows = new Map<number, string>();
  for (let i = 0; i < 4000; i++) rows.set(i * 2, kinds[i % 3]!);
  const file = join(dir, 'kinds.edb');
  writeFileSync(file, writeEseDatabase({ cbPage: 4096, tables: [table(rows)], now: 0 }));
  const r = rng(5);
  for (let b = 0; b < 8; b++) {
    const changes: EseChange[] = [];
    const ids = [...rows.keys()];
    const touched = new Set<number>();
    for (let i = 0; i < 150; i++) {
      const x = r();
      if (x < 0.4) {
        const id = Math.floor(r() * 20000) * 2 + 1;
        if (rows.has(id) || touched.has(id)) continue;
        touched.add(id);
        const kind = kinds[Math.floor(r() * 3)]!;
        changes.push({ op: 'insert', row: new Map([[1, [int(id)]], [128, [Buffer.from(kind, 'latin1')]]]) });
        rows.set(id, kind);
      } else {
        const id = ids[Math.floor(r() * ids.length)]!;
        if (!rows.has(id) || touched.has(id)) continue;
        touched.add(id);
        if (x < 0.7) {
          changes.push({ op: 'delete', row: new Map([[1, [int(id)]]]) });
          rows.delete(id);
        } else {
          const kind = kinds[Math.floor(r() * 3)]!;
          changes.push({ op: 'replace', row: new Map([[1, [int(id)]], [128, [Buffer.from(kind, 'latin1')]]]) });
          rows.set(id, kind);
        }
      }
    }
    applyEseBatch(file, 'Kinds', changes, { now: 0 });
  }
  const want = table(rows);
  const rd = EseDatabaseReader.open(file, 'test');
  try {
    const t = rd.tables.get('kinds')!;
    expect([...rd.records(t)].map((x) => hex(rd.rowValues(t, x.record)))).toEqual(want.rows.map(hex));
    const ix = t.indexes.find((i) => i.name === 'ByKind')!;
    const stored = [...rd.walk(ix.pgnoFDP)].map(({ node }) => Buffer.concat([node.key, Buffer.from([0xff]), node.data]).toString('hex'));
    const cols = new Map(want.columns.map((c) => [c.columnid, c]));
    const segs = segmentsOf(want.indexes[1]!, cols);
    const pk = segmentsOf(want.indexes[0]!, cols);
    const expected = want.rows
      .map((row) => [normalizeKey(segs, [row.get(128)![0]!]), normalizeKey(pk, [row.get(1)![0]!])] as const)
      .sort((a, b) => Buffer.compare(a[0], b[0]) || Buffer.compare(a[1], b[1]))
      .map(([k, d]) => Buffer.concat([k, Buffer.from([0xff]), d]).toString('hex'));
    expect(stored).toEqual(expected);
    // the index spans many leaves, so equal keys did cross page boundaries
    expect(new Set([...rd.walk(ix.pgnoFDP)].map((x) => x.pgno)).size).toBeGreaterThan(10);
    expect(rd.verifyAllPages()).toBeGreaterThan(0);
  } finally {
    rd.close();
  }
  expect(spaceMismatch(file)).toBeNull();
  expect(esedbexport(file, join(dir, 'xk')).get('Kinds')).toBe(expectedExport(want, inline));
});

it('leaves emptied by deletes merge into their siblings: the record tree shrinks with its rows', () => {
  const file = join(dir, 'merge.edb');
  const model = create(file, 8192, 3000);
  const leafPages = (): number => {
    const r = EseDatabaseReader.open(file, 'test');
    try {
      return new Set([...r.walk(r.tables.get('files')!.pgnoFDP)].map((x) => x.pgno)).size;
    } finally {
      r.close();
    }
  };
  const before = leafPages();
  for (let b = 0; b < 30; b++) {
    const changes = model.batch(700 + b, 80, { insert: 0, replace: 0 });
    applyEseBatch(file, 'Files', changes, { now: 0 });
    model.apply(changes);
  }
  expect(model.rows.size).toBeLessThan(3000 * 0.5);
  expectState(file, model);
  // without merging only leaves with no record left would go; with it the tree shrinks about as its rows do
  expect(leafPages()).toBeLessThan(before * 0.75);
});

it('a space tree that outgrows its root page gets leaves of its own (and is read back by the next batch)', () => {
  const kinds = new Map<number, string>();
  for (let i = 0; i < 150_000; i++) kinds.set(i * 2, ['alpha', 'beta', 'gamma'][i % 3]!);
  const table = (): EseTable => kindsTable(kinds);
  const file = join(dir, 'bigspace.edb');
  writeFileSync(file, writeEseDatabase({ cbPage: 4096, tables: [table()], now: 0 }));
  // one record in every other leaf: the old leaves, freed, leave hundreds of one-page holes
  const r = EseDatabaseReader.open(file, 'test');
  const firstOfLeaf = new Map<number, number>();
  const t = r.tables.get('kinds')!;
  for (const rec of r.records(t)) if (!firstOfLeaf.has(rec.pgno)) firstOfLeaf.set(rec.pgno, rec.record.fixed.get(1)!.readInt32LE(0));
  r.close();
  const ids = [...firstOfLeaf.values()].filter((_, i) => i % 2 === 0);
  const aeIsLeaf = (): boolean => {
    const rd = EseDatabaseReader.open(file, 'test');
    try {
      return (rd.page(rd.page(t.pgnoFDP).external.readUInt32LE(12) + 1).flags & 0x2) !== 0;
    } finally {
      rd.close();
    }
  };
  expect(aeIsLeaf()).toBe(true);
  const shapes: boolean[] = [];
  for (const kind of ['delta', 'alpha']) {
    const changes = ids.map((id) => ({ op: 'replace' as const, row: new Map([[1, [int(id)]], [128, [Buffer.from(kind, 'latin1')]]]) }));
    applyEseBatch(file, 'Kinds', changes, { now: 0 });
    for (const id of ids) kinds.set(id, kind);
    shapes.push(aeIsLeaf());
    expect(spaceMismatch(file)).toBeNull();
    if (kind !== 'delta') continue;
    // the file with a two-level AE tree: libesedb verifies every page and exports every row
    const info = esedbinfo(file, true);
    expect(info.status).toBe(0);
    expect(info.stderr).not.toMatch(/mismatch/);
    expect(esedbexport(file, join(dir, 'xb')).get('Kinds')).toBe(expectedExport(table(), inline));
    const rd = EseDatabaseReader.open(file, 'test');
    try {
      expect([...rd.records(t)].map((x) => hex(rd.rowValues(t, x.record)))).toEqual(table().rows.map(hex));
      expect(rd.verifyAllPages()).toBeGreaterThan(0);
    } finally {
      rd.close();
    }
  }
  // the holes make the AE tree grow leaves; the next batch reads them, refills the holes and the tree fits its root again
  expect(shapes).toEqual([false, true]);
});

it('a table without a long-value tree gets one, with its catalog record, for its first separated value', () => {
  const file = join(dir, 'nolv.edb');
  const short = (rows: readonly EseRow[]): EseRow[] => rows.map((row) => new Map([...row].filter(([id, vals]) => !((id === 257 || id === 258) && vals.some((v) => v.length > cbLVIntrinsicMost)))));
  const tables = makeTables(300);
  const files = { ...tables[0]!, rows: short(tables[0]!.rows) };
  writeFileSync(file, writeEseDatabase({ cbPage: 8192, tables: [files, ...tables.slice(1)], now: 0 }));
  const lvOf = (): number => {
    const r = EseDatabaseReader.open(file, 'test');
    try {
      return r.tables.get('files')!.pgnoLV;
    } finally {
      r.close();
    }
  };
  expect(lvOf()).toBe(0);
  const model = new TableModel(files.rows);
  for (let b = 0; b < 3; b++) {
    const changes = model.batch(60 + b, 80);
    applyEseBatch(file, 'Files', changes, { now: 0 });
    model.apply(changes);
    expect(model.sorted().some((row) => [...row.values()].some((vals) => vals.some((v) => v.length > cbLVIntrinsicMost)))).toBe(true);
    expect(lvOf()).toBeGreaterThan(0);
    expectState(file, model);
  }
  const out = esedbexport(file, join(dir, 'xlv'));
  expect(out.get('Files')).toBe(expectedExport(model.table(), inline));
  // the catalog (and its shadow) lists the new tree as the table's LV
  const lvRows = out.get('MSysObjects')!.split('\n').filter((l) => l.split('\t')[1] === '4');
  expect(lvRows.map((l) => l.split('\t')[12])).toEqual(['LV']);
  expect(out.get('MSysObjectsShadow')).toBe(out.get('MSysObjects'));
  expect(esedbinfo(file).status).toBe(0);
});

it('a table without a primary index takes inserts at the next DBK and replacements and deletions by bookmark', () => {
  const file = join(dir, 'dbk.edb');
  const tables = makeTables(400);
  writeFileSync(file, writeEseDatabase({ cbPage: 4096, tables, now: 0 }));
  const log = tables[1]!;
  // the model: bookmark (hex) -> row, in bookmark order
  const rows = new Map<string, EseRow>(log.rows.map((row, i) => [dbkKey(i + 1).toString('hex'), row]));
  const r = rng(3);
  for (let b = 0; b < 5; b++) {
    const changes: EseChange[] = [];
    const keys = [...rows.keys()];
    const used = new Set<string>();
    const fresh = makeRows(30, 100 + b);
    for (let i = 0; i < 30; i++) {
      const row: EseRow = new Map([[1, fresh[i]!.get(4)!], ...(fresh[i]!.has(129) ? [[129, fresh[i]!.get(129)!] as [number, Buffer[]]] : [])]);
      const key = keys[Math.floor(r() * keys.length)]!;
      if (r() < 0.4 || used.has(key)) changes.push({ op: 'insert', row });
      else {
        used.add(key);
        changes.push(r() < 0.5 ? { op: 'replace', row, bookmark: Buffer.from(key, 'hex') } : { op: 'delete', row: new Map(), bookmark: Buffer.from(key, 'hex') });
      }
    }
    const highest = Math.max(...[...rows.keys()].map((k) => Buffer.from(k, 'hex').readUInt32BE(0)));
    const s = applyEseBatch(file, 'Log', changes, { now: 0 });
    // inserts take the DBKs after the highest record's, in change order
    expect(s.inserted.map((k) => k.readUInt32BE(0))).toEqual(changes.filter((c) => c.op === 'insert').map((_, i) => highest + 1 + i));
    let n = 0;
    for (const ch of changes) {
      if (ch.op === 'insert') rows.set(s.inserted[n++]!.toString('hex'), ch.row);
      else if (ch.op === 'replace') rows.set(ch.bookmark!.toString('hex'), ch.row);
      else rows.delete(ch.bookmark!.toString('hex'));
    }
    expect(n).toBe(s.inserted.length);
  }
  const sorted = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const rd = EseDatabaseReader.open(file, 'test');
  try {
    const t = rd.tables.get('log')!;
    const got = [...rd.records(t)];
    expect(got.map((x) => x.key.toString('hex'))).toEqual(sorted.map(([k]) => k));
    expect(got.map((x) => hex(rd.rowValues(t, x.record)))).toEqual(sorted.map(([, row]) => hex(row)));
  } finally {
    rd.close();
  }
  expect(esedbexport(file, join(dir, 'xd')).get('Log')).toBe(expectedExport({ ...log, rows: sorted.map(([, row]) => row) }, inline));
  expect(spaceMismatch(file)).toBeNull();
  expect(jetCode(() => applyEseBatch(file, 'Log', [{ op: 'delete', row: new Map() }]))).toBe(JET_errInvalidParameter);
  expect(jetCode(() => applyEseBatch(file, 'Log', [{ op: 'delete', row: new Map(), bookmark: dbkKey(99999) }]))).toBe(JET_errRecordNotFound);
});

it('one batch changes several tables at once, or none of them when any change is refused', () => {
  const file = join(dir, 'multi.edb');
  const model = create(file, 8192, 400);
  const logRows = makeTables(400)[1]!.rows.length;
  const image = readFileSync(file);
  const files = model.batch(11, 50);
  const logRow: EseRow = new Map([[1, [int(777)]]]);
  // the second part deletes a record that does not exist: nothing of the first part is written either
  expect(jetCode(() => applyEseUpdate(file, [{ table: 'Files', changes: files }, { table: 'Log', changes: [{ op: 'delete', row: new Map(), bookmark: dbkKey(logRows + 1) }] }]))).toBe(JET_errRecordNotFound);
  expect(jetCode(() => applyEseUpdate(file, [{ table: 'Files', changes: files }, { table: 'files', changes: [] }]))).toBe(JET_errInvalidParameter);
  expect(readFileSync(file).equals(image)).toBe(true);
  const s = applyEseUpdate(file, [{ table: 'Files', changes: files }, { table: 'Log', changes: [{ op: 'insert', row: logRow }, { op: 'delete', row: new Map(), bookmark: dbkKey(1) }] }], { now: 0 });
  model.apply(files);
  expectState(file, model);
  expect(s.inserted[1]!.map((k) => k.readUInt32BE(0))).toEqual([logRows + 1]);
  const rd = EseDatabaseReader.open(file, 'test');
  try {
    const t = rd.tables.get('log')!;
    const keys = [...rd.records(t)].map((x) => x.key.readUInt32BE(0));
    expect(keys).toEqual([...Array.from({ length: logRows - 1 }, (_, i) => i + 2), logRows + 1]);
  } finally {
    rd.close();
  }
});

it('appending at the end of a tree keeps its leaves full (append split), as the writer packs them', () => {
  const file = join(dir, 'append.edb');
  const tables = makeTables(100);
  writeFileSync(file, writeEseDatabase({ cbPage: 4096, tables, now: 0 }));
  const log = tables[1]!;
  const added = makeRows(300, 9).map((row): EseRow => new Map([[1, row.get(4)!], ...(row.has(129) ? [[129, row.get(129)!] as [number, Buffer[]]] : [])]));
  for (let b = 0; b < 60; b++) applyEseBatch(file, 'Log', added.slice(b * 5, b * 5 + 5).map((row) => ({ op: 'insert' as const, row })), { now: 0 });
  const scan = (f: string): { leaves: number; rows: Record<number, string[]>[] } => {
    const r = EseDatabaseReader.open(f, 'test');
    try {
      const t = r.tables.get('log')!;
      return { leaves: new Set([...r.walk(t.pgnoFDP)].map((x) => x.pgno)).size, rows: [...r.records(t)].map((x) => hex(r.rowValues(t, x.record))) };
    } finally {
      r.close();
    }
  };
  const leaves = (f: string): number => scan(f).leaves;
  const whole = join(dir, 'append-whole.edb');
  writeFileSync(whole, writeEseDatabase({ cbPage: 4096, tables: [tables[0]!, { ...log, rows: [...log.rows, ...added] }, tables[2]!], now: 0 }));
  expect(scan(file).rows).toEqual(scan(whole).rows);
  expect(scan(file).rows.length).toBe(log.rows.length + 300);
  expect(leaves(file)).toBeLessThanOrEqual(leaves(whole) + 1);
  expect(leaves(whole)).toBeGreaterThan(5);
});
