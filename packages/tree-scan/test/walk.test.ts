import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDirSync, ScanPool, walkTree, type DirListing } from '../src/index.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tree-scan-'));
  mkdirSync(join(root, 'a', 'b'), { recursive: true });
  writeFileSync(join(root, 'top.txt'), 'top');
  writeFileSync(join(root, 'a', 'x.bin'), Buffer.alloc(1000));
  writeFileSync(join(root, 'a', 'b', 'y.txt'), 'y');
  symlinkSync('top.txt', join(root, 'link'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const byName = (l: DirListing) => Object.fromEntries(l.names.map((n, i) => [n, i]));

describe('listDirSync', () => {
  it("'files': kinds of every entry, size and mtime of files only", () => {
    const l = listDirSync(root);
    const i = byName(l);
    expect(l.names.length).toBe(3);
    expect([l.kinds[i.a!], l.kinds[i['top.txt']!], l.kinds[i.link!]]).toEqual(['d', 'f', 'l']);
    expect(l.sizes[i['top.txt']!]).toBe(3);
    expect(l.mtimes[i['top.txt']!]).toBe(lstatSync(join(root, 'top.txt')).mtimeMs);
    expect(l.sizes[i.a!]).toBe(0);
    expect(l.stats).toBeUndefined();
  });

  it("'all': mode, inode, ns times of every entry, as lstat reports them", () => {
    const l = listDirSync(root, 'all');
    for (const name of ['a', 'top.txt', 'link']) {
      const k = byName(l)[name]!;
      const st = lstatSync(join(root, name), { bigint: true });
      expect([l.stats!.modes[k], l.stats!.inos[k], l.stats!.mtimeNs[k], l.stats!.ctimeNs[k]]).toEqual([Number(st.mode), st.ino, st.mtimeNs, st.ctimeNs]);
    }
  });

  it('a folder that cannot be read reports its errno', () => {
    const l = listDirSync(join(root, 'missing'));
    expect(l.errorCode).toBe('ENOENT');
    expect(l.names).toEqual([]);
  });
});

describe('walkTree', () => {
  for (const threads of [0, 2]) {
    it(`visits every folder it is told to descend into (${threads} threads), same listing as on this thread`, async () => {
      const pool = new ScanPool(threads);
      const seen: DirListing[] = [];
      await walkTree(pool, [root], (l, descend) => {
        seen.push(l);
        for (let i = 0; i < l.names.length; i++) if (l.kinds[i] === 'd') descend(join(l.dir, l.names[i]!));
      }, { detail: 'all' });
      await pool.close();
      expect(seen.map((l) => l.dir).sort()).toEqual([root, join(root, 'a'), join(root, 'a', 'b')]);
      // atimes aside: listing a folder may itself touch its atime
      const noAtimes = (l: DirListing) => ({ ...l, stats: { ...l.stats!, atimes: [] } });
      for (const l of seen) expect(noAtimes(l)).toEqual(noAtimes(listDirSync(l.dir, 'all')));
    });
  }

  it('stops when told to, and a visit that throws rejects the walk', async () => {
    const pool = new ScanPool(2);
    const seen: string[] = [];
    await walkTree(pool, [root], (l, descend) => {
      seen.push(l.dir);
      descend(join(root, 'a'));
    }, { shouldStop: () => seen.length > 0 });
    expect(seen).toEqual([root]);
    await expect(walkTree(pool, [root], () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    await pool.close();
  });
});

describe('ScanPool', () => {
  it('a busy pool keeps the process alive until the listing arrives; an idle one lets it end without close', () => {
    const src = new URL('../src/index.ts', import.meta.url).pathname;
    const script = `import { ScanPool } from ${JSON.stringify(src)};
const pool = new ScanPool(2);
const [l] = await pool.list(0, [${JSON.stringify(join(root, 'a'))}], 'all');
console.log(l.names.length);`;
    const file = join(root, 'idle-pool.mts');
    writeFileSync(file, script);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', timeout: 20_000 });
    rmSync(file);
    expect([r.status, r.signal, r.stdout.trim()]).toEqual([0, null, '2']);
  });
});
