import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogCatalog } from '../src/reference/catalog/LogCatalog.js';
import { versionsAsOf } from '../src/reference/catalog/query.js';
import { parseVersionFileName, versionFileName } from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fhsvcctl-cat-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const row = (sourcePath: string, versionTime: number) => ({ sourcePath, storedPath: `x/${versionTime}`, versionTime, size: 1, mtimeMs: 1 });

describe('interim journal catalog', () => {
  it('persists adds and removes and answers as-of queries', async () => {
    const path = join(dir, 'Catalog1.fhlog');
    const c = LogCatalog.open(path);
    const added = await c.add([row('/d/a', 1000), row('/d/a', 2000), row('/d/b', 1000)]);
    expect(added.map((r) => r.id)).toEqual([1, 2, 3]);
    await c.remove([3, 99]);
    await c.close();
    const again = LogCatalog.open(path);
    expect(again.list().map((r) => r.id).sort()).toEqual([1, 2]);
    expect(versionsAsOf(again.list(), '/d', 1500).map((r) => r.id)).toEqual([1]);
    expect(versionsAsOf(again.list(), '/d', 2000).map((r) => r.id)).toEqual([2]);
    expect((await again.add([row('/d/c', 3000)]))[0]!.id).toBe(4);
    await again.close();
  });

  it('cuts a torn or corrupted tail on open and keeps the committed prefix', async () => {
    const path = join(dir, 'Catalog1.fhlog');
    const c = LogCatalog.open(path);
    await c.add([row('/d/a', 1000)]);
    await c.close();
    const good = statSync(path).size;
    appendFileSync(path, '0000abcd {"op":"add","r":{"id":9'); // torn write
    const again = LogCatalog.open(path);
    expect(again.list().map((r) => r.id)).toEqual([1]);
    expect(statSync(path).size).toBe(good);
    await again.close();
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"size":1', '"size":2')); // bit rot: CRC mismatch
    const third = LogCatalog.open(path);
    expect(third.list()).toEqual([]);
    await third.close();
  });
});

describe('version names', () => {
  it('inserts the UTC stamp before the last extension and parses it back', () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(versionFileName('report.docx', t)).toBe('report (2026_01_02 03_04_05 UTC).docx');
    expect(versionFileName('a.tar.gz', t)).toBe('a.tar (2026_01_02 03_04_05 UTC).gz');
    expect(versionFileName('Makefile', t)).toBe('Makefile (2026_01_02 03_04_05 UTC)');
    expect(versionFileName('.bashrc', t)).toBe('.bashrc (2026_01_02 03_04_05 UTC)');
    expect(parseVersionFileName('a.tar (2026_01_02 03_04_05 UTC).gz')).toEqual({ name: 'a.tar.gz', timeMs: t });
    expect(parseVersionFileName('report.docx')).toBeUndefined();
  });
});
