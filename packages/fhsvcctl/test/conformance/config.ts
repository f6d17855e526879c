// fhcfg.h's IFhConfigMgr, IFhTarget and IFhScopeIterator (SEMANTICS.md §3), and the service's
// answers that depend on the configuration (FHSVC_E_CONFIG_DISABLED, FHSVC_E_BACKUP_BLOCKED).
import { describe, expect } from 'vitest';
import {
  E_INVALIDARG,
  ERROR_NOT_FOUND,
  FHCFG_E_CONFIG_ALREADY_EXISTS,
  FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED,
  FHCFG_E_NO_VALID_CONFIGURATION_LOADED,
  FHCFG_E_TARGET_NOT_CONNECTED,
  FHSVC_E_BACKUP_BLOCKED,
  FHSVC_E_CONFIG_DISABLED,
  FH_STATE_OFF,
  HRESULT_FROM_WIN32,
} from '@winbackup/errors';
import {
  FH_CURRENT_DEFAULT,
  FH_DRIVE_FIXED,
  FH_DRIVE_REMOTE,
  FH_DRIVE_REMOVABLE,
  FH_DRIVE_UNKNOWN,
  FH_FOLDER,
  FH_FREQUENCY,
  FH_LIBRARY,
  FH_NAMESPACE_EXISTS,
  FH_RETENTION_AGE,
  FH_RETENTION_AGE_BASED,
  FH_RETENTION_DISABLED,
  FH_RETENTION_TYPE,
  FH_STATUS_DISABLED,
  FH_STATUS_DISABLED_BY_GP,
  FH_STATUS_ENABLED,
  FH_TARGET_DRIVE_TYPE,
  FH_TARGET_NAME,
  FH_TARGET_URL,
  FH_VALID_TARGET,
  FOLDERID_DocumentsLibrary,
  MAX_LOCAL_POLICY,
  type IFhConfigMgr,
  type IFhScopeIterator,
} from '../../src/index.js';
import { useSession, type Session } from './fixture.js';
import type { ConformanceIt, FhTarget } from './target.js';

const NOT_FOUND = HRESULT_FROM_WIN32(ERROR_NOT_FOUND);

/** Every item of a scope iterator: GetItem, then MoveToNextItem until ERROR_NOT_FOUND (IFhScopeIterator-MoveToNextItem.md). */
export async function items(it: IFhScopeIterator): Promise<string[]> {
  const out: string[] = [];
  const end = (e: unknown): string[] => {
    expect(e).toMatchObject({ code: NOT_FOUND });
    return out;
  };
  try {
    out.push(await it.GetItem());
  } catch (e) {
    return end(e);
  }
  for (;;) {
    try {
      await it.MoveToNextItem();
    } catch (e) {
      return end(e);
    }
    out.push(await it.GetItem());
  }
}

/** A fresh default configuration with the fixture's target, saved (and enabled or not), reloaded by the service. */
async function configure(s: Session, status: typeof FH_STATUS_ENABLED | typeof FH_STATUS_DISABLED): Promise<IFhConfigMgr> {
  const cfg = s.f.fh.CoCreateFhConfigMgr();
  await cfg.CreateDefaultConfiguration(true);
  await cfg.ProvisionAndSetNewTarget(s.f.target, 'Conformance target');
  await cfg.SetBackupStatus(status);
  await cfg.SaveConfiguration();
  await s.f.fh.FhServiceReloadConfiguration(await s.pipe());
  return cfg;
}

