// fhsvcctl.h: the seven service-control functions. spec: filehistory/FhService*.md, SEMANTICS.md §1.
import type { FH_SERVICE_PIPE_HANDLE } from './handles.js';

/**
 * File History service control. Every function acts on the calling user only and returns S_OK
 * (resolves) or throws an HResultError with an FHSVC_E_* / HRESULT code.
 */
export interface FhSvcCtlApi {
  /** spec: filehistory/FhServiceOpenPipe.md */
  FhServiceOpenPipe(StartServiceIfStopped: boolean): Promise<FH_SERVICE_PIPE_HANDLE>;
  /** spec: filehistory/FhServiceClosePipe.md. Also cancels the blocks placed through this pipe. */
  FhServiceClosePipe(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void>;
  /** spec: filehistory/FhServiceStartBackup.md. Returns without waiting for the cycle. */
  FhServiceStartBackup(Pipe: FH_SERVICE_PIPE_HANDLE, LowPriorityIo: boolean): Promise<void>;
  /** spec: filehistory/FhServiceStopBackup.md */
  FhServiceStopBackup(Pipe: FH_SERVICE_PIPE_HANDLE, StopTracking: boolean): Promise<void>;
  /** spec: filehistory/FhServiceReloadConfiguration.md */
  FhServiceReloadConfiguration(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void>;
  /** spec: filehistory/FhServiceBlockBackup.md */
  FhServiceBlockBackup(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void>;
  /** spec: filehistory/FhServiceUnblockBackup.md */
  FhServiceUnblockBackup(Pipe: FH_SERVICE_PIPE_HANDLE): Promise<void>;
}
