/* The fake FhConfigMgr COM server of the Wine tier, linked into the fake fhsvcctl.dll: an
   in-process server's DllGetClassObject, an IClassFactory, and IFhConfigMgr, IFhTarget and
   IFhScopeIterator objects whose vtables have the slot order of fhcfg.h (see
   src/native/fhcfgDeclarations.ts for where that order comes from). Each method records its
   arguments (BSTRs as their text and SysStringLen, BOOLs and enums as the int that arrived, the
   ULONGLONG as a decimal string) through the log of fake.c and returns the scripted HRESULT; out
   strings are BSTRs from SysAllocString, which the binding must free. Every object counts its
   creation and its Release calls, so the test can check that the binding releases each one. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT __declspec(dllexport)
HRESULT FakeLogCall(const char *fn, const char *args, HRESULT dflt);

/* fhcfg.h's GUIDs (src/api/guids.ts) */
static const GUID CLSID_FhConfigMgr = {0xed43bb3c, 0x09e9, 0x498a, {0x9d, 0xf6, 0x21, 0x77, 0x24, 0x4c, 0x6d, 0xb4}};
static const GUID IID_IFhConfigMgr = {0x6a5fea5b, 0xbf8f, 0x4ee5, {0xb8, 0xc3, 0x44, 0xd8, 0xa0, 0xd7, 0x33, 0x1c}};
static const GUID IID_IFhTarget = {0xd87965fd, 0x2bad, 0x4657, {0xbd, 0x3b, 0x95, 0x67, 0xeb, 0x30, 0x0c, 0xed}};
static const GUID IID_IFhScopeIterator = {0x3197abce, 0x532a, 0x44c6, {0x86, 0x15, 0xf3, 0x66, 0x65, 0x66, 0xa7, 0x20}};
static const GUID IID_IUnknown_ = {0x00000000, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};
static const GUID IID_IClassFactory_ = {0x00000001, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46}};

/* oleaut32 by GetProcAddress, so that the DLL links without import libraries */
static BSTR (WINAPI *pSysAllocString)(const OLECHAR *);
static UINT (WINAPI *pSysStringLen)(BSTR);
static void oleaut(void) {
  if (pSysAllocString) return;
  HMODULE m = LoadLibraryA("oleaut32.dll");
  pSysAllocString = (void *)GetProcAddress(m, "SysAllocString");
  pSysStringLen = (void *)GetProcAddress(m, "SysStringLen");
}

enum { CF, MGR, TARGET, ITER, NKINDS };
static const char *const kindName[NKINDS] = {"IClassFactory", "IFhConfigMgr", "IFhTarget", "IFhScopeIterator"};
static volatile LONG created[NKINDS], live[NKINDS], addrefs[NKINDS], releases[NKINDS], overReleases;

typedef struct { const void *vtbl; LONG refs; int kind; int index; } Obj;

static Obj *newObj(const void *vtbl, int kind) {
  Obj *o = calloc(1, sizeof *o);
  o->vtbl = vtbl;
  o->refs = 1;
  o->kind = kind;
  InterlockedIncrement(&created[kind]);
  InterlockedIncrement(&live[kind]);
  return o;
}

/* the scripted out-values */
static WCHAR outStr[256];
static WCHAR items[16][128];
static int nitems;
static unsigned long long outValue;

static int sameGuid(const GUID *a, const GUID *b) { return !memcmp(a, b, sizeof *a); }

