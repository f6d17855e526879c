/* The fake esent.dll the Wine tier loads: every export (exports.generated.c) records its arguments
   into a JSON-lines log and ends in a hand-written rec_end_* (endings.c) that writes the scripted
   out-parameters and returns the scripted code. The test drives it through the Fake* exports. */
#pragma once
#ifndef UNICODE
#define UNICODE 1
#endif
#include <windows.h>
/* mingw-w64 declares JetDetachDatabaseW with a narrow name; the real entry point is wide. */
#define JetDetachDatabaseW JetDetachDatabaseW_mingw_narrow
#include <esent.h>
#undef JetDetachDatabaseW
/* mingw-w64 maps this W name to the A/W macro; the export is the W function itself. */
#undef JetGetTableColumnInfoW
#include "exports.generated.h"

void rec_begin(const char *fn);
void rec_u32(const char *name, unsigned long v);
void rec_i32(const char *name, long v);
void rec_u64(const char *name, unsigned long long v);
void rec_ptr(const char *name, const void *p);
void rec_wstr(const char *name, const WCHAR *s);
void rec_wstr_n(const char *name, const WCHAR *s, size_t cch);
void rec_bytes(const char *name, const void *p, size_t cb);
int rec_struct_open(const char *name, const void *p, size_t cb);
void rec_struct_close(void);

/* The current call's scripted values, keyed "<param>" for the export being recorded. */
int script_has(const char *key);
unsigned long long script_u64(const char *key, unsigned long long dflt);
/* Copies the scripted bytes (at most cb) to p; returns the scripted length (0 when none). */
size_t script_bytes(const char *key, void *p, size_t cb);
/* The scripted return code of this call (FakeScriptRet queue), after the scripted delay. */
JET_ERR script_ret(void);
/* Calls pfn the scripted way from a new thread (Begin, cProgress progress steps, Complete). */
JET_ERR script_status(JET_PFNSTATUS pfn, JET_SESID sesid);
/* A scripted JET_INSTANCE_INFO_W array allocated for JetFreeBuffer. */
JET_ERR script_instance_info(unsigned long *pc, JET_INSTANCE_INFO_W **pa);
