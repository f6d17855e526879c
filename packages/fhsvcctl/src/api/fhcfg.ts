// fhcfg.h: IFhConfigMgr, IFhTarget, IFhScopeIterator. spec: filehistory/IFh*.md, SEMANTICS.md §3.
// COM out-parameters are return values; a failed HRESULT is thrown as an HResultError.
import type {
  FH_BACKUP_STATUS,
  FH_DEVICE_VALIDATION_RESULT,
  FH_LOCAL_POLICY_TYPE,
  FH_PROTECTED_ITEM_CATEGORY,
  FH_TARGET_PROPERTY_TYPE,
} from './enums.js';

/**
 * An iterator over inclusion or exclusion rules (IFhScopeIterator).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nn-fhcfg-ifhscopeiterator
 */
export interface IFhScopeIterator {
  /**
   * Moves to the next rule of the list.
   * @throws HRESULT_FROM_WIN32(ERROR_NOT_FOUND): past the last item, or on an empty list.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhscopeiterator-movetonextitem
   */
  MoveToNextItem(): Promise<void>;
  /**
   * The current rule: a folder path, a library name, or `*` and a KNOWNFOLDERID.
   * @returns the rule.
   * @throws HRESULT_FROM_WIN32(ERROR_NOT_FOUND): the list is empty or exhausted.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhscopeiterator-getitem
   */
  GetItem(): Promise<string>;
}

/**
 * A backup target's properties (IFhTarget).
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nn-fhcfg-ifhtarget
 */
export interface IFhTarget {
  /**
   * A string property of the target: `FH_TARGET_NAME` or `FH_TARGET_URL`.
   * @returns the value.
   * @throws E_INVALIDARG: another property type.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhtarget-getstringproperty
   */
  GetStringProperty(PropertyType: FH_TARGET_PROPERTY_TYPE): Promise<string>;
  /**
   * A numerical property of the target: `FH_TARGET_DRIVE_TYPE` only.
   * @returns an FH_TARGET_DRIVE_TYPES value.
   * @throws E_INVALIDARG: another property type.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhtarget-getnumericalproperty
   */
  GetNumericalProperty(PropertyType: FH_TARGET_PROPERTY_TYPE): Promise<bigint>;
}

/**
 * What QueryProtectionStatus returns: its two out-parameters by name.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-queryprotectionstatus
 */
export interface FhProtectionStatus {
  /** An FH_STATE_* value, possibly ORed with FH_STATE_RUNNING (0x100). */
  readonly ProtectionState: number;
  /** Locale-formatted time up to which files are protected; empty when unknown. */
  readonly ProtectedUntilTime: string;
}

/**
 * The File History configuration of the calling user (IFhConfigMgr; methods in vtable order). Load
 * or create a configuration first; failures reject with an HResultError carrying an FHCFG_E_* or
 * other HRESULT.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nn-fhcfg-ifhconfigmgr
 */
