import { existsSync, readdirSync, readFileSync, statSync, utimesSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_NOT_FOUND, ERROR_SERVICE_NOT_ACTIVE, FHSVC_E_NOT_CONFIGURED, HRESULT_FROM_WIN32 } from '@winbackup/errors';
import { FH_FOLDER, type FH_SERVICE_PIPE_HANDLE } from '../src/index.js';
import { configure, machine, write, type Machine } from './helpers.js';

let m: Machine;
afterEach(async () => {
  await m.cleanup();
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function cycle(mm: Machine, pipe: FH_SERVICE_PIPE_HANDLE) {
  await mm.fh.FhServiceStartBackup(pipe, false);
  return mm.fh.waitForIdle();
}

describe('restore', () => {
  it('restores a file and a folder as of a time, byte for byte with the original mtime', async () => {
    m = machine();
    const v1 = randomBytes(3 * 1024 * 1024 + 17);
    const v2 = randomBytes(1000);
    write(join(m.docs, 'photo.raw'), v1);
    write(join(m.docs, 'deep/er/note.txt'), 'first');
    utimesSync(join(m.docs, 'photo.raw'), new Date('2021-05-06T07:08:09Z'), new Date('2021-05-06T07:08:09Z'));
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await cycle(m, pipe);
    const t1 = m.clock.now;
    m.clock.now += HOUR;
    write(join(m.docs, 'photo.raw'), v2);
    write(join(m.docs, 'deep/er/note.txt'), 'second');
    await cycle(m, pipe);

    const out = join(m.root, 'restored');
    const one = await m.fh.restore(join(m.docs, 'photo.raw'), t1, out);
    expect(one.map((r) => r.restoredPath)).toEqual([join(out, 'photo.raw')]);
    expect(readFileSync(join(out, 'photo.raw')).equals(v1)).toBe(true);
    expect(statSync(join(out, 'photo.raw')).mtime.toISOString()).toBe('2021-05-06T07:08:09.000Z');

    const out2 = join(m.root, 'restored2');
    const all = await m.fh.restore(m.docs, new Date(m.clock.now), out2);
    expect(all.map((r) => r.restoredPath).sort()).toEqual([join(out2, 'Documents/deep/er/note.txt'), join(out2, 'Documents/photo.raw')]);
    expect(readFileSync(join(out2, 'Documents/photo.raw')).equals(v2)).toBe(true);
    expect(readFileSync(join(out2, 'Documents/deep/er/note.txt'), 'utf8')).toBe('second');

    await expect(m.fh.restore(m.docs, t1 - 1000, join(m.root, 'none'))).rejects.toMatchObject({ code: HRESULT_FROM_WIN32(ERROR_NOT_FOUND) });
    expect(existsSync(join(m.root, 'none'))).toBe(false);
  });

  it('is FHSVC_E_NOT_CONFIGURED without a configuration, ERROR_SERVICE_NOT_ACTIVE with the service stopped', async () => {
    m = machine();
    await expect(m.fh.restore(m.docs, Date.now(), join(m.root, 'r'))).rejects.toMatchObject({ code: FHSVC_E_NOT_CONFIGURED });
    await expect(m.fh.listVersions(m.docs)).rejects.toMatchObject({ code: FHSVC_E_NOT_CONFIGURED });
    await expect(m.fh.cleanup(0)).rejects.toMatchObject({ code: FHSVC_E_NOT_CONFIGURED });
    await configure(m);
    await m.fh.stopService();
    await expect(m.fh.listVersions(m.docs)).rejects.toMatchObject({ code: HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE) });
    expect(m.fh.isServiceRunning()).toBe(false);
    await m.fh.startService();
    expect(await m.fh.listVersions(m.docs)).toEqual([]);
  });
});

describe('retention: FhManagew -cleanup <days>', () => {
  async function threeVersions(): Promise<FH_SERVICE_PIPE_HANDLE> {
    write(join(m.docs, 'a.txt'), 'a1');
    write(join(m.docs, 'b.txt'), 'b1');
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await cycle(m, pipe); // day 0
    m.clock.now += 10 * DAY;
    write(join(m.docs, 'a.txt'), 'a2-');
    await cycle(m, pipe); // day 10
    m.clock.now += 10 * DAY;
    write(join(m.docs, 'a.txt'), 'a3--');
    await cycle(m, pipe); // day 20
    return pipe;
  }

  it('deletes versions older than <days> only when a newer version exists', async () => {
    m = machine();
    await threeVersions();
    m.clock.now += 1 * DAY; // day 21: ages 21, 11, 1 for a; 21 for b (b's only version)
    expect(await m.fh.cleanup(15)).toBe(1);
    expect((await m.fh.listVersions(join(m.docs, 'a.txt'))).map((v) => readFileSync(v.versionPath, 'utf8'))).toEqual(['a2-', 'a3--']);
    expect((await m.fh.listVersions(join(m.docs, 'b.txt'))).length).toBe(1);
    expect(await m.fh.cleanup(15)).toBe(0);
  });

  it('0 days keeps only the newest version of each file still in scope; files out of scope lose all', async () => {
    m = machine();
    await threeVersions();
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.LoadConfiguration();
    await cfg.AddRemoveExcludeRule(true, FH_FOLDER, join(m.docs, 'b.txt'));
    await cfg.SaveConfiguration();
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceReloadConfiguration(pipe);
    expect(await m.fh.cleanup(0)).toBe(3);
    const left = await m.fh.listVersions(m.docs);
    expect(left.map((v) => readFileSync(v.versionPath, 'utf8'))).toEqual(['a3--']);
    const dir = join(m.target, 'FileHistory', 'alice', 'PC1', 'Data');
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile());
    expect(files.map((f) => f.split('/').pop())).toEqual(['a (2026_12_13 12_00_00 UTC).txt']);
  });

  it('a deleted source file loses its versions once they are old enough', async () => {
    m = machine();
    await threeVersions();
    rmSync(join(m.docs, 'b.txt'));
    m.clock.now += DAY;
    expect(await m.fh.cleanup(30)).toBe(0);
    m.clock.now += 15 * DAY; // day 36: a's versions are 36, 26, 16 days old; b's is 36
    expect(await m.fh.cleanup(30)).toBe(2); // b's only version and a's first
    expect((await m.fh.listVersions(m.docs)).map((v) => readFileSync(v.versionPath, 'utf8'))).toEqual(['a2-', 'a3--']);
    await expect(m.fh.cleanup(-1)).rejects.toBeInstanceOf(TypeError);
  });
});