static void guidText(char *b, size_t cb, const GUID *g) {
  snprintf(b, cb, "%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
           g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

/* "name":"<text as UTF-8, JSON-escaped>","nameLen":<SysStringLen> (or "name":null) */
static size_t bstrJson(char *b, size_t cb, const char *name, BSTR s) {
  if (!s) return snprintf(b, cb, "\"%s\":null", name);
  UINT len = pSysStringLen(s);
  char utf8[1024];
  int n = WideCharToMultiByte(CP_UTF8, 0, s, (int)len, utf8, sizeof utf8 - 1, NULL, NULL);
  utf8[n > 0 ? n : 0] = 0;
  size_t at = snprintf(b, cb, "\"%s\":\"", name);
  for (char *c = utf8; *c && at + 8 < cb; c++) {
    if (*c == '"' || *c == '\\') { b[at++] = '\\'; b[at++] = *c; }
    else if ((unsigned char)*c < 0x20) at += snprintf(b + at, cb - at, "\\u%04x", *c);
    else b[at++] = *c;
  }
  return at + snprintf(b + at, cb - at, "\",\"%sLen\":%u", name, len);
}

/* A call with one int argument (a BOOL or an enum) and nothing out. */
static HRESULT oneInt(const char *fn, const char *name, int v) {
  char a[96];
  snprintf(a, sizeof a, "\"%s\":%d", name, v);
  return FakeLogCall(fn, a, S_OK);
}
/* A call with one enum argument and a ULONGLONG out-parameter, written on success. */
static HRESULT enumToU64(const char *fn, const char *name, int v, ULONGLONG *out) {
  HRESULT hr = oneInt(fn, name, v);
  if (SUCCEEDED(hr)) *out = outValue;
  return hr;
}

/* ---- IUnknown, shared by the four kinds */
static ULONG WINAPI AddRef(Obj *This) {
  InterlockedIncrement(&addrefs[This->kind]);
  return InterlockedIncrement(&This->refs);
}
static ULONG WINAPI Release(Obj *This) {
  int kind = This->kind;
  LONG r = InterlockedDecrement(&This->refs);
  InterlockedIncrement(&releases[kind]);
  if (r < 0) InterlockedIncrement(&overReleases);
  if (r == 0) {
    InterlockedDecrement(&live[kind]);
    This->kind = -1; /* a call through a freed object shows as a wrong kind, not as a success */
    free(This);
  }
  return r < 0 ? 0 : (ULONG)r;
}
static const GUID *const ownIid[NKINDS] = {&IID_IClassFactory_, &IID_IFhConfigMgr, &IID_IFhTarget, &IID_IFhScopeIterator};
static HRESULT WINAPI QueryInterface(Obj *This, REFIID riid, void **ppv) {
  if (!ppv) return E_POINTER;
  if (sameGuid(riid, &IID_IUnknown_) || sameGuid(riid, ownIid[This->kind])) {
    AddRef(This);
    *ppv = This;
    return S_OK;
  }
  *ppv = NULL;
  return E_NOINTERFACE;
}

/* ---- IFhScopeIterator (fhcfg.h order: MoveToNextItem, GetItem) */
static HRESULT WINAPI MoveToNextItem(Obj *This) {
  /* IFhScopeIterator-MoveToNextItem.md: on the last item or an empty list, ERROR_NOT_FOUND */
  HRESULT hr = FakeLogCall("MoveToNextItem", "", This->index + 1 >= nitems ? HRESULT_FROM_WIN32(ERROR_NOT_FOUND) : S_OK);
  if (hr == S_OK) This->index++;
  return hr;
}
static HRESULT WINAPI GetItem(Obj *This, BSTR *Item) {
  HRESULT hr = FakeLogCall("GetItem", "", This->index >= nitems ? HRESULT_FROM_WIN32(ERROR_NOT_FOUND) : S_OK);
  if (SUCCEEDED(hr)) *Item = pSysAllocString(items[This->index]);
  return hr;
}
static const void *const iterVtbl[] = {QueryInterface, AddRef, Release, MoveToNextItem, GetItem};

/* ---- IFhTarget (fhcfg.h order: GetStringProperty, GetNumericalProperty) */
static HRESULT WINAPI GetStringProperty(Obj *This, int PropertyType, BSTR *PropertyValue) {
  char a[64];
  (void)This;
  snprintf(a, sizeof a, "\"PropertyType\":%d", PropertyType);
  HRESULT hr = FakeLogCall("GetStringProperty", a, S_OK);
  if (SUCCEEDED(hr)) *PropertyValue = pSysAllocString(outStr);
  return hr;
}
static HRESULT WINAPI GetNumericalProperty(Obj *This, int PropertyType, ULONGLONG *PropertyValue) {
  (void)This;
  return enumToU64("GetNumericalProperty", "PropertyType", PropertyType, PropertyValue);
}
static const void *const targetVtbl[] = {QueryInterface, AddRef, Release, GetStringProperty, GetNumericalProperty};

/* ---- IFhConfigMgr, in fhcfg.h's order */
static HRESULT WINAPI LoadConfiguration(Obj *This) { (void)This; return FakeLogCall("LoadConfiguration", "", S_OK); }
static HRESULT WINAPI CreateDefaultConfiguration(Obj *This, BOOL OverwriteIfExists) {
  (void)This;
  return oneInt("CreateDefaultConfiguration", "OverwriteIfExists", OverwriteIfExists);
}
static HRESULT WINAPI SaveConfiguration(Obj *This) { (void)This; return FakeLogCall("SaveConfiguration", "", S_OK); }
static HRESULT WINAPI AddRemoveExcludeRule(Obj *This, BOOL Add, int Category, BSTR Item) {
  char a[1400];
  (void)This;
  size_t n = snprintf(a, sizeof a, "\"Add\":%d,\"Category\":%d,", Add, Category);
  bstrJson(a + n, sizeof a - n, "Item", Item);
  return FakeLogCall("AddRemoveExcludeRule", a, S_OK);
}
static HRESULT WINAPI GetIncludeExcludeRules(Obj *This, BOOL Include, int Category, Obj **Iterator) {
  char a[64];
  (void)This;
  snprintf(a, sizeof a, "\"Include\":%d,\"Category\":%d", Include, Category);
  HRESULT hr = FakeLogCall("GetIncludeExcludeRules", a, S_OK);
  if (SUCCEEDED(hr)) *Iterator = newObj(iterVtbl, ITER);
  return hr;
}
static HRESULT WINAPI GetLocalPolicy(Obj *This, int LocalPolicyType, ULONGLONG *PolicyValue) {
  (void)This;
  return enumToU64("GetLocalPolicy", "LocalPolicyType", LocalPolicyType, PolicyValue);
}
static HRESULT WINAPI SetLocalPolicy(Obj *This, int LocalPolicyType, ULONGLONG PolicyValue) {
  char a[96];
  (void)This;
  snprintf(a, sizeof a, "\"LocalPolicyType\":%d,\"PolicyValue\":\"%llu\"", LocalPolicyType, PolicyValue);
  return FakeLogCall("SetLocalPolicy", a, S_OK);
}
static HRESULT WINAPI GetBackupStatus(Obj *This, int *BackupStatus) {
  (void)This;
  HRESULT hr = FakeLogCall("GetBackupStatus", "", S_OK);
  if (SUCCEEDED(hr)) *BackupStatus = (int)outValue;
  return hr;
}
static HRESULT WINAPI SetBackupStatus(Obj *This, int BackupStatus) {
  (void)This;
  return oneInt("SetBackupStatus", "BackupStatus", BackupStatus);
}
static HRESULT WINAPI GetDefaultTarget(Obj *This, Obj **DefaultTarget) {
  (void)This;
  HRESULT hr = FakeLogCall("GetDefaultTarget", "", S_OK);
  if (SUCCEEDED(hr)) *DefaultTarget = newObj(targetVtbl, TARGET);
  return hr;
}
static HRESULT WINAPI ValidateTarget(Obj *This, BSTR TargetUrl, int *ValidationResult) {
  char a[1400];
  (void)This;
  bstrJson(a, sizeof a, "TargetUrl", TargetUrl);
  HRESULT hr = FakeLogCall("ValidateTarget", a, S_OK);
  if (SUCCEEDED(hr)) *ValidationResult = (int)outValue;
  return hr;
}
static HRESULT WINAPI ProvisionAndSetNewTarget(Obj *This, BSTR TargetUrl, BSTR TargetName) {
  char a[2800];
  (void)This;
  size_t n = bstrJson(a, sizeof a, "TargetUrl", TargetUrl);
  a[n++] = ',';
  bstrJson(a + n, sizeof a - n, "TargetName", TargetName);
  return FakeLogCall("ProvisionAndSetNewTarget", a, S_OK);
}
static HRESULT WINAPI ChangeDefaultTargetRecommendation(Obj *This, BOOL Recommend) {
  (void)This;
  return oneInt("ChangeDefaultTargetRecommendation", "Recommend", Recommend);
}
static HRESULT WINAPI QueryProtectionStatus(Obj *This, DWORD *ProtectionState, BSTR *ProtectedUntilTime) {
  (void)This;
  HRESULT hr = FakeLogCall("QueryProtectionStatus", "", S_OK);
  if (SUCCEEDED(hr)) {
    *ProtectionState = (DWORD)outValue;
    *ProtectedUntilTime = pSysAllocString(outStr);
  }
  return hr;
}
static const void *const mgrVtbl[] = {
    QueryInterface, AddRef, Release, LoadConfiguration, CreateDefaultConfiguration, SaveConfiguration, AddRemoveExcludeRule,
    GetIncludeExcludeRules, GetLocalPolicy, SetLocalPolicy, GetBackupStatus, SetBackupStatus, GetDefaultTarget, ValidateTarget,
    ProvisionAndSetNewTarget, ChangeDefaultTargetRecommendation, QueryProtectionStatus,
};

/* ---- IClassFactory (objidl.h: CreateInstance, LockServer) and the server's entry point */
static HRESULT WINAPI CreateInstance(Obj *This, IUnknown *pUnkOuter, REFIID riid, void **ppv) {
  char a[96], g[40];
  (void)This;
  guidText(g, sizeof g, riid);
  snprintf(a, sizeof a, "\"pUnkOuter\":%d,\"riid\":\"%s\"", pUnkOuter != NULL, g);
  HRESULT hr = FakeLogCall("CreateInstance", a, sameGuid(riid, &IID_IFhConfigMgr) ? S_OK : E_NOINTERFACE);
  *ppv = SUCCEEDED(hr) ? newObj(mgrVtbl, MGR) : NULL;
  return hr;
}
static HRESULT WINAPI LockServer(Obj *This, BOOL fLock) { (void)This; (void)fLock; return S_OK; }
static const void *const cfVtbl[] = {QueryInterface, AddRef, Release, CreateInstance, LockServer};

EXPORT HRESULT WINAPI DllGetClassObject(REFCLSID rclsid, REFIID riid, void **ppv) {
  char a[128], c[40], i[40];
  oleaut();
  guidText(c, sizeof c, rclsid);
  guidText(i, sizeof i, riid);
  snprintf(a, sizeof a, "\"rclsid\":\"%s\",\"riid\":\"%s\"", c, i);
  HRESULT dflt = !sameGuid(rclsid, &CLSID_FhConfigMgr) ? CLASS_E_CLASSNOTAVAILABLE : !sameGuid(riid, &IID_IClassFactory_) ? E_NOINTERFACE : S_OK;
  HRESULT hr = FakeLogCall("DllGetClassObject", a, dflt);
  *ppv = SUCCEEDED(hr) ? newObj(cfVtbl, CF) : NULL;
  return hr;
}

/* ---- control exports */

/* Called by FakeReset: the scripted out-values go; the object counters stay (objects outlive a case). */
void FakeComReset(void) {
  outStr[0] = 0;
  nitems = 0;
  outValue = 0;
}
/* The string every BSTR out-parameter but GetItem's returns (UTF-8). */
EXPORT void WINAPI FakeSetString(const char *utf8) { MultiByteToWideChar(CP_UTF8, 0, utf8, -1, outStr, 256); }
/* The value every numeric out-parameter returns (truncated to its type). */
EXPORT void WINAPI FakeSetValue(unsigned long long v) { outValue = v; }
/* The rules an iterator walks: UTF-8 items separated by '\n' ("" is an empty list). */
EXPORT void WINAPI FakeSetItems(const char *utf8) {
  nitems = 0;
  while (*utf8 && nitems < 16) {
    const char *end = strchr(utf8, '\n');
    int n = end ? (int)(end - utf8) : (int)strlen(utf8);
    int w = MultiByteToWideChar(CP_UTF8, 0, utf8, n, items[nitems], 127);
    items[nitems++][w] = 0;
    utf8 += n + (end ? 1 : 0);
  }
}
/* The object counters as JSON: {"IFhTarget":{"created":..,"live":..,"addRefs":..,"releases":..},...,"overReleases":n}. */
EXPORT DWORD WINAPI FakeComCounts(char *buf, DWORD cb) {
  size_t n = snprintf(buf, cb, "{");
  for (int k = 0; k < NKINDS; k++) {
    n += snprintf(buf + n, cb - n, "\"%s\":{\"created\":%ld,\"live\":%ld,\"addRefs\":%ld,\"releases\":%ld},", kindName[k], created[k], live[k], addrefs[k], releases[k]);
  }
  n += snprintf(buf + n, cb - n, "\"overReleases\":%ld}", overReleases);
  return (DWORD)n;
}
