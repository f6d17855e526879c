import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, utimesSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { FHSVC_E_FATAL_CONFIG_ERROR, FH_STATE_NO_ERROR } from '@winbackup/errors';
import { FH_FOLDER, type FhEvent, type FH_SERVICE_PIPE_HANDLE } from '../src/index.js';
import { configure, dataDir, machine, write, type Machine } from './helpers.js';

let m: Machine;
afterEach(async () => {
  await m.cleanup();
});

/** Every file under Data, as paths relative to Data. */
function dataFiles(mm: Machine): string[] {
  const root = dataDir(mm);
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true }) as string[]).filter((f) => statSync(join(root, f)).isFile()).sort();
}

function rel(mm: Machine, p: string): string {
  return relative('/', p);
}

async function cycle(mm: Machine, pipe: FH_SERVICE_PIPE_HANDLE, low = true) {
  await mm.fh.FhServiceStartBackup(pipe, low);
  const r = await mm.fh.waitForIdle();
  if (!r) throw new Error('no cycle');
  return r;
}

describe('backup cycles', () => {
  it('copies new files as stamped, read-only versions keeping mtime; unchanged files are not copied again', async () => {
    m = machine();
    write(join(m.docs, 'report.docx'), 'v1');
    write(join(m.docs, 'sub/notes'), 'n1');
    write(join(m.docs, 'sub/.hidden'), 'h');
    write(join(m.docs, 'archive.tar.gz'), 'gz');
    utimesSync(join(m.docs, 'report.docx'), new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05Z'));
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    const r1 = await cycle(m, pipe);
    expect(r1).toMatchObject({ scanned: 4, changed: 4, stopped: false, skipped: [] });
    const d = rel(m, m.docs);
    expect(dataFiles(m)).toEqual(
      [
        `${d}/archive.tar (2026_11_23 12_00_00 UTC).gz`,
        `${d}/report (2026_11_23 12_00_00 UTC).docx`,
        `${d}/sub/.hidden (2026_11_23 12_00_00 UTC)`,
        `${d}/sub/notes (2026_11_23 12_00_00 UTC)`,
      ].sort(),
    );
    const v = join(dataDir(m), `${d}/report (2026_11_23 12_00_00 UTC).docx`);
    expect(readFileSync(v, 'utf8')).toBe('v1');
    expect(statSync(v).mtime.toISOString()).toBe('2020-01-02T03:04:05.000Z');
    expect(statSync(v).mode & 0o777).toBe(0o444);

    m.clock.now += 3600_000;
    const r2 = await cycle(m, pipe);
    expect(r2).toMatchObject({ scanned: 4, changed: 0, copied: [] });
    write(join(m.docs, 'report.docx'), 'v2 longer');
    m.clock.now += 60_000;
    const r3 = await cycle(m, pipe);
    expect(r3.copied).toEqual([join(m.docs, 'report.docx')]);
    const versions = await m.fh.listVersions(join(m.docs, 'report.docx'));
    expect(versions.map((x) => [x.versionTime, readFileSync(x.versionPath, 'utf8')])).toEqual([
      [Date.UTC(2026, 10, 23, 12, 0, 0), 'v1'],
      [Date.UTC(2026, 10, 23, 13, 1, 0), 'v2 longer'],
    ]);
    expect(await m.fh.catalogPath()).toBe(join(m.target, 'FileHistory', 'alice', 'PC1', 'Configuration', 'Catalog1.edb'));
    expect(existsSync(await m.fh.catalogPath())).toBe(true);
    // The catalog and the files agree.
    const all = await m.fh.listVersions(m.docs);
    expect(all.map((x) => x.storedPath).sort()).toEqual(dataFiles(m));
  });

  it('LowPriorityIo=FALSE copies while the scan goes on: every changed file of 40 folders gets one version, rows agree with Data', async () => {
    m = machine();
    for (let d = 0; d < 40; d++) for (let f = 0; f < 5; f++) write(join(m.docs, `d${d}`, `f${f}.txt`), `${d}/${f}`);
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    const r1 = await cycle(m, pipe, false);
    expect(r1).toMatchObject({ scanned: 200, changed: 200, stopped: false, skipped: [], lowPriorityIo: false });
    expect(r1.copied.length).toBe(200);
    expect([...r1.copied]).toEqual([...r1.copied].sort()); // reported in path order
    write(join(m.docs, 'd7', 'f3.txt'), 'edited');
    write(join(m.docs, 'd39', 'new.txt'), 'new');
    m.clock.now += 3600_000;
    const r2 = await cycle(m, pipe, false);
    expect(r2).toMatchObject({ scanned: 201, changed: 2, copied: [join(m.docs, 'd39', 'new.txt'), join(m.docs, 'd7', 'f3.txt')].sort() });
    const all = await m.fh.listVersions(m.docs);
    expect(all.length).toBe(202);
    expect(all.map((x) => x.storedPath).sort()).toEqual(dataFiles(m));
    expect(readFileSync(all.filter((x) => x.sourcePath === join(m.docs, 'd7', 'f3.txt')).at(-1)!.versionPath, 'utf8')).toBe('edited');
  });

  it('a crash marker that cannot be made ends the cycle with an error before any copy (no unhandled rejection)', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a1');
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await cycle(m, pipe, false);
    // A folder where the marker file goes: creating the marker fails with EISDIR.
    mkdirSync(join(m.target, 'FileHistory', 'alice', 'PC1', 'Configuration', 'CycleInProgress'));
    write(join(m.docs, 'a.txt'), 'a2 changed');
    write(join(m.docs, 'b.txt'), 'b');
    m.clock.now += 3600_000;
    const r = await cycle(m, pipe, false);
    expect(r).toMatchObject({ copied: [], stopped: false, error: FHSVC_E_FATAL_CONFIG_ERROR });
    expect((await m.fh.listVersions(m.docs)).map((v) => v.sourcePath)).toEqual([join(m.docs, 'a.txt')]);
    expect(dataFiles(m).filter((f) => f.includes('~fhtmp-'))).toEqual([]);
    expect(dataFiles(m).length).toBe(1);
  });

  it('keeps stamps unique when two cycles fall in the same second', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), '1');
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await cycle(m, pipe);
    write(join(m.docs, 'a.txt'), '22');
    await cycle(m, pipe);
    expect((await m.fh.listVersions(join(m.docs, 'a.txt'))).map((v) => v.storedPath.split('/').pop())).toEqual([
      'a (2026_11_23 12_00_00 UTC).txt',
      'a (2026_11_23 12_00_01 UTC).txt',
    ]);
  });

  it('exclusions win over inclusions; custom libraries come from the machine', async () => {
    m = machine();
    const proj = join(m.root, 'projects');
    m.reopen({ libraries: { Projects: [proj] } });
    write(join(m.docs, 'keep.txt'), 'k');
    write(join(m.docs, 'cache/skip.txt'), 's');
    write(join(proj, 'p.txt'), 'p');
    await configure(m);
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.LoadConfiguration();
    await cfg.AddRemoveExcludeRule(true, FH_FOLDER, join(m.docs, 'cache'));
    await cfg.SaveConfiguration();
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceReloadConfiguration(pipe);
    const r = await cycle(m, pipe);
    expect(r.copied).toEqual([join(m.docs, 'keep.txt')]);
  });

  it('skips symlinks (never followed out of the scope) and files that vanish; the cycle completes', async () => {
    m = machine({});
    const outside = join(m.root, 'secret');
    write(join(outside, 'key.pem'), 'secret');
    write(join(m.docs, 'ok.txt'), 'ok');
    write(join(m.docs, 'gone.txt'), 'gone');
    symlinkSync(outside, join(m.docs, 'link-dir'));
    symlinkSync(join(outside, 'key.pem'), join(m.docs, 'link-file'));
    m.reopen({
      onEvent: (e: FhEvent) => {
        if (e.type === 'scan-complete') unlinkSync(join(m.docs, 'gone.txt'));
      },
    });
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    const r = await cycle(m, pipe);
    expect(r.copied).toEqual([join(m.docs, 'ok.txt')]);
    expect(r.skipped.map((s) => [s.path, s.reason]).sort()).toEqual(
      [
        [join(m.docs, 'gone.txt'), 'vanished'],
        [join(m.docs, 'link-dir'), 'reparse-point'],
        [join(m.docs, 'link-file'), 'reparse-point'],
      ].sort(),
    );
    expect(dataFiles(m).some((f) => f.includes('key'))).toBe(false);
    expect(r.stopped).toBe(false);
  });

  it('skips and reports unreadable files; the rest of the cycle completes', { timeout: 60_000 }, async () => {
    m = machine();
    // Root reads a mode-000 file anyway, so under root the scenario runs in a child process that
    // has dropped to the unprivileged user "nobody"; otherwise it runs the same fixture directly.
    const fixture = join(import.meta.dirname, 'fixtures', 'unreadable-child.ts');
    const bundle = join(m.root, 'unreadable-child.mjs');
    await build({ entryPoints: [fixture], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: bundle, logLevel: 'silent' });
    chmodSync(m.root, 0o755);
    const asRoot = process.getuid?.() === 0;
    const out = execFileSync(process.execPath, [bundle], { encoding: 'utf8', cwd: tmpdir(), ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
    const r = JSON.parse(out) as { docs: string; skipped: Array<{ path: string; reason: string }>; copied: string[] };
    expect(r.skipped).toMatchObject([{ path: join(r.docs, 'locked.txt'), reason: 'unreadable' }]);
    expect(r.copied).toEqual([join(r.docs, 'open.txt')]);
  });

  it('never writes through a symlink planted inside the target', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m);
    const escape = join(m.root, 'escape');
    mkdirSync(escape);
    // Plant Data/<first component of the docs path> as a link out of the target.
    const first = rel(m, m.docs).split('/')[0]!;
    symlinkSync(escape, join(dataDir(m), first));
    const pipe = await m.fh.FhServiceOpenPipe(true);
    const r = await cycle(m, pipe);
    expect(r.copied).toEqual([]);
    expect(r.skipped).toMatchObject([{ path: join(m.docs, 'a.txt'), reason: 'unsafe-target-path' }]);
    expect(readdirSync(escape)).toEqual([]);
    // a.txt has no version, so nothing is protected up to this cycle's time (QueryProtectionStatus.md).
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.LoadConfiguration();
    expect(await cfg.QueryProtectionStatus()).toEqual({ ProtectionState: FH_STATE_NO_ERROR, ProtectedUntilTime: '' });
    expect(lstatSync(join(dataDir(m), first)).isSymbolicLink()).toBe(true);
  });
});

