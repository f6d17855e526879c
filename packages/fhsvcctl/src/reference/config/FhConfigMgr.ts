// IFhConfigMgr: the per-user configuration as a COM object sees it. Changes stay in this object
// until SaveConfiguration; the service sees them after FhServiceReloadConfiguration.
// spec: filehistory/IFhConfigMgr*.md, SEMANTICS.md §3.
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import {
  E_INVALIDARG,
  ERROR_NOT_FOUND,
  FHCFG_E_CONFIG_ALREADY_EXISTS,
  FHCFG_E_CONFIG_FILE_NOT_FOUND,
  FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED,
  FHCFG_E_NO_VALID_CONFIGURATION_LOADED,
  FHCFG_E_TARGET_CANNOT_BE_USED,
  FHCFG_E_TARGET_NOT_CONFIGURED,
  FHCFG_E_TARGET_NOT_CONNECTED,
  FH_STATE_DISABLED_BY_GP,
  FH_STATE_FATAL_CONFIG_ERROR,
  FH_STATE_NO_ERROR,
  FH_STATE_NOT_TRACKED,
  FH_STATE_OFF,
  FH_STATE_REHYDRATING,
  FH_STATE_RUNNING,
  FH_STATE_TARGET_ABSENT,
  FH_STATE_TARGET_ACCESS_DENIED,
  HRESULT_FROM_WIN32,
  hresultError,
} from '@winbackup/errors';
import {
  FH_ACCESS_DENIED,
  FH_CURRENT_DEFAULT,
  FH_FOLDER,
  FH_FREQUENCY,
  FH_INVALID_DRIVE_TYPE,
  FH_LIBRARY,
  FH_NAMESPACE_EXISTS,
  FH_READ_ONLY_PERMISSION,
  FH_RETENTION_AGE,
  FH_RETENTION_TYPE,
  FH_STATUS_DISABLED,
  FH_STATUS_DISABLED_BY_GP,
  FH_STATUS_REHYDRATING,
  FH_TARGET_PART_OF_LIBRARY,
  FH_VALID_TARGET,
  MAX_BACKUP_STATUS,
  MAX_LOCAL_POLICY,
  MAX_PROTECTED_ITEM_CATEGORY,
  MAX_RETENTION_TYPE,
  type FH_BACKUP_STATUS,
  type FH_DEVICE_VALIDATION_RESULT,
  type FH_LOCAL_POLICY_TYPE,
  type FH_PROTECTED_ITEM_CATEGORY,
} from '../../api/enums.js';
import type { FhProtectionStatus, IFhConfigMgr, IFhScopeIterator, IFhTarget } from '../../api/fhcfg.js';
import { targetNamespace } from '../layout/namespace.js';
import type { FileHistoryService } from '../service/FileHistoryService.js';
import { requireBool, requireEnum, requireString, requireULongLong } from '../../validate/args.js';
import { canonical, isSameOrInside } from '../util/paths.js';
import {
  cloneConfiguration,
  configurationPath,
  defaultConfiguration,
  readConfiguration,
  writeConfiguration,
  type FhConfiguration,
} from './Configuration.js';
import { FhTarget } from './FhTarget.js';
import { FhScopeIterator } from './ScopeIterator.js';
import { resolveScope, type ShellNamespace } from './scope.js';

export interface ConfigMgrContext {
  readonly stateDir: string;
  readonly user: string;
  readonly computer: string;
  readonly shell: ShellNamespace;
  readonly service: FileHistoryService;
  /** Group Policy "Turn off File History". */
  readonly disabledByPolicy: boolean;
  readonly formatTime: (ms: number) => string;
}

const notFound = (context: string) => hresultError(HRESULT_FROM_WIN32(ERROR_NOT_FOUND), { context });
const invalid = (context: string) => hresultError(E_INVALIDARG, { context });

export class FhConfigMgr implements IFhConfigMgr {
  private config: FhConfiguration | undefined;
  private readonly path: string;

