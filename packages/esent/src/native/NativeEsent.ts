// EsentApi over esent.dll: the shared argument checks (src/validate), then one call of the W entry
// point with its out-parameters returned. A negative JET_ERR throws jetError(code, { context });
// warnings are returned where the API returns a number. Calls that block in the engine (init,
// term, reads, backups, restores, commits, snapshot freeze) run on koffi's thread pool (.async).
import { JET_errCallbackFailed, JET_wrnColumnNull, jetError } from '@winbackup/errors';
import type { EsentApi } from '../api/EsentApi.js';
import {
  JET_LOGINFO_cbSize,
  type JET_PFNSTATUS,
  type JET_SNPROG,
  type JetGetLogInfoInstance2Result,
  type JetMultiStringResult,
  type JetOpenFileResult,
} from '../api/backup.js';
import { JET_sntProgress } from '../api/backupConstants.js';
import { JET_DbInfoFilesize, JET_DbInfoMisc } from '../api/constants.js';
import type { JET_COLUMNID, JET_DBID, JET_HANDLE, JET_INSTANCE, JET_OSSNAPID, JET_SESID, JET_TABLEID } from '../api/handles.js';
import type {
  JET_BKINFO,
  JET_BKLOGTIME,
  JET_COLUMNDEF,
  JET_COLUMNDEF_OUT,
  JET_DBINFOMISC,
  JET_INSTANCE_INFO,
  JET_LOGINFO,
  JET_RETINFO,
  JET_RSTMAP,
  JET_SETINFO,
  JET_SETSYSPARAM,
  JET_SIGNATURE,
  JET_TABLECREATE,
  JET_TABLECREATE_RESULT,
  JetGetSystemParameterResult,
  JetRetrieveColumnResult,
} from '../api/structs.js';
// page-aligned memory: the reference's backup reads need it too
import { alignedBytes } from '../memory/aligned.js';
import * as v from '../validate/validate.js';
import { ENTRY_POINTS } from './generated/esentDeclarations.js';
import { koffi, type EsentLibrary } from './library.js';
import { Arena, decodeStringArray, decodeStruct, fromU64, fromWz, out32, out64, structBuffer, u64, wz } from './marshal.js';

type ApiName = keyof typeof ENTRY_POINTS;

/** Entry points that block in the engine: they run off the event loop. */
const BLOCKING: ReadonlySet<ApiName> = new Set<ApiName>([
  'JetInit', 'JetInit2', 'JetInit3', 'JetTerm', 'JetTerm2', 'JetStopService', 'JetStopServiceInstance', 'JetStopServiceInstance2',
  'JetCreateDatabase', 'JetCreateDatabase2', 'JetAttachDatabase', 'JetAttachDatabase2', 'JetDetachDatabase', 'JetDetachDatabase2',
  'JetGetDatabaseFileInfo', 'JetCommitTransaction', 'JetEndSession',
  'JetReadFileInstance', 'JetReadFile', 'JetTruncateLogInstance', 'JetTruncateLog',
  'JetEndExternalBackupInstance', 'JetEndExternalBackupInstance2', 'JetEndExternalBackup',
  'JetBackupInstance', 'JetBackup', 'JetRestoreInstance', 'JetRestore', 'JetRestore2', 'JetExternalRestore', 'JetExternalRestore2',
  'JetOSSnapshotFreeze', 'JetOSSnapshotThaw', 'JetOSSnapshotTruncateLog', 'JetOSSnapshotTruncateLogInstance', 'JetOSSnapshotEnd',
]);

/** esent.h: JET_cbBookmarkMost, and JET_cbNameMost + 1 characters for an index name. */
const JET_cbBookmarkMost = 256;
const cchIndexName = 129;
/** What esent.dll's JetCreateIndexW puts in JET_INDEXCREATE.cbKeyMost (engine: jetapi.cxx). */
const JET_cbKeyMost = 255;

interface RawLogTime {
  bSeconds: number;
  bMinutes: number;
  bHours: number;
  bDay: number;
  bMonth: number;
  bYear: number;
  bFiller1: number;
  bFiller2: number;
}
interface RawSignature {
  ulRandom: number;
  logtimeCreate: RawLogTime;
  szComputerName: string;
}
interface RawBkInfo {
  lgposMark: { ib: number; isec: number; lGeneration: number };
  bklogtimeMark: RawLogTime;
  genLow: number;
  genHigh: number;
}
interface RawInstanceInfo {
  hInstanceId: number | bigint;
  szInstanceName: string | null;
  cDatabases: number | bigint;
  szDatabaseFileName: bigint | null;
  szDatabaseDisplayName: bigint | null;
}

const bklogtime = (t: RawLogTime): JET_BKLOGTIME => ({ ...t, fOSSnapshot: (t.bFiller2 & 1) !== 0 });
const signature = (s: RawSignature): JET_SIGNATURE => ({ ulRandom: s.ulRandom, logtimeCreate: s.logtimeCreate, szComputerName: s.szComputerName });
const bkinfo = (b: RawBkInfo): JET_BKINFO => ({ lgposMark: b.lgposMark, bklogtimeMark: bklogtime(b.bklogtimeMark), genLow: b.genLow, genHigh: b.genHigh });

/** An instance argument by value (null is NULL: the one instance in one-instance mode). */
function inst64(instance: unknown): bigint {
  return u64(v.handleOrNull(instance, 'instance') ?? 0);
}

/** szKey as the W entry points read it: the list always ends in the double NUL. */
function keyz(szKey: string): string {
  return szKey.replace(/\0+$/, '') + '\0\0';
}

/** JET_LOGINFO as the W entry points take it: cbSize is sizeof(JET_LOGINFO_W) when the caller gave the API's size. */
function logInfoW(cbSize: number): number {
  return cbSize === JET_LOGINFO_cbSize ? koffi.sizeof('JET_LOGINFO_W') : cbSize;
}

export class NativeEsent implements EsentApi {
  private bounce: Uint8Array | null = null;
  private bounceBusy = false;

  constructor(private readonly lib: EsentLibrary) {}

  /** Calls the entry point of `api`; throws on a negative JET_ERR, returns warnings. */
  private async call(api: ApiName, args: unknown[]): Promise<number> {
    const f = this.lib.entry(ENTRY_POINTS[api]);
    const err = BLOCKING.has(api)
      ? await new Promise<number>((resolve, reject) => f.async(...args, (e: unknown, r: number) => (e ? reject(e) : resolve(r))))
      : f(...args);
    if (err < 0) throw jetError(err, { context: api });
    return err;
  }

