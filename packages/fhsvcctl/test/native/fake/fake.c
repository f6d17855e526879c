/* The fake fhsvcctl.dll the Wine tier loads (fhcfg.c adds a fake FhConfigMgr COM server to it). The seven exports have the signatures of the
   documentation pages (filehistory/FhService*.md: HRESULT returns, BOOL flags, a pointer-sized
   FH_SERVICE_PIPE_HANDLE); each records its arguments as one JSON line (the BOOL as the int that
   arrived, the handle as a decimal string: JSON numbers lose precision above 2^53) and returns the
   scripted HRESULT. The test drives it through the Fake* exports. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wine-fake-log.h"

DECLARE_HANDLE(FH_SERVICE_PIPE_HANDLE);
#define EXPORT __declspec(dllexport)

void FakeComReset(void); /* fhcfg.c */
HRESULT FakeLogCall(const char *fn, const char *args, HRESULT dflt);

/* scripted per export: a queue of HRESULTs, a delay in ms standing for a call that waits */
typedef struct { char fn[40]; HRESULT hr; } Ret;
static Ret rets[64];
static int nrets;
typedef struct { char fn[40]; DWORD ms; } Delay;
static Delay delays[16];
static int ndelays;
static unsigned long long next_pipe;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID r) {
  (void)h; (void)r;
  if (reason == DLL_PROCESS_ATTACH) fake_log_init();
  return TRUE;
}

/* Logs one call (its arguments already as JSON members) and returns the scripted HRESULT (dflt
   when none is scripted) after the scripted delay, which runs outside the lock. */
static HRESULT logcall(const char *fn, const char *args, DWORD tid, HRESULT dflt) {
  char b[256];
  HRESULT hr = dflt;
  DWORD ms = 0;
  EnterCriticalSection(&fake_lock);
  snprintf(b, sizeof b, "{\"fn\":\"%s\",\"args\":{", fn);
  fake_put(b);
  fake_put(args);
  for (int i = 0; i < nrets; i++) {
    if (!strcmp(rets[i].fn, fn)) {
      hr = rets[i].hr;
      memmove(&rets[i], &rets[i + 1], (nrets - i - 1) * sizeof(Ret));
      nrets--;
      break;
    }
  }
  for (int i = 0; i < ndelays; i++) if (!strcmp(delays[i].fn, fn)) ms = delays[i].ms;
  snprintf(b, sizeof b, "},\"ret\":%ld,\"thread\":%lu}\n", (long)hr, (unsigned long)tid);
  fake_put(b);
  LeaveCriticalSection(&fake_lock);
  if (ms) Sleep(ms);
  return hr;
}

/* An fhsvcctl export's call: the Pipe (NULL when the export has none) and a BOOL (flagName NULL
   when it has none). */
static HRESULT record(const char *fn, const char *flagName, long flag, const FH_SERVICE_PIPE_HANDLE *pipe, DWORD tid) {
  char a[160] = "";
  size_t n = 0;
  if (pipe) n += snprintf(a + n, sizeof a - n, "\"Pipe\":\"%llu\"%s", (unsigned long long)(ULONG_PTR)*pipe, flagName ? "," : "");
  if (flagName) snprintf(a + n, sizeof a - n, "\"%s\":%ld", flagName, flag);
  return logcall(fn, a, tid, S_OK);
}

/* FhServiceOpenPipe.md */
EXPORT HRESULT WINAPI FhServiceOpenPipe(BOOL StartServiceIfStopped, FH_SERVICE_PIPE_HANDLE *Pipe) {
  HRESULT hr = record("FhServiceOpenPipe", "StartServiceIfStopped", StartServiceIfStopped, NULL, GetCurrentThreadId());
  /* the out-parameter is written on success only, as a failed call leaves it alone */
  if (SUCCEEDED(hr) && Pipe) *Pipe = (FH_SERVICE_PIPE_HANDLE)(ULONG_PTR)next_pipe;
  return hr;
}
/* FhServiceClosePipe.md */
EXPORT HRESULT WINAPI FhServiceClosePipe(FH_SERVICE_PIPE_HANDLE Pipe) {
  return record("FhServiceClosePipe", NULL, -1, &Pipe, GetCurrentThreadId());
}
/* FhServiceStartBackup.md */
EXPORT HRESULT WINAPI FhServiceStartBackup(FH_SERVICE_PIPE_HANDLE Pipe, BOOL LowPriorityIo) {
  return record("FhServiceStartBackup", "LowPriorityIo", LowPriorityIo, &Pipe, GetCurrentThreadId());
}
/* FhServiceStopBackup.md */
EXPORT HRESULT WINAPI FhServiceStopBackup(FH_SERVICE_PIPE_HANDLE Pipe, BOOL StopTracking) {
  return record("FhServiceStopBackup", "StopTracking", StopTracking, &Pipe, GetCurrentThreadId());
}
/* FhServiceReloadConfiguration.md */
EXPORT HRESULT WINAPI FhServiceReloadConfiguration(FH_SERVICE_PIPE_HANDLE Pipe) {
  return record("FhServiceReloadConfiguration", NULL, -1, &Pipe, GetCurrentThreadId());
}
/* FhServiceBlockBackup.md */
EXPORT HRESULT WINAPI FhServiceBlockBackup(FH_SERVICE_PIPE_HANDLE Pipe) {
  return record("FhServiceBlockBackup", NULL, -1, &Pipe, GetCurrentThreadId());
}
/* FhServiceUnblockBackup.md */
EXPORT HRESULT WINAPI FhServiceUnblockBackup(FH_SERVICE_PIPE_HANDLE Pipe) {
  return record("FhServiceUnblockBackup", NULL, -1, &Pipe, GetCurrentThreadId());
}

/* For fhcfg.c: logs a call of the calling thread. */
HRESULT FakeLogCall(const char *fn, const char *args, HRESULT dflt) { return logcall(fn, args, GetCurrentThreadId(), dflt); }

/* ---- control exports */

EXPORT void WINAPI FakeReset(void) {
  EnterCriticalSection(&fake_lock);
  fake_log_clear();
  nrets = 0;
  ndelays = 0;
  next_pipe = 0;
  LeaveCriticalSection(&fake_lock);
  FakeComReset();
}
/* The handle the next successful FhServiceOpenPipe writes to *Pipe. */
EXPORT void WINAPI FakeSetPipe(unsigned long long value) {
  EnterCriticalSection(&fake_lock);
  next_pipe = value;
  LeaveCriticalSection(&fake_lock);
}
/* The next call of fn returns hr. */
EXPORT void WINAPI FakeScriptRet(const char *fn, HRESULT hr) {
  EnterCriticalSection(&fake_lock);
  if (nrets < (int)(sizeof rets / sizeof rets[0])) {
    snprintf(rets[nrets].fn, sizeof rets[nrets].fn, "%s", fn);
    rets[nrets++].hr = hr;
  }
  LeaveCriticalSection(&fake_lock);
}
/* Every call of fn sleeps ms before returning (a call that waits on the service). */
EXPORT void WINAPI FakeSetDelay(const char *fn, DWORD ms) {
  EnterCriticalSection(&fake_lock);
  if (ndelays < (int)(sizeof delays / sizeof delays[0])) {
    snprintf(delays[ndelays].fn, sizeof delays[ndelays].fn, "%s", fn);
    delays[ndelays++].ms = ms;
  }
  LeaveCriticalSection(&fake_lock);
}
