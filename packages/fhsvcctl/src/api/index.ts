export * from './enums.js';
export * from './guids.js';
export type { FH_SERVICE_PIPE_HANDLE } from './handles.js';
export type { FhSvcCtlApi } from './fhsvcctl.js';
export type { FileHistoryApi } from './fileHistory.js';
export type { IFhConfigMgr, IFhTarget, IFhScopeIterator, FhProtectionStatus } from './fhcfg.js';