  constructor(private readonly ctx: ConfigMgrContext) {
    this.path = configurationPath(ctx.stateDir, ctx.user);
  }

  private loaded(context: string): FhConfiguration {
    if (!this.config) throw hresultError(FHCFG_E_NO_VALID_CONFIGURATION_LOADED, { context });
    return this.config;
  }

  async LoadConfiguration(): Promise<void> {
    if (this.config) throw hresultError(FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED, { context: 'LoadConfiguration' });
    const c = readConfiguration(this.path);
    if (!c) throw hresultError(FHCFG_E_CONFIG_FILE_NOT_FOUND, { context: 'LoadConfiguration' });
    this.config = c;
  }

  /** spec: IFhConfigMgr-CreateDefaultConfiguration.md: FALSE with existing files fails, TRUE resets everything. */
  async CreateDefaultConfiguration(OverwriteIfExists: boolean): Promise<void> {
    const overwrite = requireBool(OverwriteIfExists, 'OverwriteIfExists');
    if (this.config) throw hresultError(FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED, { context: 'CreateDefaultConfiguration' });
    if (existsSync(this.path) && !overwrite) throw hresultError(FHCFG_E_CONFIG_ALREADY_EXISTS, { context: 'CreateDefaultConfiguration' });
    const c = defaultConfiguration();
    writeConfiguration(this.path, c);
    this.config = c;
  }

  async SaveConfiguration(): Promise<void> {
    writeConfiguration(this.path, this.loaded('SaveConfiguration'));
  }

  /** Exclusion rules only (spec: IFhConfigMgr-AddRemoveExcludeRule.md). Folders: a full path or `*` + KNOWNFOLDERID. */
  async AddRemoveExcludeRule(Add: boolean, Category: FH_PROTECTED_ITEM_CATEGORY, Item: string): Promise<void> {
    const add = requireBool(Add, 'Add');
    const cat = requireEnum(Category, 'Category');
    const item = requireString(Item, 'Item');
    const c = this.loaded('AddRemoveExcludeRule');
    if (cat < 0 || cat >= MAX_PROTECTED_ITEM_CATEGORY || item.length === 0 || item.includes('\0')) throw invalid('AddRemoveExcludeRule');
    if (cat === FH_FOLDER && !item.startsWith('*') && !isAbsolute(item)) throw invalid('AddRemoveExcludeRule: a folder rule is a full path');
    const value = cat === FH_FOLDER && !item.startsWith('*') ? canonical(item) : item;
    const list = c.exclude[cat as typeof FH_FOLDER | typeof FH_LIBRARY];
    const at = list.findIndex((x) => x.toLowerCase() === value.toLowerCase());
    if (add) {
      if (at < 0) list.push(value);
    } else {
      if (at < 0) throw notFound('AddRemoveExcludeRule');
      list.splice(at, 1);
    }
  }

  async GetIncludeExcludeRules(Include: boolean, Category: FH_PROTECTED_ITEM_CATEGORY): Promise<IFhScopeIterator> {
    const include = requireBool(Include, 'Include');
    const cat = requireEnum(Category, 'Category');
    const c = this.loaded('GetIncludeExcludeRules');
    if (cat < 0 || cat >= MAX_PROTECTED_ITEM_CATEGORY) throw invalid('GetIncludeExcludeRules');
    const rules = include ? c.include : c.exclude;
    return new FhScopeIterator([...rules[cat as typeof FH_FOLDER | typeof FH_LIBRARY]]);
  }

  async GetLocalPolicy(LocalPolicyType: FH_LOCAL_POLICY_TYPE): Promise<bigint> {
    const t = requireEnum(LocalPolicyType, 'LocalPolicyType');
    const c = this.loaded('GetLocalPolicy');
    if (t === FH_FREQUENCY) return BigInt(c.policy.frequency);
    if (t === FH_RETENTION_TYPE) return BigInt(c.policy.retentionType);
    if (t === FH_RETENTION_AGE) return BigInt(c.policy.retentionAge);
    throw invalid('GetLocalPolicy');
  }

