import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EseCatalog } from '../src/reference/catalog/EseCatalog.js';
import { versionsAsOf } from '../src/reference/catalog/query.js';
import { parseVersionFileName, versionFileName } from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fhsvcctl-cat-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const row = (sourcePath: string, versionTime: number) => ({ sourcePath, storedPath: `x/${versionTime}`, versionTime, size: 5_000_000_000, mtimeMs: 1795450700321.5188 });

describe('ESE catalog (Catalog1.edb)', () => {
  it('persists adds and removes across close/reopen and answers as-of queries', async () => {
    const c = await EseCatalog.open(dir);
    expect(c.path).toBe(join(dir, 'Catalog1.edb'));
    expect(c.list()).toEqual([]);
    const added = await c.add([row('/d/a', 1000), row('/d/a', 2000), row('/d/b', 1000)]);
    expect(added.map((r) => r.id)).toEqual([1, 2, 3]);
    await c.remove([3, 99]);
    await c.close();
    expect(existsSync(join(dir, 'Catalog1.edb'))).toBe(true);
    const again = await EseCatalog.open(dir);
    expect(again.list().map((r) => r.id).sort()).toEqual([1, 2]);
    expect(again.list().find((r) => r.id === 2)).toEqual({ id: 2, ...row('/d/a', 2000) });
    expect(versionsAsOf(again.list(), '/d', 1500).map((r) => r.id)).toEqual([1]);
    expect(versionsAsOf(again.list(), '/d', 2000).map((r) => r.id)).toEqual([2]);
    expect((await again.add([row('/d/\u00e9t\u00e9 \u{1f600}.txt', 3000)]))[0]!.id).toBe(3); // the highest id was removed: ids follow the rows on disk
    await again.close();
    const third = await EseCatalog.open(dir);
    expect(third.list().find((r) => r.id === 3)?.sourcePath).toBe('/d/\u00e9t\u00e9 \u{1f600}.txt');
    await third.close();
  });
});

describe('Catalog1.edb is a real ESE database', () => {
  it('esedbinfo reads it and esedbexport lists its tables and exports the file table', async () => {
    const c = await EseCatalog.open(dir);
    await c.add([row('/d/a', 1000), row('/d/b', 2000), row('/d/c', 3000)]);
    await c.remove([2]);
    await c.close();
    const file = join(dir, 'Catalog1.edb');
    const info = spawnSync('esedbinfo', [file], { encoding: 'utf8' });
    expect(info.status).toBe(0);
    expect(info.stdout).toContain('file');
    execFileSync('esedbexport', ['-t', join(dir, 'x'), file], { stdio: 'pipe' });
    const tables = readdirSync(join(dir, 'x.export')).map((f) => f.replace(/\.\d+$/, '')).sort();
    expect(tables).toEqual(['MSysObjects', 'MSysObjectsShadow', 'file']);
    const name = readdirSync(join(dir, 'x.export')).find((f) => f.startsWith('file.'))!;
    const lines = readFileSync(join(dir, 'x.export', name), 'utf8').trimEnd().split('\n');
    // columns in column id order: the fixed ones, then the tagged long texts
    expect(lines[0]).toBe('id\tversionTime\tsize\tmtimeMs\tsourcePath\tstoredPath');
    const mtime = (1795450700321.5188).toFixed(6);
    expect(lines.slice(1).map((l) => l.split('\t'))).toEqual([
      ['1', '1000', '5000000000', mtime, '/d/a', 'x/1000'],
      ['3', '3000', '5000000000', mtime, '/d/c', 'x/3000'],
    ]);
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
