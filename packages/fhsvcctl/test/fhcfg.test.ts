// The configuration API on the reference: the cases that need its own state (a corrupt file, the
// Group Policy, the profile's folders). The defaults, rules and targets that any implementation
// shows are in test/conformance/config.ts.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  E_INVALIDARG,
  ERROR_NOT_FOUND,
  FHCFG_E_CONFIG_ALREADY_EXISTS,
  FHCFG_E_CONFIG_FILE_NOT_FOUND,
  FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED,
  FHCFG_E_CORRUPT_CONFIG_FILE,
  FHCFG_E_NO_VALID_CONFIGURATION_LOADED,
  FHCFG_E_TARGET_CANNOT_BE_USED,
  FHCFG_E_TARGET_NOT_CONFIGURED,
  FHCFG_E_TARGET_NOT_CONNECTED,
  FH_STATE_DISABLED_BY_GP,
  FH_STATE_FATAL_CONFIG_ERROR,
  FH_STATE_NO_ERROR,
  FH_STATE_NOT_TRACKED,
  FH_STATE_OFF,
  FH_STATE_TARGET_ABSENT,
  HRESULT_FROM_WIN32,
} from '@winbackup/errors';
import {
  FH_CURRENT_DEFAULT,
  FH_DRIVE_FIXED,
  FH_FOLDER,
  FH_FREQUENCY,
  FH_INVALID_DRIVE_TYPE,
  FH_LIBRARY,
  FH_NAMESPACE_EXISTS,
  FH_STATUS_DISABLED,
  FH_STATUS_DISABLED_BY_GP,
  FH_STATUS_ENABLED,
  FH_TARGET_DRIVE_TYPE,
  FH_TARGET_NAME,
  FH_TARGET_PART_OF_LIBRARY,
  FH_TARGET_URL,
  FH_VALID_TARGET,
  FOLDERID_Desktop,
  FOLDERID_DocumentsLibrary,
} from '../src/index.js';
import { items } from './conformance/config.js';
import { configure, machine, type Machine } from './helpers.js';

let m: Machine;
afterEach(async () => {
  await m.cleanup();
});

const NOT_FOUND = HRESULT_FROM_WIN32(ERROR_NOT_FOUND);

describe('IFhConfigMgr lifecycle', () => {
  it('needs Load or Create first; Load without files is FHCFG_E_CONFIG_FILE_NOT_FOUND', async () => {
    m = machine();
    const cfg = m.fh.CoCreateFhConfigMgr();
    await expect(cfg.GetBackupStatus()).rejects.toMatchObject({ code: FHCFG_E_NO_VALID_CONFIGURATION_LOADED });
    await expect(cfg.SaveConfiguration()).rejects.toMatchObject({ code: FHCFG_E_NO_VALID_CONFIGURATION_LOADED });
    await expect(cfg.QueryProtectionStatus()).rejects.toMatchObject({ code: FHCFG_E_NO_VALID_CONFIGURATION_LOADED });
    await expect(cfg.LoadConfiguration()).rejects.toMatchObject({ code: FHCFG_E_CONFIG_FILE_NOT_FOUND });
    await cfg.CreateDefaultConfiguration(false);
    expect(await cfg.GetBackupStatus()).toBe(FH_STATUS_DISABLED);
    await expect(cfg.LoadConfiguration()).rejects.toMatchObject({ code: FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED });
    const other = m.fh.CoCreateFhConfigMgr();
    await expect(other.CreateDefaultConfiguration(false)).rejects.toMatchObject({ code: FHCFG_E_CONFIG_ALREADY_EXISTS });
  });

  it('CreateDefaultConfiguration(TRUE) resets settings; Save persists across objects', async () => {
    m = machine();
    const a = m.fh.CoCreateFhConfigMgr();
    await a.CreateDefaultConfiguration(false);
    await a.SetLocalPolicy(FH_FREQUENCY, 900n);
    await a.SetBackupStatus(FH_STATUS_ENABLED);
    await a.SaveConfiguration();
    const b = m.fh.CoCreateFhConfigMgr();
    await b.LoadConfiguration();
    expect(await b.GetLocalPolicy(FH_FREQUENCY)).toBe(900n);
    expect(await b.GetBackupStatus()).toBe(FH_STATUS_ENABLED);
    // Unsaved changes stay in the object.
    await b.SetLocalPolicy(FH_FREQUENCY, 60n);
    const c = m.fh.CoCreateFhConfigMgr();
    await c.LoadConfiguration();
    expect(await c.GetLocalPolicy(FH_FREQUENCY)).toBe(900n);
    const d = m.fh.CoCreateFhConfigMgr();
    await d.CreateDefaultConfiguration(true);
    expect(await d.GetLocalPolicy(FH_FREQUENCY)).toBe(3600n);
    expect(await d.GetBackupStatus()).toBe(FH_STATUS_DISABLED);
  });

  it('a corrupt configuration file is FHCFG_E_CORRUPT_CONFIG_FILE and FH_STATE_FATAL_CONFIG_ERROR for the service', async () => {
    m = machine();
    await configure(m);
    const path = join(m.stateDir, 'FileHistory', 'alice', 'Configuration', 'Config1.json');
    const good = readFileSync(path, 'utf8');
    writeFileSync(path, good.replace('"status": 2', '"status": 99'));
    await expect(m.fh.CoCreateFhConfigMgr().LoadConfiguration()).rejects.toMatchObject({ code: FHCFG_E_CORRUPT_CONFIG_FILE });
    await m.fh.stopService();
    await m.fh.startService();
    writeFileSync(path, good);
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.LoadConfiguration();
    expect((await cfg.QueryProtectionStatus()).ProtectionState).toBe(FH_STATE_FATAL_CONFIG_ERROR);
  });
});

