// The reference implementation of EsentApi: argument checks (TypeError first), handle lookup,
// the instance-mode rules (SEMANTICS.md §1 "Shared gating") and the entry gate, then the engine.
import {
  JET_errAlreadyInitialized,
  JET_errBufferTooSmall,
  JET_errClientRequestToStopJetService,
  JET_errDensityInvalid,
  JET_errTableLocked,
  JET_errOutOfCursors,
  JET_errDatabaseNotFound,
  JET_errDatabaseInUse,
  JET_errFileNotFound,
  JET_errInstanceNameInUse,
  JET_errInvalidDatabaseId,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errInvalidSesid,
  JET_errInvalidTableId,
  JET_errNotInitialized,
  JET_errNotInTransaction,
  JET_errObjectNotFound,
  JET_errOutOfSessions,
  JET_errPermissionDenied,
  JET_errRunningInMultiInstanceMode,
  JET_errRunningInOneInstanceMode,
  JET_errSystemParamsAlreadySet,
  JET_errTableInUse,
  JET_errTooManyInstances,
  JET_errTransTooDeep,
  JET_errColumnNotFound,
  jetError,
} from '@winbackup/errors';
import { statSync } from 'node:fs';
import {
  JET_bitCommitLazyFlush,
  JET_bitRetrieveCopy,
  JET_bitMoveFirst,
  JET_bitNoMove,
  JET_bitForceNewLog,
  JET_bitForceSessionClosed,
  JET_bitRollbackAll,
  JET_bitStopServiceBackgroundUserTasks,
  JET_bitStopServiceQuiesceCaches,
  JET_bitStopServiceResume,
  JET_bitTableDenyRead,
  JET_bitTableDenyWrite,
  JET_bitTableNoCache,
  JET_bitTablePermitDDL,
  JET_bitTablePreread,
  JET_bitTableReadOnly,
  JET_bitTableSequential,
  JET_bitTableUpdatable,
  JET_bitTermAbrupt,
  JET_bitTermComplete,
  JET_bitTermDirty,
  JET_bitTermStopBackup,
  JET_bitTransactionReadOnly,
  JET_bitWaitAllLevel0Commit,
  JET_bitWaitLastLevel0Commit,
  JET_ColInfo,
  JET_ColInfoByColid,
  JET_DbInfoFilesize,
  JET_DbInfoMisc,
  JET_DbInfoPageSize,
  JET_levelMax,
  JET_paramBaseName,
  JET_paramMaxCursors,
  JET_paramCommitDefault,
  JET_paramDatabasePageSize,
  JET_paramMaxInstances,
  JET_paramMaxSessions,
  JET_bitReplayIgnoreMissingDB,
  JET_bitRecoveryWithoutUndo,
  JET_bitTruncateLogsAfterRecovery,
  JET_bitReplayMissingMapEntryDB,
  JET_bitLogStreamMustExist,
  JET_bitDbReadOnly,
  JET_bitDbExclusive,
  JET_bitDbOverwriteExisting,
  JET_bitDbRecoveryOff,
  JET_bitDbShadowingOff,
  JET_bitDbDeleteCorruptIndexes,
  JET_bitDbDeleteUnicodeIndexes,
  JET_bitDbUpgrade,
} from '../api/constants.js';
import type { EsentApi } from '../api/EsentApi.js';
import type { JET_COLUMNID, JET_DBID, JET_INSTANCE, JET_SESID, JET_TABLEID } from '../api/handles.js';
import type {
  JET_COLUMNDEF,
  JET_COLUMNDEF_OUT,
  JET_DBINFOMISC,
  JET_INSTANCE_INFO,
  JET_RETINFO,
  JET_SETINFO,
  JET_SETSYSPARAM,
  JET_TABLECREATE,
  JET_TABLECREATE_RESULT,
  JetGetSystemParameterResult,
  JetRetrieveColumnResult,
} from '../api/structs.js';
import { Cursor } from './engine/cursor.js';
import { Instance } from './engine/instance.js';
import { RecType, type LogRec } from './engine/logrecords.js';
import type { Table } from './isam/table.js';
import { PARAMS, ParamStore, VALID_PAGE_SIZES } from './engine/params.js';
import { Session } from './engine/session.js';
import { addColumn, createIndex } from './isam/content.js';
import { readDbFileHeader } from './storage/dbfile.js';
import type { AttachedDb } from './engine/database.js';
import * as v from '../validate/validate.js';
import { ReferenceBackup } from './backup/ReferenceBackup.js';
import type { EsentBackupApi } from '../api/backup.js';

export interface ReferenceEsentOptions {
  /** Directory relative paths (system, log, temp, database paths) resolve against. */
  readonly root: string;
  /** Milliseconds since the epoch; defaults to Date.now. Stamps headers and signatures. */
  readonly clock?: () => number;
}

type Mode = 'none' | 'one' | 'multi';

/** Session ids are unique in the process: snapshots (isam/versions.ts) are keyed by them. */
let nextSesid = 1;

const TABLE_GRBITS =
  JET_bitTableDenyWrite |
  JET_bitTableDenyRead |
  JET_bitTableReadOnly |
  JET_bitTableUpdatable |
  JET_bitTablePermitDDL |
  JET_bitTableNoCache |
  JET_bitTablePreread |
  JET_bitTableSequential;
const INIT_GRBITS = JET_bitReplayIgnoreMissingDB | JET_bitRecoveryWithoutUndo | JET_bitTruncateLogsAfterRecovery | JET_bitReplayMissingMapEntryDB | JET_bitLogStreamMustExist;
const DB_GRBITS =
  JET_bitDbReadOnly | JET_bitDbExclusive | JET_bitDbOverwriteExisting | JET_bitDbRecoveryOff | JET_bitDbShadowingOff | JET_bitDbDeleteCorruptIndexes | JET_bitDbDeleteUnicodeIndexes | JET_bitDbUpgrade;

export class ReferenceEsent implements EsentApi {
  private mode: Mode = 'none';
  private readonly globals = new ParamStore();
  private readonly instances = new Map<number, Instance>();
  private readonly sessions = new Map<number, Session>();
  private readonly cursors = new Map<number, Cursor>();
  private nextInstance = 1;
  private nextTableid = 1;
  private anyInitialized = false;
  readonly root: string;
  readonly clock: () => number;

  constructor(options: ReferenceEsentOptions) {
    this.root = options.root;
    this.clock = options.clock ?? Date.now;
  }

  // ---- internal lookups (also used by the backup module)

  /** backup hook: one- or multi-instance mode (JetRestore, JetExternalRestore). */
  get instanceMode(): Mode {
    return this.mode;
  }

  /** backup hook: every live instance. */
  liveInstances(): Instance[] {
    return [...this.instances.values()];
  }

  private newInstance(name: string | null, display: string | null): Instance {
    const id = this.nextInstance++;
    const inst = new Instance(id, name, display, this.globals.clone(), {
      root: this.root,
      clock: this.clock,
      pageSize: () => this.globals.num(JET_paramDatabasePageSize),
    });
    this.instances.set(id, inst);
    return inst;
  }

  /**
   * Resolves an instance argument (SEMANTICS.md §1): in one-instance mode the handle is ignored;
   * in multi-instance mode an unknown handle is JET_errInvalidParameter.
   */
  findInstance(instance: number | null, context: string): Instance {
    if (this.mode === 'one') {
      const only = [...this.instances.values()][0];
      if (only) return only;
    }
    if (instance === null) throw jetError(JET_errInvalidParameter, { context });
    const inst = this.instances.get(instance);
    if (!inst) throw jetError(JET_errInvalidParameter, { context });
    return inst;
  }

