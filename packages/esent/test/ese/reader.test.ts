// The ESE reader on files laid out from the format facts: every table, column and row comes back
// exactly (NULLs, zero-length values, multi-values, separated long values), index trees are in
// key order, and damage is reported as the engine reports it.
import { isJetError, JET_errDatabaseCorrupted, JET_errInvalidDatabaseVersion, JET_errReadVerifyFailure } from '@winbackup/errors';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerChecksum } from '../../src/reference/ese/checksum.js';
import { EseDatabaseReader } from '../../src/reference/ese/reader.js';
import { writeEseDatabase } from '../../src/reference/ese/writer.js';
import { makeTables } from './fixture.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ese-reader-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hex(row: ReadonlyMap<number, readonly Buffer[]>): Record<number, string[]> {
  const o: Record<number, string[]> = {};
  for (const [id, vals] of [...row].sort((a, b) => a[0] - b[0])) if (vals.length > 0) o[id] = vals.map((v) => v.toString('hex'));
  return o;
}

function expectJet(fn: () => unknown, code: number): void {
  try {
    fn();
  } catch (e) {
    expect(isJetError(e, code), String(e)).toBe(true);
    return;
  }
  throw new Error(`expected JET error ${code}`);
}

describe.each([4096, 8192, 16384, 32768])('%i-byte pages', (cbPage) => {
  const tables = makeTables(900);
  let file: string;
  beforeAll(() => {
    file = join(dir, `r${cbPage}.edb`);
    writeFileSync(file, writeEseDatabase({ cbPage, tables, now: 0 }));
  });

  it('reads every table, column and row exactly', () => {
    const r = EseDatabaseReader.open(file, 'test');
    try {
      expect([...r.tables.values()].map((t) => t.name)).toEqual(['MSysObjects', 'MSysObjectsShadow', 'Files', 'Log', 'Empty']);
      for (const t of tables) {
        const info = r.tables.get(t.name.toLowerCase())!;
        expect(info.columns.map((c) => [c.name, c.columnid, c.coltyp, c.cp])).toEqual([...t.columns].sort((a, b) => a.columnid - b.columnid).map((c) => [c.name, c.columnid, c.coltyp, c.cp]));
        expect(info.indexes.map((i) => [i.name, i.grbit & 0xff, i.segments])).toEqual(t.indexes.map((i) => [i.name, i.grbit & 0xff, i.segments]));
        const rows = [...r.records(info)].map((rec) => hex(r.rowValues(info, rec.record)));
        expect(rows).toEqual(t.rows.map(hex));
      }
    } finally {
      r.close();
    }
  });

  it('walks a secondary index in key order, each entry pointing at its record', () => {
    const r = EseDatabaseReader.open(file, 'test');
    try {
      const info = r.tables.get('files')!;
      const byCode = info.indexes.find((i) => i.name === 'ByCode')!;
      const primary = new Map([...r.records(info)].map((rec) => [rec.key.toString('hex'), rec.record]));
      const seen: [string, number][] = [];
      for (const { node } of r.walk(byCode.pgnoFDP, byCode.objid)) {
        const rec = primary.get(node.data.toString('hex'));
        expect(rec).toBeDefined();
        const code = rec!.variable.get(128)?.toString('latin1') ?? '';
        seen.push([code.toUpperCase(), rec!.fixed.get(3)?.readInt16LE(0) ?? -Infinity]);
      }
      expect(seen.length).toBe(tables[0]!.rows.length);
      // ascending code (case-insensitive), then Short descending (NULL sorts first ascending, so last here)
      const sorted = [...seen].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : b[1] - a[1]));
      expect(seen).toEqual(sorted);
    } finally {
      r.close();
    }
  });
});

it('a page that fails its checksum is JET_errReadVerifyFailure; a bad header falls back to its shadow', () => {
  const cbPage = 8192;
  const image = writeEseDatabase({ cbPage, tables: makeTables(200), now: 0 });
  const good = join(dir, 'good.edb');
  writeFileSync(good, image);
  const pgnoFiles = EseDatabaseReader.open(good, 't').tables.get('files')!.pgnoFDP;

  const flipped = Buffer.from(image);
  flipped[(pgnoFiles + 1) * cbPage + 200]! ^= 0x01;
  const bad = join(dir, 'bad.edb');
  writeFileSync(bad, flipped);
  const r = EseDatabaseReader.open(bad, 't');
  expectJet(() => [...r.records(r.tables.get('files')!)], JET_errReadVerifyFailure);
  r.close();

  const badCatalog = Buffer.from(image);
  badCatalog[5 * cbPage + 100]! ^= 0x80; // page 4, MSysObjects
  writeFileSync(bad, badCatalog);
  expectJet(() => EseDatabaseReader.open(bad, 't'), JET_errReadVerifyFailure);

  const badHeader = Buffer.from(image);
  badHeader[60]! ^= 0xff; // page 0 only: the shadow in page 1 is intact
  writeFileSync(bad, badHeader);
  const s = EseDatabaseReader.open(bad, 't');
  expect(s.header.cbPageSize).toBe(cbPage);
  s.close();

  const both = Buffer.from(badHeader);
  both[cbPage + 60]! ^= 0xff;
  writeFileSync(bad, both);
  expectJet(() => EseDatabaseReader.open(bad, 't'), JET_errDatabaseCorrupted);
});

it('format revisions outside 0x0b..0x122 are JET_errInvalidDatabaseVersion', () => {
  const cbPage = 4096;
  const image = writeEseDatabase({ cbPage, tables: [], now: 0 });
  const path = join(dir, 'rev.edb');
  for (const [rev, ok] of [[0x09, false], [0x0b, true], [0x11, true], [0xe6, true], [0x122, true], [0x123, false]] as const) {
    const img = Buffer.from(image);
    for (const at of [0, cbPage]) {
      img.writeUInt32LE(rev, at + 232);
      img.writeUInt32LE(headerChecksum(img.subarray(at, at + cbPage)), at);
    }
    writeFileSync(path, img);
    if (ok) EseDatabaseReader.open(path, 't').close();
    else expectJet(() => EseDatabaseReader.open(path, 't'), JET_errInvalidDatabaseVersion);
  }
});

it('reads separated long values through a three-level long-value tree (parent pages bound their children exactly)', () => {
  const columns = [
    { name: 'Id', columnid: 1, coltyp: 4, cp: 0, cbMax: 0, grbit: 0 },
    { name: 'Blob', columnid: 256, coltyp: 11, cp: 0, cbMax: 0, grbit: 0 },
  ];
  const rows = Array.from({ length: 400 }, (_, i) => {
    const id = Buffer.alloc(4);
    id.writeInt32LE(i);
    return new Map([[1, [id]], [256, [Buffer.alloc(12_000 + i, i & 0xff)]]]);
  });
  const file = join(dir, 'deeplv.edb');
  writeFileSync(file, writeEseDatabase({ cbPage: 4096, tables: [{ name: 'Blobs', columns, indexes: [{ name: 'PrimaryKey', grbit: 0x2, segments: [{ columnid: 1, descending: false }] }], rows }], now: 0 }));
  const r = EseDatabaseReader.open(file, 'test');
  try {
    const t = r.tables.get('blobs')!;
    let depth = 1;
    for (let p = r.page(t.pgnoLV); !(p.flags & 0x2); depth++) p = r.page(p.lines[0]!.data.readUInt32LE(0));
    expect(depth).toBe(3);
    expect([...r.records(t)].map((x) => hex(r.rowValues(t, x.record)))).toEqual(rows.map(hex));
  } finally {
    r.close();
  }
});