  /** Frequency in seconds and age in days must be at least 1; the retention type one of FH_RETENTION_TYPES. */
  async SetLocalPolicy(LocalPolicyType: FH_LOCAL_POLICY_TYPE, PolicyValue: bigint): Promise<void> {
    const t = requireEnum(LocalPolicyType, 'LocalPolicyType');
    const v = requireULongLong(PolicyValue, 'PolicyValue');
    const c = this.loaded('SetLocalPolicy');
    if (t < 0 || t >= MAX_LOCAL_POLICY) throw invalid('SetLocalPolicy');
    if (t === FH_RETENTION_TYPE) {
      if (v >= BigInt(MAX_RETENTION_TYPE)) throw invalid('SetLocalPolicy: FH_RETENTION_TYPE');
      c.policy.retentionType = Number(v);
      return;
    }
    if (v < 1n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid('SetLocalPolicy');
    if (t === FH_FREQUENCY) c.policy.frequency = Number(v);
    else c.policy.retentionAge = Number(v);
  }

  async GetBackupStatus(): Promise<FH_BACKUP_STATUS> {
    const c = this.loaded('GetBackupStatus');
    return (this.ctx.disabledByPolicy ? FH_STATUS_DISABLED_BY_GP : c.status) as FH_BACKUP_STATUS;
  }

  /** spec: IFhConfigMgr-SetBackupStatus.md: FH_STATUS_DISABLED_BY_GP cannot be set. */
  async SetBackupStatus(BackupStatus: FH_BACKUP_STATUS): Promise<void> {
    const s = requireEnum(BackupStatus, 'BackupStatus');
    const c = this.loaded('SetBackupStatus');
    if (s < 0 || s >= MAX_BACKUP_STATUS || s === FH_STATUS_DISABLED_BY_GP) throw invalid('SetBackupStatus');
    c.status = s;
  }

  async GetDefaultTarget(): Promise<IFhTarget> {
    const c = this.loaded('GetDefaultTarget');
    if (!c.target) throw notFound('GetDefaultTarget');
    return new FhTarget(c.target.url, c.target.name);
  }

  private validate(c: FhConfiguration, url: string, context: string): FH_DEVICE_VALIDATION_RESULT {
    // Windows takes `X:\` or `\\server\share\`; the reference takes an absolute folder path.
    if (url.length === 0 || !isAbsolute(url) || url.includes('\0')) throw invalid(context);
    const dir = canonical(url);
    let st;
    try {
      st = statSync(dir);
    } catch (e) {
      // the error names the folder and carries the file system's error (ENOENT) as its cause
      throw hresultError(FHCFG_E_TARGET_NOT_CONNECTED, { context: `${context}: target ${dir} is not reachable`, cause: e });
    }
    if (!st.isDirectory()) return FH_INVALID_DRIVE_TYPE;
    try {
      accessSync(dir, constants.R_OK | constants.X_OK);
    } catch {
      return FH_ACCESS_DENIED;
    }
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return FH_READ_ONLY_PERMISSION;
    }
    if (c.target && canonical(c.target.url) === dir) return FH_CURRENT_DEFAULT;
    const scope = resolveScope(c, this.ctx.shell);
    // A target inside the protected scope would back itself up; one holding the scope would too.
    if (scope.roots.some((r) => isSameOrInside(dir, r) || isSameOrInside(r, dir)) || isSameOrInside(this.ctx.stateDir, dir) || isSameOrInside(dir, canonical(this.ctx.stateDir))) {
      return FH_TARGET_PART_OF_LIBRARY;
    }
    if (existsSync(targetNamespace(dir, this.ctx.user, this.ctx.computer).root)) return FH_NAMESPACE_EXISTS;
    return FH_VALID_TARGET;
  }

  async ValidateTarget(TargetUrl: string): Promise<FH_DEVICE_VALIDATION_RESULT> {
    const url = requireString(TargetUrl, 'TargetUrl');
    return this.validate(this.loaded('ValidateTarget'), url, 'ValidateTarget');
  }