  /** A call with a JET_PFNSTATUS: the callback is registered for the call only; one it throws is rethrown as is. */
  private async withStatus(api: ApiName, pfn: JET_PFNSTATUS | null, args: (cb: bigint | null) => unknown[]): Promise<void> {
    if (pfn === null) {
      await this.call(api, args(null));
      return;
    }
    let thrown: { e: unknown } | null = null;
    const cb = koffi.register((sesid: number | bigint, snp: number, snt: number, pv: bigint | null) => {
      try {
        const prog = snt === JET_sntProgress && pv ? decodeStruct<JET_SNPROG>(pv, 'JET_SNPROG') : null;
        const r = pfn(fromU64(BigInt(sesid)) as JET_SESID, snp, snt, prog);
        return typeof r === 'number' ? r : 0;
      } catch (e) {
        thrown ??= { e };
        return JET_errCallbackFailed;
      }
    }, koffi.pointer('JET_PFNSTATUS'));
    try {
      await this.call(api, args(cb));
    } catch (e) {
      if (thrown === null) throw e;
    } finally {
      koffi.unregister(cb);
    }
    if (thrown !== null) throw (thrown as { e: unknown }).e;
  }

  /** Copies out a JET_INSTANCE_INFO_W array the DLL allocated, then frees it with JetFreeBuffer. */
  private instanceInfo(count: Buffer, array: Buffer): JET_INSTANCE_INFO[] {
    const p = array.readBigUInt64LE(0);
    if (p === 0n) return [];
    try {
      const n = count.readUInt32LE(0);
      const size = koffi.sizeof('JET_INSTANCE_INFO_W');
      const out: JET_INSTANCE_INFO[] = [];
      for (let i = 0; i < n; i++) {
        const raw = decodeStruct<RawInstanceInfo>(p, 'JET_INSTANCE_INFO_W', i * size);
        const c = Number(raw.cDatabases);
        out.push({
          hInstanceId: fromU64(BigInt(raw.hInstanceId)) as JET_INSTANCE,
          szInstanceName: raw.szInstanceName,
          cDatabases: c,
          szDatabaseFileName: decodeStringArray(raw.szDatabaseFileName, c).map((s) => s ?? ''),
          szDatabaseDisplayName: decodeStringArray(raw.szDatabaseDisplayName, c),
        });
      }
      return out;
    } finally {
      const freed = this.lib.entry('JetFreeBuffer')(p);
      if (freed < 0) throw jetError(freed, { context: 'JetFreeBuffer' });
    }
  }

  /** A multi-string out-parameter: the bytes copied (min(cbMax, pcbActual)) and pcbActual. */
  private async multiString(api: ApiName, lead: unknown[], cbMax: number): Promise<JetMultiStringResult> {
    const buf = cbMax > 0 ? Buffer.alloc(cbMax) : null;
    const pcb = out32();
    await this.call(api, [...lead, buf, cbMax, pcb]);
    const pcbActual = pcb.readUInt32LE(0);
    const copied = Math.min(cbMax, pcbActual) & ~1;
    return { szz: buf ? buf.toString('utf16le', 0, copied) : '', pcbActual };
  }

  // ---- instances

  async JetCreateInstance(szInstanceName: string | null): Promise<JET_INSTANCE> {
    const name = v.strOrNull(szInstanceName, 'szInstanceName');
    const p = out64();
    await this.call('JetCreateInstance', [p, wz(name)]);
    return fromU64(p.readBigUInt64LE(0)) as JET_INSTANCE;
  }

  async JetCreateInstance2(szInstanceName: string | null, szDisplayName: string | null, grbit: number): Promise<JET_INSTANCE> {
    const name = v.strOrNull(szInstanceName, 'szInstanceName');
    const display = v.strOrNull(szDisplayName, 'szDisplayName');
    const g = v.ulong(grbit, 'grbit');
    const p = out64();
    await this.call('JetCreateInstance2', [p, wz(name), wz(display), g]);
    return fromU64(p.readBigUInt64LE(0)) as JET_INSTANCE;
  }

  async JetEnableMultiInstance(psetsysparam: readonly JET_SETSYSPARAM[] | null, csetsysparam: number): Promise<number> {
    const n = v.ulong(csetsysparam, 'csetsysparam');
    const list = v.setSysParams(psetsysparam, n).slice(0, n);
    const arena = new Arena();
    try {
      const params = list.map((p, i) => ({
        paramid: v.ulong(p.paramid, `psetsysparam[${i}].paramid`),
        lParam: BigInt(v.long(p.lParam ?? 0, `psetsysparam[${i}].lParam`) >>> 0),
        sz: arena.wstr(v.strOrNull(p.sz ?? null, `psetsysparam[${i}].sz`)),
        err: 0,
      }));
      const pcsucceed = out32();
      await this.call('JetEnableMultiInstance', [arena.structs('JET_SETSYSPARAM_W', params) || null, n, pcsucceed]);
      return pcsucceed.readUInt32LE(0);
    } finally {
      arena.free();
    }
  }

  async JetSetSystemParameter(instance: JET_INSTANCE | null, sesid: JET_SESID | null, paramid: number, lParam: number, szParam: string | null): Promise<void> {
    const inst = v.handleOrNull(instance, 'instance');
    const ses = v.handleOrNull(sesid, 'sesid');
    const id = v.ulong(paramid, 'paramid');
    const l = v.long(lParam, 'lParam') >>> 0;
    const sz = v.strOrNull(szParam, 'szParam');
    await this.call('JetSetSystemParameter', [inst === null ? null : out64(u64(inst)), u64(ses ?? -1), id, BigInt(l), wz(sz)]);
  }

  async JetGetSystemParameter(instance: JET_INSTANCE | null, sesid: JET_SESID | null, paramid: number, cbMax: number): Promise<JetGetSystemParameterResult> {
    const ses = v.handleOrNull(sesid, 'sesid');
    const id = v.ulong(paramid, 'paramid');
    const cb = v.ulong(cbMax, 'cbMax');
    const pl = out64();
    const sz = cb > 0 ? Buffer.alloc(cb) : null;
    await this.call('JetGetSystemParameter', [inst64(instance), u64(ses ?? -1), id, pl, sz, cb]);
    // esent.dll writes the string of a string parameter and the number of a numeric one
    const s = sz ? fromWz(sz) : '';
    return { plParam: Number(pl.readBigUInt64LE(0)), szParam: s === '' ? null : s };
  }

  private async init(api: 'JetInit' | 'JetInit2' | 'JetInit3', instance: unknown, grbit: number | null): Promise<number> {
    const inst = v.handleOrNull(instance, 'instance');
    const g = grbit === null ? null : v.ulong(grbit, 'grbit');
    const p = inst === null ? null : out64(u64(inst));
    const args: unknown[] = api === 'JetInit' ? [p] : api === 'JetInit2' ? [p, g] : [p, null, g];
    return this.call(api, args);
  }
  async JetInit(instance: JET_INSTANCE | null): Promise<number> {
    return this.init('JetInit', instance, null);
  }
  async JetInit2(instance: JET_INSTANCE | null, grbit: number): Promise<number> {
    return this.init('JetInit2', instance, grbit);
  }
  async JetInit3(instance: JET_INSTANCE | null, prstInfo: null, grbit: number): Promise<number> {
    v.noRestoreInfo(prstInfo);
    return this.init('JetInit3', instance, grbit);
  }

