// The vtables of fhcfg.h's interfaces and the COM entry points the binding calls. fhcfg.h is not in
// mingw-w64, and the Microsoft pages list an interface's methods alphabetically, not in vtable
// order. The order below is fhcfg.h's: the C-style IFhConfigMgrVtbl / IFhTargetVtbl /
// IFhScopeIteratorVtbl of the Windows SDK header (MIDL output of fhcfg.idl), as published in
// public mirrors of the SDK headers and in the Win32 metadata projections (windows-rs,
// win32metadata), which agree. Each method's parameters come from its page in
// ../shared/spec/filehistory/. A slot is the position in these lists, never a typed-in number.
// Every method takes `This` first; enums are 32-bit ints, BOOL is an int (0 or 1), BSTR and
// interface pointers are pointer-sized values (uintptr_t), out-parameters point at 8-byte buffers.

/** IUnknown's slots, first in every COM vtable (unknwn.h). */
export const IUNKNOWN = [
  ['QueryInterface', 'HRESULT __stdcall (uintptr_t This, const uint8_t *riid, uint64_t *ppvObject)'],
  ['AddRef', 'uint32_t __stdcall (uintptr_t This)'],
  ['Release', 'uint32_t __stdcall (uintptr_t This)'],
] as const;

/** IClassFactory after IUnknown (objidl.h); the test hook's in-process server hands one out. */
export const ICLASSFACTORY = [
  ['CreateInstance', 'HRESULT __stdcall (uintptr_t This, uintptr_t pUnkOuter, const uint8_t *riid, uint64_t *ppvObject)'],
  ['LockServer', 'HRESULT __stdcall (uintptr_t This, BOOL fLock)'],
] as const;

/** IFhConfigMgr after IUnknown, in fhcfg.h's order. */
export const IFHCONFIGMGR = [
  ['LoadConfiguration', 'HRESULT __stdcall (uintptr_t This)'],
  ['CreateDefaultConfiguration', 'HRESULT __stdcall (uintptr_t This, BOOL OverwriteIfExists)'],
  ['SaveConfiguration', 'HRESULT __stdcall (uintptr_t This)'],
  ['AddRemoveExcludeRule', 'HRESULT __stdcall (uintptr_t This, BOOL Add, int32_t Category, uintptr_t Item)'],
  ['GetIncludeExcludeRules', 'HRESULT __stdcall (uintptr_t This, BOOL Include, int32_t Category, uint64_t *Iterator)'],
  ['GetLocalPolicy', 'HRESULT __stdcall (uintptr_t This, int32_t LocalPolicyType, uint64_t *PolicyValue)'],
  ['SetLocalPolicy', 'HRESULT __stdcall (uintptr_t This, int32_t LocalPolicyType, uint64_t PolicyValue)'],
  ['GetBackupStatus', 'HRESULT __stdcall (uintptr_t This, int32_t *BackupStatus)'],
  ['SetBackupStatus', 'HRESULT __stdcall (uintptr_t This, int32_t BackupStatus)'],
  ['GetDefaultTarget', 'HRESULT __stdcall (uintptr_t This, uint64_t *DefaultTarget)'],
  ['ValidateTarget', 'HRESULT __stdcall (uintptr_t This, uintptr_t TargetUrl, int32_t *ValidationResult)'],
  ['ProvisionAndSetNewTarget', 'HRESULT __stdcall (uintptr_t This, uintptr_t TargetUrl, uintptr_t TargetName)'],
  ['ChangeDefaultTargetRecommendation', 'HRESULT __stdcall (uintptr_t This, BOOL Recommend)'],
  ['QueryProtectionStatus', 'HRESULT __stdcall (uintptr_t This, uint32_t *ProtectionState, uint64_t *ProtectedUntilTime)'],
] as const;

/** IFhTarget after IUnknown, in fhcfg.h's order. */
export const IFHTARGET = [
  ['GetStringProperty', 'HRESULT __stdcall (uintptr_t This, int32_t PropertyType, uint64_t *PropertyValue)'],
  ['GetNumericalProperty', 'HRESULT __stdcall (uintptr_t This, int32_t PropertyType, uint64_t *PropertyValue)'],
] as const;

/** IFhScopeIterator after IUnknown, in fhcfg.h's order. */
export const IFHSCOPEITERATOR = [
  ['MoveToNextItem', 'HRESULT __stdcall (uintptr_t This)'],
  ['GetItem', 'HRESULT __stdcall (uintptr_t This, uint64_t *Item)'],
] as const;

/** A method list of this module: [name, prototype without a name] in vtable order after IUnknown. */
export type MethodList = readonly (readonly [string, string])[];

/** The vtable slot of `name`: IUnknown's three, then the position in `methods`. */
export function slotOf(methods: MethodList, name: string): number {
  const at = methods.findIndex(([m]) => m === name);
  if (at < 0) throw new Error(`no method ${name} in this vtable`);
  return IUNKNOWN.length + at;
}

/** ole32.dll and oleaut32.dll entry points (objbase.h, oleauto.h). */
export const OLE32 = {
  CoInitializeEx: 'HRESULT __stdcall CoInitializeEx(uintptr_t pvReserved, uint32_t dwCoInit)',
  CoCreateInstance: 'HRESULT __stdcall CoCreateInstance(const uint8_t *rclsid, uintptr_t pUnkOuter, uint32_t dwClsContext, const uint8_t *riid, uint64_t *ppv)',
} as const;
export const OLEAUT32 = {
  SysAllocStringLen: 'uintptr_t __stdcall SysAllocStringLen(const uint8_t *strIn, uint32_t ui)',
  SysFreeString: 'void __stdcall SysFreeString(uintptr_t bstrString)',
  SysStringLen: 'uint32_t __stdcall SysStringLen(uintptr_t pbstr)',
} as const;

/** An in-process COM server's entry point (the test hook loads a DLL and calls it). */
export const DLLGETCLASSOBJECT = 'HRESULT __stdcall DllGetClassObject(const uint8_t *rclsid, const uint8_t *riid, uint64_t *ppv)';

/** objbase.h / wtypesbase.h constants. */
export const COINIT_MULTITHREADED = 0x0;
export const CLSCTX_INPROC_SERVER = 0x1;
export const IID_IClassFactory = '00000001-0000-0000-c000-000000000046';
