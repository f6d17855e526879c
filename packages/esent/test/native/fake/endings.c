/* The endings of the fake's exports: write the scripted out-parameters ("<fn>.<param>" in the
   script store, see fake.c), record what a generated recorder cannot see (values behind in/out
   pointers, arrays, byte buffers), then return the scripted code. */
#include "fake.h"
#include <string.h>
#include <stdio.h>

#define OUT64(p, k, d) do { if (p) *(p) = script_u64(k, d); } while (0)
#define OUT32(p, k, d) do { if (p) *(p) = (unsigned long)script_u64(k, d); } while (0)

/* A scripted multi-string or byte buffer: copies at most cbMax bytes, reports the scripted
   pcbActual (or the full length when none is scripted). */
static void out_buffer(void *pv, unsigned long cbMax, unsigned long *pcb, const char *k) {
  size_t len = script_bytes(k, pv, cbMax);
  if (pcb) *pcb = (unsigned long)script_u64("pcbActual", len);
}

JET_ERR rec_end_JetCreateInstanceW(JET_INSTANCE *pinstance, const WCHAR *a) { (void)a; OUT64(pinstance, "pinstance", 0x10000); return script_ret(); }
JET_ERR rec_end_JetCreateInstance2W(JET_INSTANCE *pinstance, const WCHAR *a, const WCHAR *b, JET_GRBIT g) { (void)a; (void)b; (void)g; OUT64(pinstance, "pinstance", 0x10000); return script_ret(); }
JET_ERR rec_end_JetEnableMultiInstanceW(JET_SETSYSPARAM_W *p, unsigned long n, unsigned long *pc) {
  char k[32];
  for (unsigned long i = 1; p && i < n; i++) { snprintf(k, sizeof k, "psetsysparam[%lu]", i); rec_struct_JET_SETSYSPARAM_W(k, &p[i]); }
  OUT32(pc, "pcsetsucceed", n);
  return script_ret();
}
JET_ERR rec_end_JetSetSystemParameterW(JET_INSTANCE *pinstance, JET_SESID s, unsigned long id, JET_API_PTR l, JET_PCWSTR sz) {
  (void)s; (void)id; (void)l; (void)sz;
  if (pinstance) rec_u64("*pinstance", *pinstance);
  return script_ret();
}
JET_ERR rec_end_JetGetSystemParameterW(JET_INSTANCE i, JET_SESID s, unsigned long id, JET_API_PTR *pl, JET_PWSTR sz, unsigned long cbMax) {
  (void)i; (void)s; (void)id;
  OUT64(pl, "plParam", 0);
  if (sz && cbMax) { memset(sz, 0, cbMax); script_bytes("szParam", sz, cbMax); }
  return script_ret();
}
static JET_ERR init_end(JET_INSTANCE *pinstance) {
  if (pinstance) { rec_u64("*pinstance", *pinstance); OUT64(pinstance, "pinstance", *pinstance); }
  return script_ret();
}
JET_ERR rec_end_JetInit(JET_INSTANCE *p) { return init_end(p); }
JET_ERR rec_end_JetInit2(JET_INSTANCE *p, JET_GRBIT g) { (void)g; return init_end(p); }
JET_ERR rec_end_JetInit3W(JET_INSTANCE *p, JET_RSTINFO_W *r, JET_GRBIT g) { (void)r; (void)g; return init_end(p); }
JET_ERR rec_end_JetTerm(JET_INSTANCE i) { (void)i; return script_ret(); }
JET_ERR rec_end_JetTerm2(JET_INSTANCE i, JET_GRBIT g) { (void)i; (void)g; return script_ret(); }
JET_ERR rec_end_JetStopService(void) { return script_ret(); }
JET_ERR rec_end_JetStopServiceInstance(JET_INSTANCE i) { (void)i; return script_ret(); }
JET_ERR rec_end_JetStopServiceInstance2(JET_INSTANCE i, const JET_GRBIT g) { (void)i; (void)g; return script_ret(); }
JET_ERR rec_end_JetGetInstanceInfoW(unsigned long *pc, JET_INSTANCE_INFO_W **pa) { script_instance_info(pc, pa); return script_ret(); }
JET_ERR rec_end_JetBeginSessionW(JET_INSTANCE i, JET_SESID *ps, JET_PCWSTR u, JET_PCWSTR p) { (void)i; (void)u; (void)p; OUT64(ps, "psesid", 0x20000); return script_ret(); }
JET_ERR rec_end_JetEndSession(JET_SESID s, JET_GRBIT g) { (void)s; (void)g; return script_ret(); }
JET_ERR rec_end_JetCreateDatabaseW(JET_SESID s, JET_PCWSTR f, JET_PCWSTR c, JET_DBID *pd, JET_GRBIT g) { (void)s; (void)f; (void)c; (void)g; OUT32(pd, "pdbid", 1); return script_ret(); }
JET_ERR rec_end_JetCreateDatabase2W(JET_SESID s, const WCHAR *f, const unsigned long m, JET_DBID *pd, JET_GRBIT g) { (void)s; (void)f; (void)m; (void)g; OUT32(pd, "pdbid", 1); return script_ret(); }
JET_ERR rec_end_JetAttachDatabaseW(JET_SESID s, const WCHAR *f, JET_GRBIT g) { (void)s; (void)f; (void)g; return script_ret(); }
JET_ERR rec_end_JetAttachDatabase2W(JET_SESID s, const WCHAR *f, const unsigned long m, JET_GRBIT g) { (void)s; (void)f; (void)m; (void)g; return script_ret(); }
JET_ERR rec_end_JetDetachDatabaseW(JET_SESID s, const WCHAR *f) { (void)s; (void)f; return script_ret(); }
JET_ERR rec_end_JetDetachDatabase2W(JET_SESID s, const WCHAR *f, JET_GRBIT g) { (void)s; (void)f; (void)g; return script_ret(); }
JET_ERR rec_end_JetOpenDatabaseW(JET_SESID s, const WCHAR *f, const WCHAR *c, JET_DBID *pd, JET_GRBIT g) { (void)s; (void)f; (void)c; (void)g; OUT32(pd, "pdbid", 1); return script_ret(); }
JET_ERR rec_end_JetCloseDatabase(JET_SESID s, JET_DBID d, JET_GRBIT g) { (void)s; (void)d; (void)g; return script_ret(); }
static void fill_logtime(JET_LOGTIME *t, const char *prefix) {
  char k[64];
  snprintf(k, sizeof k, "%s.bYear", prefix); t->bYear = (char)script_u64(k, 0);
  snprintf(k, sizeof k, "%s.bMonth", prefix); t->bMonth = (char)script_u64(k, 0);
  snprintf(k, sizeof k, "%s.bDay", prefix); t->bDay = (char)script_u64(k, 0);
}
JET_ERR rec_end_JetGetDatabaseFileInfoW(const WCHAR *f, void *pv, unsigned long cbMax, unsigned long level) {
  (void)f;
  rec_u32("sizeof(JET_DBINFOMISC2)", sizeof(JET_DBINFOMISC2));
  if (!pv) return script_ret();
  memset(pv, 0, cbMax);
  if (level == JET_DbInfoMisc && cbMax >= sizeof(JET_DBINFOMISC)) {
    JET_DBINFOMISC2 *m = pv;
    m->ulVersion = (unsigned long)script_u64("ulVersion", 0);
    m->ulUpdate = (unsigned long)script_u64("ulUpdate", 0);
    m->signDb.ulRandom = (unsigned long)script_u64("signDb.ulRandom", 0);
    script_bytes("signDb.szComputerName", m->signDb.szComputerName, sizeof m->signDb.szComputerName);
    fill_logtime(&m->signDb.logtimeCreate, "signDb.logtimeCreate");
    m->dbstate = (unsigned long)script_u64("dbstate", 0);
    m->lgposConsistent.lGeneration = (long)script_u64("lgposConsistent.lGeneration", 0);
    m->lgposConsistent.isec = (unsigned short)script_u64("lgposConsistent.isec", 0);
    m->lgposConsistent.ib = (unsigned short)script_u64("lgposConsistent.ib", 0);
    fill_logtime(&m->logtimeAttach, "logtimeAttach");
    m->bkinfoFullPrev.genLow = (unsigned long)script_u64("bkinfoFullPrev.genLow", 0);
    m->bkinfoFullPrev.genHigh = (unsigned long)script_u64("bkinfoFullPrev.genHigh", 0);
    m->bkinfoFullPrev.bklogtimeMark.bFiller2 = (char)script_u64("bkinfoFullPrev.bklogtimeMark.bFiller2", 0);
    m->bkinfoFullPrev.lgposMark.lGeneration = (long)script_u64("bkinfoFullPrev.lgposMark.lGeneration", 0);
    m->fShadowingDisabled = (unsigned long)script_u64("fShadowingDisabled", 0);
    m->dwMajorVersion = (unsigned long)script_u64("dwMajorVersion", 0);
    m->lSPNumber = (long)script_u64("lSPNumber", 0);
    m->cbPageSize = (unsigned long)script_u64("cbPageSize", 0);
    if (cbMax >= sizeof(JET_DBINFOMISC2)) {
      m->genMinRequired = (unsigned long)script_u64("genMinRequired", 0);
      m->genMaxRequired = (unsigned long)script_u64("genMaxRequired", 0);
      m->ulBadChecksumOld = 0xBADC0DE; /* the last field: proves the whole struct was passed */
    }
  } else if (level == JET_DbInfoFilesize && cbMax == 8) {
    *(unsigned long long *)pv = (unsigned long long)script_u64("value", 0);
  } else if (cbMax >= 4) {
    *(unsigned long *)pv = (unsigned long)script_u64("value", 0);
  }
  return script_ret();
}
JET_ERR rec_end_JetCreateTableW(JET_SESID s, JET_DBID d, const WCHAR *n, unsigned long p, unsigned long dn, JET_TABLEID *pt) { (void)s; (void)d; (void)n; (void)p; (void)dn; OUT64(pt, "ptableid", 0x30000); return script_ret(); }
JET_ERR rec_end_JetCreateTableColumnIndexW(JET_SESID s, JET_DBID d, JET_TABLECREATE_W *tc) {
  char k[48];
  (void)s; (void)d;
  if (!tc) return script_ret();
  for (unsigned long i = 0; i < tc->cColumns; i++) {
    snprintf(k, sizeof k, "rgcolumncreate[%lu]", i);
    rec_struct_JET_COLUMNCREATE_W(k, &tc->rgcolumncreate[i]);
    snprintf(k, sizeof k, "rgcolumncreate[%lu].pvDefault", i);
    rec_bytes(k, tc->rgcolumncreate[i].pvDefault, tc->rgcolumncreate[i].cbDefault);
    tc->rgcolumncreate[i].columnid = 0x100 + i;
  }
  for (unsigned long i = 0; i < tc->cIndexes; i++) {
    snprintf(k, sizeof k, "rgindexcreate[%lu]", i);
    rec_struct_JET_INDEXCREATE_W(k, &tc->rgindexcreate[i]);
    snprintf(k, sizeof k, "rgindexcreate[%lu].szKey", i);
    rec_wstr_n(k, tc->rgindexcreate[i].szKey, tc->rgindexcreate[i].cbKey / sizeof(WCHAR));
  }
  tc->tableid = script_u64("tableid", 0x30001);
  tc->cCreated = (unsigned long)script_u64("cCreated", 1 + tc->cColumns + tc->cIndexes);
  return script_ret();
}
JET_ERR rec_end_JetAddColumnW(JET_SESID s, JET_TABLEID t, JET_PCWSTR n, const JET_COLUMNDEF *def, const void *pv, unsigned long cb, JET_COLUMNID *pc) {
  (void)s; (void)t; (void)n; (void)def;
  rec_bytes("pvDefault.bytes", pv, cb);
  OUT32(pc, "pcolumnid", 0x100);
  return script_ret();
}
JET_ERR rec_end_JetCreateIndexW(JET_SESID s, JET_TABLEID t, JET_PCWSTR n, JET_GRBIT g, const WCHAR *key, unsigned long cbKey, unsigned long d) {
  (void)s; (void)t; (void)n; (void)g; (void)d;
  rec_wstr_n("szKey.units", key, cbKey / sizeof(WCHAR));
  return script_ret();
}
JET_ERR rec_end_JetDeleteTableW(JET_SESID s, JET_DBID d, const WCHAR *n) { (void)s; (void)d; (void)n; return script_ret(); }
JET_ERR rec_end_JetGetTableColumnInfoW(JET_SESID s, JET_TABLEID t, const WCHAR *n, void *pv, unsigned long cbMax, unsigned long level) {
  (void)s; (void)t; (void)n; (void)level;
  if (pv && cbMax >= sizeof(JET_COLUMNDEF)) {
    JET_COLUMNDEF *c = pv;
    memset(c, 0, cbMax);
    c->cbStruct = sizeof(JET_COLUMNDEF);
    c->columnid = (JET_COLUMNID)script_u64("columnid", 0);
    c->coltyp = (JET_COLTYP)script_u64("coltyp", 0);
    c->cp = (unsigned short)script_u64("cp", 0);
    c->cbMax = (unsigned long)script_u64("cbMax", 0);
    c->grbit = (JET_GRBIT)script_u64("grbit", 0);
  }
  return script_ret();
}
JET_ERR rec_end_JetOpenTableW(JET_SESID s, JET_DBID d, const WCHAR *n, const void *pv, unsigned long cb, JET_GRBIT g, JET_TABLEID *pt) {
  (void)s; (void)d; (void)n; (void)g;
  rec_bytes("pvParameters.bytes", pv, cb);
  OUT64(pt, "ptableid", 0x30000);
  return script_ret();
}
JET_ERR rec_end_JetCloseTable(JET_SESID s, JET_TABLEID t) { (void)s; (void)t; return script_ret(); }
JET_ERR rec_end_JetSetCurrentIndexW(JET_SESID s, JET_TABLEID t, const WCHAR *n) { (void)s; (void)t; (void)n; return script_ret(); }
JET_ERR rec_end_JetSetCurrentIndex2W(JET_SESID s, JET_TABLEID t, JET_PCWSTR n, JET_GRBIT g) { (void)s; (void)t; (void)n; (void)g; return script_ret(); }
JET_ERR rec_end_JetBeginTransaction(JET_SESID s) { (void)s; return script_ret(); }
JET_ERR rec_end_JetBeginTransaction2(JET_SESID s, JET_GRBIT g) { (void)s; (void)g; return script_ret(); }
JET_ERR rec_end_JetCommitTransaction(JET_SESID s, JET_GRBIT g) { (void)s; (void)g; return script_ret(); }
JET_ERR rec_end_JetRollback(JET_SESID s, JET_GRBIT g) { (void)s; (void)g; return script_ret(); }
JET_ERR rec_end_JetPrepareUpdate(JET_SESID s, JET_TABLEID t, unsigned long p) { (void)s; (void)t; (void)p; return script_ret(); }
JET_ERR rec_end_JetSetColumn(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, const void *pv, unsigned long cb, JET_GRBIT g, JET_SETINFO *si) {
  (void)s; (void)t; (void)c; (void)g; (void)si;
  rec_bytes("pvData.bytes", pv, cb);
  return script_ret();
}
JET_ERR rec_end_JetUpdate(JET_SESID s, JET_TABLEID t, void *pv, unsigned long cb, unsigned long *pcb) { (void)s; (void)t; out_buffer(pv, cb, pcb, "pvBookmark"); return script_ret(); }
JET_ERR rec_end_JetDelete(JET_SESID s, JET_TABLEID t) { (void)s; (void)t; return script_ret(); }
JET_ERR rec_end_JetRetrieveColumn(JET_SESID s, JET_TABLEID t, JET_COLUMNID c, void *pv, unsigned long cb, unsigned long *pcb, JET_GRBIT g, JET_RETINFO *ri) {
  (void)s; (void)t; (void)c; (void)g; (void)ri;
  out_buffer(pv, cb, pcb, "pvData");
  return script_ret();
}
JET_ERR rec_end_JetMove(JET_SESID s, JET_TABLEID t, long n, JET_GRBIT g) { (void)s; (void)t; (void)n; (void)g; return script_ret(); }
JET_ERR rec_end_JetMakeKey(JET_SESID s, JET_TABLEID t, const void *pv, unsigned long cb, JET_GRBIT g) { (void)s; (void)t; (void)g; rec_bytes("pvData.bytes", pv, cb); return script_ret(); }
JET_ERR rec_end_JetSeek(JET_SESID s, JET_TABLEID t, JET_GRBIT g) { (void)s; (void)t; (void)g; return script_ret(); }
JET_ERR rec_end_JetSetIndexRange(JET_SESID s, JET_TABLEID t, JET_GRBIT g) { (void)s; (void)t; (void)g; return script_ret(); }
JET_ERR rec_end_JetIndexRecordCount(JET_SESID s, JET_TABLEID t, unsigned long *pc, unsigned long m) { (void)s; (void)t; (void)m; OUT32(pc, "pcrec", 0); return script_ret(); }
JET_ERR rec_end_JetRetrieveKey(JET_SESID s, JET_TABLEID t, void *pv, unsigned long cb, unsigned long *pcb, JET_GRBIT g) { (void)s; (void)t; (void)g; out_buffer(pv, cb, pcb, "pvData"); return script_ret(); }
JET_ERR rec_end_JetGetCurrentIndexW(JET_SESID s, JET_TABLEID t, JET_PWSTR sz, unsigned long cch) {
  (void)s; (void)t;
  /* cch is a byte count (the engine's cbIndexName) */
  if (sz && cch >= sizeof(WCHAR)) { memset(sz, 0, cch); script_bytes("szIndexName", sz, cch - sizeof(WCHAR)); }
  return script_ret();
}
JET_ERR rec_end_JetGetBookmark(JET_SESID s, JET_TABLEID t, void *pv, unsigned long cb, unsigned long *pcb) { (void)s; (void)t; out_buffer(pv, cb, pcb, "pvBookmark"); return script_ret(); }
JET_ERR rec_end_JetGotoBookmark(JET_SESID s, JET_TABLEID t, void *pv, unsigned long cb) { (void)s; (void)t; rec_bytes("pvBookmark.bytes", pv, cb); return script_ret(); }
JET_ERR rec_end_JetBeginExternalBackupInstance(JET_INSTANCE i, JET_GRBIT g) { (void)i; (void)g; return script_ret(); }
JET_ERR rec_end_JetBeginExternalBackup(JET_GRBIT g) { (void)g; return script_ret(); }
JET_ERR rec_end_JetGetAttachInfoInstanceW(JET_INSTANCE i, WCHAR *szz, unsigned long cb, unsigned long *pcb) { (void)i; out_buffer(szz, cb, pcb, "szz"); return script_ret(); }
JET_ERR rec_end_JetGetAttachInfoW(WCHAR *szz, unsigned long cb, unsigned long *pcb) { out_buffer(szz, cb, pcb, "szz"); return script_ret(); }
JET_ERR rec_end_JetOpenFileInstanceW(JET_INSTANCE i, JET_PCWSTR f, JET_HANDLE *ph, unsigned long *lo, unsigned long *hi) {
  (void)i; (void)f;
  OUT64(ph, "phfFile", 0x40000); OUT32(lo, "pulFileSizeLow", 0); OUT32(hi, "pulFileSizeHigh", 0);
  return script_ret();
}
JET_ERR rec_end_JetOpenFileW(const WCHAR *f, JET_HANDLE *ph, unsigned long *lo, unsigned long *hi) {
  (void)f;
  OUT64(ph, "phfFile", 0x40000); OUT32(lo, "pulFileSizeLow", 0); OUT32(hi, "pulFileSizeHigh", 0);
  return script_ret();
}
/* Reads fill the caller's buffer with the scripted bytes and record where it lies (the engine
   wants OS-page aligned buffers). */
