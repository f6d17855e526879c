/* Log, script store and control exports of the fake esent.dll (see fake.h). */
#include "fake.h"
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static CRITICAL_SECTION lock;
static char *logbuf;
static size_t loglen, logcap;
static char current[64];
static int first_field;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID r) {
  (void)h; (void)r;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  return TRUE;
}

static void put(const char *s, size_t n) {
  if (loglen + n + 1 > logcap) {
    logcap = (loglen + n + 1) * 2 + 4096;
    logbuf = realloc(logbuf, logcap);
  }
  memcpy(logbuf + loglen, s, n);
  loglen += n;
  logbuf[loglen] = 0;
}
static void puts_(const char *s) { put(s, strlen(s)); }
static void key(const char *name) {
  if (!first_field) puts_(",");
  first_field = 0;
  puts_("\""); puts_(name); puts_("\":");
}

void rec_begin(const char *fn) {
  EnterCriticalSection(&lock);
  snprintf(current, sizeof current, "%s", fn);
  puts_("{\"fn\":\""); puts_(fn); puts_("\",\"args\":{");
  first_field = 1;
}
void rec_u32(const char *name, unsigned long v) { char b[32]; key(name); snprintf(b, sizeof b, "%lu", v); puts_(b); }
void rec_i32(const char *name, long v) { char b[32]; key(name); snprintf(b, sizeof b, "%ld", v); puts_(b); }
/* 64-bit values as decimal strings: JSON numbers lose precision above 2^53. */
void rec_u64(const char *name, unsigned long long v) { char b[40]; key(name); snprintf(b, sizeof b, "\"%llu\"", v); puts_(b); }
void rec_ptr(const char *name, const void *p) { key(name); puts_(p ? "\"ptr\"" : "null"); }
static void units(const WCHAR *s, size_t n) {
  char b[16];
  puts_("[");
  for (size_t i = 0; i < n; i++) { snprintf(b, sizeof b, i ? ",%u" : "%u", (unsigned)s[i]); puts_(b); }
  puts_("]");
}
/* Strings as their UTF-16 code units, so the test sees exactly what arrived. */
void rec_wstr(const char *name, const WCHAR *s) { key(name); if (!s) { puts_("null"); return; } units(s, wcslen(s)); }
void rec_wstr_n(const char *name, const WCHAR *s, size_t cch) { key(name); if (!s) { puts_("null"); return; } units(s, cch); }
void rec_bytes(const char *name, const void *p, size_t cb) {
  char b[8];
  key(name);
  if (!p) { puts_("null"); return; }
  puts_("\"");
  for (size_t i = 0; i < cb; i++) { snprintf(b, sizeof b, "%02x", ((const unsigned char *)p)[i]); puts_(b); }
  puts_("\"");
}
int rec_struct_open(const char *name, const void *p, size_t cb) {
  char b[32];
  key(name);
  if (!p) { puts_("null"); return 0; }
  snprintf(b, sizeof b, "{\"sizeof\":%u", (unsigned)cb);
  puts_(b);
  first_field = 0;
  return 1;
}
void rec_struct_close(void) { puts_("}"); first_field = 0; }

/* ---- script store: "<fn>.<key>" -> bytes (numbers are 8 little-endian bytes) */
typedef struct { char key[96]; unsigned char *data; size_t len; } Entry;
static Entry entries[512];
static int nentries;
typedef struct { char fn[64]; JET_ERR err; } Ret;
static Ret rets[256];
static int nrets;

static Entry *find(const char *fn, const char *k) {
  char full[96];
  snprintf(full, sizeof full, "%s.%s", fn, k);
  for (int i = 0; i < nentries; i++) if (!strcmp(entries[i].key, full)) return &entries[i];
  return NULL;
}
int script_has(const char *k) { return find(current, k) != NULL; }
unsigned long long script_u64(const char *k, unsigned long long dflt) {
  Entry *e = find(current, k);
  unsigned long long v = 0;
  if (!e) return dflt;
  memcpy(&v, e->data, e->len < 8 ? e->len : 8);
  return v;
}
size_t script_bytes(const char *k, void *p, size_t cb) {
  Entry *e = find(current, k);
  if (!e) return 0;
  if (p) memcpy(p, e->data, e->len < cb ? e->len : cb);
  return e->len;
}
JET_ERR script_ret(void) {
  JET_ERR err = 0;
  DWORD ms = (DWORD)script_u64("sleepMs", 0);
  for (int i = 0; i < nrets; i++) {
    if (!strcmp(rets[i].fn, current)) {
      err = rets[i].err;
      memmove(&rets[i], &rets[i + 1], (nrets - i - 1) * sizeof(Ret));
      nrets--;
      break;
    }
  }
  { char b[32]; snprintf(b, sizeof b, "},\"ret\":%ld}\n", (long)err); puts_(b); }
  LeaveCriticalSection(&lock);
  /* the delay runs outside the lock: it stands for a call that blocks (JetInit, a read) */
  if (ms) Sleep(ms);
  return err;
}

