/* The JSON-lines call log of a Wine-tier fake DLL, read by readFakeLog (wine-driver.mjs) through the
   FakeLog export. Include it from the fake's one C file (buildDll with includeDirs: [scripts]) and
   call fake_log_init() from DllMain's DLL_PROCESS_ATTACH; fake_lock guards the log and whatever
   else the fake scripts. */
#ifndef WINE_FAKE_LOG_H
#define WINE_FAKE_LOG_H
#include <windows.h>
#include <stdlib.h>
#include <string.h>

static CRITICAL_SECTION fake_lock;
static char *fake_logbuf;
static size_t fake_loglen, fake_logcap;

static void fake_log_init(void) { InitializeCriticalSection(&fake_lock); }

/* Appends s to the log; the caller holds fake_lock. */
static void fake_put(const char *s) {
  size_t n = strlen(s);
  if (fake_loglen + n + 1 > fake_logcap) {
    fake_logcap = (fake_loglen + n + 1) * 2 + 4096;
    fake_logbuf = realloc(fake_logbuf, fake_logcap);
  }
  memcpy(fake_logbuf + fake_loglen, s, n + 1);
  fake_loglen += n;
}

/* Empties the log; the caller holds fake_lock. */
static void fake_log_clear(void) {
  fake_loglen = 0;
  if (fake_logbuf) fake_logbuf[0] = 0;
}

/* Copies the log (JSON lines) into buf; returns its length in bytes. */
__declspec(dllexport) DWORD WINAPI FakeLog(char *buf, DWORD cb) {
  DWORD n;
  EnterCriticalSection(&fake_lock);
  n = (DWORD)fake_loglen;
  if (buf && cb) {
    DWORD c = n < cb - 1 ? n : cb - 1;
    if (c) memcpy(buf, fake_logbuf, c);
    buf[c] = 0;
  }
  LeaveCriticalSection(&fake_lock);
  return n;
}

/* The calling thread, to tell the process's main thread from koffi's pool threads in the log. */
__declspec(dllexport) DWORD WINAPI FakeThreadId(void) { return GetCurrentThreadId(); }
#endif