  /** The legacy no-instance form (JetStopService, JetBackup...): ErrRUNINSTCheckOneInstMode. */
  legacyInstance(context: string): Instance {
    if (this.mode === 'multi') throw jetError(JET_errRunningInMultiInstanceMode, { context });
    const only = [...this.instances.values()][0];
    if (this.mode === 'none' || !only) throw jetError(JET_errInvalidParameter, { context });
    return only;
  }

  /** Entry gate "G" (SEMANTICS.md §1). */
  private enter(inst: Instance, context: string): void {
    if (inst.stopService) throw jetError(JET_errClientRequestToStopJetService, { context });
    if (inst.state !== 'running') throw jetError(JET_errNotInitialized, { context });
  }

  private session(sesid: unknown, context: string): { s: Session; inst: Instance } {
    const id = v.handle(sesid, 'sesid');
    const s = this.sessions.get(id);
    if (!s) throw jetError(JET_errInvalidSesid, { context });
    const inst = this.instances.get(s.instanceId);
    if (!inst) throw jetError(JET_errInvalidSesid, { context });
    this.enter(inst, context);
    return { s, inst };
  }

  /**
   * Waits at the write gate (an OS snapshot freeze holds writes), then checks again that the
   * session and its instance are still usable: they may have ended while the call waited.
   */
  private async writable(s: Session, inst: Instance, context: string): Promise<void> {
    await inst.gate.wait();
    if (s.ended) throw jetError(JET_errInvalidSesid, { context });
    this.enter(inst, context);
  }

  private cursor(s: Session, tableid: unknown, context: string): Cursor {
    const id = v.handle(tableid, 'tableid');
    const c = this.cursors.get(id);
    if (!c || c.session !== s) throw jetError(JET_errInvalidTableId, { context });
    return c;
  }

  private openedDb(s: Session, inst: Instance, dbid: unknown, context: string): AttachedDb {
    const id = v.handle(dbid, 'dbid');
    const db = inst.dbsById.get(id);
    if (!db || !s.openDbs.has(id)) throw jetError(JET_errInvalidDatabaseId, { context });
    return db;
  }

  private attachedElsewhere(inst: Instance, path: string): boolean {
    for (const other of this.instances.values()) if (other !== inst && other.dbs.has(path)) return true;
    return false;
  }

  // ---- instances

  async JetCreateInstance(szInstanceName: string | null): Promise<JET_INSTANCE> {
    return this.JetCreateInstance2(szInstanceName, null, 0);
  }

  async JetCreateInstance2(szInstanceName: string | null, szDisplayName: string | null, grbit: number): Promise<JET_INSTANCE> {
    const context = 'JetCreateInstance2';
    const name = v.strOrNull(szInstanceName, 'szInstanceName');
    const display = v.strOrNull(szDisplayName, 'szDisplayName');
    const g = v.ulong(grbit, 'grbit');
    if (g !== 0) throw jetError(JET_errInvalidParameter, { context });
    if (this.mode === 'one') throw jetError(JET_errRunningInOneInstanceMode, { context });
    if (name !== null && [...this.instances.values()].some((i) => i.name === name)) throw jetError(JET_errInstanceNameInUse, { context });
    if (this.instances.size >= this.globals.num(JET_paramMaxInstances)) throw jetError(JET_errTooManyInstances, { context });
    this.mode = 'multi';
    return this.newInstance(name, display).id as JET_INSTANCE;
  }

