/* The fake vssapi.dll the Wine tier loads. It exports CreateVssBackupComponentsInternal and
   VssFreeSnapshotPropertiesInternal with vsbackup.h's signatures and hands out COM objects whose
   vtables are the C vtables of mingw-w64's vss.h / vsbackup.h / vswriter.h (CINTERFACE), so every
   slot is where the header puts it. Each method records its arguments as one JSON line (GUIDs as
   strings, strings as UTF-8, booleans as the int received, the thread it ran on) and returns the
   scripted HRESULT. IVssAsync completes on a thread of its own after a scripted delay. AddRef and
   Release are counted, with the objects still alive. The test drives it through the Fake* exports. */
#define CINTERFACE
#define COBJMACROS
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vss.h>
#include <vswriter.h>
#include <vsbackup.h>
#include "wine-fake-log.h"

#define EXPORT __declspec(dllexport)

typedef struct { char fn[64]; HRESULT hr; } Ret;
static Ret rets[64], asyncRets[64];
static int nrets, nasyncRets;
static DWORD asyncDelay;
static LONG live, addrefs, releases, propsFreed, infosFreed;
static LONG writerCtors, writerDtors, writerDeletes;
/* What the last writer that answered OnIdentify declared: the requester's IVssExamineWriterMetadata
   then reads it back (identity and first component) instead of its fixed values. */
static struct { int set; GUID writerId; WCHAR name[128]; int hasComponent; VSS_COMPONENT_TYPE ct; int hasLp; WCHAR lp[128]; WCHAR comp[128]; WCHAR caption[128]; int hasCaption; } identified;

/* oleaut32 / ole32 by GetProcAddress: the test frees what the fake allocates with the same DLLs */
typedef BSTR(WINAPI *SysAllocString_t)(const OLECHAR *);
typedef void(WINAPI *SysFreeString_t)(BSTR);
typedef LPVOID(WINAPI *CoTaskMemAlloc_t)(SIZE_T);
typedef void(WINAPI *CoTaskMemFree_t)(LPVOID);
static SysAllocString_t pSysAllocString;
static SysFreeString_t pSysFreeString;
static CoTaskMemAlloc_t pCoTaskMemAlloc;
static CoTaskMemFree_t pCoTaskMemFree;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID r) {
  (void)h; (void)r;
  if (reason == DLL_PROCESS_ATTACH) {
    HMODULE oa = LoadLibraryA("oleaut32.dll"), ole = LoadLibraryA("ole32.dll");
    fake_log_init();
    pSysAllocString = (SysAllocString_t)(void *)GetProcAddress(oa, "SysAllocString");
    pSysFreeString = (SysFreeString_t)(void *)GetProcAddress(oa, "SysFreeString");
    pCoTaskMemAlloc = (CoTaskMemAlloc_t)(void *)GetProcAddress(ole, "CoTaskMemAlloc");
    pCoTaskMemFree = (CoTaskMemFree_t)(void *)GetProcAddress(ole, "CoTaskMemFree");
  }
  return TRUE;
}

/* A BSTR for an out-parameter: the caller frees it (SysFreeString); the fake remembers it so the
   test can check that every one was freed. */
static ULONGLONG handedOut[512];
static LONG nHandedOut;
static BSTR outBstr(const WCHAR *s) {
  BSTR b = pSysAllocString(s);
  LONG i = InterlockedIncrement(&nHandedOut) - 1;
  if (i < 512) handedOut[i] = (ULONGLONG)(ULONG_PTR)b;
  return b;
}

/* ---- argument formatting (each returns a static-free buffer the caller owns) */

typedef struct { char s[1024]; } J;