export interface IFhConfigMgr {
  /**
   * Loads the user's saved configuration into this object.
   * @throws FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED: this object already holds one.
   * @throws FHCFG_E_CONFIG_FILE_NOT_FOUND: none was saved.
   * @throws FHCFG_E_CORRUPT_CONFIG_FILE: the saved one cannot be read.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-loadconfiguration
   */
  LoadConfiguration(): Promise<void>;
  /**
   * Creates the default configuration (the libraries plus Desktop, Contacts and Favorites; File
   * History off until SetBackupStatus(FH_STATUS_ENABLED)) and loads it into this object.
   * @throws FHCFG_E_CONFIGURATION_PREVIOUSLY_LOADED: this object already holds one.
   * @throws FHCFG_E_CONFIG_ALREADY_EXISTS: one is saved and `OverwriteIfExists` is false.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-createdefaultconfiguration
   */
  CreateDefaultConfiguration(OverwriteIfExists: boolean): Promise<void>;
  /**
   * Saves the configuration (written to a temporary file, fsync'd, renamed). The service uses it
   * after FhServiceReloadConfiguration.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-saveconfiguration
   */
  SaveConfiguration(): Promise<void>;
  /**
   * Adds or removes an exclusion: a folder (a full path, or `*` and a KNOWNFOLDERID) or a library
   * name.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @throws E_INVALIDARG: an unknown category, an empty item, or a folder that is not a full path.
   * @throws HRESULT_FROM_WIN32(ERROR_NOT_FOUND): removing a rule that is not there.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-addremoveexcluderule
   */
  AddRemoveExcludeRule(Add: boolean, Category: FH_PROTECTED_ITEM_CATEGORY, Item: string): Promise<void>;
  /**
   * Lists the inclusion or exclusion rules of one category.
   * @returns an iterator over the rules.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @throws E_INVALIDARG: an unknown category.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-getincludeexcluderules
   */
  GetIncludeExcludeRules(Include: boolean, Category: FH_PROTECTED_ITEM_CATEGORY): Promise<IFhScopeIterator>;
  /**
   * Reads a local policy: `FH_FREQUENCY` (seconds between cycles), `FH_RETENTION_TYPE` or
   * `FH_RETENTION_AGE` (days).
   * @returns the value.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @throws E_INVALIDARG: an unknown policy.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-getlocalpolicy
   */
  GetLocalPolicy(LocalPolicyType: FH_LOCAL_POLICY_TYPE): Promise<bigint>;
  /**
   * Sets a local policy.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @throws E_INVALIDARG: an unknown policy, an unknown retention type, or a value below 1.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-setlocalpolicy
   */
  SetLocalPolicy(LocalPolicyType: FH_LOCAL_POLICY_TYPE, PolicyValue: bigint): Promise<void>;
  /**
   * Reads whether File History is enabled, disabled, disabled by policy or rehydrating.
   * @returns the FH_BACKUP_STATUS.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-getbackupstatus
   */
  GetBackupStatus(): Promise<FH_BACKUP_STATUS>;
  /**
   * Turns File History on (`FH_STATUS_ENABLED`) or off (`FH_STATUS_DISABLED`) in the configuration;
   * saved with SaveConfiguration.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @throws E_INVALIDARG: an unknown status, or FH_STATUS_DISABLED_BY_GP (only policy sets it).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-setbackupstatus
   */
  SetBackupStatus(BackupStatus: FH_BACKUP_STATUS): Promise<void>;
  /**
   * The current backup target.
   * @returns the target.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @throws HRESULT_FROM_WIN32(ERROR_NOT_FOUND): no target is assigned.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-getdefaulttarget
   */
  GetDefaultTarget(): Promise<IFhTarget>;
  /**
   * Checks whether a folder can be a backup target (targets are absolute folder paths here; Windows
   * takes `X:\` or `\\server\share\`).
   * @returns FH_VALID_TARGET, FH_CURRENT_DEFAULT, FH_NAMESPACE_EXISTS, FH_ACCESS_DENIED, FH_READ_ONLY_PERMISSION, FH_INVALID_DRIVE_TYPE or FH_TARGET_PART_OF_LIBRARY.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @throws E_INVALIDARG: an empty or relative path.
   * @throws FHCFG_E_TARGET_NOT_CONNECTED: the folder does not exist.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-validatetarget
   */
  ValidateTarget(TargetUrl: string): Promise<FH_DEVICE_VALIDATION_RESULT>;
  /**
   * Prepares a folder as the backup target (creating `FileHistory/<user>/<computer>/`) and makes it
   * the default target.
   * @throws as ValidateTarget.
   * @throws FHCFG_E_TARGET_CANNOT_BE_USED: validation gave anything but FH_VALID_TARGET, FH_NAMESPACE_EXISTS or FH_CURRENT_DEFAULT.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-provisionandsetnewtarget
   */
  ProvisionAndSetNewTarget(TargetUrl: string, TargetName: string): Promise<void>;
  /**
   * Recommends the current target to other computers of the home group, or stops recommending it
   * (recorded only).
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @throws FHCFG_E_TARGET_NOT_CONFIGURED: no target is assigned.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-changedefaulttargetrecommendation
   */
  ChangeDefaultTargetRecommendation(Recommend: boolean): Promise<void>;
  /**
   * Reports the service's view of protection: an FH_STATE_* value (ORed with FH_STATE_RUNNING while
   * a cycle runs, for states 0x0E and above) and the time up to which files are protected. The view
   * changes on FhServiceReloadConfiguration or a service start.
   * @returns the state and the protected-until time.
   * @throws FHCFG_E_NO_VALID_CONFIGURATION_LOADED: neither LoadConfiguration nor CreateDefaultConfiguration was called.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nf-fhcfg-ifhconfigmgr-queryprotectionstatus
   */
  QueryProtectionStatus(): Promise<FhProtectionStatus>;
}