describe('policies and status', () => {
  it('reports DISABLED_BY_GP under the policy', async () => {
    m = machine({ disabledByPolicy: true });
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.CreateDefaultConfiguration(true);
    expect(await cfg.GetBackupStatus()).toBe(FH_STATUS_DISABLED_BY_GP);
    expect((await cfg.QueryProtectionStatus()).ProtectionState).toBe(FH_STATE_DISABLED_BY_GP);
  });
});

describe('rules', () => {
  it('lists the default scope and adds/removes exclusions only', async () => {
    m = machine();
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.CreateDefaultConfiguration(true);
    expect(await items(await cfg.GetIncludeExcludeRules(true, FH_LIBRARY))).toContain(`*${FOLDERID_DocumentsLibrary}`);
    expect(await items(await cfg.GetIncludeExcludeRules(true, FH_FOLDER))).toContain(`*${FOLDERID_Desktop}`);
    expect(await items(await cfg.GetIncludeExcludeRules(false, FH_FOLDER))).toEqual([]);
    const excluded = join(m.docs, 'tmp');
    await cfg.AddRemoveExcludeRule(true, FH_FOLDER, excluded);
    await cfg.AddRemoveExcludeRule(true, FH_FOLDER, excluded); // no duplicate
    await cfg.AddRemoveExcludeRule(true, FH_LIBRARY, 'Projects');
    expect(await items(await cfg.GetIncludeExcludeRules(false, FH_FOLDER))).toEqual([excluded]);
    expect(await items(await cfg.GetIncludeExcludeRules(false, FH_LIBRARY))).toEqual(['Projects']);
    await cfg.AddRemoveExcludeRule(false, FH_LIBRARY, 'Projects');
    await expect(cfg.AddRemoveExcludeRule(false, FH_LIBRARY, 'Projects')).rejects.toMatchObject({ code: NOT_FOUND });
    await expect(cfg.AddRemoveExcludeRule(true, FH_FOLDER, 'relative/path')).rejects.toMatchObject({ code: E_INVALIDARG });
    await expect(cfg.AddRemoveExcludeRule(true, 2 as 0, 'x')).rejects.toMatchObject({ code: E_INVALIDARG });
    await expect(cfg.GetIncludeExcludeRules(true, 5 as 0)).rejects.toMatchObject({ code: E_INVALIDARG });
    expect(await items(await cfg.GetIncludeExcludeRules(false, FH_LIBRARY))).toEqual([]);
  });
});