  async JetTerm(instance: JET_INSTANCE): Promise<void> {
    await this.call('JetTerm', [inst64(instance)]);
  }
  async JetTerm2(instance: JET_INSTANCE, grbit: number): Promise<void> {
    await this.call('JetTerm2', [inst64(instance), v.ulong(grbit, 'grbit')]);
  }
  async JetStopService(): Promise<void> {
    await this.call('JetStopService', []);
  }
  async JetStopServiceInstance(instance: JET_INSTANCE): Promise<void> {
    await this.call('JetStopServiceInstance', [inst64(instance)]);
  }
  async JetStopServiceInstance2(instance: JET_INSTANCE, grbit: number): Promise<void> {
    await this.call('JetStopServiceInstance2', [inst64(instance), v.ulong(grbit, 'grbit')]);
  }
  async JetGetInstanceInfo(): Promise<JET_INSTANCE_INFO[]> {
    const pc = out32();
    const pa = out64();
    await this.call('JetGetInstanceInfo', [pc, pa]);
    return this.instanceInfo(pc, pa);
  }

  // ---- sessions and databases

  async JetBeginSession(instance: JET_INSTANCE, szUserName: string | null, szPassword: string | null): Promise<JET_SESID> {
    const user = v.strOrNull(szUserName, 'szUserName');
    const password = v.strOrNull(szPassword, 'szPassword');
    const p = out64();
    await this.call('JetBeginSession', [inst64(instance), p, wz(user), wz(password)]);
    return fromU64(p.readBigUInt64LE(0)) as JET_SESID;
  }
  async JetEndSession(sesid: JET_SESID, grbit: number): Promise<void> {
    const g = v.ulong(grbit, 'grbit');
    await this.call('JetEndSession', [u64(v.handle(sesid, 'sesid')), g]);
  }
  async JetCreateDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, grbit: number): Promise<JET_DBID> {
    const s = v.handle(sesid, 'sesid');
    const file = v.str(szFilename, 'szFilename');
    const connect = v.strOrNull(szConnect, 'szConnect');
    const g = v.ulong(grbit, 'grbit');
    const p = out32();
    await this.call('JetCreateDatabase', [u64(s), wz(file), wz(connect), p, g]);
    return p.readUInt32LE(0) as JET_DBID;
  }
  async JetCreateDatabase2(sesid: JET_SESID, szFilename: string, cpgDatabaseSizeMax: number, grbit: number): Promise<JET_DBID> {
    const s = v.handle(sesid, 'sesid');
    const file = v.str(szFilename, 'szFilename');
    const max = v.ulong(cpgDatabaseSizeMax, 'cpgDatabaseSizeMax');
    const g = v.ulong(grbit, 'grbit');
    const p = out32();
    await this.call('JetCreateDatabase2', [u64(s), wz(file), max, p, g]);
    return p.readUInt32LE(0) as JET_DBID;
  }
  async JetAttachDatabase(sesid: JET_SESID, szFilename: string, grbit: number): Promise<number> {
    const s = v.handle(sesid, 'sesid');
    const file = v.str(szFilename, 'szFilename');
    return this.call('JetAttachDatabase', [u64(s), wz(file), v.ulong(grbit, 'grbit')]);
  }
  async JetAttachDatabase2(sesid: JET_SESID, szFilename: string, cpgDatabaseSizeMax: number, grbit: number): Promise<number> {
    const s = v.handle(sesid, 'sesid');
    const file = v.str(szFilename, 'szFilename');
    const max = v.ulong(cpgDatabaseSizeMax, 'cpgDatabaseSizeMax');
    return this.call('JetAttachDatabase2', [u64(s), wz(file), max, v.ulong(grbit, 'grbit')]);
  }
  async JetDetachDatabase(sesid: JET_SESID, szFilename: string | null): Promise<void> {
    const s = v.handle(sesid, 'sesid');
    await this.call('JetDetachDatabase', [u64(s), wz(v.strOrNull(szFilename, 'szFilename'))]);
  }
  async JetDetachDatabase2(sesid: JET_SESID, szFilename: string | null, grbit: number): Promise<void> {
    const s = v.handle(sesid, 'sesid');
    const file = v.strOrNull(szFilename, 'szFilename');
    await this.call('JetDetachDatabase2', [u64(s), wz(file), v.ulong(grbit, 'grbit')]);
  }
  async JetOpenDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, grbit: number): Promise<JET_DBID> {
    const s = v.handle(sesid, 'sesid');
    const file = v.str(szFilename, 'szFilename');
    const connect = v.strOrNull(szConnect, 'szConnect');
    const g = v.ulong(grbit, 'grbit');
    const p = out32();
    await this.call('JetOpenDatabase', [u64(s), wz(file), wz(connect), p, g]);
    return p.readUInt32LE(0) as JET_DBID;
  }
  async JetCloseDatabase(sesid: JET_SESID, dbid: JET_DBID, grbit: number): Promise<void> {
    const s = v.handle(sesid, 'sesid');
    const g = v.ulong(grbit, 'grbit');
    await this.call('JetCloseDatabase', [u64(s), v.ulong(dbid, 'dbid'), g]);
  }
  async JetGetDatabaseFileInfo(szDatabaseName: string, InfoLevel: number): Promise<JET_DBINFOMISC | number> {
    const file = v.str(szDatabaseName, 'szDatabaseName');
    const level = v.ulong(InfoLevel, 'InfoLevel');
    if (level === JET_DbInfoMisc) {
      // JET_DBINFOMISC2 carries genMinRequired / genMaxRequired (jethdr.w)
      const b = Buffer.alloc(koffi.sizeof('JET_DBINFOMISC2'));
      await this.call('JetGetDatabaseFileInfo', [wz(file), b, b.length, level]);
      const m = decodeStruct<Record<string, unknown>>(b, 'JET_DBINFOMISC2');
      return {
        ulVersion: m.ulVersion as number,
        ulUpdate: m.ulUpdate as number,
        signDb: signature(m.signDb as RawSignature),
        dbstate: m.dbstate as number,
        lgposConsistent: m.lgposConsistent as JET_DBINFOMISC['lgposConsistent'],
        logtimeConsistent: m.logtimeConsistent as RawLogTime,
        logtimeAttach: m.logtimeAttach as RawLogTime,
        lgposAttach: m.lgposAttach as JET_DBINFOMISC['lgposAttach'],
        logtimeDetach: m.logtimeDetach as RawLogTime,
        lgposDetach: m.lgposDetach as JET_DBINFOMISC['lgposDetach'],
        signLog: signature(m.signLog as RawSignature),
        bkinfoFullPrev: bkinfo(m.bkinfoFullPrev as RawBkInfo),
        bkinfoIncPrev: bkinfo(m.bkinfoIncPrev as RawBkInfo),
        bkinfoFullCur: bkinfo(m.bkinfoFullCur as RawBkInfo),
        fShadowingDisabled: m.fShadowingDisabled !== 0,
        fUpgradeDb: m.fUpgradeDb !== 0,
        dwMajorVersion: m.dwMajorVersion as number,
        dwMinorVersion: m.dwMinorVersion as number,
        dwBuildNumber: m.dwBuildNumber as number,
        lSPNumber: m.lSPNumber as number,
        cbPageSize: m.cbPageSize as number,
        genMinRequired: m.genMinRequired as number,
        genMaxRequired: m.genMaxRequired as number,
      };
    }
    // JET_DbInfoFilesize of a file is a QWORD, the other levels a ULONG; the engine checks cbMax is
    // exactly that size (jetapi.cxx JetGetDatabaseFileInfoEx, else JET_errInvalidBufferSize)
    if (level === JET_DbInfoFilesize) {
      const b = Buffer.alloc(8);
      await this.call('JetGetDatabaseFileInfo', [wz(file), b, b.length, level]);
      return Number(b.readBigUInt64LE(0));
    }
    const b = Buffer.alloc(4);
    await this.call('JetGetDatabaseFileInfo', [wz(file), b, b.length, level]);
    return b.readUInt32LE(0);
  }

  // ---- data definition

  async JetCreateTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string, lPages: number, lDensity: number): Promise<JET_TABLEID> {
    const s = v.handle(sesid, 'sesid');
    const name = v.str(szTableName, 'szTableName');
    const pages = v.long(lPages, 'lPages');
    const density = v.long(lDensity, 'lDensity');
    const p = out64();
    await this.call('JetCreateTable', [u64(s), v.ulong(dbid, 'dbid'), wz(name), pages >>> 0, density >>> 0, p]);
    return fromU64(p.readBigUInt64LE(0)) as JET_TABLEID;
  }

  async JetCreateTableColumnIndex(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: JET_TABLECREATE): Promise<JET_TABLECREATE_RESULT> {
    const s = v.handle(sesid, 'sesid');
    const tc = v.object<JET_TABLECREATE>(ptablecreate, 'ptablecreate');
    const name = v.str(tc.szTableName, 'szTableName');
    const template = v.strOrNull(tc.szTemplateTableName ?? null, 'szTemplateTableName');
    const columns = (tc.rgcolumncreate ?? []).map((c) => ({
      szColumnName: v.str(c.szColumnName, 'szColumnName'),
      coltyp: v.ulong(c.coltyp, 'coltyp'),
      cbMax: v.ulong(c.cbMax ?? 0, 'cbMax'),
      grbit: v.ulong(c.grbit ?? 0, 'grbit'),
      pvDefault: v.bytesOrNull(c.pvDefault ?? null, 'pvDefault'),
      cp: v.ulong(c.cp ?? 0, 'cp'),
    }));
    const indexes = (tc.rgindexcreate ?? []).map((i) => ({
      szIndexName: v.str(i.szIndexName, 'szIndexName'),
      szKey: keyz(v.str(i.szKey, 'szKey')),
      grbit: v.ulong(i.grbit ?? 0, 'grbit'),
      ulDensity: v.ulong(i.ulDensity ?? 0, 'ulDensity'),
    }));
    const arena = new Arena();
    try {
      const rgcolumncreate = arena.structs(
        'JET_COLUMNCREATE_W',
        columns.map((c) => ({
          cbStruct: koffi.sizeof('JET_COLUMNCREATE_W'),
          szColumnName: arena.wstr(c.szColumnName),
          coltyp: c.coltyp,
          cbMax: c.cbMax,
          grbit: c.grbit,
          pvDefault: arena.bytes(c.pvDefault),
          cbDefault: c.pvDefault?.length ?? 0,
          cp: c.cp,
          columnid: 0,
          err: 0,
        })),
      );
      const rgindexcreate = arena.structs(
        'JET_INDEXCREATE_W',
        indexes.map((i) => ({
          cbStruct: koffi.sizeof('JET_INDEXCREATE_W'),
          szIndexName: arena.wstr(i.szIndexName),
          szKey: arena.bytes(Buffer.from(i.szKey, 'utf16le')),
          cbKey: i.szKey.length * 2,
          grbit: i.grbit,
          ulDensity: i.ulDensity,
          pidxunicode: 0n,
          ptuplelimits: 0n,
          rgconditionalcolumn: 0n,
          cConditionalColumn: 0,
          err: 0,
          cbKeyMost: JET_cbKeyMost,
        })),
      );
      const b = structBuffer('JET_TABLECREATE_W', {
        cbStruct: koffi.sizeof('JET_TABLECREATE_W'),
        szTableName: arena.wstr(name),
        szTemplateTableName: arena.wstr(template),
        ulPages: v.ulong(tc.ulPages ?? 0, 'ulPages'),
        ulDensity: v.ulong(tc.ulDensity ?? 0, 'ulDensity'),
        rgcolumncreate,
        cColumns: columns.length,
        rgindexcreate,
        cIndexes: indexes.length,
        grbit: v.ulong(tc.grbit ?? 0, 'grbit'),
        tableid: 0n,
        cCreated: 0,
      });
      await this.call('JetCreateTableColumnIndex', [u64(s), v.ulong(dbid, 'dbid'), b]);
      const out = decodeStruct<{ tableid: number | bigint; cCreated: number }>(b, 'JET_TABLECREATE_W');
      const size = koffi.sizeof('JET_COLUMNCREATE_W');
      const rgcolumnid = columns.map((_, i) => decodeStruct<{ columnid: number }>(rgcolumncreate, 'JET_COLUMNCREATE_W', i * size).columnid as JET_COLUMNID);
      return { tableid: fromU64(BigInt(out.tableid)) as JET_TABLEID, cCreated: out.cCreated, rgcolumnid };
    } finally {
      arena.free();
    }
  }

  async JetAddColumn(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: string, pcolumndef: JET_COLUMNDEF, pvDefault: Uint8Array | null, cbDefault: number): Promise<JET_COLUMNID> {
    const s = v.handle(sesid, 'sesid');
    const t = v.handle(tableid, 'tableid');
    const name = v.str(szColumnName, 'szColumnName');
    const def = v.object<JET_COLUMNDEF>(pcolumndef, 'pcolumndef');
    const coltyp = v.ulong(def.coltyp, 'coltyp');
    const dflt = v.bytesOrNull(pvDefault, 'pvDefault');
    const cb = v.ulong(cbDefault, 'cbDefault');
    const columndef = structBuffer('JET_COLUMNDEF', {
      cbStruct: koffi.sizeof('JET_COLUMNDEF'),
      columnid: v.ulong(def.columnid ?? 0, 'columnid'),
      coltyp,
      wCountry: v.ulong(def.wCountry ?? 0, 'wCountry'),
      langid: v.ulong(def.langid ?? 0, 'langid'),
      cp: v.ulong(def.cp ?? 0, 'cp'),
      wCollate: v.ulong(def.wCollate ?? 0, 'wCollate'),
      cbMax: v.ulong(def.cbMax ?? 0, 'cbMax'),
      grbit: v.ulong(def.grbit ?? 0, 'grbit'),
    });
    const p = out32();
    await this.call('JetAddColumn', [u64(s), u64(t), wz(name), columndef, dflt, cb, p]);
    return p.readUInt32LE(0) as JET_COLUMNID;
  }

  async JetCreateIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string, grbit: number, szKey: string, cbKey: number, lDensity: number): Promise<void> {
    const s = v.handle(sesid, 'sesid');
    const t = v.handle(tableid, 'tableid');
    const name = v.str(szIndexName, 'szIndexName');
    const g = v.ulong(grbit, 'grbit');
    const key = v.str(szKey, 'szKey');
    const cb = v.ulong(cbKey, 'cbKey');
    const density = v.long(lDensity, 'lDensity');
    // the API counts cbKey in characters and lets the double NUL be omitted; JetCreateIndexW takes
    // bytes and wants both NULs inside cbKey (spec: JetCreateIndex.md; jetapi.cxx): a cbKey that
    // covers the whole key covers its terminators too
    const full = keyz(key);
    const chars = cb >= key.replace(/\0+$/, '').length ? full.length : cb;
    await this.call('JetCreateIndex', [u64(s), u64(t), wz(name), g, Buffer.from(full, 'utf16le'), chars * 2, density >>> 0]);
  }

  async JetDeleteTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string): Promise<void> {
    const s = v.handle(sesid, 'sesid');
    const name = v.str(szTableName, 'szTableName');
    await this.call('JetDeleteTable', [u64(s), v.ulong(dbid, 'dbid'), wz(name)]);
  }

  async JetGetTableColumnInfo(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: string, InfoLevel: number): Promise<JET_COLUMNDEF_OUT> {
    const s = v.handle(sesid, 'sesid');
    const t = v.handle(tableid, 'tableid');
    const name = v.str(szColumnName, 'szColumnName');
    const level = v.ulong(InfoLevel, 'InfoLevel');
    const b = Buffer.alloc(koffi.sizeof('JET_COLUMNDEF'));
    await this.call('JetGetTableColumnInfo', [u64(s), u64(t), wz(name), b, b.length, level]);
    const d = decodeStruct<JET_COLUMNDEF_OUT & { coltyp: number }>(b, 'JET_COLUMNDEF');
    return { ...d };
  }

  // ---- cursors and records

  async JetOpenTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string, pvParameters: Uint8Array | null, cbParameters: number, grbit: number): Promise<JET_TABLEID> {
    const s = v.handle(sesid, 'sesid');
    const name = v.str(szTableName, 'szTableName');
    const params = v.bytesOrNull(pvParameters, 'pvParameters');
    const cb = v.ulong(cbParameters, 'cbParameters');
    const g = v.ulong(grbit, 'grbit');
    const p = out64();
    await this.call('JetOpenTable', [u64(s), v.ulong(dbid, 'dbid'), wz(name), params, cb, g, p]);
    return fromU64(p.readBigUInt64LE(0)) as JET_TABLEID;
  }
  async JetCloseTable(sesid: JET_SESID, tableid: JET_TABLEID): Promise<void> {
    await this.call('JetCloseTable', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid'))]);
  }
  async JetSetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string | null): Promise<void> {
    const s = v.handle(sesid, 'sesid');
    const t = v.handle(tableid, 'tableid');
    await this.call('JetSetCurrentIndex', [u64(s), u64(t), wz(v.strOrNull(szIndexName, 'szIndexName'))]);
  }
  async JetSetCurrentIndex2(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string | null, grbit: number): Promise<void> {
    const s = v.handle(sesid, 'sesid');
    const t = v.handle(tableid, 'tableid');
    const name = v.strOrNull(szIndexName, 'szIndexName');
    await this.call('JetSetCurrentIndex2', [u64(s), u64(t), wz(name), v.ulong(grbit, 'grbit')]);
  }
  async JetBeginTransaction(sesid: JET_SESID): Promise<void> {
    await this.call('JetBeginTransaction', [u64(v.handle(sesid, 'sesid'))]);
  }
  async JetBeginTransaction2(sesid: JET_SESID, grbit: number): Promise<void> {
    const g = v.ulong(grbit, 'grbit');
    await this.call('JetBeginTransaction2', [u64(v.handle(sesid, 'sesid')), g]);
  }
  async JetCommitTransaction(sesid: JET_SESID, grbit: number): Promise<void> {
    const g = v.ulong(grbit, 'grbit');
    await this.call('JetCommitTransaction', [u64(v.handle(sesid, 'sesid')), g]);
  }
  async JetRollback(sesid: JET_SESID, grbit: number): Promise<void> {
    const g = v.ulong(grbit, 'grbit');
    await this.call('JetRollback', [u64(v.handle(sesid, 'sesid')), g]);
  }
  async JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: number): Promise<void> {
    const p = v.ulong(prep, 'prep');
    await this.call('JetPrepareUpdate', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), p]);
  }
  async JetSetColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: Uint8Array | null, cbData: number, grbit: number, psetinfo: JET_SETINFO | null): Promise<number> {
    const col = v.ulong(columnid, 'columnid');
    const data = v.bytesOrNull(pvData, 'pvData');
    const cb = v.ulong(cbData, 'cbData');
    const g = v.ulong(grbit, 'grbit');
    const info = psetinfo === null || psetinfo === undefined ? null : v.object<JET_SETINFO>(psetinfo, 'psetinfo');
    const setinfo = info
      ? structBuffer('JET_SETINFO', { cbStruct: koffi.sizeof('JET_SETINFO'), ibLongValue: v.ulong(info.ibLongValue ?? 0, 'ibLongValue'), itagSequence: v.ulong(info.itagSequence ?? 1, 'itagSequence') })
      : null;
    return this.call('JetSetColumn', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), col, data, cb, g, setinfo]);
  }
  async JetUpdate(sesid: JET_SESID, tableid: JET_TABLEID): Promise<Buffer> {
    const b = Buffer.alloc(JET_cbBookmarkMost);
    const pcb = out32();
    await this.call('JetUpdate', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), b, b.length, pcb]);
    return b.subarray(0, Math.min(b.length, pcb.readUInt32LE(0)));
  }
  async JetDelete(sesid: JET_SESID, tableid: JET_TABLEID): Promise<void> {
    await this.call('JetDelete', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid'))]);
  }
  async JetRetrieveColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, cbData: number, grbit: number, pretinfo: JET_RETINFO | null): Promise<JetRetrieveColumnResult> {
    const col = v.ulong(columnid, 'columnid');
    const cb = v.ulong(cbData, 'cbData');
    const g = v.ulong(grbit, 'grbit');
    const info = pretinfo === null || pretinfo === undefined ? null : v.object<JET_RETINFO>(pretinfo, 'pretinfo');
    const retinfo = info
      ? structBuffer('JET_RETINFO', {
          cbStruct: koffi.sizeof('JET_RETINFO'),
          ibLongValue: v.ulong(info.ibLongValue ?? 0, 'ibLongValue'),
          itagSequence: v.ulong(info.itagSequence ?? 1, 'itagSequence'),
          columnidNextTagged: 0,
        })
      : null;
    const data = cb > 0 ? Buffer.alloc(cb) : null;
    const pcb = out32();
    const err = await this.call('JetRetrieveColumn', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), col, data, cb, pcb, g, retinfo]);
    const cbActual = pcb.readUInt32LE(0);
    if (err === JET_wrnColumnNull) return { err, pvData: null, cbActual };
    return { err, pvData: (data ?? Buffer.alloc(0)).subarray(0, Math.min(cb, cbActual)), cbActual };
  }
  async JetMove(sesid: JET_SESID, tableid: JET_TABLEID, cRow: number, grbit: number): Promise<void> {
    const n = v.long(cRow, 'cRow');
    const g = v.ulong(grbit, 'grbit');
    await this.call('JetMove', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), n, g]);
  }
  async JetMakeKey(sesid: JET_SESID, tableid: JET_TABLEID, pvData: Uint8Array | null, cbData: number, grbit: number): Promise<void> {
    const data = v.bytesOrNull(pvData, 'pvData');
    const cb = v.ulong(cbData, 'cbData');
    const g = v.ulong(grbit, 'grbit');
    await this.call('JetMakeKey', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), data, cb, g]);
  }
  async JetSeek(sesid: JET_SESID, tableid: JET_TABLEID, grbit: number): Promise<number> {
    const g = v.ulong(grbit, 'grbit');
    return this.call('JetSeek', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), g]);
  }
  async JetSetIndexRange(sesid: JET_SESID, tableid: JET_TABLEID, grbit: number): Promise<void> {
    const g = v.ulong(grbit, 'grbit');
    await this.call('JetSetIndexRange', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), g]);
  }
  async JetIndexRecordCount(sesid: JET_SESID, tableid: JET_TABLEID, crecMax: number): Promise<number> {
    const max = v.ulong(crecMax, 'crecMax');
    const p = out32();
    await this.call('JetIndexRecordCount', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), p, max]);
    return p.readUInt32LE(0);
  }
  async JetRetrieveKey(sesid: JET_SESID, tableid: JET_TABLEID, cbMax: number, grbit: number): Promise<Buffer> {
    const cb = v.ulong(cbMax, 'cbMax');
    const g = v.ulong(grbit, 'grbit');
    const b = Buffer.alloc(cb);
    const pcb = out32();
    await this.call('JetRetrieveKey', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), cb > 0 ? b : null, cb, pcb, g]);
    return b.subarray(0, Math.min(cb, pcb.readUInt32LE(0)));
  }
  async JetGetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID): Promise<string | null> {
    const b = Buffer.alloc(cchIndexName * 2);
    // the size is in bytes (jetapi.cxx: cbIndexName), whatever mingw-w64 calls the parameter
    await this.call('JetGetCurrentIndex', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), b, b.length]);
    // esent.dll gives an empty name for the sequential index of a table without a primary index
    const name = fromWz(b);
    return name === '' ? null : name;
  }
  async JetGetBookmark(sesid: JET_SESID, tableid: JET_TABLEID): Promise<Buffer> {
    const b = Buffer.alloc(JET_cbBookmarkMost);
    const pcb = out32();
    await this.call('JetGetBookmark', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), b, b.length, pcb]);
    return b.subarray(0, Math.min(b.length, pcb.readUInt32LE(0)));
  }
  async JetGotoBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: Uint8Array, cbBookmark: number): Promise<void> {
    const bm = v.bytes(pvBookmark, 'pvBookmark');
    const cb = v.ulong(cbBookmark, 'cbBookmark');
    await this.call('JetGotoBookmark', [u64(v.handle(sesid, 'sesid')), u64(v.handle(tableid, 'tableid')), bm, cb]);
  }

  // ---- streaming backup

  async JetBeginExternalBackupInstance(instance: JET_INSTANCE, grbit: number): Promise<void> {
    await this.call('JetBeginExternalBackupInstance', [inst64(instance), v.ulong(grbit, 'grbit')]);
  }
  async JetBeginExternalBackup(grbit: number): Promise<void> {
    await this.call('JetBeginExternalBackup', [v.ulong(grbit, 'grbit')]);
  }
  async JetGetAttachInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult> {
    return this.multiString('JetGetAttachInfoInstance', [inst64(instance)], v.ulong(cbMax, 'cbMax'));
  }
  async JetGetAttachInfo(cbMax: number): Promise<JetMultiStringResult> {
    return this.multiString('JetGetAttachInfo', [], v.ulong(cbMax, 'cbMax'));
  }
  private async openFile(api: 'JetOpenFileInstance' | 'JetOpenFile', lead: unknown[], szFileName: unknown): Promise<JetOpenFileResult> {
    const name = v.str(szFileName, 'szFileName');
    const ph = out64();
    const lo = out32();
    const hi = out32();
    await this.call(api, [...lead, wz(name), ph, lo, hi]);
    return { phfFile: fromU64(ph.readBigUInt64LE(0)) as JET_HANDLE, pulFileSizeLow: lo.readUInt32LE(0), pulFileSizeHigh: hi.readUInt32LE(0) };
  }
  async JetOpenFileInstance(instance: JET_INSTANCE, szFileName: string): Promise<JetOpenFileResult> {
    return this.openFile('JetOpenFileInstance', [inst64(instance)], szFileName);
  }
  async JetOpenFile(szFileName: string): Promise<JetOpenFileResult> {
    return this.openFile('JetOpenFile', [], szFileName);
  }
  /**
   * esent.dll refuses a pv whose address is not OS-page aligned (engine: backup.cxx ErrBKReadFile).
   * A Node Buffer's memory starts 16 bytes into a page even at byteOffset 0, so a read the API
   * calls aligned (byteOffset a multiple of 4096, what the reference checks) goes through a
   * page-aligned bounce buffer and is copied out, as ManagedEsent does; any other pv goes to the
   * DLL as it is, to be refused as the reference refuses it.
   */
  private async read(api: 'JetReadFileInstance' | 'JetReadFile', lead: unknown[], pv: unknown, cb: unknown): Promise<number> {
    const buf = v.bytes(pv, 'pv');
    const n = v.ulong(cb, 'cb');
    if (n > buf.length) throw new RangeError('cb is larger than pv');
    const pcb = out32();
    if (buf.byteOffset % 4096 !== 0) {
      await this.call(api, [...lead, buf, n, pcb]);
      return pcb.readUInt32LE(0);
    }
    // one bounce buffer serves the reads in turn; a read while it is busy gets its own
    const shared = !this.bounceBusy;
    if (shared && (!this.bounce || this.bounce.length < n)) this.bounce = alignedBytes(n);
    const bounce = shared ? this.bounce! : alignedBytes(n);
    if (shared) this.bounceBusy = true;
    try {
      await this.call(api, [...lead, bounce, n, pcb]);
      const got = pcb.readUInt32LE(0);
      buf.set(bounce.subarray(0, Math.min(n, got)));
      return got;
    } finally {
      if (shared) this.bounceBusy = false;
    }
  }
  async JetReadFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number> {
    const inst = inst64(instance);
    return this.read('JetReadFileInstance', [inst, u64(v.handle(hfFile, 'hfFile'))], pv, cb);
  }
  async JetReadFile(hfFile: JET_HANDLE, pv: Uint8Array, cb: number): Promise<number> {
    return this.read('JetReadFile', [u64(v.handle(hfFile, 'hfFile'))], pv, cb);
  }
  async JetCloseFileInstance(instance: JET_INSTANCE, hfFile: JET_HANDLE): Promise<void> {
    await this.call('JetCloseFileInstance', [inst64(instance), u64(v.handle(hfFile, 'hfFile'))]);
  }
  async JetCloseFile(hfFile: JET_HANDLE): Promise<void> {
    await this.call('JetCloseFile', [u64(v.handle(hfFile, 'hfFile'))]);
  }
  async JetGetLogInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult> {
    return this.multiString('JetGetLogInfoInstance', [inst64(instance)], v.ulong(cbMax, 'cbMax'));
  }
  async JetGetLogInfo(cbMax: number): Promise<JetMultiStringResult> {
    return this.multiString('JetGetLogInfo', [], v.ulong(cbMax, 'cbMax'));
  }
  async JetGetLogInfoInstance2(instance: JET_INSTANCE, cbMax: number, pLogInfo: { readonly cbSize: number }): Promise<JetGetLogInfoInstance2Result> {
    const cb = v.ulong(cbMax, 'cbMax');
    const li = v.object<{ cbSize: unknown }>(pLogInfo, 'pLogInfo');
    const cbSize = v.ulong(li.cbSize, 'pLogInfo.cbSize');
    const info = structBuffer('JET_LOGINFO_W', { cbSize: logInfoW(cbSize), ulGenLow: 0, ulGenHigh: 0, szBaseName: '' });
    const buf = cb > 0 ? Buffer.alloc(cb) : null;
    const pcb = out32();
    await this.call('JetGetLogInfoInstance2', [inst64(instance), buf, cb, pcb, info]);
    const pcbActual = pcb.readUInt32LE(0);
    const got = decodeStruct<JET_LOGINFO>(info, 'JET_LOGINFO_W');
    return {
      szz: buf ? buf.toString('utf16le', 0, Math.min(cb, pcbActual) & ~1) : '',
      pcbActual,
      pLogInfo: { cbSize, ulGenLow: got.ulGenLow, ulGenHigh: got.ulGenHigh, szBaseName: got.szBaseName },
    };
  }
  async JetGetTruncateLogInfoInstance(instance: JET_INSTANCE, cbMax: number): Promise<JetMultiStringResult> {
    return this.multiString('JetGetTruncateLogInfoInstance', [inst64(instance)], v.ulong(cbMax, 'cbMax'));
  }
  async JetTruncateLogInstance(instance: JET_INSTANCE): Promise<void> {
    await this.call('JetTruncateLogInstance', [inst64(instance)]);
  }
  async JetTruncateLog(): Promise<void> {
    await this.call('JetTruncateLog', []);
  }
  async JetEndExternalBackupInstance(instance: JET_INSTANCE): Promise<void> {
    await this.call('JetEndExternalBackupInstance', [inst64(instance)]);
  }
  async JetEndExternalBackupInstance2(instance: JET_INSTANCE, grbit: number): Promise<void> {
    await this.call('JetEndExternalBackupInstance2', [inst64(instance), v.ulong(grbit, 'grbit')]);
  }
  async JetEndExternalBackup(): Promise<void> {
    await this.call('JetEndExternalBackup', []);
  }
  async JetStopBackupInstance(instance: JET_INSTANCE): Promise<void> {
    await this.call('JetStopBackupInstance', [inst64(instance)]);
  }
  async JetStopBackup(): Promise<void> {
    await this.call('JetStopBackup', []);
  }

  // ---- backup to a folder and restore

  async JetBackupInstance(instance: JET_INSTANCE, szBackupPath: string, grbit: number, pfnStatus: JET_PFNSTATUS | null): Promise<void> {
    const path = v.str(szBackupPath, 'szBackupPath');
    const g = v.ulong(grbit, 'grbit');
    const status = v.statusFn(pfnStatus);
    await this.withStatus('JetBackupInstance', status, (cb) => [inst64(instance), wz(path), g, cb]);
  }
  async JetBackup(szBackupPath: string, grbit: number, pfnStatus: JET_PFNSTATUS | null): Promise<void> {
    const path = v.str(szBackupPath, 'szBackupPath');
    const g = v.ulong(grbit, 'grbit');
    const status = v.statusFn(pfnStatus);
    await this.withStatus('JetBackup', status, (cb) => [wz(path), g, cb]);
  }
  async JetRestoreInstance(instance: JET_INSTANCE, sz: string, szDest: string | null, pfn: JET_PFNSTATUS | null): Promise<void> {
    const src = v.str(sz, 'sz');
    const dest = v.strOrNull(szDest, 'szDest');
    const status = v.statusFn(pfn);
    await this.withStatus('JetRestoreInstance', status, (cb) => [inst64(instance), wz(src), wz(dest), cb]);
  }
  async JetRestore(sz: string, pfn: JET_PFNSTATUS | null): Promise<void> {
    const src = v.str(sz, 'sz');
    const status = v.statusFn(pfn);
    await this.withStatus('JetRestore', status, (cb) => [wz(src), cb]);
  }
  async JetRestore2(sz: string, szDest: string | null, pfn: JET_PFNSTATUS | null): Promise<void> {
    const src = v.str(sz, 'sz');
    const dest = v.strOrNull(szDest, 'szDest');
    const status = v.statusFn(pfn);
    await this.withStatus('JetRestore2', status, (cb) => [wz(src), wz(dest), cb]);
  }

  async JetExternalRestore(
    szCheckpointFilePath: string | null,
    szLogPath: string | null,
    rgrstmap: readonly JET_RSTMAP[] | null,
    crstfilemap: number,
    szBackupLogPath: string,
    genLow: number,
    genHigh: number,
    pfn: JET_PFNSTATUS | null,
  ): Promise<void> {
    const chk = v.strOrNull(szCheckpointFilePath, 'szCheckpointFilePath');
    const log = v.strOrNull(szLogPath, 'szLogPath');
    const map = v.rstmap(rgrstmap, crstfilemap);
    const backupLogs = v.str(szBackupLogPath, 'szBackupLogPath');
    const lo = v.ulong(genLow, 'genLow');
    const hi = v.ulong(genHigh, 'genHigh');
    const status = v.statusFn(pfn);
    const arena = new Arena();
    try {
      const maps = this.rstmaps(arena, map);
      await this.withStatus('JetExternalRestore', status, (cb) => [wz(chk), wz(log), maps, map.length, wz(backupLogs), lo | 0, hi | 0, cb]);
    } finally {
      arena.free();
    }
  }

  async JetExternalRestore2(
    szCheckpointFilePath: string | null,
    szLogPath: string | null,
    rgrstmap: readonly JET_RSTMAP[] | null,
    crstfilemap: number,
    szBackupLogPath: string,
    pLogInfo: JET_LOGINFO,
    szTargetInstanceName: string | null,
    szTargetInstanceLogPath: string | null,
    szTargetInstanceCheckpointPath: string | null,
    pfn: JET_PFNSTATUS | null,
  ): Promise<void> {
    const chk = v.strOrNull(szCheckpointFilePath, 'szCheckpointFilePath');
    const log = v.strOrNull(szLogPath, 'szLogPath');
    const map = v.rstmap(rgrstmap, crstfilemap);
    const backupLogs = v.str(szBackupLogPath, 'szBackupLogPath');
    const li = v.object<JET_LOGINFO>(pLogInfo, 'pLogInfo');
    const info = structBuffer('JET_LOGINFO_W', {
      cbSize: logInfoW(v.ulong(li.cbSize, 'pLogInfo.cbSize')),
      ulGenLow: v.ulong(li.ulGenLow, 'pLogInfo.ulGenLow'),
      ulGenHigh: v.ulong(li.ulGenHigh, 'pLogInfo.ulGenHigh'),
      szBaseName: v.str(li.szBaseName, 'pLogInfo.szBaseName'),
    });
    const name = v.strOrNull(szTargetInstanceName, 'szTargetInstanceName');
    const tLog = v.strOrNull(szTargetInstanceLogPath, 'szTargetInstanceLogPath');
    const tChk = v.strOrNull(szTargetInstanceCheckpointPath, 'szTargetInstanceCheckpointPath');
    const status = v.statusFn(pfn);
    const arena = new Arena();
    try {
      const maps = this.rstmaps(arena, map);
      await this.withStatus('JetExternalRestore2', status, (cb) => [wz(chk), wz(log), maps, map.length, wz(backupLogs), info, wz(name), wz(tLog), wz(tChk), cb]);
    } finally {
      arena.free();
    }
  }

  private rstmaps(arena: Arena, map: readonly JET_RSTMAP[]): bigint | null {
    const p = arena.structs('JET_RSTMAP_W', map.map((m) => ({ szDatabaseName: arena.wstr(m.szDatabaseName), szNewDatabaseName: arena.wstr(m.szNewDatabaseName) })));
    return p === 0n ? null : p;
  }

  // ---- OS snapshots

  async JetOSSnapshotPrepare(grbit: number): Promise<JET_OSSNAPID> {
    const g = v.ulong(grbit, 'grbit');
    const p = out64();
    await this.call('JetOSSnapshotPrepare', [p, g]);
    return fromU64(p.readBigUInt64LE(0)) as JET_OSSNAPID;
  }
  async JetOSSnapshotPrepareInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: number): Promise<void> {
    const snap = v.handle(snapId, 'snapId');
    await this.call('JetOSSnapshotPrepareInstance', [u64(snap), inst64(instance), v.ulong(grbit, 'grbit')]);
  }
  private async freezeInfo(api: 'JetOSSnapshotFreeze' | 'JetOSSnapshotGetFreezeInfo', snapId: unknown, grbit: unknown): Promise<JET_INSTANCE_INFO[]> {
    const snap = v.handle(snapId, 'snapId');
    const g = v.ulong(grbit, 'grbit');
    const pc = out32();
    const pa = out64();
    await this.call(api, [u64(snap), pc, pa, g]);
    return this.instanceInfo(pc, pa);
  }
  async JetOSSnapshotFreeze(snapId: JET_OSSNAPID, grbit: number): Promise<JET_INSTANCE_INFO[]> {
    return this.freezeInfo('JetOSSnapshotFreeze', snapId, grbit);
  }
  async JetOSSnapshotGetFreezeInfo(snapId: JET_OSSNAPID, grbit: number): Promise<JET_INSTANCE_INFO[]> {
    return this.freezeInfo('JetOSSnapshotGetFreezeInfo', snapId, grbit);
  }
  private async snap(api: 'JetOSSnapshotThaw' | 'JetOSSnapshotAbort' | 'JetOSSnapshotTruncateLog' | 'JetOSSnapshotEnd', snapId: unknown, grbit: unknown): Promise<void> {
    const snap = v.handle(snapId, 'snapId');
    await this.call(api, [u64(snap), v.ulong(grbit, 'grbit')]);
  }
  async JetOSSnapshotThaw(snapId: JET_OSSNAPID, grbit: number): Promise<void> {
    return this.snap('JetOSSnapshotThaw', snapId, grbit);
  }
  async JetOSSnapshotAbort(snapId: JET_OSSNAPID, grbit: number): Promise<void> {
    return this.snap('JetOSSnapshotAbort', snapId, grbit);
  }
  async JetOSSnapshotTruncateLog(snapId: JET_OSSNAPID, grbit: number): Promise<void> {
    return this.snap('JetOSSnapshotTruncateLog', snapId, grbit);
  }
  async JetOSSnapshotTruncateLogInstance(snapId: JET_OSSNAPID, instance: JET_INSTANCE, grbit: number): Promise<void> {
    const snap = v.handle(snapId, 'snapId');
    await this.call('JetOSSnapshotTruncateLogInstance', [u64(snap), inst64(instance), v.ulong(grbit, 'grbit')]);
  }
  async JetOSSnapshotEnd(snapId: JET_OSSNAPID, grbit: number): Promise<void> {
    return this.snap('JetOSSnapshotEnd', snapId, grbit);
  }
}