  /**
   * Creates the namespace folders and makes the target the default. The docs leave non-VALID targets
   * "unpredictable"; the reference refuses the unsafe ones with FHCFG_E_TARGET_CANNOT_BE_USED and
   * keeps an existing namespace (its versions stay reachable).
   */
  async ProvisionAndSetNewTarget(TargetUrl: string, TargetName: string): Promise<void> {
    const url = requireString(TargetUrl, 'TargetUrl');
    const name = requireString(TargetName, 'TargetName');
    const c = this.loaded('ProvisionAndSetNewTarget');
    const v = this.validate(c, url, 'ProvisionAndSetNewTarget');
    if (v !== FH_VALID_TARGET && v !== FH_NAMESPACE_EXISTS && v !== FH_CURRENT_DEFAULT) {
      throw hresultError(FHCFG_E_TARGET_CANNOT_BE_USED, { context: `ProvisionAndSetNewTarget: validation result ${v}` });
    }
    const dir = canonical(url);
    const ns = targetNamespace(dir, this.ctx.user, this.ctx.computer);
    mkdirSync(ns.configurationDir, { recursive: true });
    mkdirSync(ns.dataDir, { recursive: true });
    c.target = { url: dir, name };
  }

  async ChangeDefaultTargetRecommendation(Recommend: boolean): Promise<void> {
    const r = requireBool(Recommend, 'Recommend');
    const c = this.loaded('ChangeDefaultTargetRecommendation');
    if (!c.target) throw hresultError(FHCFG_E_TARGET_NOT_CONFIGURED, { context: 'ChangeDefaultTargetRecommendation' });
    c.recommended = r;
  }

  /** spec: IFhConfigMgr-QueryProtectionStatus.md; RUNNING is ORed only onto states 0x0E and above. */
  async QueryProtectionStatus(): Promise<FhProtectionStatus> {
    this.loaded('QueryProtectionStatus');
    const svc = this.ctx.service;
    const until = svc.protectedUntil();
    const ProtectedUntilTime = until === null ? '' : this.ctx.formatTime(until);
    const state = (s: number): FhProtectionStatus => ({ ProtectionState: s, ProtectedUntilTime });
    if (!svc.isRunning()) return state(FH_STATE_NOT_TRACKED);
    if (this.ctx.disabledByPolicy) return state(FH_STATE_DISABLED_BY_GP);
    if (svc.isConfigCorrupt()) return state(FH_STATE_FATAL_CONFIG_ERROR);
    // The state is the service's: it changes when the service reloads the configuration
    // (FhServiceReloadConfiguration.md: "call it after enabling or disabling"), not when this
    // object's unsaved or unreloaded changes say so. OFF means "no files will be backed up", which
    // holds only once the service has read the disabled status.
    const sc = svc.currentConfig();
    if (sc === undefined) return state(FH_STATE_NOT_TRACKED);
    if (sc.status === FH_STATUS_DISABLED) return state(FH_STATE_OFF);
    if (sc.status === FH_STATUS_DISABLED_BY_GP) return state(FH_STATE_DISABLED_BY_GP);
    if (sc.status === FH_STATUS_REHYDRATING) return state(FH_STATE_REHYDRATING);
    if (!svc.isTracked()) return state(FH_STATE_NOT_TRACKED);
    const running = svc.isCycleRunning() ? FH_STATE_RUNNING : 0;
    const target = sc.target;
    if (!target) return state(FH_STATE_NOT_TRACKED);
    const dir = canonical(target.url);
    if (!existsSync(dir)) return state(FH_STATE_TARGET_ABSENT | running);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      return state(FH_STATE_TARGET_ACCESS_DENIED | running);
    }
    return state(FH_STATE_NO_ERROR | running);
  }

  /** For the reference's own tools: the configuration this object holds (a copy). */
  snapshot(): FhConfiguration | undefined {
    return this.config ? cloneConfiguration(this.config) : undefined;
  }
}