describe('FhServiceStopBackup in the middle of a file', () => {
  it('removes the partial copy, keeps finished versions, and the next cycle copies the rest', async () => {
    const events: FhEvent[] = [];
    let stop: (() => void) | undefined;
    m = machine({ chunkSize: 64 * 1024 });
    const big = join(m.docs, 'm-big.bin');
    write(join(m.docs, 'a-small.txt'), 'small');
    write(big, Buffer.alloc(32 * 1024 * 1024, 0xab));
    write(join(m.docs, 'z-after.txt'), 'after');
    m.reopen({
      chunkSize: 64 * 1024,
      onEvent: (e) => {
        events.push(e);
        // stop once the small file is done and the big one is part-way through
        const smallDone = events.some((x) => x.type === 'version-created' && x.sourcePath.endsWith('a-small.txt'));
        if (smallDone && e.type === 'copy-progress' && e.sourcePath === big && e.bytes >= 1024 * 1024) stop?.();
      },
    });
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    let stopped: Promise<void> | undefined;
    stop = () => {
      stop = undefined;
      stopped = m.fh.FhServiceStopBackup(pipe, false);
    };
    // low priority: one copy at a time in path order, so the small file finishes before the big one starts
    await m.fh.FhServiceStartBackup(pipe, true);
    const r = await m.fh.waitForIdle();
    await stopped;
    expect(r?.stopped).toBe(true);
    expect(r?.copied).not.toContain(big);
    expect(r?.copied).toContain(join(m.docs, 'a-small.txt'));
    const files = dataFiles(m);
    expect(files.some((f) => f.includes('~fhtmp-'))).toBe(false);
    expect(files.some((f) => f.includes('m-big'))).toBe(false);
    const listed = (await m.fh.listVersions(m.docs)).map((v) => v.storedPath).sort();
    expect(listed).toEqual(files);
    const progress = events.filter((e) => e.type === 'copy-progress' && e.sourcePath === big);
    expect(progress.length).toBeLessThan(32 * 16);

    m.clock.now += 60_000;
    const r2 = await m.fh.FhServiceStartBackup(pipe, false).then(() => m.fh.waitForIdle());
    expect(r2?.stopped).toBe(false);
    expect(r2?.copied).toContain(big);
    expect(r2?.copied).not.toContain(join(m.docs, 'a-small.txt'));
    const bigVersion = (await m.fh.listVersions(big))[0]!;
    expect(statSync(bigVersion.versionPath).size).toBe(32 * 1024 * 1024);
    expect(readFileSync(bigVersion.versionPath).equals(readFileSync(big))).toBe(true);
  });

  it('BlockBackup stops a running cycle too', async () => {
    let block: (() => void) | undefined;
    m = machine({ chunkSize: 64 * 1024 });
    const big = join(m.docs, 'big.bin');
    write(big, Buffer.alloc(16 * 1024 * 1024, 1));
    m.reopen({
      chunkSize: 64 * 1024,
      onEvent: (e) => {
        if (e.type === 'copy-progress') block?.();
      },
    });
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    let blocked: Promise<void> | undefined;
    block = () => {
      block = undefined;
      blocked = m.fh.FhServiceBlockBackup(pipe);
    };
    await m.fh.FhServiceStartBackup(pipe, true);
    const r = await m.fh.waitForIdle();
    await blocked;
    expect(r?.stopped).toBe(true);
    expect(dataFiles(m)).toEqual([]);
  });
});