typedef struct { JET_PFNSTATUS pfn; JET_SESID sesid; JET_SNP snp; unsigned long steps; JET_ERR result; DWORD tid; } StatusRun;
static DWORD WINAPI status_thread(LPVOID p) {
  StatusRun *r = p;
  JET_SNPROG prog = { sizeof(JET_SNPROG), 0, r->steps };
  r->tid = GetCurrentThreadId();
  r->result = r->pfn(r->sesid, r->snp, JET_sntBegin, NULL);
  for (unsigned long i = 1; i <= r->steps && r->result >= 0; i++) {
    prog.cunitDone = i;
    r->result = r->pfn(r->sesid, r->snp, JET_sntProgress, &prog);
  }
  if (r->result >= 0) r->result = r->pfn(r->sesid, r->snp, JET_sntComplete, NULL);
  return 0;
}
JET_ERR script_status(JET_PFNSTATUS pfn, JET_SESID sesid) {
  StatusRun r = { pfn, sesid, (JET_SNP)script_u64("cb.snp", JET_snpBackup), (unsigned long)script_u64("cb.steps", 2), 0, 0 };
  HANDLE h;
  char b[96];
  if (!pfn) return 0;
  if (script_u64("cb.callingThread", 0)) {
    /* the engine may call back on the thread that called it (koffi's worker for an async call) */
    status_thread(&r);
  } else {
    /* or from a thread of its own */
    h = CreateThread(NULL, 0, status_thread, &r, 0, NULL);
    WaitForSingleObject(h, INFINITE);
    CloseHandle(h);
  }
  snprintf(b, sizeof b, "{\"fn\":\"pfnStatus\",\"args\":{\"otherThread\":%d},\"ret\":%ld}\n", r.tid != GetCurrentThreadId(), (long)r.result);
  EnterCriticalSection(&lock);
  puts_(b);
  LeaveCriticalSection(&lock);
  return r.result;
}

static void *allocated[64];
static int nallocated;
JET_ERR script_instance_info(unsigned long *pc, JET_INSTANCE_INFO_W **pa) {
  unsigned long n = (unsigned long)script_u64("count", 0), i, j;
  JET_INSTANCE_INFO_W *a;
  char k[64];
  if (pc) *pc = n;
  if (!pa) return 0;
  a = calloc(n ? n : 1, sizeof *a);
  for (i = 0; i < n; i++) {
    size_t len;
    snprintf(k, sizeof k, "%lu.hInstanceId", i); a[i].hInstanceId = (JET_INSTANCE)script_u64(k, 0);
    snprintf(k, sizeof k, "%lu.szInstanceName", i);
    if ((len = script_bytes(k, NULL, 0))) { a[i].szInstanceName = calloc(len + 2, 1); script_bytes(k, a[i].szInstanceName, len); }
    snprintf(k, sizeof k, "%lu.cDatabases", i); a[i].cDatabases = (JET_API_PTR)script_u64(k, 0);
    a[i].szDatabaseFileName = calloc(a[i].cDatabases + 1, sizeof(WCHAR *));
    a[i].szDatabaseDisplayName = calloc(a[i].cDatabases + 1, sizeof(WCHAR *));
    for (j = 0; j < a[i].cDatabases; j++) {
      snprintf(k, sizeof k, "%lu.db.%lu", i, j);
      len = script_bytes(k, NULL, 0); a[i].szDatabaseFileName[j] = calloc(len + 2, 1); script_bytes(k, a[i].szDatabaseFileName[j], len);
      snprintf(k, sizeof k, "%lu.display.%lu", i, j);
      if ((len = script_bytes(k, NULL, 0))) { a[i].szDatabaseDisplayName[j] = calloc(len + 2, 1); script_bytes(k, a[i].szDatabaseDisplayName[j], len); }
    }
  }
  *pa = a;
  if (nallocated < 64) allocated[nallocated++] = a;
  return 0;
}
/* JetFreeBuffer's ending: records whether the pointer is one this fake handed out. */
JET_ERR rec_end_JetFreeBuffer(char *pbBuf) {
  int known = 0;
  for (int i = 0; i < nallocated; i++) {
    if (allocated[i] == pbBuf) { known = 1; allocated[i] = allocated[--nallocated]; break; }
  }
  rec_u32("allocatedByFake", known);
  return script_ret();
}

/* ---- control exports */
__declspec(dllexport) void __stdcall FakeReset(void) {
  EnterCriticalSection(&lock);
  for (int i = 0; i < nentries; i++) free(entries[i].data);
  nentries = 0; nrets = 0; loglen = 0;
  if (logbuf) logbuf[0] = 0;
  LeaveCriticalSection(&lock);
}
__declspec(dllexport) void __stdcall FakeSet(const char *k, const void *data, unsigned long len) {
  EnterCriticalSection(&lock);
  Entry *e = NULL;
  for (int i = 0; i < nentries; i++) if (!strcmp(entries[i].key, k)) e = &entries[i];
  if (!e && nentries < 512) { e = &entries[nentries++]; snprintf(e->key, sizeof e->key, "%s", k); e->data = NULL; }
  if (e) { free(e->data); e->data = malloc(len ? len : 1); memcpy(e->data, data, len); e->len = len; }
  LeaveCriticalSection(&lock);
}
__declspec(dllexport) void __stdcall FakeScriptRet(const char *fn, JET_ERR err) {
  EnterCriticalSection(&lock);
  if (nrets < 256) { snprintf(rets[nrets].fn, sizeof rets[nrets].fn, "%s", fn); rets[nrets++].err = err; }
  LeaveCriticalSection(&lock);
}
/* Copies the log (NUL-terminated, at most cb bytes) and returns its full length. */
__declspec(dllexport) unsigned long __stdcall FakeLog(char *buf, unsigned long cb) {
  EnterCriticalSection(&lock);
  unsigned long n = (unsigned long)loglen;
  if (buf && cb) { size_t m = loglen < cb - 1 ? loglen : cb - 1; memcpy(buf, logbuf ? logbuf : "", m); buf[m] = 0; }
  LeaveCriticalSection(&lock);
  return n;
}