export function configReadOnlyConformance(target: FhTarget, it: ConformanceIt): void {
  describe('IFhConfigMgr before a configuration is loaded', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('every call but Load and Create gives FHCFG_E_NO_VALID_CONFIGURATION_LOADED', async () => {
      const cfg = s.f.fh.CoCreateFhConfigMgr();
      const none = { code: FHCFG_E_NO_VALID_CONFIGURATION_LOADED };
      // IFhConfigMgr-LoadConfiguration.md: Load or Create "must be called before any other method"; the code
      // is (inferred) FhErrors.h's "nothing loaded"
      await expect(cfg.GetBackupStatus()).rejects.toMatchObject(none);
      await expect(cfg.SaveConfiguration()).rejects.toMatchObject(none);
      await expect(cfg.GetLocalPolicy(FH_FREQUENCY)).rejects.toMatchObject(none);
      await expect(cfg.GetIncludeExcludeRules(true, FH_FOLDER)).rejects.toMatchObject(none);
      await expect(cfg.GetDefaultTarget()).rejects.toMatchObject(none);
      await expect(cfg.QueryProtectionStatus()).rejects.toMatchObject(none);
    });

    it('wrong JS types throw TypeError', async () => {
      const cfg = s.f.fh.CoCreateFhConfigMgr();
      await expect(cfg.CreateDefaultConfiguration(1 as unknown as boolean)).rejects.toBeInstanceOf(TypeError);
      await expect(cfg.SetLocalPolicy(FH_FREQUENCY, 5 as unknown as bigint)).rejects.toBeInstanceOf(TypeError);
      await expect(cfg.ValidateTarget(7 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    });
  });
}

export function configurationConformance(target: FhTarget, it: ConformanceIt): void {
  describe('IFhConfigMgr with a configuration', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('CreateDefaultConfiguration: FALSE refuses an existing one, TRUE resets it; a loaded object refuses Load; Save persists', async () => {
      const a = s.f.fh.CoCreateFhConfigMgr();
      await a.CreateDefaultConfiguration(true);
      await expect(a.LoadConfiguration()).rejects.toMatchObject({ code: FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED });
      await a.SetLocalPolicy(FH_FREQUENCY, 900n);
      await a.SaveConfiguration();
      const b = s.f.fh.CoCreateFhConfigMgr();
      await expect(b.CreateDefaultConfiguration(false)).rejects.toMatchObject({ code: FHCFG_E_CONFIG_ALREADY_EXISTS });
      const c = s.f.fh.CoCreateFhConfigMgr();
      await c.LoadConfiguration();
      expect(await c.GetLocalPolicy(FH_FREQUENCY)).toBe(900n);
      // unsaved changes stay in their object
      await c.SetLocalPolicy(FH_FREQUENCY, 60n);
      const d = s.f.fh.CoCreateFhConfigMgr();
      await d.LoadConfiguration();
      expect(await d.GetLocalPolicy(FH_FREQUENCY)).toBe(900n);
      const e = s.f.fh.CoCreateFhConfigMgr();
      await e.CreateDefaultConfiguration(true);
      expect(await e.GetLocalPolicy(FH_FREQUENCY)).toBe(3600n);
    });

    it('the documented defaults; E_INVALIDARG for values out of range, nothing changed', async () => {
      const cfg = s.f.fh.CoCreateFhConfigMgr();
      await cfg.CreateDefaultConfiguration(true);
      // FH_LOCAL_POLICY_TYPE.md: FH_FREQUENCY 3600 s, FH_RETENTION_TYPE DISABLED, FH_RETENTION_AGE 365 days
      expect(await cfg.GetLocalPolicy(FH_FREQUENCY)).toBe(3600n);
      expect(await cfg.GetLocalPolicy(FH_RETENTION_TYPE)).toBe(BigInt(FH_RETENTION_DISABLED));
      expect(await cfg.GetLocalPolicy(FH_RETENTION_AGE)).toBe(365n);
      expect(await cfg.GetBackupStatus()).toBe(FH_STATUS_DISABLED);
      await cfg.SetLocalPolicy(FH_RETENTION_TYPE, BigInt(FH_RETENTION_AGE_BASED));
      await cfg.SetLocalPolicy(FH_RETENTION_AGE, 30n);
      expect([await cfg.GetLocalPolicy(FH_RETENTION_TYPE), await cfg.GetLocalPolicy(FH_RETENTION_AGE)]).toEqual([2n, 30n]);
      await expect(cfg.SetLocalPolicy(FH_RETENTION_TYPE, 3n)).rejects.toMatchObject({ code: E_INVALIDARG });
      await expect(cfg.SetLocalPolicy(FH_FREQUENCY, 0n)).rejects.toMatchObject({ code: E_INVALIDARG });
      await expect(cfg.SetLocalPolicy(MAX_LOCAL_POLICY as 0, 1n)).rejects.toMatchObject({ code: E_INVALIDARG });
      await expect(cfg.GetLocalPolicy(7 as 0)).rejects.toMatchObject({ code: E_INVALIDARG });
      expect(await cfg.GetLocalPolicy(FH_FREQUENCY)).toBe(3600n);
      // IFhConfigMgr-SetBackupStatus.md: DISABLED_BY_GP cannot be set
      await expect(cfg.SetBackupStatus(FH_STATUS_DISABLED_BY_GP)).rejects.toMatchObject({ code: E_INVALIDARG });
      await expect(cfg.SetBackupStatus(4 as 0)).rejects.toMatchObject({ code: E_INVALIDARG });
      expect(await cfg.GetBackupStatus()).toBe(FH_STATUS_DISABLED);
    });

    it('rules: the default scope holds the Documents library; exclusions only, ERROR_NOT_FOUND to remove a missing one', async () => {
      const cfg = s.f.fh.CoCreateFhConfigMgr();
      await cfg.CreateDefaultConfiguration(true);
      expect(await items(await cfg.GetIncludeExcludeRules(true, FH_LIBRARY))).toContain(`*${FOLDERID_DocumentsLibrary}`);
      expect(await items(await cfg.GetIncludeExcludeRules(false, FH_FOLDER))).toEqual([]);
      await cfg.AddRemoveExcludeRule(true, FH_FOLDER, s.f.folderToExclude);
      await cfg.AddRemoveExcludeRule(true, FH_LIBRARY, 'Conformance');
      expect(await items(await cfg.GetIncludeExcludeRules(false, FH_FOLDER))).toEqual([s.f.folderToExclude]);
      expect(await items(await cfg.GetIncludeExcludeRules(false, FH_LIBRARY))).toEqual(['Conformance']);
      await cfg.AddRemoveExcludeRule(false, FH_LIBRARY, 'Conformance');
      await expect(cfg.AddRemoveExcludeRule(false, FH_LIBRARY, 'Conformance')).rejects.toMatchObject({ code: NOT_FOUND });
      await expect(cfg.AddRemoveExcludeRule(true, 2 as 0, 'x')).rejects.toMatchObject({ code: E_INVALIDARG });
      await expect(cfg.GetIncludeExcludeRules(true, 5 as 0)).rejects.toMatchObject({ code: E_INVALIDARG });
      expect(await items(await cfg.GetIncludeExcludeRules(false, FH_LIBRARY))).toEqual([]);
    });

    it('targets: none by default (ERROR_NOT_FOUND); validate, provision, IFhTarget properties; an absent target is not connected', async () => {
      const cfg = s.f.fh.CoCreateFhConfigMgr();
      await cfg.CreateDefaultConfiguration(true);
      // IFhConfigMgr-GetDefaultTarget.md: no target -> HRESULT_FROM_WIN32(ERROR_NOT_FOUND)
      await expect(cfg.GetDefaultTarget()).rejects.toMatchObject({ code: NOT_FOUND });
      // (inferred) FHCFG_E_TARGET_NOT_CONNECTED: the code FhErrors.h has for a target that is not there
      await expect(cfg.ValidateTarget(s.f.absentTarget)).rejects.toMatchObject({ code: FHCFG_E_TARGET_NOT_CONNECTED });
      // a target this user and computer used before holds their namespace
      expect([FH_VALID_TARGET, FH_NAMESPACE_EXISTS]).toContain(await cfg.ValidateTarget(s.f.target));
      await cfg.ProvisionAndSetNewTarget(s.f.target, 'Conformance target');
      const t = await cfg.GetDefaultTarget();
      expect(await t.GetStringProperty(FH_TARGET_NAME)).toBe('Conformance target');
      expect(await t.GetStringProperty(FH_TARGET_URL)).toBe(s.f.target);
      expect([FH_DRIVE_UNKNOWN, FH_DRIVE_REMOVABLE, FH_DRIVE_FIXED, FH_DRIVE_REMOTE].map(BigInt)).toContain(await t.GetNumericalProperty(FH_TARGET_DRIVE_TYPE));
      // IFhTarget-GetStringProperty.md: NAME or URL only; GetNumericalProperty: DRIVE_TYPE only
      await expect(t.GetStringProperty(FH_TARGET_DRIVE_TYPE)).rejects.toMatchObject({ code: E_INVALIDARG });
      await expect(t.GetNumericalProperty(FH_TARGET_NAME)).rejects.toMatchObject({ code: E_INVALIDARG });
      expect(await cfg.ValidateTarget(s.f.target)).toBe(FH_CURRENT_DEFAULT);
    });

    it('a disabled user: FHSVC_E_CONFIG_DISABLED from StartBackup, FH_STATE_OFF once reloaded', async () => {
      await configure(s, FH_STATUS_DISABLED);
      const p = await s.pipe();
      await expect(s.f.fh.FhServiceStartBackup(p, true)).rejects.toMatchObject({ code: FHSVC_E_CONFIG_DISABLED });
      // (inferred) FH_STATE_OFF once the service has read a disabled configuration
      const q = s.f.fh.CoCreateFhConfigMgr();
      await q.LoadConfiguration();
      expect((await q.QueryProtectionStatus()).ProtectionState).toBe(FH_STATE_OFF);
    });

    it('blocks are per pipe: FHSVC_E_BACKUP_BLOCKED on every pipe until the blocking pipe unblocks or closes', async () => {
      await configure(s, FH_STATUS_ENABLED);
      const p1 = await s.pipe();
      const p2 = await s.pipe();
      await s.f.fh.FhServiceBlockBackup(p1);
      const blocked = { code: FHSVC_E_BACKUP_BLOCKED };
      await expect(s.f.fh.FhServiceStartBackup(p2, true)).rejects.toMatchObject(blocked);
      // an Unblock through another pipe removes nothing (FhServiceUnblockBackup.md: "issued via a given communication channel")
      await s.f.fh.FhServiceUnblockBackup(p2);
      await expect(s.f.fh.FhServiceStartBackup(p2, true)).rejects.toMatchObject(blocked);
      // FhServiceBlockBackup.md: until Unblock "or the pipe is closed"
      await s.f.fh.FhServiceClosePipe(p1);
      await s.f.fh.FhServiceStartBackup(p2, true);
      await s.f.fh.FhServiceStopBackup(p2, false);
    });
  });
}