static J jguid(const GUID *g) {
  J j;
  snprintf(j.s, sizeof j.s, "\"%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x\"", (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
           g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
  return j;
}

/* a wide string as a JSON string (UTF-8, quotes and backslashes escaped), or null */
static J jwstr(const WCHAR *w) {
  J j;
  char u[900];
  size_t k = 0;
  if (!w) { strcpy(j.s, "null"); return j; }
  WideCharToMultiByte(CP_UTF8, 0, w, -1, u, sizeof u, NULL, NULL);
  j.s[k++] = '"';
  for (char *c = u; *c && k < sizeof j.s - 3; c++) {
    if (*c == '"' || *c == '\\') j.s[k++] = '\\';
    j.s[k++] = *c;
  }
  j.s[k++] = '"';
  j.s[k] = 0;
  return j;
}

static HRESULT scripted(Ret *list, int *n, const char *fn, HRESULT dflt) {
  for (int i = 0; i < *n; i++) {
    if (!strcmp(list[i].fn, fn)) {
      HRESULT hr = list[i].hr;
      memmove(&list[i], &list[i + 1], (*n - i - 1) * sizeof(Ret));
      (*n)--;
      return hr;
    }
  }
  return dflt;
}

/* Logs fn with args (a JSON object body) and returns its scripted HRESULT (S_OK by default). */
static HRESULT record(const char *fn, const char *args) {
  char b[128];
  HRESULT hr;
  EnterCriticalSection(&fake_lock);
  hr = scripted(rets, &nrets, fn, S_OK);
  fake_put("{\"fn\":\"");
  fake_put(fn);
  fake_put("\",\"args\":{");
  fake_put(args);
  snprintf(b, sizeof b, "},\"ret\":%ld,\"thread\":%lu}\n", (long)hr, (unsigned long)GetCurrentThreadId());
  fake_put(b);
  LeaveCriticalSection(&fake_lock);
  return hr;
}

/* ---- objects: one allocation per interface instance, its vtable first */

typedef struct Obj {
  const void *lpVtbl;
  LONG refs;
} Obj;

static void *newObj(const void *vtbl, size_t size) {
  Obj *o = calloc(1, size);
  o->lpVtbl = vtbl;
  o->refs = 1;
  InterlockedIncrement(&live);
  return o;
}
static ULONG addRef(void *This) {
  InterlockedIncrement(&addrefs);
  return InterlockedIncrement(&((Obj *)This)->refs);
}
static ULONG release(void *This, void (*dtor)(void *)) {
  ULONG n = InterlockedDecrement(&((Obj *)This)->refs);
  InterlockedIncrement(&releases);
  if (n == 0) {
    if (dtor) dtor(This);
    free(This);
    InterlockedDecrement(&live);
  }
  return n;
}
static HRESULT noQI(void *This, REFIID riid, void **ppv) {
  (void)This; (void)riid;
  *ppv = NULL;
  return E_NOINTERFACE;
}

/* fixed values the test knows (GUID fields chosen so that a byte-order slip shows) */
static const GUID SET_ID = {0x12345678, 0x9abc, 0xdef0, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
static const GUID SNAP_ID = {0xa1b2c3d4, 0xe5f6, 0x0718, {0x29, 0x3a, 0x4b, 0x5c, 0x6d, 0x7e, 0x8f, 0x90}};
static const GUID WRITER_ID = {0xfedcba98, 0x7654, 0x3210, {0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87}};
static const GUID INSTANCE_ID = {0x0badf00d, 0xcafe, 0xbeef, {0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80}};
static const GUID ZERO_ID = {0, 0, 0, {0}};
static const GUID PROVIDER_ID = {0xb5946137, 0x7b9f, 0x4925, {0xaf, 0x80, 0x51, 0xab, 0xd6, 0x0b, 0x20, 0xd5}};

static WCHAR *taskStr(const WCHAR *s) {
  size_t n = (wcslen(s) + 1) * sizeof(WCHAR);
  WCHAR *p = pCoTaskMemAlloc(n);
  memcpy(p, s, n);
  return p;
}

/* ================================================================ IVssAsync */

typedef struct {
  const IVssAsyncVtbl *lpVtbl;
  LONG refs;
  HANDLE done;
  volatile HRESULT status;
  HRESULT result;
  DWORD delay;
  char op[64];
} Async;

static void asyncDtor(void *This) { CloseHandle(((Async *)This)->done); }
static ULONG WINAPI as_AddRef(IVssAsync *This) { return addRef(This); }
static ULONG WINAPI as_Release(IVssAsync *This) { return release(This, asyncDtor); }
static HRESULT WINAPI as_QI(IVssAsync *This, REFIID riid, void **ppv) { return noQI(This, riid, ppv); }

static HRESULT WINAPI as_Cancel(IVssAsync *This) {
  Async *a = (Async *)This;
  char b[128];
  HRESULT hr;
  EnterCriticalSection(&fake_lock);
  if (a->status == VSS_S_ASYNC_PENDING) { a->status = VSS_S_ASYNC_CANCELLED; hr = S_OK; SetEvent(a->done); }
  else hr = a->status; /* VSS_S_ASYNC_CANCELLED, VSS_S_ASYNC_FINISHED, or the failure */
  LeaveCriticalSection(&fake_lock);
  snprintf(b, sizeof b, "\"op\":\"%s\",\"returned\":%ld", a->op, (long)hr);
  record("IVssAsync::Cancel", b);
  return hr;
}
static HRESULT WINAPI as_Wait(IVssAsync *This, DWORD ms) {
  Async *a = (Async *)This;
  char b[128];
  snprintf(b, sizeof b, "\"op\":\"%s\",\"dwMilliseconds\":%lu", a->op, (unsigned long)ms);
  HRESULT hr = record("IVssAsync::Wait", b);
  if (FAILED(hr)) return hr;
  WaitForSingleObject(a->done, ms);
  return S_OK;
}
static HRESULT WINAPI as_QueryStatus(IVssAsync *This, HRESULT *pHr, INT *pReserved) {
  Async *a = (Async *)This;
  char b[128];
  snprintf(b, sizeof b, "\"op\":\"%s\",\"status\":%ld", a->op, (long)a->status);
  HRESULT hr = record("IVssAsync::QueryStatus", b);
  if (SUCCEEDED(hr)) { *pHr = a->status; if (pReserved) *pReserved = 0; }
  return hr;
}
static const IVssAsyncVtbl asyncVtbl = {.QueryInterface = as_QI, .AddRef = as_AddRef, .Release = as_Release, .Cancel = as_Cancel, .Wait = as_Wait, .QueryStatus = as_QueryStatus};

/* The writer host (below): fires an operation's writer events into the subscribed writers. */
static void fireWriterEvents(const char *op);

static DWORD WINAPI asyncThread(LPVOID p) {
  Async *a = p;
  fireWriterEvents(a->op); /* on this thread, as VSS calls writers on threads of its own */
  WaitForSingleObject(a->done, a->delay); /* a Cancel ends the wait early */
  EnterCriticalSection(&fake_lock);
  if (a->status == VSS_S_ASYNC_PENDING) { a->status = a->result; SetEvent(a->done); }
  LeaveCriticalSection(&fake_lock);
  as_Release((IVssAsync *)a); /* the thread's reference */
  return 0;
}

/* A new operation: completes with the scripted result for op (VSS_S_ASYNC_FINISHED) after the delay. */
static IVssAsync *newAsync(const char *op) {
  Async *a = newObj(&asyncVtbl, sizeof(Async));
  a->done = CreateEventA(NULL, TRUE, FALSE, NULL);
  a->status = VSS_S_ASYNC_PENDING;
  snprintf(a->op, sizeof a->op, "%s", op);
  EnterCriticalSection(&fake_lock);
  a->result = scripted(asyncRets, &nasyncRets, op, VSS_S_ASYNC_FINISHED);
  a->delay = asyncDelay;
  LeaveCriticalSection(&fake_lock);
  a->refs++; /* the completing thread's reference, counted like any AddRef */
  InterlockedIncrement(&addrefs);
  CloseHandle(CreateThread(NULL, 0, asyncThread, a, 0, NULL));
  return (IVssAsync *)a;
}

/* ================================================================ IVssWMFiledesc */

typedef struct { const IVssWMFiledescVtbl *lpVtbl; LONG refs; char kind[32]; } Filedesc;

static ULONG WINAPI fd_AddRef(IVssWMFiledesc *This) { return addRef(This); }
static ULONG WINAPI fd_Release(IVssWMFiledesc *This) { return release(This, NULL); }
static HRESULT WINAPI fd_QI(IVssWMFiledesc *This, REFIID riid, void **ppv) { return noQI(This, riid, ppv); }
static HRESULT fdBstr(IVssWMFiledesc *This, const char *fn, const WCHAR *v, BSTR *out) {
  char b[96];
  snprintf(b, sizeof b, "\"of\":\"%s\"", ((Filedesc *)This)->kind);
  HRESULT hr = record(fn, b);
  if (SUCCEEDED(hr)) *out = v ? outBstr(v) : NULL;
  return hr;
}
static HRESULT WINAPI fd_GetPath(IVssWMFiledesc *This, BSTR *p) { return fdBstr(This, "IVssWMFiledesc::GetPath", L"C:\\Data\\Fake \u00e9crit", p); }
static HRESULT WINAPI fd_GetFilespec(IVssWMFiledesc *This, BSTR *p) { return fdBstr(This, "IVssWMFiledesc::GetFilespec", L"*.edb", p); }
static HRESULT WINAPI fd_GetAlternateLocation(IVssWMFiledesc *This, BSTR *p) { return fdBstr(This, "IVssWMFiledesc::GetAlternateLocation", NULL, p); }
static HRESULT WINAPI fd_GetRecursive(IVssWMFiledesc *This, boolean *p) {
  HRESULT hr = record("IVssWMFiledesc::GetRecursive", "");
  if (SUCCEEDED(hr)) *p = 1;
  return hr;
}
static HRESULT WINAPI fd_GetBackupTypeMask(IVssWMFiledesc *This, DWORD *p) {
  HRESULT hr = record("IVssWMFiledesc::GetBackupTypeMask", "");
  if (SUCCEEDED(hr)) *p = 0x80000123u;
  return hr;
}
static const IVssWMFiledescVtbl filedescVtbl = {.QueryInterface = fd_QI, .AddRef = fd_AddRef, .Release = fd_Release, .GetPath = fd_GetPath,
  .GetFilespec = fd_GetFilespec, .GetRecursive = fd_GetRecursive, .GetAlternateLocation = fd_GetAlternateLocation, .GetBackupTypeMask = fd_GetBackupTypeMask};

static HRESULT newFiledesc(const char *fn, const char *kind, UINT i, IVssWMFiledesc **pp) {
  char b[96];
  snprintf(b, sizeof b, "\"index\":%u", i);
  HRESULT hr = record(fn, b);
  if (SUCCEEDED(hr) && i >= 1) hr = VSS_E_OBJECT_NOT_FOUND;
  if (SUCCEEDED(hr)) {
    Filedesc *f = newObj(&filedescVtbl, sizeof(Filedesc));
    snprintf(f->kind, sizeof f->kind, "%s", kind);
    *pp = (IVssWMFiledesc *)f;
  }
  return hr;
}

/* ================================================================ IVssWMComponent */

static ULONG WINAPI co_AddRef(IVssWMComponent *This) { return addRef(This); }
static ULONG WINAPI co_Release(IVssWMComponent *This) { return release(This, NULL); }
static HRESULT WINAPI co_QI(IVssWMComponent *This, REFIID riid, void **ppv) { return noQI(This, riid, ppv); }
static HRESULT WINAPI co_GetComponentInfo(IVssWMComponent *This, PVSSCOMPONENTINFO *pp) {
  HRESULT hr = record("IVssWMComponent::GetComponentInfo", "");
  if (SUCCEEDED(hr)) {
    VSS_COMPONENTINFO *c = calloc(1, sizeof *c);
    c->type = VSS_CT_FILEGROUP;
    c->bstrLogicalPath = pSysAllocString(L"Logical\\Path");
    c->bstrComponentName = pSysAllocString(L"Comp\u00f8nent");
    c->bstrCaption = NULL;
    c->pbIcon = malloc(3);
    c->pbIcon[0] = 1; c->pbIcon[1] = 2; c->pbIcon[2] = 255;
    c->cbIcon = 3;
    c->bRestoreMetadata = 0; c->bNotifyOnBackupComplete = 1; c->bSelectable = 1; c->bSelectableForRestore = 0;
    c->dwComponentFlags = 0x4; c->cFileCount = 1; c->cDatabases = 2; c->cLogFiles = 3; c->cDependencies = 4;
    if (identified.set && identified.hasComponent) {
      pSysFreeString(c->bstrLogicalPath); pSysFreeString(c->bstrComponentName);
      c->type = identified.ct;
      c->bstrLogicalPath = identified.hasLp ? pSysAllocString(identified.lp) : NULL;
      c->bstrComponentName = pSysAllocString(identified.comp);
      c->bstrCaption = identified.hasCaption ? pSysAllocString(identified.caption) : NULL;
    }
    *pp = c;
  }
  return hr;
}
static HRESULT WINAPI co_FreeComponentInfo(IVssWMComponent *This, PVSSCOMPONENTINFO p) {
  VSS_COMPONENTINFO *c = (VSS_COMPONENTINFO *)p;
  HRESULT hr = record("IVssWMComponent::FreeComponentInfo", "");
  pSysFreeString(c->bstrLogicalPath); pSysFreeString(c->bstrComponentName); pSysFreeString(c->bstrCaption);
  free(c->pbIcon);
  free(c);
  InterlockedIncrement(&infosFreed);
  return hr;
}
static HRESULT WINAPI co_GetFile(IVssWMComponent *This, UINT i, IVssWMFiledesc **pp) { return newFiledesc("IVssWMComponent::GetFile", "file", i, pp); }
static HRESULT WINAPI co_GetDatabaseFile(IVssWMComponent *This, UINT i, IVssWMFiledesc **pp) { return newFiledesc("IVssWMComponent::GetDatabaseFile", "database", i, pp); }
static HRESULT WINAPI co_GetDatabaseLogFile(IVssWMComponent *This, UINT i, IVssWMFiledesc **pp) { return newFiledesc("IVssWMComponent::GetDatabaseLogFile", "log", i, pp); }
static const IVssWMComponentVtbl componentVtbl = {.QueryInterface = co_QI, .AddRef = co_AddRef, .Release = co_Release, .GetComponentInfo = co_GetComponentInfo,
  .FreeComponentInfo = co_FreeComponentInfo, .GetFile = co_GetFile, .GetDatabaseFile = co_GetDatabaseFile, .GetDatabaseLogFile = co_GetDatabaseLogFile};

/* ================================================================ IVssExamineWriterMetadata */

static ULONG WINAPI md_AddRef(IVssExamineWriterMetadata *This) { return addRef(This); }
static ULONG WINAPI md_Release(IVssExamineWriterMetadata *This) { return release(This, NULL); }
static HRESULT WINAPI md_QI(IVssExamineWriterMetadata *This, REFIID riid, void **ppv) { return noQI(This, riid, ppv); }
static HRESULT WINAPI md_GetIdentity(IVssExamineWriterMetadata *This, VSS_ID *inst, VSS_ID *wid, BSTR *name, VSS_USAGE_TYPE *usage, VSS_SOURCE_TYPE *source) {
  HRESULT hr = record("IVssExamineWriterMetadata::GetIdentity", "");
  if (SUCCEEDED(hr)) {
    *inst = INSTANCE_ID;
    *wid = identified.set ? identified.writerId : WRITER_ID;
    *name = outBstr(identified.set ? identified.name : L"Fake Writer \u00fc");
    *usage = VSS_UT_USERDATA;
    *source = VSS_ST_NONTRANSACTEDDB;
  }
  return hr;
}
static HRESULT WINAPI md_GetFileCounts(IVssExamineWriterMetadata *This, UINT *a, UINT *b, UINT *c) {
  HRESULT hr = record("IVssExamineWriterMetadata::GetFileCounts", "");
  if (SUCCEEDED(hr)) { *a = 1; *b = 1; *c = 1; }
  return hr;
}
static HRESULT WINAPI md_GetIncludeFile(IVssExamineWriterMetadata *This, UINT i, IVssWMFiledesc **pp) { return newFiledesc("IVssExamineWriterMetadata::GetIncludeFile", "include", i, pp); }
static HRESULT WINAPI md_GetExcludeFile(IVssExamineWriterMetadata *This, UINT i, IVssWMFiledesc **pp) { return newFiledesc("IVssExamineWriterMetadata::GetExcludeFile", "exclude", i, pp); }
static HRESULT WINAPI md_GetComponent(IVssExamineWriterMetadata *This, UINT i, IVssWMComponent **pp) {
  char b[64];
  snprintf(b, sizeof b, "\"index\":%u", i);
  HRESULT hr = record("IVssExamineWriterMetadata::GetComponent", b);
  if (SUCCEEDED(hr) && i >= 1) hr = VSS_E_OBJECT_NOT_FOUND;
  if (SUCCEEDED(hr)) *pp = newObj(&componentVtbl, sizeof(Obj));
  return hr;
}
static HRESULT WINAPI md_GetRestoreMethod(IVssExamineWriterMetadata *This, VSS_RESTOREMETHOD_ENUM *m, BSTR *svc, BSTR *proc, VSS_WRITERRESTORE_ENUM *wr, boolean *reboot, UINT *maps) {
  HRESULT hr = record("IVssExamineWriterMetadata::GetRestoreMethod", "");
  if (hr == S_OK) { *m = VSS_RME_RESTORE_IF_CAN_REPLACE; *svc = outBstr(L"FakeSvc"); *proc = NULL; *wr = VSS_WRE_ALWAYS; *reboot = 1; *maps = 7; }
  else if (hr == S_FALSE) { *svc = NULL; *proc = NULL; }
  return hr;
}
static HRESULT WINAPI md_GetBackupSchema(IVssExamineWriterMetadata *This, DWORD *p) {
  HRESULT hr = record("IVssExamineWriterMetadata::GetBackupSchema", "");
  if (SUCCEEDED(hr)) *p = 0x12;
  return hr;
}
static HRESULT WINAPI md_SaveAsXML(IVssExamineWriterMetadata *This, BSTR *p) {
  HRESULT hr = record("IVssExamineWriterMetadata::SaveAsXML", "");
  if (SUCCEEDED(hr)) *p = outBstr(L"<WRITER_METADATA name=\"fake\"/>");
  return hr;
}
static const IVssExamineWriterMetadataVtbl metadataVtbl = {.QueryInterface = md_QI, .AddRef = md_AddRef, .Release = md_Release, .GetIdentity = md_GetIdentity,
  .GetFileCounts = md_GetFileCounts, .GetIncludeFile = md_GetIncludeFile, .GetExcludeFile = md_GetExcludeFile, .GetComponent = md_GetComponent,
  .GetRestoreMethod = md_GetRestoreMethod, .GetBackupSchema = md_GetBackupSchema, .SaveAsXML = md_SaveAsXML};

/* ================================================================ IVssEnumObject */

typedef struct { const IVssEnumObjectVtbl *lpVtbl; LONG refs; int next; } Enum;

static ULONG WINAPI en_AddRef(IVssEnumObject *This) { return addRef(This); }
static ULONG WINAPI en_Release(IVssEnumObject *This) { return release(This, NULL); }
static HRESULT WINAPI en_QI(IVssEnumObject *This, REFIID riid, void **ppv) { return noQI(This, riid, ppv); }
static void fillSnapshot(VSS_SNAPSHOT_PROP *p) {
  memset(p, 0, sizeof *p);
  p->m_SnapshotId = SNAP_ID;
  p->m_SnapshotSetId = SET_ID;
  p->m_lSnapshotsCount = 1;
  p->m_pwszSnapshotDeviceObject = taskStr(L"\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy7");
  p->m_pwszOriginalVolumeName = taskStr(L"\\\\?\\Volume{0badf00d-0000-0000-0000-000000000001}\\");
  p->m_pwszOriginatingMachine = taskStr(L"fakehost");
  p->m_pwszServiceMachine = taskStr(L"fakehost");
  p->m_pwszExposedName = NULL;
  p->m_pwszExposedPath = NULL;
  p->m_ProviderId = PROVIDER_ID;
  p->m_lSnapshotAttributes = (LONG)0x80020009; /* high bit set: LONG, signed */
  p->m_tsCreationTimestamp = 0x01dc5a1b2c3d4e5fLL;
  p->m_eStatus = VSS_SS_CREATED;
}
static HRESULT WINAPI en_Next(IVssEnumObject *This, ULONG celt, VSS_OBJECT_PROP *rgelt, ULONG *fetched) {
  Enum *e = (Enum *)This;
  char b[64];
  snprintf(b, sizeof b, "\"celt\":%lu,\"next\":%d", (unsigned long)celt, e->next);
  HRESULT hr = record("IVssEnumObject::Next", b);
  if (FAILED(hr)) return hr;
  *fetched = 0;
  if (e->next == 0) {
    rgelt->Type = VSS_OBJECT_SNAPSHOT;
    fillSnapshot(&rgelt->Obj.Snap);
  } else if (e->next == 1) {
    VSS_PROVIDER_PROP *p = &rgelt->Obj.Prov;
    rgelt->Type = VSS_OBJECT_PROVIDER;
    p->m_ProviderId = PROVIDER_ID;
    p->m_pwszProviderName = taskStr(L"Microsoft Software Shadow Copy provider 1.0");
    p->m_eProviderType = VSS_PROV_SYSTEM;
    p->m_pwszProviderVersion = taskStr(L"1.0.0.7");
    p->m_ProviderVersionId = SET_ID;
    p->m_ClassId = WRITER_ID;
  } else return S_FALSE;
  e->next++;
  *fetched = 1;
  return S_OK;
}
static const IVssEnumObjectVtbl enumVtbl = {.QueryInterface = en_QI, .AddRef = en_AddRef, .Release = en_Release, .Next = en_Next};

/* ================================================================ IVssBackupComponents */

#define BC IVssBackupComponents *This
static ULONG WINAPI bc_AddRef(BC) { return addRef(This); }
static ULONG WINAPI bc_Release(BC) {
  record("IVssBackupComponents::Release", "");
  if (((Obj *)This)->refs == 1) fireWriterEvents("BackupShutdown"); /* the last Release */
  return release(This, NULL);
}
static HRESULT WINAPI bc_QI(BC, REFIID riid, void **ppv) { return noQI(This, riid, ppv); }

static HRESULT WINAPI bc_InitializeForBackup(BC, BSTR xml) {
  char b[1200];
  snprintf(b, sizeof b, "\"bstrXML\":%s,\"len\":%ld", jwstr(xml).s, xml ? (long)(((const UINT *)xml)[-1] / 2) : -1L);
  return record("IVssBackupComponents::InitializeForBackup", b);
}
static HRESULT WINAPI bc_SetBackupState(BC, boolean sel, boolean boot, VSS_BACKUP_TYPE type, boolean partial) {
  char b[160];
  snprintf(b, sizeof b, "\"bSelectComponents\":%d,\"bBackupBootableSystemState\":%d,\"backupType\":%d,\"bPartialFileSupport\":%d", sel, boot, (int)type, partial);
  return record("IVssBackupComponents::SetBackupState", b);
}
static HRESULT WINAPI bc_SetContext(BC, LONG ctx) {
  char b[64];
  snprintf(b, sizeof b, "\"lContext\":%ld", (long)ctx);
  return record("IVssBackupComponents::SetContext", b);
}
static HRESULT asyncOp(const char *fn, const char *op, IVssAsync **pp) {
  HRESULT hr = record(fn, "");
  if (SUCCEEDED(hr)) *pp = newAsync(op);
  return hr;
}
static HRESULT WINAPI bc_GatherWriterMetadata(BC, IVssAsync **pp) { return asyncOp("IVssBackupComponents::GatherWriterMetadata", "GatherWriterMetadata", pp); }
static HRESULT WINAPI bc_PrepareForBackup(BC, IVssAsync **pp) { return asyncOp("IVssBackupComponents::PrepareForBackup", "PrepareForBackup", pp); }
static HRESULT WINAPI bc_GatherWriterStatus(BC, IVssAsync **pp) { return asyncOp("IVssBackupComponents::GatherWriterStatus", "GatherWriterStatus", pp); }
static HRESULT WINAPI bc_DoSnapshotSet(BC, IVssAsync **pp) { return asyncOp("IVssBackupComponents::DoSnapshotSet", "DoSnapshotSet", pp); }
static HRESULT WINAPI bc_BackupComplete(BC, IVssAsync **pp) { return asyncOp("IVssBackupComponents::BackupComplete", "BackupComplete", pp); }
static HRESULT WINAPI bc_GetWriterMetadataCount(BC, UINT *p) {
  HRESULT hr = record("IVssBackupComponents::GetWriterMetadataCount", "");
  if (SUCCEEDED(hr)) *p = 1;
  return hr;
}
static HRESULT WINAPI bc_GetWriterStatusCount(BC, UINT *p) {
  HRESULT hr = record("IVssBackupComponents::GetWriterStatusCount", "");
  if (SUCCEEDED(hr)) *p = 1;
  return hr;
}
static HRESULT WINAPI bc_GetWriterMetadata(BC, UINT i, VSS_ID *inst, IVssExamineWriterMetadata **pp) {
  char b[64];
  snprintf(b, sizeof b, "\"iWriter\":%u", i);
  HRESULT hr = record("IVssBackupComponents::GetWriterMetadata", b);
  if (SUCCEEDED(hr) && i >= 1) hr = VSS_E_OBJECT_NOT_FOUND;
  if (SUCCEEDED(hr)) { *inst = INSTANCE_ID; *pp = newObj(&metadataVtbl, sizeof(Obj)); }
  return hr;
}
static HRESULT WINAPI bc_FreeWriterMetadata(BC) { return record("IVssBackupComponents::FreeWriterMetadata", ""); }
static HRESULT WINAPI bc_FreeWriterStatus(BC) { return record("IVssBackupComponents::FreeWriterStatus", ""); }
static HRESULT WINAPI bc_AbortBackup(BC) {
  HRESULT hr = record("IVssBackupComponents::AbortBackup", "");
  if (SUCCEEDED(hr)) fireWriterEvents("AbortBackup");
  return hr;
}
static HRESULT WINAPI bc_GetWriterStatus(BC, UINT i, VSS_ID *inst, VSS_ID *wid, BSTR *name, VSS_WRITER_STATE *state, HRESULT *failure) {
  char b[64];
  snprintf(b, sizeof b, "\"iWriter\":%u", i);
  HRESULT hr = record("IVssBackupComponents::GetWriterStatus", b);
  if (SUCCEEDED(hr) && i >= 1) hr = VSS_E_OBJECT_NOT_FOUND;
  if (SUCCEEDED(hr)) { *inst = INSTANCE_ID; *wid = WRITER_ID; *name = outBstr(L"Fake Writer \u00fc"); *state = VSS_WS_FAILED_AT_FREEZE; *failure = VSS_E_WRITERERROR_RETRYABLE; }
  return hr;
}
static HRESULT component(const char *fn, VSS_ID inst, VSS_ID wid, VSS_COMPONENT_TYPE ct, LPCWSTR lp, LPCWSTR name, const char *extra) {
  char b[4000];
  snprintf(b, sizeof b, "\"instanceId\":%s,\"writerId\":%s,\"ct\":%d,\"wszLogicalPath\":%s,\"wszComponentName\":%s%s", jguid(&inst).s, jguid(&wid).s, (int)ct, jwstr(lp).s, jwstr(name).s, extra);
  return record(fn, b);
}
static HRESULT WINAPI bc_AddComponent(BC, VSS_ID inst, VSS_ID wid, VSS_COMPONENT_TYPE ct, LPCWSTR lp, LPCWSTR name) { return component("IVssBackupComponents::AddComponent", inst, wid, ct, lp, name, ""); }
static HRESULT WINAPI bc_SetBackupSucceeded(BC, VSS_ID inst, VSS_ID wid, VSS_COMPONENT_TYPE ct, LPCWSTR lp, LPCWSTR name, boolean ok) {
  char e[40];
  snprintf(e, sizeof e, ",\"bSucceded\":%d", ok);
  return component("IVssBackupComponents::SetBackupSucceeded", inst, wid, ct, lp, name, e);
}
static HRESULT WINAPI bc_SaveAsXML(BC, BSTR *p) {
  HRESULT hr = record("IVssBackupComponents::SaveAsXML", "");
  if (SUCCEEDED(hr)) *p = outBstr(L"<BACKUP_COMPONENTS xmlns=\"x-schema:#VssComponentMetadata\"/>");
  return hr;
}
static HRESULT WINAPI bc_StartSnapshotSet(BC, VSS_ID *p) {
  HRESULT hr = record("IVssBackupComponents::StartSnapshotSet", "");
  if (SUCCEEDED(hr)) *p = SET_ID;
  return hr;
}
static HRESULT WINAPI bc_AddToSnapshotSet(BC, VSS_PWSZ vol, VSS_ID provider, VSS_ID *p) {
  char b[1200];
  snprintf(b, sizeof b, "\"pwszVolumeName\":%s,\"ProviderId\":%s", jwstr(vol).s, jguid(&provider).s);
  HRESULT hr = record("IVssBackupComponents::AddToSnapshotSet", b);
  if (SUCCEEDED(hr)) *p = SNAP_ID;
  return hr;
}
static HRESULT WINAPI bc_IsVolumeSupported(BC, VSS_ID provider, VSS_PWSZ vol, WINBOOL *p) {
  char b[1200];
  snprintf(b, sizeof b, "\"ProviderId\":%s,\"pwszVolumeName\":%s", jguid(&provider).s, jwstr(vol).s);
  HRESULT hr = record("IVssBackupComponents::IsVolumeSupported", b);
  if (SUCCEEDED(hr)) *p = 7; /* any non-zero WINBOOL is TRUE */
  return hr;
}
static HRESULT WINAPI bc_DeleteSnapshots(BC, VSS_ID id, VSS_OBJECT_TYPE type, WINBOOL force, LONG *deleted, VSS_ID *nondeleted) {
  char b[200];
  snprintf(b, sizeof b, "\"SourceObjectId\":%s,\"eSourceObjectType\":%d,\"bForceDelete\":%d", jguid(&id).s, (int)type, (int)force);
  HRESULT hr = record("IVssBackupComponents::DeleteSnapshots", b);
  /* filled in on failure too: how many went before the one that failed */
  *deleted = SUCCEEDED(hr) ? 2 : 1;
  *nondeleted = SUCCEEDED(hr) ? ZERO_ID : SNAP_ID;
  return hr;
}
static HRESULT WINAPI bc_GetSnapshotProperties(BC, VSS_ID id, VSS_SNAPSHOT_PROP *p) {
  char b[100];
  snprintf(b, sizeof b, "\"SnapshotId\":%s", jguid(&id).s);
  HRESULT hr = record("IVssBackupComponents::GetSnapshotProperties", b);
  if (SUCCEEDED(hr)) fillSnapshot(p);
  return hr;
}
static HRESULT WINAPI bc_Query(BC, VSS_ID id, VSS_OBJECT_TYPE qt, VSS_OBJECT_TYPE rt, IVssEnumObject **pp) {
  char b[160];
  snprintf(b, sizeof b, "\"QueriedObjectId\":%s,\"eQueriedObjectType\":%d,\"eReturnedObjectsType\":%d", jguid(&id).s, (int)qt, (int)rt);
  HRESULT hr = record("IVssBackupComponents::Query", b);
  if (SUCCEEDED(hr)) *pp = newObj(&enumVtbl, sizeof(Enum));
  return hr;
}
static const IVssBackupComponentsVtbl backupVtbl = {
  .QueryInterface = bc_QI, .AddRef = bc_AddRef, .Release = bc_Release,
  .InitializeForBackup = bc_InitializeForBackup, .SetBackupState = bc_SetBackupState,
  .GatherWriterMetadata = bc_GatherWriterMetadata, .GetWriterMetadataCount = bc_GetWriterMetadataCount, .GetWriterMetadata = bc_GetWriterMetadata,
  .FreeWriterMetadata = bc_FreeWriterMetadata, .AddComponent = bc_AddComponent, .PrepareForBackup = bc_PrepareForBackup, .AbortBackup = bc_AbortBackup,
  .GatherWriterStatus = bc_GatherWriterStatus, .GetWriterStatusCount = bc_GetWriterStatusCount, .FreeWriterStatus = bc_FreeWriterStatus,
  .GetWriterStatus = bc_GetWriterStatus, .SetBackupSucceeded = bc_SetBackupSucceeded, .SaveAsXML = bc_SaveAsXML, .BackupComplete = bc_BackupComplete,
  .SetContext = bc_SetContext, .StartSnapshotSet = bc_StartSnapshotSet, .AddToSnapshotSet = bc_AddToSnapshotSet, .DoSnapshotSet = bc_DoSnapshotSet,
  .DeleteSnapshots = bc_DeleteSnapshots, .GetSnapshotProperties = bc_GetSnapshotProperties, .Query = bc_Query, .IsVolumeSupported = bc_IsVolumeSupported,
};

/* ================================================================ exports */

EXPORT HRESULT WINAPI CreateVssBackupComponentsInternal(IVssBackupComponents **pp) {
  HRESULT hr = record("CreateVssBackupComponentsInternal", "");
  if (SUCCEEDED(hr)) *pp = newObj(&backupVtbl, sizeof(Obj));
  return hr;
}
EXPORT void WINAPI VssFreeSnapshotPropertiesInternal(VSS_SNAPSHOT_PROP *p) {
  record("VssFreeSnapshotPropertiesInternal", "");
  pCoTaskMemFree(p->m_pwszSnapshotDeviceObject); pCoTaskMemFree(p->m_pwszOriginalVolumeName);
  pCoTaskMemFree(p->m_pwszOriginatingMachine); pCoTaskMemFree(p->m_pwszServiceMachine);
  pCoTaskMemFree(p->m_pwszExposedName); pCoTaskMemFree(p->m_pwszExposedPath);
  InterlockedIncrement(&propsFreed);
}

EXPORT void WINAPI FakeReset(void) {
  EnterCriticalSection(&fake_lock);
  fake_log_clear();
  nrets = nasyncRets = 0;
  asyncDelay = 0;
  addrefs = releases = propsFreed = infosFreed = 0;
  nHandedOut = 0;
  writerCtors = writerDtors = writerDeletes = 0;
  memset(&identified, 0, sizeof identified);
  LeaveCriticalSection(&fake_lock);
}
/* The next call of fn ("Iface::Method") returns hr. */
EXPORT void WINAPI FakeScriptRet(const char *fn, HRESULT hr) {
  EnterCriticalSection(&fake_lock);
  if (nrets < 64) { snprintf(rets[nrets].fn, sizeof rets[nrets].fn, "%s", fn); rets[nrets++].hr = hr; }
  LeaveCriticalSection(&fake_lock);
}
/* The next operation op (e.g. "DoSnapshotSet") completes with hr instead of VSS_S_ASYNC_FINISHED. */
EXPORT void WINAPI FakeScriptAsync(const char *op, HRESULT hr) {
  EnterCriticalSection(&fake_lock);
  if (nasyncRets < 64) { snprintf(asyncRets[nasyncRets].fn, sizeof asyncRets[nasyncRets].fn, "%s", op); asyncRets[nasyncRets++].hr = hr; }
  LeaveCriticalSection(&fake_lock);
}
/* Operations complete ms after they start, on their own thread. */
EXPORT void WINAPI FakeSetAsyncDelay(DWORD ms) { asyncDelay = ms; }
/* Objects alive, AddRef and Release calls, VSS_SNAPSHOT_PROPs freed, VSS_COMPONENTINFOs freed. */
/* The BSTR out-parameters handed out since FakeReset (addresses into out, at most max); returns how many. */
EXPORT DWORD WINAPI FakeBstrs(ULONGLONG *out, DWORD max) {
  DWORD n = (DWORD)nHandedOut;
  for (DWORD i = 0; i < n && i < max && i < 512; i++) out[i] = handedOut[i];
  return n;
}
EXPORT void WINAPI FakeCounters(LONG *out) { out[0] = live; out[1] = addrefs; out[2] = releases; out[3] = propsFreed; out[4] = infosFreed; }

/* ================================================================ CVssWriter (the C++ base class)
   vssapi.dll exports CVssWriter's members under their MSVC decorated names (cvsswriter.def, generated
   from libvssapi.a). MSVC's Win64 member functions are plain Win64 calls with `this` first; one
   returning a struct by value takes the return buffer second and returns it. The object is MSVC's
   layout: the vptr, then the one pointer member (m_pWrapper). Subscribe keeps the writer; each
   requester operation then calls its virtuals (slots from cvsswriter-slots.h) on the operation's
   thread, logs what each returned ("CVssWriter event::OnFreeze") and how long it took. */
#include "cvsswriter-slots.h"

typedef struct { void **vptr; void *impl; } CxxWriter;
typedef struct { LONG level; HRESULT failure; GUID id; WCHAR name[128]; } WriterImpl;
_Static_assert(sizeof(CxxWriter) == CVSSWRITER_OBJECT_SIZE, "MSVC layout of CVssWriter on Win64");

static CxxWriter *subscribedWriters[8];
static int nSubscribed;

static void writerLog(const char *fn, const char *args, int ret) {
  char b[128];
  EnterCriticalSection(&fake_lock);
  fake_put("{\"fn\":\"");
  fake_put(fn);
  fake_put("\",\"args\":{");
  fake_put(args);
  snprintf(b, sizeof b, "},\"ret\":%d,\"thread\":%lu}\n", ret, (unsigned long)GetCurrentThreadId());
  fake_put(b);
  LeaveCriticalSection(&fake_lock);
}
static J jptr(const void *p) {
  J j;
  snprintf(j.s, sizeof j.s, "\"%llx\"", (unsigned long long)(ULONG_PTR)p);
  return j;
}
/* `"this":"<address>"`, the argument list of a call with no other argument */
static J jthis(const void *p) {
  J j;
  snprintf(j.s, sizeof j.s, "\"this\":%s", jptr(p).s);
  return j;
}

/* the base class's own virtuals, as the constructor installs them (a subclass replaces the vptr) */
_Bool fake_CVssWriter_OnIdentify(CxxWriter *This, IVssCreateWriterMetadata *p) { (void)p; writerLog("CVssWriter::OnIdentify (base)", "", 1); (void)This; return 1; }
#define BASE_HANDLER(name, decl) \
  _Bool fake_CVssWriter_##name decl { (void)This; writerLog("CVssWriter::" #name " (base)", "", 1); return 1; }
BASE_HANDLER(OnPrepareBackup, (CxxWriter *This, IVssWriterComponents *p))
BASE_HANDLER(OnBackupComplete, (CxxWriter *This, IVssWriterComponents *p))
BASE_HANDLER(OnBackupShutdown, (CxxWriter *This, GUID id))
BASE_HANDLER(OnPreRestore, (CxxWriter *This, IVssWriterComponents *p))
BASE_HANDLER(OnPostRestore, (CxxWriter *This, IVssWriterComponents *p))
BASE_HANDLER(OnPostSnapshot, (CxxWriter *This, IVssWriterComponents *p))
BASE_HANDLER(OnBackOffIOOnVolume, (CxxWriter *This, WCHAR *v, GUID a, GUID b))
BASE_HANDLER(OnContinueIOOnVolume, (CxxWriter *This, WCHAR *v, GUID a, GUID b))
BASE_HANDLER(OnVSSShutdown, (CxxWriter *This))
BASE_HANDLER(OnVSSApplicationStartup, (CxxWriter *This))
static _Bool purecall(CxxWriter *This) { (void)This; writerLog("CVssWriter::_purecall", "", 0); return 0; }
void fake_CVssWriter_dtor(CxxWriter *This);
static CxxWriter *scalarDeletingDtor(CxxWriter *This, unsigned flags) { (void)flags; fake_CVssWriter_dtor(This); return This; }
static void *baseVtbl[CVSSWRITER_SLOT_COUNT] = {
  [CVSSWRITER_SLOT_dtor] = (void *)scalarDeletingDtor,
  [CVSSWRITER_SLOT_OnIdentify] = (void *)fake_CVssWriter_OnIdentify,
  [CVSSWRITER_SLOT_OnPrepareBackup] = (void *)fake_CVssWriter_OnPrepareBackup,
  [CVSSWRITER_SLOT_OnPrepareSnapshot] = (void *)purecall,
  [CVSSWRITER_SLOT_OnFreeze] = (void *)purecall,
  [CVSSWRITER_SLOT_OnThaw] = (void *)purecall,
  [CVSSWRITER_SLOT_OnAbort] = (void *)purecall,
  [CVSSWRITER_SLOT_OnBackupComplete] = (void *)fake_CVssWriter_OnBackupComplete,
  [CVSSWRITER_SLOT_OnBackupShutdown] = (void *)fake_CVssWriter_OnBackupShutdown,
  [CVSSWRITER_SLOT_OnPreRestore] = (void *)fake_CVssWriter_OnPreRestore,
  [CVSSWRITER_SLOT_OnPostRestore] = (void *)fake_CVssWriter_OnPostRestore,
  [CVSSWRITER_SLOT_OnPostSnapshot] = (void *)fake_CVssWriter_OnPostSnapshot,
  [CVSSWRITER_SLOT_OnBackOffIOOnVolume] = (void *)fake_CVssWriter_OnBackOffIOOnVolume,
  [CVSSWRITER_SLOT_OnContinueIOOnVolume] = (void *)fake_CVssWriter_OnContinueIOOnVolume,
  [CVSSWRITER_SLOT_OnVSSShutdown] = (void *)fake_CVssWriter_OnVSSShutdown,
  [CVSSWRITER_SLOT_OnVSSApplicationStartup] = (void *)fake_CVssWriter_OnVSSApplicationStartup,
};

CxxWriter *fake_CVssWriter_ctor(CxxWriter *This) {
  This->vptr = baseVtbl;
  This->impl = NULL;
  InterlockedIncrement(&writerCtors);
  writerLog("CVssWriter::CVssWriter", jthis(This).s, 0);
  return This;
}
static void unsubscribe(CxxWriter *w) {
  EnterCriticalSection(&fake_lock);
  for (int i = 0; i < nSubscribed; i++)
    if (subscribedWriters[i] == w) { subscribedWriters[i] = subscribedWriters[--nSubscribed]; break; }
  LeaveCriticalSection(&fake_lock);
}
void fake_CVssWriter_dtor(CxxWriter *This) {
  InterlockedIncrement(&writerDtors);
  writerLog("CVssWriter::~CVssWriter", jthis(This).s, 0);
  unsubscribe(This);
  free(This->impl);
  This->impl = NULL;
  This->vptr = baseVtbl;
}
HRESULT fake_CVssWriter_Initialize(CxxWriter *This, GUID id, LPCWSTR name, VSS_USAGE_TYPE ut, VSS_SOURCE_TYPE st, VSS_APPLICATION_LEVEL level, DWORD timeout,
                                   VSS_ALTERNATE_WRITER_STATE aws, _Bool io, LPCWSTR inst) {
  char b[2600];
  snprintf(b, sizeof b, "\"this\":%s,\"WriterId\":%s,\"wszWriterName\":%s,\"ut\":%d,\"st\":%d,\"nLevel\":%d,\"dwTimeoutFreeze\":%lu,\"aws\":%d,\"bIOThrottlingOnly\":%d,\"wszWriterInstanceName\":%s",
           jptr(This).s, jguid(&id).s, jwstr(name).s, (int)ut, (int)st, (int)level, (unsigned long)timeout, (int)aws, (int)io, jwstr(inst).s);
  HRESULT hr = record("CVssWriter::Initialize", b);
  if (SUCCEEDED(hr)) {
    WriterImpl *impl = calloc(1, sizeof *impl);
    impl->level = level;
    impl->id = id;
    if (name) wcsncpy(impl->name, name, 127);
    free(This->impl);
    This->impl = impl;
  }
  return hr;
}
HRESULT fake_CVssWriter_Subscribe(CxxWriter *This, DWORD flags) {
  char b[128];
  snprintf(b, sizeof b, "\"this\":%s,\"dwEventFlags\":%lu", jptr(This).s, (unsigned long)flags);
  HRESULT hr = record("CVssWriter::Subscribe", b);
  if (SUCCEEDED(hr) && !This->impl) hr = E_FAIL; /* not initialized: what the SDK's CVssWriter returns */
  if (SUCCEEDED(hr)) {
    EnterCriticalSection(&fake_lock);
    if (nSubscribed < 8) subscribedWriters[nSubscribed++] = This;
    LeaveCriticalSection(&fake_lock);
  }
  return hr;
}
HRESULT fake_CVssWriter_Unsubscribe(CxxWriter *This) {
  HRESULT hr = record("CVssWriter::Unsubscribe", jthis(This).s);
  unsubscribe(This);
  return hr;
}
HRESULT fake_CVssWriter_InstallAlternateWriter(CxxWriter *This, GUID writerId, GUID clsid) {
  char b[256];
  snprintf(b, sizeof b, "\"writerId\":%s,\"persistentWriterClassId\":%s", jguid(&writerId).s, jguid(&clsid).s);
  (void)This;
  return record("CVssWriter::InstallAlternateWriter", b);
}
HRESULT fake_CVssWriter_SetWriterFailure(CxxWriter *This, HRESULT failure) {
  char b[128];
  snprintf(b, sizeof b, "\"hr\":%ld", (long)failure);
  HRESULT hr = record("CVssWriter::SetWriterFailure", b);
  if (SUCCEEDED(hr) && This->impl) ((WriterImpl *)This->impl)->failure = failure;
  return hr;
}

/* what a handler may ask about the event (fixed values the test knows) */
static const WCHAR *volumes[] = {L"C:\\", L"E:\\Data\\"};
LPCWSTR *fake_CVssWriter_GetCurrentVolumeArray(const CxxWriter *This) { (void)This; writerLog("CVssWriter::GetCurrentVolumeArray", "", 0); return (LPCWSTR *)volumes; }
UINT fake_CVssWriter_GetCurrentVolumeCount(const CxxWriter *This) { (void)This; return 2; }
HRESULT fake_CVssWriter_GetSnapshotDeviceName(const CxxWriter *This, LPCWSTR vol, LPCWSTR *out) {
  char b[1100];
  snprintf(b, sizeof b, "\"wszOriginalVolume\":%s", jwstr(vol).s);
  HRESULT hr = record("CVssWriter::GetSnapshotDeviceName", b);
  (void)This;
  if (SUCCEEDED(hr) && (!vol || wcscmp(vol, L"C:\\"))) hr = VSS_E_OBJECT_NOT_FOUND;
  if (SUCCEEDED(hr)) *out = L"\\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy7";
  return hr;
}
/* MSVC returns a struct from a member function through the buffer passed after `this` */
GUID *fake_CVssWriter_GetCurrentSnapshotSetId(const CxxWriter *This, GUID *ret) { (void)This; *ret = SET_ID; return ret; }
LONG fake_CVssWriter_GetContext(const CxxWriter *This) { (void)This; return VSS_CTX_APP_ROLLBACK; }
VSS_APPLICATION_LEVEL fake_CVssWriter_GetCurrentLevel(const CxxWriter *This) { return This->impl ? ((WriterImpl *)This->impl)->level : VSS_APP_AUTO; }
_Bool fake_CVssWriter_IsPathAffected(const CxxWriter *This, LPCWSTR path) { (void)This; return path && !wcsncmp(path, L"C:\\", 3); }
_Bool fake_CVssWriter_IsBootableSystemStateBackedUp(const CxxWriter *This) { (void)This; return 0; }
_Bool fake_CVssWriter_AreComponentsSelected(const CxxWriter *This) { (void)This; return 1; }
VSS_BACKUP_TYPE fake_CVssWriter_GetBackupType(const CxxWriter *This) { (void)This; return VSS_BT_DIFFERENTIAL; }
VSS_RESTORE_TYPE fake_CVssWriter_GetRestoreType(const CxxWriter *This) { (void)This; return VSS_RTYPE_UNDEFINED; }
_Bool fake_CVssWriter_IsPartialFileSupportEnabled(const CxxWriter *This) { (void)This; return 1; }

/* ---- IVssCreateWriterMetadata (OnIdentify): records what the writer declares */
#define MD IVssCreateWriterMetadata *This
static HRESULT WINAPI md_AddIncludeFiles(MD, LPCWSTR path, LPCWSTR spec, boolean rec, LPCWSTR alt) {
  char b[4400];
  (void)This;
  snprintf(b, sizeof b, "\"wszPath\":%s,\"wszFilespec\":%s,\"bRecursive\":%d,\"wszAlternateLocation\":%s", jwstr(path).s, jwstr(spec).s, rec, jwstr(alt).s);
  return record("IVssCreateWriterMetadata::AddIncludeFiles", b);
}
static HRESULT WINAPI md_AddExcludeFiles(MD, LPCWSTR path, LPCWSTR spec, boolean rec) {
  char b[3300];
  (void)This;
  snprintf(b, sizeof b, "\"wszPath\":%s,\"wszFilespec\":%s,\"bRecursive\":%d", jwstr(path).s, jwstr(spec).s, rec);
  return record("IVssCreateWriterMetadata::AddExcludeFiles", b);
}
static HRESULT WINAPI md_AddComponent(MD, VSS_COMPONENT_TYPE ct, LPCWSTR lp, LPCWSTR name, LPCWSTR caption, const BYTE *icon, UINT cbIcon, boolean restoreMd,
                                      boolean notify, boolean selectable, boolean selectableForRestore, DWORD flags) {
  char b[4600];
  (void)This;
  snprintf(b, sizeof b,
           "\"ct\":%d,\"wszLogicalPath\":%s,\"wszComponentName\":%s,\"wszCaption\":%s,\"icon0\":%d,\"cbIcon\":%u,\"bRestoreMetadata\":%d,\"bNotifyOnBackupComplete\":%d,\"bSelectable\":%d,\"bSelectableForRestore\":%d,\"dwComponentFlags\":%lu",
           (int)ct, jwstr(lp).s, jwstr(name).s, jwstr(caption).s, icon && cbIcon ? icon[0] : -1, cbIcon, restoreMd, notify, selectable, selectableForRestore, (unsigned long)flags);
  HRESULT hr = record("IVssCreateWriterMetadata::AddComponent", b);
  EnterCriticalSection(&fake_lock);
  if (SUCCEEDED(hr) && !identified.hasComponent && name) {
    identified.hasComponent = 1;
    identified.ct = ct;
    identified.hasLp = lp != NULL;
    if (lp) wcsncpy(identified.lp, lp, 127);
    wcsncpy(identified.comp, name, 127);
    identified.hasCaption = caption != NULL;
    if (caption) wcsncpy(identified.caption, caption, 127);
  }
  LeaveCriticalSection(&fake_lock);
  return hr;
}
static HRESULT database(const char *fn, LPCWSTR lp, LPCWSTR db, LPCWSTR path, LPCWSTR spec, DWORD mask) {
  char b[4600];
  snprintf(b, sizeof b, "\"wszLogicalPath\":%s,\"wszDatabaseName\":%s,\"wszPath\":%s,\"wszFilespec\":%s,\"dwBackupTypeMask\":%lu", jwstr(lp).s, jwstr(db).s, jwstr(path).s, jwstr(spec).s, (unsigned long)mask);
  return record(fn, b);
}
static HRESULT WINAPI md_AddDatabaseFiles(MD, LPCWSTR lp, LPCWSTR db, LPCWSTR path, LPCWSTR spec, DWORD mask) { (void)This; return database("IVssCreateWriterMetadata::AddDatabaseFiles", lp, db, path, spec, mask); }
static HRESULT WINAPI md_AddDatabaseLogFiles(MD, LPCWSTR lp, LPCWSTR db, LPCWSTR path, LPCWSTR spec, DWORD mask) { (void)This; return database("IVssCreateWriterMetadata::AddDatabaseLogFiles", lp, db, path, spec, mask); }
static HRESULT WINAPI md_AddFilesToFileGroup(MD, LPCWSTR lp, LPCWSTR group, LPCWSTR path, LPCWSTR spec, boolean rec, LPCWSTR alt, DWORD mask) {
  char b[6000];
  (void)This;
  snprintf(b, sizeof b, "\"wszLogicalPath\":%s,\"wszGroupName\":%s,\"wszPath\":%s,\"wszFilespec\":%s,\"bRecursive\":%d,\"wszAlternateLocation\":%s,\"dwBackupTypeMask\":%lu", jwstr(lp).s,
           jwstr(group).s, jwstr(path).s, jwstr(spec).s, rec, jwstr(alt).s, (unsigned long)mask);
  return record("IVssCreateWriterMetadata::AddFilesToFileGroup", b);
}
static HRESULT WINAPI md_SetRestoreMethod(MD, VSS_RESTOREMETHOD_ENUM m, LPCWSTR service, LPCWSTR proc, VSS_WRITERRESTORE_ENUM wr, boolean reboot) {
  char b[2400];
  (void)This;
  snprintf(b, sizeof b, "\"method\":%d,\"wszService\":%s,\"wszUserProcedure\":%s,\"writerRestore\":%d,\"bRebootRequired\":%d", (int)m, jwstr(service).s, jwstr(proc).s, (int)wr, reboot);
  return record("IVssCreateWriterMetadata::SetRestoreMethod", b);
}
static HRESULT WINAPI md_SetBackupSchema(MD, DWORD mask) {
  char b[64];
  (void)This;
  snprintf(b, sizeof b, "\"dwSchemaMask\":%lu", (unsigned long)mask);
  return record("IVssCreateWriterMetadata::SetBackupSchema", b);
}
static const IVssCreateWriterMetadataVtbl createMetadataVtbl = {
  .AddIncludeFiles = md_AddIncludeFiles, .AddExcludeFiles = md_AddExcludeFiles, .AddComponent = md_AddComponent, .AddDatabaseFiles = md_AddDatabaseFiles,
  .AddDatabaseLogFiles = md_AddDatabaseLogFiles, .AddFilesToFileGroup = md_AddFilesToFileGroup, .SetRestoreMethod = md_SetRestoreMethod, .SetBackupSchema = md_SetBackupSchema};

/* ---- IVssComponent (COM) and IVssWriterComponents (not COM), what OnPrepareBackup & co. receive */
#define CO IVssComponent *This
static ULONG WINAPI wco_AddRef(CO) { return addRef(This); }
static ULONG WINAPI wco_Release(CO) { return release(This, NULL); }
static HRESULT WINAPI wco_QI(CO, REFIID riid, void **ppv) { return noQI(This, riid, ppv); }
static HRESULT WINAPI wco_GetLogicalPath(CO, BSTR *p) { (void)This; HRESULT hr = record("IVssComponent::GetLogicalPath", ""); if (SUCCEEDED(hr)) *p = outBstr(L"Apps\\Ledger"); return hr; }
static HRESULT WINAPI wco_GetComponentName(CO, BSTR *p) { (void)This; HRESULT hr = record("IVssComponent::GetComponentName", ""); if (SUCCEEDED(hr)) *p = outBstr(L"ledger"); return hr; }
static HRESULT WINAPI wco_GetComponentType(CO, VSS_COMPONENT_TYPE *p) { (void)This; HRESULT hr = record("IVssComponent::GetComponentType", ""); if (SUCCEEDED(hr)) *p = VSS_CT_FILEGROUP; return hr; }
static HRESULT WINAPI wco_GetBackupSucceeded(CO, boolean *p) { (void)This; HRESULT hr = record("IVssComponent::GetBackupSucceeded", ""); if (SUCCEEDED(hr)) *p = 1; return hr; }
static const IVssComponentVtbl writerComponentVtbl = {.QueryInterface = wco_QI, .AddRef = wco_AddRef, .Release = wco_Release, .GetLogicalPath = wco_GetLogicalPath,
  .GetComponentType = wco_GetComponentType, .GetComponentName = wco_GetComponentName, .GetBackupSucceeded = wco_GetBackupSucceeded};

#define WC IVssWriterComponents *This
static HRESULT WINAPI wc_GetComponentCount(WC, UINT *p) { (void)This; HRESULT hr = record("IVssWriterComponents::GetComponentCount", ""); if (SUCCEEDED(hr)) *p = 1; return hr; }
static HRESULT WINAPI wc_GetWriterInfo(WC, VSS_ID *inst, VSS_ID *wid) { (void)This; HRESULT hr = record("IVssWriterComponents::GetWriterInfo", ""); if (SUCCEEDED(hr)) { *inst = INSTANCE_ID; *wid = WRITER_ID; } return hr; }
static HRESULT WINAPI wc_GetComponent(WC, UINT i, IVssComponent **pp) {
  char b[32];
  (void)This;
  snprintf(b, sizeof b, "\"iComponent\":%u", i);
  HRESULT hr = record("IVssWriterComponents::GetComponent", b);
  if (SUCCEEDED(hr) && i >= 1) hr = VSS_E_OBJECT_NOT_FOUND;
  if (SUCCEEDED(hr)) *pp = newObj(&writerComponentVtbl, sizeof(Obj));
  return hr;
}
static const IVssWriterComponentsVtbl writerComponentsVtbl = {.GetComponentCount = wc_GetComponentCount, .GetWriterInfo = wc_GetWriterInfo, .GetComponent = wc_GetComponent};

/* ---- firing events: a copy of the subscribed list, so no lock is held while a handler runs
   (its calls back into the fake take the lock from the thread the handler runs on) */
typedef _Bool (*Ev0)(CxxWriter *);
typedef _Bool (*EvP)(CxxWriter *, void *);
typedef _Bool (*EvId)(CxxWriter *, GUID);
typedef _Bool (*EvIo)(CxxWriter *, WCHAR *, GUID, GUID);

static void evDone(const char *name, ULONGLONG t0, int ret) {
  char fn[64], b[64];
  snprintf(fn, sizeof fn, "CVssWriter event::%s", name);
  snprintf(b, sizeof b, "\"ms\":%llu", (unsigned long long)(GetTickCount64() - t0));
  writerLog(fn, b, ret);
}
static _Bool ev0(CxxWriter *w, int slot, const char *name) { ULONGLONG t0 = GetTickCount64(); _Bool r = ((Ev0)w->vptr[slot])(w); evDone(name, t0, r); return r; }
static _Bool evP(CxxWriter *w, int slot, const char *name, void *p) { ULONGLONG t0 = GetTickCount64(); _Bool r = ((EvP)w->vptr[slot])(w, p); evDone(name, t0, r); return r; }

static void fireWriterEvents(const char *op) {
  CxxWriter *list[8];
  int n;
  EnterCriticalSection(&fake_lock);
  n = nSubscribed;
  memcpy(list, subscribedWriters, n * sizeof *list);
  LeaveCriticalSection(&fake_lock);
  for (int i = 0; i < n; i++) {
    CxxWriter *w = list[i];
    struct { const void *lpVtbl; } md = {&createMetadataVtbl}, wc = {&writerComponentsVtbl};
    if (!strcmp(op, "GatherWriterMetadata")) {
      EnterCriticalSection(&fake_lock);
      memset(&identified, 0, sizeof identified);
      LeaveCriticalSection(&fake_lock);
      if (evP(w, CVSSWRITER_SLOT_OnIdentify, "OnIdentify", &md) && w->impl) {
        EnterCriticalSection(&fake_lock);
        identified.set = 1;
        identified.writerId = ((WriterImpl *)w->impl)->id;
        wcsncpy(identified.name, ((WriterImpl *)w->impl)->name, 127);
        LeaveCriticalSection(&fake_lock);
      }
    }
    else if (!strcmp(op, "PrepareForBackup")) evP(w, CVSSWRITER_SLOT_OnPrepareBackup, "OnPrepareBackup", &wc);
    else if (!strcmp(op, "DoSnapshotSet")) {
      ev0(w, CVSSWRITER_SLOT_OnPrepareSnapshot, "OnPrepareSnapshot");
      if (!ev0(w, CVSSWRITER_SLOT_OnFreeze, "OnFreeze")) { ev0(w, CVSSWRITER_SLOT_OnAbort, "OnAbort"); continue; }
      ULONGLONG t0 = GetTickCount64();
      evDone("OnBackOffIOOnVolume", t0, ((EvIo)w->vptr[CVSSWRITER_SLOT_OnBackOffIOOnVolume])(w, (WCHAR *)L"C:\\", SNAP_ID, PROVIDER_ID));
      ev0(w, CVSSWRITER_SLOT_OnThaw, "OnThaw");
      t0 = GetTickCount64();
      evDone("OnContinueIOOnVolume", t0, ((EvIo)w->vptr[CVSSWRITER_SLOT_OnContinueIOOnVolume])(w, (WCHAR *)L"C:\\", SNAP_ID, PROVIDER_ID));
      evP(w, CVSSWRITER_SLOT_OnPostSnapshot, "OnPostSnapshot", &wc);
    } else if (!strcmp(op, "BackupComplete")) evP(w, CVSSWRITER_SLOT_OnBackupComplete, "OnBackupComplete", &wc);
    else if (!strcmp(op, "AbortBackup")) ev0(w, CVSSWRITER_SLOT_OnAbort, "OnAbort");
    else if (!strcmp(op, "PreRestore")) evP(w, CVSSWRITER_SLOT_OnPreRestore, "OnPreRestore", &wc);
    else if (!strcmp(op, "PostRestore")) evP(w, CVSSWRITER_SLOT_OnPostRestore, "OnPostRestore", &wc);
    else if (!strcmp(op, "VSSShutdown")) ev0(w, CVSSWRITER_SLOT_OnVSSShutdown, "OnVSSShutdown");
    else if (!strcmp(op, "VSSApplicationStartup")) ev0(w, CVSSWRITER_SLOT_OnVSSApplicationStartup, "OnVSSApplicationStartup");
    else if (!strcmp(op, "BackupShutdown")) {
      ULONGLONG t0 = GetTickCount64();
      evDone("OnBackupShutdown", t0, ((EvId)w->vptr[CVSSWRITER_SLOT_OnBackupShutdown])(w, SET_ID));
    }
  }
}

/* Fires the events of op ("PreRestore", "PostRestore", "VSSShutdown", "VSSApplicationStartup", or a
   requester operation's name) into the subscribed writers on the calling thread. */
EXPORT void WINAPI FakeFireWriterEvents(const char *op) { fireWriterEvents(op); }
/* Constructors and destructors run, and the writers subscribed now. */
EXPORT void WINAPI FakeWriterCounters(LONG *out) { out[0] = writerCtors; out[1] = writerDtors; out[2] = nSubscribed; out[3] = writerDeletes; }
/* Deletes a writer through its vtable, as `delete pWriter` does in C++ (the scalar deleting destructor, flag 1). */
EXPORT void WINAPI FakeDeleteWriter(CxxWriter *w) {
  typedef void *(*Sdd)(CxxWriter *, unsigned);
  InterlockedIncrement(&writerDeletes);
  ((Sdd)w->vptr[CVSSWRITER_SLOT_dtor])(w, 1);
}
