import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E_INVALIDARG, FHCFG_E_TARGET_CANNOT_BE_USED } from '@winbackup/errors';
import { createReferenceFileHistory, FH_FOLDER, FH_STATUS_ENABLED } from '../src/index.js';
import { safeSegments } from '../src/reference/layout/namespace.js';
import { ensureDirBelow, UnsafePathError } from '../src/reference/service/fsSafe.js';
import { configure, machine, write, type Machine } from './helpers.js';

describe('paths never leave their root', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fhsvcctl-sec-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses "..", absolute, empty and NUL segments with E_INVALIDARG', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', 'a/./b', '', 'a\0b', 'a\\..\\b', '..']) {
      expect(() => safeSegments(bad, 'test')).toThrow(expect.objectContaining({ code: E_INVALIDARG }));
    }
    expect(safeSegments('a/b c/d (2026_01_01 00_00_00 UTC).txt', 'test')).toEqual(['a', 'b c', 'd (2026_01_01 00_00_00 UTC).txt']);
  });

  it('creates folders below the root but never through a symlink or a file', () => {
    const root = join(dir, 'root');
    const outside = join(dir, 'outside');
    mkdirSync(root);
    mkdirSync(outside);
    expect(ensureDirBelow(root, 'a/b', new Set())).toBe(join(root, 'a', 'b'));
    symlinkSync(outside, join(root, 'link'));
    expect(() => ensureDirBelow(root, 'link/x', new Set())).toThrow(UnsafePathError);
    writeFileSync(join(root, 'file'), '');
    expect(() => ensureDirBelow(root, 'file/x', new Set())).toThrow(UnsafePathError);
    expect(() => ensureDirBelow(root, '../outside/x', new Set())).toThrow(expect.objectContaining({ code: E_INVALIDARG }));
    expect(readdirSync(outside)).toEqual([]);
  });

  it('rejects unsafe user and computer names before touching the disk', () => {
    for (const user of ['..', 'a/b', '', 'x\0']) {
      expect(() => createReferenceFileHistory({ stateDir: join(dir, 's'), user, computer: 'PC' })).toThrow(TypeError);
    }
    expect(() => createReferenceFileHistory({ stateDir: 'relative', user: 'u', computer: 'PC' })).toThrow(TypeError);
    expect(existsSync(join(dir, 's'))).toBe(false);
  });
});

describe('the target and the scope', () => {
  let m: Machine;
  afterEach(async () => {
    await m.cleanup();
  });

  it('refuses a target inside the scope, and a target holding the scope', async () => {
    m = machine();
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.CreateDefaultConfiguration(true);
    const inside = join(m.docs, 'Backups');
    mkdirSync(inside);
    await expect(cfg.ProvisionAndSetNewTarget(inside, 'x')).rejects.toMatchObject({ code: FHCFG_E_TARGET_CANNOT_BE_USED });
    await expect(cfg.ProvisionAndSetNewTarget(m.root, 'x')).rejects.toMatchObject({ code: FHCFG_E_TARGET_CANNOT_BE_USED });
    expect(existsSync(join(inside, 'FileHistory'))).toBe(false);
  });

  it("a cycle writes only inside the target's namespace and the service's own state; an excluded folder is not scanned", async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'a');
    await configure(m);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceStartBackup(pipe, false);
    await m.fh.waitForIdle();
    const everything = (readdirSync(m.root, { recursive: true }) as string[]).map((f) => join(m.root, f)).filter((f) => lstatSync(f).isFile());
    const ns = join(m.target, 'FileHistory', 'alice', 'PC1');
    const stateFiles = everything.filter((f) => f.startsWith(m.stateDir + '/'));
    const written = everything.filter((f) => !f.startsWith(m.docs + '/') && !f.startsWith(m.stateDir + '/'));
    expect(written.every((f) => f.startsWith(ns + '/'))).toBe(true);
    expect(written.some((f) => f.endsWith('Catalog1.edb'))).toBe(true);
    expect(stateFiles.map((f) => f.slice(m.stateDir.length + 1)).sort()).toEqual([
      'FileHistory/alice/Configuration/Config1.json',
      'FileHistory/alice/Service/State.json',
    ]);
    // Excluding the whole folder: nothing is scanned any more.
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.LoadConfiguration();
    await cfg.AddRemoveExcludeRule(true, FH_FOLDER, m.docs);
    await cfg.SetBackupStatus(FH_STATUS_ENABLED);
    await cfg.SaveConfiguration();
    await m.fh.FhServiceReloadConfiguration(pipe);
    await m.fh.FhServiceStartBackup(pipe, false);
    expect((await m.fh.waitForIdle())?.scanned).toBe(0);
  });
});
