// The Windows File History API as one object: fhsvcctl.dll's seven functions and the FhConfigMgr
// class. The reference adds its own extras (service start and stop, versions, restore) on top.
import type { IFhConfigMgr } from './fhcfg.js';
import type { FhSvcCtlApi } from './fhsvcctl.js';

/**
 * The File History service control functions (fhsvcctl.h) plus the creation of FhConfigMgr
 * objects (fhcfg.h): what both the reference File History and the native backend implement.
 * @see https://learn.microsoft.com/en-us/windows/win32/api/fhcfg/nn-fhcfg-ifhconfigmgr
 */
export interface FileHistoryApi extends FhSvcCtlApi {
  /**
   * CoCreateInstance(CLSID_FhConfigMgr, IID_IFhConfigMgr): a new configuration object of the
   * calling user with nothing loaded (call LoadConfiguration or CreateDefaultConfiguration first).
   * @returns the new object.
   * @throws HResultError with the HRESULT of the creation (REGDB_E_CLASSNOTREG where File History is absent).
   */
  CoCreateFhConfigMgr(): IFhConfigMgr;
}
