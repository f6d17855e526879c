// fhsvcctl.dll's seven exports as koffi prototypes. fhsvcctl.h is not in mingw-w64, so each one is
// declared from its documentation page (filehistory/<name>.md of the spec, on Microsoft Learn under
// api/fhsvcctl/): every one returns an HRESULT, takes BOOL (a 32-bit int: 0 or 1) flags, and passes
// FH_SERVICE_PIPE_HANDLE, a DECLARE_HANDLE type, i.e. a pointer-sized opaque value (uintptr_t on
// Win64, so a 64-bit value goes through unchanged). WINAPI is __stdcall, which Win64 ignores.

/** The C types the prototypes use, as koffi aliases. */
export const TYPEDEFS: readonly (readonly [string, string])[] = [
  ['HRESULT', 'int32_t'],
  ['BOOL', 'int32_t'],
  ['FH_SERVICE_PIPE_HANDLE', 'uintptr_t'],
];

/** The prototype of each export, keyed by its name. */
export const PROTOTYPES = {
  // FhServiceOpenPipe.md: StartServiceIfStopped [in], Pipe [out] (non-NULL on success; the binding passes an 8-byte buffer)
  FhServiceOpenPipe: 'HRESULT __stdcall FhServiceOpenPipe(BOOL StartServiceIfStopped, FH_SERVICE_PIPE_HANDLE *Pipe)',
  // FhServiceClosePipe.md: Pipe [in]
  FhServiceClosePipe: 'HRESULT __stdcall FhServiceClosePipe(FH_SERVICE_PIPE_HANDLE Pipe)',
  // FhServiceStartBackup.md: Pipe [in], LowPriorityIo [in]
  FhServiceStartBackup: 'HRESULT __stdcall FhServiceStartBackup(FH_SERVICE_PIPE_HANDLE Pipe, BOOL LowPriorityIo)',
  // FhServiceStopBackup.md: Pipe [in], StopTracking [in]
  FhServiceStopBackup: 'HRESULT __stdcall FhServiceStopBackup(FH_SERVICE_PIPE_HANDLE Pipe, BOOL StopTracking)',
  // FhServiceReloadConfiguration.md: Pipe [in]
  FhServiceReloadConfiguration: 'HRESULT __stdcall FhServiceReloadConfiguration(FH_SERVICE_PIPE_HANDLE Pipe)',
  // FhServiceBlockBackup.md: Pipe [in]
  FhServiceBlockBackup: 'HRESULT __stdcall FhServiceBlockBackup(FH_SERVICE_PIPE_HANDLE Pipe)',
  // FhServiceUnblockBackup.md: Pipe [in]
  FhServiceUnblockBackup: 'HRESULT __stdcall FhServiceUnblockBackup(FH_SERVICE_PIPE_HANDLE Pipe)',
} as const;

/** The name of an fhsvcctl.dll export. */
export type FhSvcCtlExport = keyof typeof PROTOTYPES;
