// The ESE writer's files as Debian's libesedb tools read them: esedbinfo lists every table with
// its columns and indexes, esedbexport prints every row and column value, and libesedb's own
// checksum code finds no mismatch on any page.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEseDatabase } from '../../src/reference/ese/writer.js';
import { cbLVIntrinsicMost } from '../../src/reference/ese/writer.js';
import { esedbexport, esedbinfo, expectedExport, makeTables } from './fixture.js';

const TYPE_NAMES: Record<number, string> = {
  1: 'Boolean', 2: 'Integer 8-bit unsigned', 3: 'Integer 16-bit signed', 4: 'Integer 32-bit signed', 5: 'Currency',
  6: 'Floating point single precision', 7: 'Floating point double precision', 8: 'Date and time', 9: 'Binary data', 10: 'Text',
  11: 'Large binary data', 12: 'Large text', 14: 'Integer 32-bit unsigned', 15: 'Integer 64-bit signed', 16: 'GUID', 17: 'Integer 16-bit unsigned',
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ese-writer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([4096, 8192, 16384, 32768])('a %i-byte page database', (cbPage) => {
  const tables = makeTables(1200);
  let file: string;
  beforeAll(() => {
    file = join(dir, `db${cbPage}.edb`);
    writeFileSync(file, writeEseDatabase({ cbPage, tables, now: Date.UTC(2026, 11, 4, 12, 0, 0) }));
  });

  it('esedbinfo shows the format, the page size, every table, column and index', () => {
    const { stdout, status } = esedbinfo(file);
    expect(status).toBe(0);
    expect(stdout).toContain('Created in format:\t0x620,20');
    expect(stdout).toContain(`Page size:\t\t${cbPage} bytes`);
    expect(stdout).toContain('Number of tables:\t5');
    const names = [...stdout.matchAll(/^Table: \d+\t+(\S+) \(\d+\)$/gm)].map((m) => m[1]);
    expect(names).toEqual(['MSysObjects', 'MSysObjectsShadow', 'Files', 'Log', 'Empty']);
    const files = stdout.slice(stdout.indexOf('Files ('), stdout.indexOf('Log ('));
    for (const [i, c] of tables[0]!.columns.entries()) {
      expect(files).toContain(`\t${i + 1}\t${c.columnid}\t${c.name}\t${TYPE_NAMES[c.coltyp]}`);
    }
    expect([...files.matchAll(/^\tIndex: \d+\t+(\S+) \(\d+\)$/gm)].map((m) => m[1])).toEqual(['PrimaryKey', 'ByCode', 'ByTitle']);
  });

  it('esedbexport prints every row and column value of every table', () => {
    const out = esedbexport(file, join(dir, `x${cbPage}`));
    expect([...out.keys()].sort()).toEqual(['Empty', 'Files', 'Log', 'MSysObjects', 'MSysObjectsShadow']);
    const inline = (v: Buffer): boolean => v.length <= cbLVIntrinsicMost;
    for (const t of tables) expect(out.get(t.name)).toBe(expectedExport(t, inline));
    // the catalog lists itself, its shadow and the user tables with their root pages
    const mso = out.get('MSysObjects')!.split('\n').filter((l) => l.split('\t')[1] === '1').map((l) => l.split('\t')[12]);
    expect(mso).toEqual(['MSysObjects', 'MSysObjectsShadow', 'Files', 'Log', 'Empty']);
    expect(out.get('MSysObjectsShadow')).toBe(out.get('MSysObjects'));
  });

  // libesedb checks the XOR-ECC checksum of small pages only (it leaves 16/32 KiB pages unchecked)
  if (cbPage <= 8192) {
    it('libesedb verifies every page checksum (XOR and ECC) without a mismatch', () => {
      const { stderr, status } = esedbinfo(file, true);
      expect(status).toBe(0);
      expect(stderr).not.toMatch(/mismatch/);
    });
  }
});

it('libesedb reports the checksum mismatch of a page with one flipped bit', () => {
  const cbPage = 8192;
  const image = writeEseDatabase({ cbPage, tables: makeTables(50), now: 0 });
  image[(4 + 1) * cbPage + 300]! ^= 0x10; // page 4: the catalog root
  const bad = join(dir, 'bad.edb');
  writeFileSync(bad, image);
  expect(esedbinfo(bad, true).stderr).toMatch(/mismatch in page ECC-32 checksum/);
});