static void read_end(void *pv, unsigned long cb, unsigned long *pcb) {
  rec_u32("pvPageAligned", ((ULONG_PTR)pv & 4095) == 0);
  out_buffer(pv, cb, pcb, "pv");
}
JET_ERR rec_end_JetReadFileInstance(JET_INSTANCE i, JET_HANDLE h, void *pv, unsigned long cb, unsigned long *pcb) { (void)i; (void)h; read_end(pv, cb, pcb); return script_ret(); }
JET_ERR rec_end_JetReadFile(JET_HANDLE h, void *pv, unsigned long cb, unsigned long *pcb) { (void)h; read_end(pv, cb, pcb); return script_ret(); }
JET_ERR rec_end_JetCloseFileInstance(JET_INSTANCE i, JET_HANDLE h) { (void)i; (void)h; return script_ret(); }
JET_ERR rec_end_JetCloseFile(JET_HANDLE h) { (void)h; return script_ret(); }
JET_ERR rec_end_JetGetLogInfoInstanceW(JET_INSTANCE i, WCHAR *szz, unsigned long cb, unsigned long *pcb) { (void)i; out_buffer(szz, cb, pcb, "szz"); return script_ret(); }
JET_ERR rec_end_JetGetLogInfoW(WCHAR *szz, unsigned long cb, unsigned long *pcb) { out_buffer(szz, cb, pcb, "szz"); return script_ret(); }
JET_ERR rec_end_JetGetLogInfoInstance2W(JET_INSTANCE i, WCHAR *szz, unsigned long cb, unsigned long *pcb, JET_LOGINFO_W *li) {
  (void)i;
  out_buffer(szz, cb, pcb, "szz");
  if (li) {
    li->ulGenLow = (unsigned long)script_u64("ulGenLow", 0);
    li->ulGenHigh = (unsigned long)script_u64("ulGenHigh", 0);
    memset(li->szBaseName, 0, sizeof li->szBaseName);
    script_bytes("szBaseName", li->szBaseName, sizeof li->szBaseName - sizeof(WCHAR));
  }
  return script_ret();
}
JET_ERR rec_end_JetGetTruncateLogInfoInstanceW(JET_INSTANCE i, WCHAR *szz, unsigned long cb, unsigned long *pcb) { (void)i; out_buffer(szz, cb, pcb, "szz"); return script_ret(); }
JET_ERR rec_end_JetTruncateLogInstance(JET_INSTANCE i) { (void)i; return script_ret(); }
JET_ERR rec_end_JetTruncateLog(void) { return script_ret(); }
JET_ERR rec_end_JetEndExternalBackupInstance(JET_INSTANCE i) { (void)i; return script_ret(); }
JET_ERR rec_end_JetEndExternalBackupInstance2(JET_INSTANCE i, JET_GRBIT g) { (void)i; (void)g; return script_ret(); }
JET_ERR rec_end_JetEndExternalBackup(void) { return script_ret(); }
JET_ERR rec_end_JetStopBackupInstance(JET_INSTANCE i) { (void)i; return script_ret(); }
JET_ERR rec_end_JetStopBackup(void) { return script_ret(); }
/* Calls with a JET_PFNSTATUS: the log line is written first, then the callbacks run, and a
   negative callback result is the call's result (spec: JET_PFNSTATUS.md). */
