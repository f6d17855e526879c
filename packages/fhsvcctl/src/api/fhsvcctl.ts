// fhsvcctl.h: the seven service-control functions. spec: filehistory/FhService*.md, SEMANTICS.md §1.
import type { FH_SERVICE_PIPE_HANDLE } from './handles.js';

/**
 * File History service control (fhsvcctl.h). Every function acts on the calling user only and
 * resolves (S_OK) or rejects with an `HResultError` from `@winbackup/errors` carrying an FHSVC_E_*
 * or other HRESULT; a wrong JavaScript type throws a `TypeError` first.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/
 */
export interface FhSvcCtlApi {
  /**
   * Opens a communication pipe to the File History service of the calling user, starting the service
   * first when `StartServiceIfStopped` is true.
   * @returns the pipe handle.
   * @throws HRESULT_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE): the service is stopped and may not be started (inferred; Windows documents no code).
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/nf-fhsvcctl-fhserviceopenpipe
   */
  FhServiceOpenPipe(StartServiceIfStopped: boolean): Promise<FH_SERVICE_PIPE_HANDLE>;
  /**
   * Closes a pipe; the blocks placed through it are lifted.
   * @throws E_HANDLE: a closed pipe, or one the service invalidated by stopping.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/nf-fhsvcctl-fhserviceclosepipe
   */
  FhServiceClosePipe(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void>;
  /**
   * Starts a backup cycle now and returns without waiting for it (a cycle already running counts as
   * the one asked for). `LowPriorityIo` true copies one file at a time after scanning, as scheduled
   * cycles do; false copies several at once while scanning.
   * @throws E_HANDLE: a closed pipe, or one the service invalidated by stopping.
   * @throws FHSVC_E_NOT_CONFIGURED: no configuration or no target.
   * @throws FHSVC_E_CONFIG_DISABLED: File History is off.
   * @throws FHSVC_E_CONFIG_DISABLED_GP: turned off by group policy.
   * @throws FHSVC_E_CONFIG_REHYDRATING: the configuration is being rehydrated.
   * @throws FHSVC_E_BACKUP_BLOCKED: a pipe holds a block.
   * @throws FHSVC_E_FATAL_CONFIG_ERROR: the configuration file is corrupt.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/nf-fhsvcctl-fhservicestartbackup
   */
  FhServiceStartBackup(Pipe: FH_SERVICE_PIPE_HANDLE, LowPriorityIo: boolean): Promise<void>;
  /**
   * Stops a running cycle and resolves once it has ended (S_OK when nothing runs). `StopTracking`
   * true also stops tracking changes until the next reload or service start.
   * @throws E_HANDLE: a closed pipe, or one the service invalidated by stopping.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/nf-fhsvcctl-fhservicestopbackup
   */
  FhServiceStopBackup(Pipe: FH_SERVICE_PIPE_HANDLE, StopTracking: boolean): Promise<void>;
  /**
   * Makes the service read the saved configuration again; QueryProtectionStatus reflects it from now
   * on.
   * @throws E_HANDLE: a closed pipe, or one the service invalidated by stopping.
   * @throws FHCFG_E_CORRUPT_CONFIG_FILE: the saved configuration cannot be read.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/nf-fhsvcctl-fhservicereloadconfiguration
   */
  FhServiceReloadConfiguration(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void>;
  /**
   * Blocks backups (stopping a running cycle) until FhServiceUnblockBackup or FhServiceClosePipe on
   * this pipe, or a service stop.
   * @throws E_HANDLE: a closed pipe, or one the service invalidated by stopping.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/nf-fhsvcctl-fhserviceblockbackup
   */
  FhServiceBlockBackup(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void>;
  /**
   * Lifts the block placed through this pipe (S_OK when there is none).
   * @throws E_HANDLE: a closed pipe, or one the service invalidated by stopping.
   * @see https://learn.microsoft.com/en-us/windows/win32/api/fhsvcctl/nf-fhsvcctl-fhserviceunblockbackup
   */
  FhServiceUnblockBackup(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void>;
}
