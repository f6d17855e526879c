// @winbackup/fhsvcctl/native: FhSvcCtlApi over the real fhsvcctl.dll (koffi). Only this entry loads koffi.
export { createNativeFhSvcCtl, type NativeFhSvcCtlOptions } from './createNativeFhSvcCtl.js';