describe('names that start with dots', () => {
  // path.relative gives '..x' for a child named '..x': only a first segment of exactly '..' leaves
  it('backs up, lists and restores ..x, ..., .. y and Documents/..notes/ like any other name', async () => {
    m = machine();
    const names = ['..x', '...', '.. y', '..notes/inner.txt', '..notes/..deeper/...'];
    for (const n of names) write(join(m.docs, n), `content of ${n}`);
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    const r = await cycle(m, pipe);
    expect(r?.copied.length).toBe(names.length);
    const listed = (await m.fh.listVersions(m.docs)).map((v) => v.sourcePath).sort();
    expect(listed).toEqual(names.map((n) => join(m.docs, n)).sort());
    expect((await m.fh.listVersions(join(m.docs, '..notes'))).map((v) => v.sourcePath).sort()).toEqual(
      [join(m.docs, '..notes/..deeper/...'), join(m.docs, '..notes/inner.txt')],
    );
    const out = join(m.root, 'restored');
    const all = await m.fh.restore(m.docs, m.clock.now, out);
    expect(all.map((f) => f.restoredPath).sort()).toEqual(names.map((n) => join(out, 'Documents', n)).sort());
    for (const n of names) expect(readFileSync(join(out, 'Documents', n), 'utf8')).toBe(`content of ${n}`);
    // a single file and a folder named with dots restore on their own too
    const out2 = join(m.root, 'one');
    expect((await m.fh.restore(join(m.docs, '...'), m.clock.now, out2)).map((f) => f.restoredPath)).toEqual([join(out2, '...')]);
    const out3 = join(m.root, 'folder');
    expect((await m.fh.restore(join(m.docs, '..notes'), m.clock.now, out3)).map((f) => f.restoredPath).sort()).toEqual(
      [join(out3, '..notes/..deeper/...'), join(out3, '..notes/inner.txt')],
    );
    expect(readdirSync(out3)).toEqual(['..notes']);
    await m.fh.FhServiceClosePipe(pipe);
  });
});
