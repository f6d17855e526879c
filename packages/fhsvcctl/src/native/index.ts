// @winbackup/fhsvcctl/native: the File History API over the real fhsvcctl.dll and FhConfigMgr COM class (koffi). Only this entry loads koffi.
export { createNativeFhSvcCtl, type NativeFhSvcCtlOptions } from './createNativeFhSvcCtl.js';
export { createNativeFileHistory, type NativeFileHistoryOptions } from './createNativeFileHistory.js';