static JET_ERR status_end(JET_PFNSTATUS pfn) {
  JET_SESID sesid = (JET_SESID)script_u64("cb.sesid", 0);
  JET_ERR err = script_ret();
  JET_ERR cb = script_status(pfn, sesid);
  return cb < 0 ? cb : err;
}
JET_ERR rec_end_JetBackupInstanceW(JET_INSTANCE i, JET_PCWSTR p, JET_GRBIT g, JET_PFNSTATUS pfn) { (void)i; (void)p; (void)g; return status_end(pfn); }
JET_ERR rec_end_JetBackupW(JET_PCWSTR p, JET_GRBIT g, JET_PFNSTATUS pfn) { (void)p; (void)g; return status_end(pfn); }
JET_ERR rec_end_JetRestoreInstanceW(JET_INSTANCE i, JET_PCWSTR sz, JET_PCWSTR d, JET_PFNSTATUS pfn) { (void)i; (void)sz; (void)d; return status_end(pfn); }
JET_ERR rec_end_JetRestoreW(JET_PCWSTR sz, JET_PFNSTATUS pfn) { (void)sz; return status_end(pfn); }
JET_ERR rec_end_JetRestore2W(JET_PCWSTR sz, JET_PCWSTR d, JET_PFNSTATUS pfn) { (void)sz; (void)d; return status_end(pfn); }
static void rstmaps(JET_RSTMAP_W *m, long n) {
  char k[32];
  for (long i = 1; m && i < n; i++) { snprintf(k, sizeof k, "rgrstmap[%ld]", i); rec_struct_JET_RSTMAP_W(k, &m[i]); }
}
JET_ERR rec_end_JetExternalRestoreW(JET_PWSTR c, JET_PWSTR l, JET_RSTMAP_W *m, long n, JET_PWSTR b, long lo, long hi, JET_PFNSTATUS pfn) {
  (void)c; (void)l; (void)b; (void)lo; (void)hi;
  rstmaps(m, n);
  return status_end(pfn);
}
JET_ERR rec_end_JetExternalRestore2W(JET_PWSTR c, JET_PWSTR l, JET_RSTMAP_W *m, long n, JET_PWSTR b, JET_LOGINFO_W *li, JET_PWSTR t, JET_PWSTR tl, JET_PWSTR tc, JET_PFNSTATUS pfn) {
  (void)c; (void)l; (void)b; (void)li; (void)t; (void)tl; (void)tc;
  rstmaps(m, n);
  return status_end(pfn);
}
JET_ERR rec_end_JetOSSnapshotPrepare(JET_OSSNAPID *ps, const JET_GRBIT g) { (void)g; OUT64(ps, "psnapId", 0x50000); return script_ret(); }
JET_ERR rec_end_JetOSSnapshotPrepareInstance(JET_OSSNAPID s, JET_INSTANCE i, const JET_GRBIT g) { (void)s; (void)i; (void)g; return script_ret(); }
JET_ERR rec_end_JetOSSnapshotFreezeW(const JET_OSSNAPID s, unsigned long *pc, JET_INSTANCE_INFO_W **pa, const JET_GRBIT g) { (void)s; (void)g; script_instance_info(pc, pa); return script_ret(); }
JET_ERR rec_end_JetOSSnapshotThaw(const JET_OSSNAPID s, const JET_GRBIT g) { (void)s; (void)g; return script_ret(); }
JET_ERR rec_end_JetOSSnapshotAbort(const JET_OSSNAPID s, const JET_GRBIT g) { (void)s; (void)g; return script_ret(); }
JET_ERR rec_end_JetOSSnapshotTruncateLog(const JET_OSSNAPID s, const JET_GRBIT g) { (void)s; (void)g; return script_ret(); }
JET_ERR rec_end_JetOSSnapshotTruncateLogInstance(const JET_OSSNAPID s, JET_INSTANCE i, const JET_GRBIT g) { (void)s; (void)i; (void)g; return script_ret(); }
JET_ERR rec_end_JetOSSnapshotGetFreezeInfoW(const JET_OSSNAPID s, unsigned long *pc, JET_INSTANCE_INFO_W **pa, const JET_GRBIT g) { (void)s; (void)g; script_instance_info(pc, pa); return script_ret(); }
JET_ERR rec_end_JetOSSnapshotEnd(const JET_OSSNAPID s, const JET_GRBIT g) { (void)s; (void)g; return script_ret(); }