  async JetEnableMultiInstance(psetsysparam: readonly JET_SETSYSPARAM[] | null, csetsysparam: number): Promise<number> {
    const context = 'JetEnableMultiInstance';
    const n = v.ulong(csetsysparam, 'csetsysparam');
    const list = v.setSysParams(psetsysparam, n);
    if (this.mode === 'one') throw jetError(JET_errRunningInOneInstanceMode, { context });
    if (this.mode === 'multi' && this.anyInitialized) throw jetError(JET_errSystemParamsAlreadySet, { context });
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const p = list[i]!;
      this.setParam(this.globals, null, v.ulong(p.paramid, 'paramid'), p.lParam ?? 0, p.sz ?? null, context);
      ok++;
    }
    this.mode = 'multi';
    return ok;
  }

  private setParam(store: ParamStore, inst: Instance | null, paramid: number, lParam: number, sz: string | null, context: string): void {
    const spec = PARAMS.get(paramid);
    if (!spec) throw jetError(JET_errInvalidParameter, { context });
    if (spec.scope === 'global' && this.anyInitialized) throw jetError(JET_errAlreadyInitialized, { context });
    if (spec.scope === 'instance' && inst && inst.state !== 'created') throw jetError(JET_errAlreadyInitialized, { context });
    if (spec.kind === 'str') {
      if (sz === null) throw jetError(JET_errInvalidParameter, { context });
      if (paramid === JET_paramBaseName && !/^[A-Za-z0-9]{3}$/.test(sz)) throw jetError(JET_errInvalidParameter, { context });
      store.setStr(paramid, sz);
      return;
    }
    if ((spec.min !== undefined && lParam < spec.min) || (spec.max !== undefined && lParam > spec.max)) throw jetError(JET_errInvalidParameter, { context });
    if (paramid === JET_paramDatabasePageSize && !VALID_PAGE_SIZES.includes(lParam)) throw jetError(JET_errInvalidParameter, { context });
    store.setNum(paramid, lParam);
  }

  async JetSetSystemParameter(instance: JET_INSTANCE | null, sesid: JET_SESID | null, paramid: number, lParam: number, szParam: string | null): Promise<void> {
    const context = 'JetSetSystemParameter';
    const instId = v.handleOrNull(instance, 'instance');
    v.handleOrNull(sesid, 'sesid');
    const id = v.ulong(paramid, 'paramid');
    const l = v.long(lParam, 'lParam') >>> 0;
    const sz = v.strOrNull(szParam, 'szParam');
    const spec = PARAMS.get(id);
    if (instId === null && this.mode !== 'one') {
      // instance nil: a global default that instances created later copy
      this.setParam(this.globals, null, id, l, sz, context);
      return;
    }
    const inst = this.findInstance(instId, context);
    if (spec?.scope === 'global') {
      this.setParam(this.globals, inst, id, l, sz, context);
      return;
    }
    this.setParam(inst.params, inst, id, l, sz, context);
  }

  async JetGetSystemParameter(instance: JET_INSTANCE | null, sesid: JET_SESID | null, paramid: number, cbMax: number): Promise<JetGetSystemParameterResult> {
    const context = 'JetGetSystemParameter';
    const instId = v.handleOrNull(instance, 'instance');
    v.handleOrNull(sesid, 'sesid');
    const id = v.ulong(paramid, 'paramid');
    const cb = v.ulong(cbMax, 'cbMax');
    const spec = PARAMS.get(id);
    if (!spec) throw jetError(JET_errInvalidParameter, { context });
    const store = instId === null && this.mode !== 'one' ? this.globals : spec.scope === 'global' ? this.globals : this.findInstance(instId, context).params;
    if (spec.kind === 'str') {
      const s = store.str(id);
      // the caller's buffer must hold the string and its terminator (cbMax in bytes, 2 per WCHAR)
      if ((s.length + 1) * 2 > cb) throw jetError(JET_errBufferTooSmall, { context });
      return { plParam: 0, szParam: s };
    }
    return { plParam: store.num(id), szParam: null };
  }

  async JetInit(instance: JET_INSTANCE | null): Promise<number> {
    return this.init(instance, 0, 'JetInit');
  }

  async JetInit2(instance: JET_INSTANCE | null, grbit: number): Promise<number> {
    return this.init(instance, grbit, 'JetInit2');
  }

  async JetInit3(instance: JET_INSTANCE | null, prstInfo: null, grbit: number): Promise<number> {
    v.noRestoreInfo(prstInfo);
    return this.init(instance, grbit, 'JetInit3');
  }

  private init(instance: JET_INSTANCE | null, grbit: number, context: string): number {
    const id = v.handleOrNull(instance, 'instance');
    const g = v.ulong(grbit, 'grbit');
    if ((g & ~INIT_GRBITS) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    let inst: Instance;
    if (id === null) {
      // legacy JetInit(NULL) starts one-instance mode (Windows 2000 compatibility)
      if (this.mode === 'multi') throw jetError(JET_errRunningInMultiInstanceMode, { context });
      inst = [...this.instances.values()][0] ?? this.newInstance(null, null);
      if (this.mode === 'none') {
        // parameters set before the first JetInit were global defaults: the one instance takes them
        for (const [pid] of PARAMS) {
          const spec = PARAMS.get(pid)!;
          if (spec.kind === 'str') inst.params.setStr(pid, this.globals.str(pid));
          else inst.params.setNum(pid, this.globals.num(pid));
        }
      }
      this.mode = 'one';
    } else inst = this.findInstance(id, context);
    const w = inst.init(g, context);
    this.anyInitialized = true;
    return w;
  }

  async JetTerm(instance: JET_INSTANCE): Promise<void> {
    // JetTerm is JetTerm2 without grbits, which ESE treats as JET_bitTermAbrupt (spec: JetTerm2.md)
    return this.term(instance, JET_bitTermAbrupt, 'JetTerm');
  }

  async JetTerm2(instance: JET_INSTANCE, grbit: number): Promise<void> {
    return this.term(instance, grbit, 'JetTerm2');
  }

  private async term(instance: JET_INSTANCE, grbit: number, context: string): Promise<void> {
    const id = v.handleOrNull(instance, 'instance');
    const g = v.ulong(grbit, 'grbit');
    if ((g & ~(JET_bitTermComplete | JET_bitTermAbrupt | JET_bitTermStopBackup | JET_bitTermDirty)) !== 0) throw jetError(JET_errInvalidParameter, { context });
    const inst = this.findInstance(id, context);
    await inst.gate.wait();
    if (inst.state === 'running') inst.term(g, context, (s) => this.endSession(s));
    inst.state = 'terminated';
    this.instances.delete(inst.id);
    if (this.mode === 'one') this.mode = 'none';
  }

  async JetStopService(): Promise<void> {
    this.legacyInstance('JetStopService').stopService = true;
  }

  async JetStopServiceInstance(instance: JET_INSTANCE): Promise<void> {
    const id = v.handleOrNull(instance, 'instance');
    this.findInstance(id, 'JetStopServiceInstance').stopService = true;
  }

  async JetStopServiceInstance2(instance: JET_INSTANCE, grbit: number): Promise<void> {
    const context = 'JetStopServiceInstance2';
    const id = v.handleOrNull(instance, 'instance');
    const g = v.ulong(grbit, 'grbit');
    const allowed = JET_bitStopServiceBackgroundUserTasks | JET_bitStopServiceQuiesceCaches | JET_bitStopServiceResume;
    if ((g & ~allowed) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const inst = this.findInstance(id, context);
    if (g & JET_bitStopServiceResume) {
      inst.stopService = false;
      return;
    }
    // 0 (All) stops the service; QuiesceCaches writes dirty pages out (a checkpoint here);
    // BackgroundUserTasks only pauses background work, of which the reference has none
    if (g & JET_bitStopServiceQuiesceCaches) {
      await inst.gate.wait();
      if (inst.state === 'running') inst.checkpoint();
    }
    if (g === 0) inst.stopService = true;
  }

  async JetGetInstanceInfo(): Promise<JET_INSTANCE_INFO[]> {
    return [...this.instances.values()]
      .filter((i) => i.state === 'running')
      .map((i) => {
        const files = [...i.dbs.keys()];
        return {
          hInstanceId: i.id as JET_INSTANCE,
          szInstanceName: i.name,
          cDatabases: files.length,
          szDatabaseFileName: files,
          szDatabaseDisplayName: files.map(() => null),
        };
      });
  }

  // ---- sessions

  async JetBeginSession(instance: JET_INSTANCE, szUserName: string | null, szPassword: string | null): Promise<JET_SESID> {
    const context = 'JetBeginSession';
    const id = v.handleOrNull(instance, 'instance');
    v.strOrNull(szUserName, 'szUserName');
    v.strOrNull(szPassword, 'szPassword');
    const inst = this.findInstance(id, context);
    this.enter(inst, context);
    if (inst.sessions.size >= inst.params.num(JET_paramMaxSessions)) throw jetError(JET_errOutOfSessions, { context });
    const s = new Session(nextSesid++, inst.id);
    this.sessions.set(s.id, s);
    inst.sessions.set(s.id, s);
    return s.id as JET_SESID;
  }

  /** Rolls back, closes cursors and databases, forgets the session. */
  private endSession(s: Session): void {
    while (s.level > 0) s.rollbackLevel();
    for (const t of s.cursors) this.cursors.delete(t);
    s.cursors.clear();
    const inst = this.instances.get(s.instanceId);
    for (const dbid of s.openDbs.keys()) {
      const db = inst?.dbsById.get(dbid);
      db?.openBy.delete(s.id);
      if (db?.exclusiveBy === s.id) db.exclusiveBy = undefined;
    }
    s.openDbs.clear();
    s.ended = true;
    this.sessions.delete(s.id);
    inst?.sessions.delete(s.id);
  }

  async JetEndSession(sesid: JET_SESID, grbit: number): Promise<void> {
    const context = 'JetEndSession';
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    if ((g & ~JET_bitForceSessionClosed) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    this.endSession(s);
  }

  // ---- databases

  private openDbFor(s: Session, db: AttachedDb): JET_DBID {
    s.openDbs.set(db.dbid, (s.openDbs.get(db.dbid) ?? 0) + 1);
    db.openBy.set(s.id, (db.openBy.get(s.id) ?? 0) + 1);
    return db.dbid as JET_DBID;
  }

  async JetCreateDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, grbit: number): Promise<JET_DBID> {
    return this.createDatabase(sesid, szFilename, szConnect, 0, grbit, 'JetCreateDatabase');
  }

  async JetCreateDatabase2(sesid: JET_SESID, szFilename: string, cpgDatabaseSizeMax: number, grbit: number): Promise<JET_DBID> {
    return this.createDatabase(sesid, szFilename, null, cpgDatabaseSizeMax, grbit, 'JetCreateDatabase2');
  }

  private async createDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, cpgMax: number, grbit: number, context: string): Promise<JET_DBID> {
    const { s, inst, g, path } = await this.databaseFileCall(sesid, szFilename, szConnect, cpgMax, grbit, context);
    const db = inst.createDatabase(path, g, this.attachedElsewhere(inst, path), context);
    return this.openDbFor(s, db);
  }

  async JetAttachDatabase(sesid: JET_SESID, szFilename: string, grbit: number): Promise<number> {
    return this.attach(sesid, szFilename, 0, grbit, 'JetAttachDatabase');
  }

  async JetAttachDatabase2(sesid: JET_SESID, szFilename: string, cpgDatabaseSizeMax: number, grbit: number): Promise<number> {
    return this.attach(sesid, szFilename, cpgDatabaseSizeMax, grbit, 'JetAttachDatabase2');
  }

  private async attach(sesid: JET_SESID, szFilename: string, cpgMax: number, grbit: number, context: string): Promise<number> {
    const { inst, g, path } = await this.databaseFileCall(sesid, szFilename, null, cpgMax, grbit, context);
    return inst.attachDatabase(path, g, this.attachedElsewhere(inst, path), context);
  }

  /**
   * The checks JetCreateDatabase* and JetAttachDatabase* share, in this order: argument types
   * (szConnect only where the call has one; null passes), the session, grbit, an empty name, and
   * an instance that may be written. Gives the session, instance, grbit and resolved path.
   */
  private async databaseFileCall(sesid: JET_SESID, szFilename: string, szConnect: string | null, cpgMax: number, grbit: number, context: string): Promise<{ s: Session; inst: Instance; g: number; path: string }> {
    const file = v.str(szFilename, 'szFilename');
    v.strOrNull(szConnect, 'szConnect');
    v.ulong(cpgMax, 'cpgDatabaseSizeMax');
    const g = v.ulong(grbit, 'grbit');
    const { s, inst } = this.session(sesid, context);
    if ((g & ~DB_GRBITS) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    if (file === '') throw jetError(JET_errInvalidParameter, { context });
    await this.writable(s, inst, context);
    return { s, inst, g, path: inst.resolvePath(file) };
  }

  async JetDetachDatabase(sesid: JET_SESID, szFilename: string | null): Promise<void> {
    return this.JetDetachDatabase2(sesid, szFilename, 0);
  }

  async JetDetachDatabase2(sesid: JET_SESID, szFilename: string | null, grbit: number): Promise<void> {
    const context = 'JetDetachDatabase2';
    const file = v.strOrNull(szFilename, 'szFilename');
    v.ulong(grbit, 'grbit');
    const { s, inst } = this.session(sesid, context);
    await this.writable(s, inst, context);
    inst.detachDatabase(file === null || file === '' ? null : inst.resolvePath(file), s, context);
  }

  async JetOpenDatabase(sesid: JET_SESID, szFilename: string, szConnect: string | null, grbit: number): Promise<JET_DBID> {
    const context = 'JetOpenDatabase';
    const file = v.str(szFilename, 'szFilename');
    v.strOrNull(szConnect, 'szConnect');
    const g = v.ulong(grbit, 'grbit');
    const { s, inst } = this.session(sesid, context);
    if ((g & ~(JET_bitDbReadOnly | JET_bitDbExclusive)) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const db = inst.dbs.get(inst.resolvePath(file));
    if (!db) throw jetError(JET_errDatabaseNotFound, { context });
    // spec: JetOpenDatabase.md: exclusive access is refused while another session has it open
    const others = [...db.openBy.keys()].some((id) => id !== s.id);
    if ((db.exclusiveBy !== undefined && db.exclusiveBy !== s.id) || (g & JET_bitDbExclusive && others)) {
      throw jetError(JET_errDatabaseInUse, { context });
    }
    if (g & JET_bitDbExclusive) db.exclusiveBy = s.id;
    return this.openDbFor(s, db);
  }

  async JetCloseDatabase(sesid: JET_SESID, dbid: JET_DBID, grbit: number): Promise<void> {
    const context = 'JetCloseDatabase';
    v.ulong(grbit, 'grbit');
    const { s, inst } = this.session(sesid, context);
    const db = this.openedDb(s, inst, dbid, context);
    const n = (s.openDbs.get(db.dbid) ?? 1) - 1;
    if (n > 0) {
      s.openDbs.set(db.dbid, n);
      db.openBy.set(s.id, n);
      return;
    }
    s.openDbs.delete(db.dbid);
    db.openBy.delete(s.id);
    if (db.exclusiveBy === s.id) db.exclusiveBy = undefined;
    for (const t of [...s.cursors]) {
      const c = this.cursors.get(t);
      if (c && c.db === db) {
        this.cursors.delete(t);
        s.cursors.delete(t);
      }
    }
  }

  async JetGetDatabaseFileInfo(szDatabaseName: string, InfoLevel: number): Promise<JET_DBINFOMISC | number> {
    const context = 'JetGetDatabaseFileInfo';
    const file = v.str(szDatabaseName, 'szDatabaseName');
    const level = v.ulong(InfoLevel, 'InfoLevel');
    const path = [...this.instances.values()][0]?.resolvePath(file) ?? resolvePathFrom(this.root, file);
    if (level === JET_DbInfoFilesize) {
      try {
        return statSync(path).size;
      } catch {
        throw jetError(JET_errFileNotFound, { context });
      }
    }
    if (level !== JET_DbInfoMisc && level !== JET_DbInfoPageSize) throw jetError(JET_errInvalidParameter, { context });
    const { header: h, ese } = readDbFileHeader(path, context);
    if (level === JET_DbInfoPageSize) return h.pageSize;
    return {
      // the format and engine version the file's own header records
      ulVersion: ese.ulVersion,
      ulUpdate: ese.ulUpdate,
      signDb: h.signDb,
      dbstate: h.dbstate,
      lgposConsistent: h.lgposConsistent,
      logtimeConsistent: h.logtimeConsistent,
      logtimeAttach: h.logtimeAttach,
      lgposAttach: h.lgposAttach,
      logtimeDetach: h.logtimeDetach,
      lgposDetach: h.lgposDetach,
      signLog: h.signLog,
      bkinfoFullPrev: h.bkinfoFullPrev,
      bkinfoIncPrev: h.bkinfoIncPrev,
      bkinfoFullCur: h.bkinfoFullCur,
      fShadowingDisabled: false,
      fUpgradeDb: false,
      dwMajorVersion: ese ? ese.dwMajorVersion : 6,
      dwMinorVersion: ese ? ese.dwMinorVersion : 1,
      dwBuildNumber: ese ? ese.dwBuildNumber : 7601,
      lSPNumber: ese ? ese.lSPNumber : 0,
      cbPageSize: h.pageSize,
      genMinRequired: h.genMinRequired,
      genMaxRequired: h.genMaxRequired,
    };
  }

  // ---- DDL

  private newCursor(s: Session, inst: Instance, db: AttachedDb, tableName: string, context: string, grbit = 0): Cursor {
    const t = db.content.getTable(tableName);
    if (!t) throw jetError(JET_errObjectNotFound, { context });
    let open = 0;
    for (const c of this.cursors.values()) {
      if (this.instances.get(c.session.instanceId) === inst) open++;
      if (c.table !== t || c.session === s) continue;
      // spec: JetOpenTable.md: another session's DenyRead/DenyWrite lock refuses the open;
      // asking for a lock while others have the table open is JET_errTableInUse
      if (c.grbit & JET_bitTableDenyRead || (c.grbit & JET_bitTableDenyWrite && !(grbit & JET_bitTableReadOnly))) throw jetError(JET_errTableLocked, { context });
      if (grbit & (JET_bitTableDenyRead | JET_bitTableDenyWrite)) throw jetError(JET_errTableInUse, { context });
    }
    if (open >= inst.params.num(JET_paramMaxCursors)) throw jetError(JET_errOutOfCursors, { context });
    const c = new Cursor(this.nextTableid++, s, db, t, inst, grbit);
    this.cursors.set(c.tableid, c);
    s.cursors.add(c.tableid);
    return c;
  }

  async JetCreateTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string, lPages: number, lDensity: number): Promise<JET_TABLEID> {
    const context = 'JetCreateTable';
    const name = v.str(szTableName, 'szTableName');
    v.long(lPages, 'lPages');
    const density = v.long(lDensity, 'lDensity');
    const { s, inst } = this.session(sesid, context);
    const db = this.openedDb(s, inst, dbid, context);
    if (density !== 0 && (density < 20 || density > 100)) throw jetError(JET_errDensityInvalid, { context });
    if (db.readOnly) throw jetError(JET_errPermissionDenied, { context });
    await this.writable(s, inst, context);
    const t = db.content.createTable(name, context);
    inst.ddl(s, db, [{ type: RecType.CreateTable, path: db.path, table: name }], () => this.dropTable(db, t));
    return this.newCursor(s, inst, db, name, context).tableid as JET_TABLEID;
  }

  /** Undo of a table created inside a rolled-back transaction: the table and its cursors go. */
  private dropTable(db: AttachedDb, t: Table): void {
    db.content.tables.delete(t.name.toLowerCase());
    for (const [id, c] of [...this.cursors]) {
      if (c.table !== t) continue;
      this.cursors.delete(id);
      c.session.cursors.delete(id);
    }
  }

  async JetCreateTableColumnIndex(sesid: JET_SESID, dbid: JET_DBID, ptablecreate: JET_TABLECREATE): Promise<JET_TABLECREATE_RESULT> {
    const context = 'JetCreateTableColumnIndex';
    const tc = v.object<JET_TABLECREATE>(ptablecreate, 'ptablecreate');
    const name = v.str(tc.szTableName, 'szTableName');
    const cols = tc.rgcolumncreate ?? [];
    const idxs = tc.rgindexcreate ?? [];
    for (const c of cols) {
      v.str(c.szColumnName, 'szColumnName');
      v.ulong(c.coltyp, 'coltyp');
      v.bytesOrNull(c.pvDefault ?? null, 'pvDefault');
    }
    for (const i of idxs) {
      v.str(i.szIndexName, 'szIndexName');
      v.str(i.szKey, 'szKey');
    }
    const { s, inst } = this.session(sesid, context);
    const db = this.openedDb(s, inst, dbid, context);
    const density = tc.ulDensity ?? 0;
    if (density !== 0 && (density < 20 || density > 100)) throw jetError(JET_errDensityInvalid, { context });
    if (db.readOnly) throw jetError(JET_errPermissionDenied, { context });
    await this.writable(s, inst, context);
    const t = db.content.createTable(name, context);
    const columnids: JET_COLUMNID[] = [];
    try {
      for (const c of cols) {
        const col = addColumn(t, c.szColumnName, { coltyp: c.coltyp, cbMax: c.cbMax ?? 0, grbit: c.grbit ?? 0, cp: c.cp ?? 0 }, c.pvDefault ? Buffer.from(c.pvDefault) : null, context);
        columnids.push(col.columnid as JET_COLUMNID);
      }
      for (const i of idxs) createIndex(t, i.szIndexName, i.grbit ?? 0, i.szKey, i.szKey.length, i.ulDensity ?? 0, context);
    } catch (e) {
      db.content.deleteTable(name, context);
      throw e;
    }
    const recs: LogRec[] = [{ type: RecType.CreateTable, path: db.path, table: name }];
    for (const c of t.columns.values()) {
      recs.push({ type: RecType.AddColumn, path: db.path, table: name, column: c.name, coltyp: c.coltyp, cbMax: c.cbMax, grbit: c.grbit, cp: c.cp, defaultValue: c.defaultValue });
    }
    for (const i of idxs) {
      recs.push({ type: RecType.CreateIndex, path: db.path, table: name, index: i.szIndexName, grbit: i.grbit ?? 0, szKey: i.szKey, density: i.ulDensity ?? 0 });
    }
    inst.ddl(s, db, recs, () => this.dropTable(db, t));
    const c = this.newCursor(s, inst, db, name, context);
    return { tableid: c.tableid as JET_TABLEID, cCreated: 1 + cols.length + idxs.length, rgcolumnid: columnids };
  }

  async JetAddColumn(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: string, pcolumndef: JET_COLUMNDEF, pvDefault: Uint8Array | null, cbDefault: number): Promise<JET_COLUMNID> {
    const context = 'JetAddColumn';
    const name = v.str(szColumnName, 'szColumnName');
    const def = v.object<JET_COLUMNDEF>(pcolumndef, 'pcolumndef');
    const coltyp = v.ulong(def.coltyp, 'coltyp');
    const dflt = v.bytesOrNull(pvDefault, 'pvDefault');
    const cb = v.ulong(cbDefault, 'cbDefault');
    const { s, inst } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if (dflt && cb > dflt.length) throw jetError(JET_errInvalidParameter, { context });
    if (c.db.readOnly) throw jetError(JET_errPermissionDenied, { context });
    await this.writable(s, inst, context);
    const value = dflt && cb > 0 ? Buffer.from(dflt.subarray(0, cb)) : null;
    const col = addColumn(c.table, name, { coltyp, cbMax: def.cbMax ?? 0, grbit: def.grbit ?? 0, cp: def.cp ?? 0 }, value, context);
    const t = c.table;
    inst.ddl(s, c.db, [{ type: RecType.AddColumn, path: c.db.path, table: t.name, column: name, coltyp, cbMax: col.cbMax, grbit: col.grbit, cp: col.cp, defaultValue: value }], () => {
      t.columns.delete(col.columnid);
      t.columnsByName.delete(col.name.toLowerCase());
    });
    return col.columnid as JET_COLUMNID;
  }

  async JetCreateIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string, grbit: number, szKey: string, cbKey: number, lDensity: number): Promise<void> {
    const context = 'JetCreateIndex';
    const name = v.str(szIndexName, 'szIndexName');
    const g = v.ulong(grbit, 'grbit');
    const key = v.str(szKey, 'szKey');
    const cb = v.ulong(cbKey, 'cbKey');
    const density = v.long(lDensity, 'lDensity');
    const { s, inst } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if (density !== 0 && (density < 20 || density > 100)) throw jetError(JET_errDensityInvalid, { context });
    if (cb > key.length + 1) throw jetError(JET_errInvalidParameter, { context });
    if (c.db.readOnly) throw jetError(JET_errPermissionDenied, { context });
    await this.writable(s, inst, context);
    const text = key.slice(0, cb);
    const t = c.table;
    const clustered = t.clustered;
    const ix = createIndex(t, name, g, text, text.length, density, context);
    inst.ddl(s, c.db, [{ type: RecType.CreateIndex, path: c.db.path, table: t.name, index: name, grbit: g, szKey: text, density }], () => {
      t.indexes.delete(name.toLowerCase());
      if (t.clustered === ix) t.clustered = clustered;
      for (const cur of this.cursors.values()) if (cur.index === ix) cur.setCurrentIndex(null, false, 'JetRollback');
    });
  }

  async JetDeleteTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string): Promise<void> {
    const context = 'JetDeleteTable';
    const name = v.str(szTableName, 'szTableName');
    const { s, inst } = this.session(sesid, context);
    const db = this.openedDb(s, inst, dbid, context);
    const t = db.content.getTable(name);
    if (!t) throw jetError(JET_errObjectNotFound, { context });
    for (const c of this.cursors.values()) if (c.table === t) throw jetError(JET_errTableInUse, { context });
    if (db.readOnly) throw jetError(JET_errPermissionDenied, { context });
    await this.writable(s, inst, context);
    db.content.deleteTable(name, context);
    inst.ddl(s, db, [{ type: RecType.DeleteTable, path: db.path, table: t.name }], () => db.content.tables.set(t.name.toLowerCase(), t));
  }

  async JetGetTableColumnInfo(sesid: JET_SESID, tableid: JET_TABLEID, szColumnName: string, InfoLevel: number): Promise<JET_COLUMNDEF_OUT> {
    const context = 'JetGetTableColumnInfo';
    const name = v.str(szColumnName, 'szColumnName');
    const level = v.ulong(InfoLevel, 'InfoLevel');
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if (level !== JET_ColInfo && level !== JET_ColInfoByColid) throw jetError(JET_errInvalidParameter, { context });
    const col = level === JET_ColInfoByColid ? c.table.columns.get(Number(name)) : c.table.columnsByName.get(name.toLowerCase());
    if (!col) throw jetError(JET_errColumnNotFound, { context });
    return { cbStruct: 32, columnid: col.columnid as JET_COLUMNID, coltyp: col.coltyp, wCountry: 1, langid: 0x409, cp: col.cp, wCollate: 0, cbMax: col.cbMax, grbit: col.grbit };
  }

  // ---- cursors

  async JetOpenTable(sesid: JET_SESID, dbid: JET_DBID, szTableName: string, pvParameters: Uint8Array | null, cbParameters: number, grbit: number): Promise<JET_TABLEID> {
    const context = 'JetOpenTable';
    const name = v.str(szTableName, 'szTableName');
    v.bytesOrNull(pvParameters, 'pvParameters');
    v.ulong(cbParameters, 'cbParameters');
    const g = v.ulong(grbit, 'grbit');
    const { s, inst } = this.session(sesid, context);
    const db = this.openedDb(s, inst, dbid, context);
    if ((g & ~TABLE_GRBITS) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    // a new cursor is positioned before the first record of the clustered index
    return this.newCursor(s, inst, db, name, context, g).tableid as JET_TABLEID;
  }

  async JetCloseTable(sesid: JET_SESID, tableid: JET_TABLEID): Promise<void> {
    const context = 'JetCloseTable';
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    this.cursors.delete(c.tableid);
    s.cursors.delete(c.tableid);
  }

  async JetSetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string | null): Promise<void> {
    return this.JetSetCurrentIndex2(sesid, tableid, szIndexName, JET_bitMoveFirst);
  }

  async JetSetCurrentIndex2(sesid: JET_SESID, tableid: JET_TABLEID, szIndexName: string | null, grbit: number): Promise<void> {
    const context = 'JetSetCurrentIndex2';
    const name = v.strOrNull(szIndexName, 'szIndexName');
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if (g !== JET_bitMoveFirst && g !== JET_bitNoMove) throw jetError(JET_errInvalidGrbit, { context });
    c.setCurrentIndex(name, g === JET_bitNoMove, context);
  }

  async JetBeginTransaction(sesid: JET_SESID): Promise<void> {
    return this.JetBeginTransaction2(sesid, 0);
  }

  async JetBeginTransaction2(sesid: JET_SESID, grbit: number): Promise<void> {
    const context = 'JetBeginTransaction';
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    if ((g & ~JET_bitTransactionReadOnly) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    if (s.level >= JET_levelMax) throw jetError(JET_errTransTooDeep, { context });
    s.begin((g & JET_bitTransactionReadOnly) !== 0);
  }

  async JetCommitTransaction(sesid: JET_SESID, grbit: number): Promise<void> {
    const context = 'JetCommitTransaction';
    const g = v.ulong(grbit, 'grbit');
    const { s, inst } = this.session(sesid, context);
    if ((g & ~(JET_bitCommitLazyFlush | JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit | JET_bitForceNewLog)) !== 0) {
      throw jetError(JET_errInvalidGrbit, { context });
    }
    // engine (tm.cxx, ErrIsamCommitTransaction): JET_bitForceNewLog, JET_bitWaitAllLevel0Commit and
    // JET_bitWaitLastLevel0Commit are handled before the transaction-level check, each only on its
    // own (with any other bit: JET_errInvalidGrbit), and none commits anything: ForceNewLog rolls the
    // log (a no-op without logging, logapi.cxx ErrLGForceLogRollover) inside or outside a transaction
    for (const only of [JET_bitForceNewLog, JET_bitWaitAllLevel0Commit, JET_bitWaitLastLevel0Commit]) {
      if ((g & only) === 0) continue;
      if (g !== only) throw jetError(JET_errInvalidGrbit, { context });
      await this.writable(s, inst, context);
      if (only === JET_bitForceNewLog) inst.rollLog();
      // wait until earlier lazy commits are durable
      else inst.flushLog();
      return;
    }
    if (s.level === 0) throw jetError(JET_errNotInTransaction, { context });
    await this.writable(s, inst, context);
    if (s.level === 1) for (const t of s.cursors) this.cursors.get(t)?.cancelUpdate();
    // JET_paramCommitDefault supplies grbits for every commit (e.g. JET_bitCommitLazyFlush)
    const lazy = ((g | inst.params.num(JET_paramCommitDefault)) & JET_bitCommitLazyFlush) !== 0;
    inst.commit(s, lazy);
  }

  async JetRollback(sesid: JET_SESID, grbit: number): Promise<void> {
    const context = 'JetRollback';
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    if ((g & ~JET_bitRollbackAll) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    if (s.level === 0) throw jetError(JET_errNotInTransaction, { context });
    for (const t of s.cursors) this.cursors.get(t)?.cancelUpdate();
    do s.rollbackLevel();
    while (g & JET_bitRollbackAll && s.level > 0);
  }

  async JetPrepareUpdate(sesid: JET_SESID, tableid: JET_TABLEID, prep: number): Promise<void> {
    const context = 'JetPrepareUpdate';
    const p = v.ulong(prep, 'prep');
    const { s } = this.session(sesid, context);
    this.cursor(s, tableid, context).prepareUpdate(p, context);
  }

  async JetSetColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, pvData: Uint8Array | null, cbData: number, grbit: number, psetinfo: JET_SETINFO | null): Promise<number> {
    const context = 'JetSetColumn';
    const col = v.ulong(columnid, 'columnid');
    const data = v.bytesOrNull(pvData, 'pvData');
    const cb = v.ulong(cbData, 'cbData');
    const g = v.ulong(grbit, 'grbit');
    const info = psetinfo === null || psetinfo === undefined ? null : v.object<JET_SETINFO>(psetinfo, 'psetinfo');
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if (data !== null && cb > data.length) throw jetError(JET_errInvalidParameter, { context });
    if (data === null && cb > 0) throw jetError(JET_errInvalidParameter, { context });
    const value = data === null ? null : data.subarray(0, cb);
    return c.setColumn(col, value, g, v.ulong(info?.ibLongValue ?? 0, 'ibLongValue'), v.ulong(info?.itagSequence ?? 1, 'itagSequence'), context);
  }

  async JetUpdate(sesid: JET_SESID, tableid: JET_TABLEID): Promise<Buffer> {
    const context = 'JetUpdate';
    const { s, inst } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    await this.writable(s, inst, context);
    return c.commitUpdate(context);
  }

  async JetDelete(sesid: JET_SESID, tableid: JET_TABLEID): Promise<void> {
    const context = 'JetDelete';
    const { s, inst } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    await this.writable(s, inst, context);
    c.deleteCurrent(context);
  }

  async JetRetrieveColumn(sesid: JET_SESID, tableid: JET_TABLEID, columnid: JET_COLUMNID, cbData: number, grbit: number, pretinfo: JET_RETINFO | null): Promise<JetRetrieveColumnResult> {
    const context = 'JetRetrieveColumn';
    const col = v.ulong(columnid, 'columnid');
    const cb = v.ulong(cbData, 'cbData');
    const g = v.ulong(grbit, 'grbit');
    const info = pretinfo === null || pretinfo === undefined ? null : v.object<JET_RETINFO>(pretinfo, 'pretinfo');
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    return c.retrieve(col, cb, g, v.ulong(info?.ibLongValue ?? 0, 'ibLongValue'), v.ulong(info?.itagSequence ?? 1, 'itagSequence'), context);
  }

  async JetMove(sesid: JET_SESID, tableid: JET_TABLEID, cRow: number, grbit: number): Promise<void> {
    const context = 'JetMove';
    const n = v.long(cRow, 'cRow');
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if ((g & ~1) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    c.move(n, g, context);
  }

  async JetMakeKey(sesid: JET_SESID, tableid: JET_TABLEID, pvData: Uint8Array | null, cbData: number, grbit: number): Promise<void> {
    const context = 'JetMakeKey';
    const data = v.bytesOrNull(pvData, 'pvData');
    const cb = v.ulong(cbData, 'cbData');
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if ((data === null && cb > 0) || (data !== null && cb > data.length)) throw jetError(JET_errInvalidParameter, { context });
    c.makeKey(data === null ? null : data.subarray(0, cb), g, context);
  }

  async JetSeek(sesid: JET_SESID, tableid: JET_TABLEID, grbit: number): Promise<number> {
    const context = 'JetSeek';
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    return this.cursor(s, tableid, context).seek(g, context);
  }

  async JetSetIndexRange(sesid: JET_SESID, tableid: JET_TABLEID, grbit: number): Promise<void> {
    const context = 'JetSetIndexRange';
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    this.cursor(s, tableid, context).setIndexRange(g, context);
  }

  async JetIndexRecordCount(sesid: JET_SESID, tableid: JET_TABLEID, crecMax: number): Promise<number> {
    const context = 'JetIndexRecordCount';
    const max = v.ulong(crecMax, 'crecMax');
    const { s } = this.session(sesid, context);
    return this.cursor(s, tableid, context).indexRecordCount(max, context);
  }

  async JetRetrieveKey(sesid: JET_SESID, tableid: JET_TABLEID, cbMax: number, grbit: number): Promise<Buffer> {
    const context = 'JetRetrieveKey';
    const cb = v.ulong(cbMax, 'cbMax');
    const g = v.ulong(grbit, 'grbit');
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if ((g & ~JET_bitRetrieveCopy) !== 0) throw jetError(JET_errInvalidGrbit, { context });
    const key = c.retrieveKey((g & JET_bitRetrieveCopy) !== 0, context);
    // a short buffer receives the start of the key (no spec page for JetRetrieveKey in ../shared)
    return key.subarray(0, Math.min(cb, key.length));
  }

  async JetGetCurrentIndex(sesid: JET_SESID, tableid: JET_TABLEID): Promise<string | null> {
    const context = 'JetGetCurrentIndex';
    const { s } = this.session(sesid, context);
    return this.cursor(s, tableid, context).index.schema.name;
  }

  async JetGetBookmark(sesid: JET_SESID, tableid: JET_TABLEID): Promise<Buffer> {
    const context = 'JetGetBookmark';
    const { s } = this.session(sesid, context);
    return this.cursor(s, tableid, context).getBookmark(context);
  }

  async JetGotoBookmark(sesid: JET_SESID, tableid: JET_TABLEID, pvBookmark: Uint8Array, cbBookmark: number): Promise<void> {
    const context = 'JetGotoBookmark';
    const bm = v.bytes(pvBookmark, 'pvBookmark');
    const cb = v.ulong(cbBookmark, 'cbBookmark');
    const { s } = this.session(sesid, context);
    const c = this.cursor(s, tableid, context);
    if (cb === 0 || cb > bm.length) throw jetError(JET_errInvalidParameter, { context });
    c.gotoBookmark(Buffer.from(bm.subarray(0, cb)), context);
  }

  // ---- backup, restore and OS snapshots (issue 4): implemented in src/reference/backup/

  private readonly backupCalls = new ReferenceBackup(this);

  JetBeginExternalBackupInstance(...a: Parameters<EsentBackupApi['JetBeginExternalBackupInstance']>): ReturnType<EsentBackupApi['JetBeginExternalBackupInstance']> {
    return this.backupCalls.JetBeginExternalBackupInstance(...a);
  }
  JetBeginExternalBackup(...a: Parameters<EsentBackupApi['JetBeginExternalBackup']>): ReturnType<EsentBackupApi['JetBeginExternalBackup']> {
    return this.backupCalls.JetBeginExternalBackup(...a);
  }
  JetGetAttachInfoInstance(...a: Parameters<EsentBackupApi['JetGetAttachInfoInstance']>): ReturnType<EsentBackupApi['JetGetAttachInfoInstance']> {
    return this.backupCalls.JetGetAttachInfoInstance(...a);
  }
  JetGetAttachInfo(...a: Parameters<EsentBackupApi['JetGetAttachInfo']>): ReturnType<EsentBackupApi['JetGetAttachInfo']> {
    return this.backupCalls.JetGetAttachInfo(...a);
  }
  JetOpenFileInstance(...a: Parameters<EsentBackupApi['JetOpenFileInstance']>): ReturnType<EsentBackupApi['JetOpenFileInstance']> {
    return this.backupCalls.JetOpenFileInstance(...a);
  }
  JetOpenFile(...a: Parameters<EsentBackupApi['JetOpenFile']>): ReturnType<EsentBackupApi['JetOpenFile']> {
    return this.backupCalls.JetOpenFile(...a);
  }
  JetReadFileInstance(...a: Parameters<EsentBackupApi['JetReadFileInstance']>): ReturnType<EsentBackupApi['JetReadFileInstance']> {
    return this.backupCalls.JetReadFileInstance(...a);
  }
  JetReadFile(...a: Parameters<EsentBackupApi['JetReadFile']>): ReturnType<EsentBackupApi['JetReadFile']> {
    return this.backupCalls.JetReadFile(...a);
  }
  JetCloseFileInstance(...a: Parameters<EsentBackupApi['JetCloseFileInstance']>): ReturnType<EsentBackupApi['JetCloseFileInstance']> {
    return this.backupCalls.JetCloseFileInstance(...a);
  }
  JetCloseFile(...a: Parameters<EsentBackupApi['JetCloseFile']>): ReturnType<EsentBackupApi['JetCloseFile']> {
    return this.backupCalls.JetCloseFile(...a);
  }
  JetGetLogInfoInstance(...a: Parameters<EsentBackupApi['JetGetLogInfoInstance']>): ReturnType<EsentBackupApi['JetGetLogInfoInstance']> {
    return this.backupCalls.JetGetLogInfoInstance(...a);
  }
  JetGetLogInfo(...a: Parameters<EsentBackupApi['JetGetLogInfo']>): ReturnType<EsentBackupApi['JetGetLogInfo']> {
    return this.backupCalls.JetGetLogInfo(...a);
  }
  JetGetLogInfoInstance2(...a: Parameters<EsentBackupApi['JetGetLogInfoInstance2']>): ReturnType<EsentBackupApi['JetGetLogInfoInstance2']> {
    return this.backupCalls.JetGetLogInfoInstance2(...a);
  }
  JetGetTruncateLogInfoInstance(...a: Parameters<EsentBackupApi['JetGetTruncateLogInfoInstance']>): ReturnType<EsentBackupApi['JetGetTruncateLogInfoInstance']> {
    return this.backupCalls.JetGetTruncateLogInfoInstance(...a);
  }
  JetTruncateLogInstance(...a: Parameters<EsentBackupApi['JetTruncateLogInstance']>): ReturnType<EsentBackupApi['JetTruncateLogInstance']> {
    return this.backupCalls.JetTruncateLogInstance(...a);
  }
  JetTruncateLog(...a: Parameters<EsentBackupApi['JetTruncateLog']>): ReturnType<EsentBackupApi['JetTruncateLog']> {
    return this.backupCalls.JetTruncateLog(...a);
  }
  JetEndExternalBackupInstance(...a: Parameters<EsentBackupApi['JetEndExternalBackupInstance']>): ReturnType<EsentBackupApi['JetEndExternalBackupInstance']> {
    return this.backupCalls.JetEndExternalBackupInstance(...a);
  }
  JetEndExternalBackupInstance2(...a: Parameters<EsentBackupApi['JetEndExternalBackupInstance2']>): ReturnType<EsentBackupApi['JetEndExternalBackupInstance2']> {
    return this.backupCalls.JetEndExternalBackupInstance2(...a);
  }
  JetEndExternalBackup(...a: Parameters<EsentBackupApi['JetEndExternalBackup']>): ReturnType<EsentBackupApi['JetEndExternalBackup']> {
    return this.backupCalls.JetEndExternalBackup(...a);
  }
  JetStopBackupInstance(...a: Parameters<EsentBackupApi['JetStopBackupInstance']>): ReturnType<EsentBackupApi['JetStopBackupInstance']> {
    return this.backupCalls.JetStopBackupInstance(...a);
  }
  JetStopBackup(...a: Parameters<EsentBackupApi['JetStopBackup']>): ReturnType<EsentBackupApi['JetStopBackup']> {
    return this.backupCalls.JetStopBackup(...a);
  }
  JetBackupInstance(...a: Parameters<EsentBackupApi['JetBackupInstance']>): ReturnType<EsentBackupApi['JetBackupInstance']> {
    return this.backupCalls.JetBackupInstance(...a);
  }
  JetBackup(...a: Parameters<EsentBackupApi['JetBackup']>): ReturnType<EsentBackupApi['JetBackup']> {
    return this.backupCalls.JetBackup(...a);
  }
  JetRestoreInstance(...a: Parameters<EsentBackupApi['JetRestoreInstance']>): ReturnType<EsentBackupApi['JetRestoreInstance']> {
    return this.backupCalls.JetRestoreInstance(...a);
  }
  JetRestore(...a: Parameters<EsentBackupApi['JetRestore']>): ReturnType<EsentBackupApi['JetRestore']> {
    return this.backupCalls.JetRestore(...a);
  }
  JetRestore2(...a: Parameters<EsentBackupApi['JetRestore2']>): ReturnType<EsentBackupApi['JetRestore2']> {
    return this.backupCalls.JetRestore2(...a);
  }
  JetExternalRestore(...a: Parameters<EsentBackupApi['JetExternalRestore']>): ReturnType<EsentBackupApi['JetExternalRestore']> {
    return this.backupCalls.JetExternalRestore(...a);
  }
  JetExternalRestore2(...a: Parameters<EsentBackupApi['JetExternalRestore2']>): ReturnType<EsentBackupApi['JetExternalRestore2']> {
    return this.backupCalls.JetExternalRestore2(...a);
  }
  JetOSSnapshotPrepare(...a: Parameters<EsentBackupApi['JetOSSnapshotPrepare']>): ReturnType<EsentBackupApi['JetOSSnapshotPrepare']> {
    return this.backupCalls.JetOSSnapshotPrepare(...a);
  }
  JetOSSnapshotPrepareInstance(...a: Parameters<EsentBackupApi['JetOSSnapshotPrepareInstance']>): ReturnType<EsentBackupApi['JetOSSnapshotPrepareInstance']> {
    return this.backupCalls.JetOSSnapshotPrepareInstance(...a);
  }
  JetOSSnapshotFreeze(...a: Parameters<EsentBackupApi['JetOSSnapshotFreeze']>): ReturnType<EsentBackupApi['JetOSSnapshotFreeze']> {
    return this.backupCalls.JetOSSnapshotFreeze(...a);
  }
  JetOSSnapshotThaw(...a: Parameters<EsentBackupApi['JetOSSnapshotThaw']>): ReturnType<EsentBackupApi['JetOSSnapshotThaw']> {
    return this.backupCalls.JetOSSnapshotThaw(...a);
  }
  JetOSSnapshotAbort(...a: Parameters<EsentBackupApi['JetOSSnapshotAbort']>): ReturnType<EsentBackupApi['JetOSSnapshotAbort']> {
    return this.backupCalls.JetOSSnapshotAbort(...a);
  }
  JetOSSnapshotTruncateLog(...a: Parameters<EsentBackupApi['JetOSSnapshotTruncateLog']>): ReturnType<EsentBackupApi['JetOSSnapshotTruncateLog']> {
    return this.backupCalls.JetOSSnapshotTruncateLog(...a);
  }
  JetOSSnapshotTruncateLogInstance(...a: Parameters<EsentBackupApi['JetOSSnapshotTruncateLogInstance']>): ReturnType<EsentBackupApi['JetOSSnapshotTruncateLogInstance']> {
    return this.backupCalls.JetOSSnapshotTruncateLogInstance(...a);
  }
  JetOSSnapshotGetFreezeInfo(...a: Parameters<EsentBackupApi['JetOSSnapshotGetFreezeInfo']>): ReturnType<EsentBackupApi['JetOSSnapshotGetFreezeInfo']> {
    return this.backupCalls.JetOSSnapshotGetFreezeInfo(...a);
  }
  JetOSSnapshotEnd(...a: Parameters<EsentBackupApi['JetOSSnapshotEnd']>): ReturnType<EsentBackupApi['JetOSSnapshotEnd']> {
    return this.backupCalls.JetOSSnapshotEnd(...a);
  }
}


function resolvePathFrom(root: string, p: string): string {
  const posix = p.replace(/\\/g, '/');
  return posix.startsWith('/') ? posix : `${root}/${posix}`;
}