describe('targets', () => {
  it('GetDefaultTarget is ERROR_NOT_FOUND until one is provisioned; IFhTarget properties', async () => {
    m = machine();
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.CreateDefaultConfiguration(true);
    await expect(cfg.GetDefaultTarget()).rejects.toMatchObject({ code: NOT_FOUND });
    await expect(cfg.ChangeDefaultTargetRecommendation(true)).rejects.toMatchObject({ code: FHCFG_E_TARGET_NOT_CONFIGURED });
    expect(await cfg.ValidateTarget(m.target)).toBe(FH_VALID_TARGET);
    await cfg.ProvisionAndSetNewTarget(m.target, 'USB disk');
    expect(existsSync(join(m.target, 'FileHistory', 'alice', 'PC1', 'Configuration'))).toBe(true);
    const t = await cfg.GetDefaultTarget();
    expect(await t.GetStringProperty(FH_TARGET_NAME)).toBe('USB disk');
    expect(await t.GetStringProperty(FH_TARGET_URL)).toBe(m.target);
    expect(await t.GetNumericalProperty(FH_TARGET_DRIVE_TYPE)).toBe(BigInt(FH_DRIVE_FIXED));
    await expect(t.GetStringProperty(FH_TARGET_DRIVE_TYPE)).rejects.toMatchObject({ code: E_INVALIDARG });
    await expect(t.GetNumericalProperty(FH_TARGET_NAME)).rejects.toMatchObject({ code: E_INVALIDARG });
    expect(await cfg.ValidateTarget(m.target)).toBe(FH_CURRENT_DEFAULT);
    await cfg.ChangeDefaultTargetRecommendation(true);
  });

  it('validates: absent, a file, inside the scope, namespace already there', async () => {
    m = machine();
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.CreateDefaultConfiguration(true);
    await expect(cfg.ValidateTarget(join(m.root, 'nope'))).rejects.toMatchObject({ code: FHCFG_E_TARGET_NOT_CONNECTED, cause: { code: 'ENOENT' } });
    // the error says which folder is missing
    await expect(cfg.ProvisionAndSetNewTarget(join(m.root, 'nope'), 'Backup disk')).rejects.toThrow(`target ${join(m.root, 'nope')} is not reachable`);
    await expect(cfg.GetDefaultTarget()).rejects.toMatchObject({ code: NOT_FOUND });
    await expect(cfg.ValidateTarget('relative')).rejects.toMatchObject({ code: E_INVALIDARG });
    writeFileSync(join(m.root, 'file'), 'x');
    expect(await cfg.ValidateTarget(join(m.root, 'file'))).toBe(FH_INVALID_DRIVE_TYPE);
    const inside = join(m.docs, 'backup');
    mkdirSync(inside);
    expect(await cfg.ValidateTarget(inside)).toBe(FH_TARGET_PART_OF_LIBRARY);
    await expect(cfg.ProvisionAndSetNewTarget(inside, 'bad')).rejects.toMatchObject({ code: FHCFG_E_TARGET_CANNOT_BE_USED });
    expect(await cfg.ValidateTarget(m.profile)).toBe(FH_TARGET_PART_OF_LIBRARY);
    await expect(cfg.GetDefaultTarget()).rejects.toMatchObject({ code: NOT_FOUND });
    const other = join(m.root, 'other');
    mkdirSync(join(other, 'FileHistory', 'alice', 'PC1'), { recursive: true });
    expect(await cfg.ValidateTarget(other)).toBe(FH_NAMESPACE_EXISTS);
  });

  it('QueryProtectionStatus: OFF, NOT_TRACKED, NO_ERROR with ProtectedUntilTime, TARGET_ABSENT', async () => {
    m = machine();
    const cfg = m.fh.CoCreateFhConfigMgr();
    await cfg.CreateDefaultConfiguration(true);
    // The service has not read the new files yet: the user is not tracked in it.
    expect(await cfg.QueryProtectionStatus()).toEqual({ ProtectionState: FH_STATE_NOT_TRACKED, ProtectedUntilTime: '' });
    await configure(m, false);
    expect(await cfg.QueryProtectionStatus()).toEqual({ ProtectionState: FH_STATE_OFF, ProtectedUntilTime: '' });
    await configure(m);
    const fresh = m.fh.CoCreateFhConfigMgr();
    await fresh.LoadConfiguration();
    expect((await fresh.QueryProtectionStatus()).ProtectionState).toBe(FH_STATE_NO_ERROR);
    const pipe = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceStartBackup(pipe, false);
    await m.fh.waitForIdle();
    expect(await fresh.QueryProtectionStatus()).toEqual({ ProtectionState: FH_STATE_NO_ERROR, ProtectedUntilTime: '11/23/2026, 12:00:00 PM' });
    await m.fh.stopService();
    expect((await fresh.QueryProtectionStatus()).ProtectionState).toBe(FH_STATE_NOT_TRACKED);
    await m.fh.startService();
    const { rmSync } = await import('node:fs');
    rmSync(m.target, { recursive: true, force: true });
    expect((await fresh.QueryProtectionStatus()).ProtectionState).toBe(FH_STATE_TARGET_ABSENT);
  });
});
