// The Wine tier's cases: each drives the native backend against the fake esent.dll inside
// `wine node.exe` and checks, with node:assert, what arrived at the DLL (the fake's log: strings as
// UTF-16 code units, structs field by field as the C compiler laid them out) and what the binding
// returned. wine.test.ts runs them all in one Wine launch and reports each one.
import assert from 'node:assert/strict';
import {
  JET_errBackupAbortByServer,
  JET_errCallbackFailed,
  JET_errDiskFull,
  JET_errFileNotFound,
  JET_errInvalidParameter,
  JET_errInvalidSesid,
  JET_errOutOfMemory,
  JET_wrnBufferTruncated,
  JET_wrnColumnNull,
  JET_wrnDatabaseAttached,
  JET_wrnSeekNotEqual,
  JetDiskError,
  JetError,
  JetMemoryError,
  isJetError,
} from '@winbackup/errors';
import type { EsentApi, JET_COLUMNID, JET_DBID, JET_HANDLE, JET_INSTANCE, JET_OSSNAPID, JET_SESID, JET_SNPROG, JET_TABLEID } from '../../../src/index.js';
import {
  JET_bitBackupAtomic,
  JET_bitBackupEndAbort,
  JET_bitBackupEndNormal,
  JET_bitBackupTruncateDone,
  JET_bitDbReadOnly,
  JET_bitIndexPrimary,
  JET_bitMoveFirst,
  JET_bitTableUpdatable,
  JET_coltypLong,
  JET_coltypLongText,
  JET_cpUnicode,
  JET_DbInfoFilesize,
  JET_DbInfoMisc,
  JET_DbInfoPageSize,
  JET_LOGINFO_cbSize,
  JET_paramLogFilePath,
  JET_paramMaxSessions,
  JET_sntBegin,
  JET_sntComplete,
  JET_sntProgress,
  JET_snpBackup,
  JET_snpRestore,
} from '../../../src/index.js';
import { units, type Fake, type LoggedCall } from './fakeControl.js';

export interface CaseContext {
  readonly esent: EsentApi;
  readonly fake: Fake;
  /** Runs the worker-thread sequence (driver.ts) and resolves with what it posted. */
  readonly inWorker: () => Promise<unknown>;
  /** createNativeEsent() without { dll }: the system's esent.dll (Wine's own, a stub). */
  readonly systemEsent: () => EsentApi;
}

export interface WineCase {
  readonly name: string;
  /** The EsentApi functions whose marshalling the case checks. */
  readonly covers: readonly (keyof EsentApi)[];
  run(ctx: CaseContext): Promise<void>;
}

const NIL64 = '18446744073709551615';
/** A handle shaped like a real one (user-mode pointers on Win64 stay below 2^47). */
const INST = 0x7ff6_1234_5670;
const SES = 0x1d2_a000_1230;
const TAB = 0x1d2_b000_4560;
const inst = INST as JET_INSTANCE;
const ses = SES as JET_SESID;
const tab = TAB as JET_TABLEID;

function calls(fake: Fake, fn: string): LoggedCall[] {
  return fake.log().filter((c) => c.fn === fn);
}
/** The one call of `fn` in the log, its recorded arguments checked key by key against `expected`. */
function arrived(fake: Fake, fn: string, expected: Record<string, unknown>): LoggedCall {
  const all = calls(fake, fn);
  assert.equal(all.length, 1, `${fn}: expected one call, the fake saw ${all.length}`);
  const call = all[0]!;
  for (const [k, v] of Object.entries(expected)) assert.deepEqual(call.args[k], v, `${fn}: argument ${k}`);
  return call;
}
async function rejectsJet(p: Promise<unknown>, code: number, context: string, cls: abstract new (...a: never[]) => JetError = JetError): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(isJetError(e, code), `expected JET_ERR ${code}, got ${String(e)}`);
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${(e as Error).name}`);
    assert.equal((e as JetError).context, context);
    return;
  }
  assert.fail(`expected JET_ERR ${code}`);
}
const hex = (s: string): string => Buffer.from(s).toString('hex');
const wbytes = (s: string): Buffer => Buffer.from(s, 'utf16le');

export const CASES: readonly WineCase[] = [
  {
    name: 'instances: create, names in UTF-16, grbit, returned pointer-sized handles',
    covers: ['JetCreateInstance', 'JetCreateInstance2'],
    async run({ esent, fake }) {
      fake.u64('JetCreateInstanceW.pinstance', INST);
      assert.equal(await esent.JetCreateInstance('plain'), INST);
      arrived(fake, 'JetCreateInstanceW', { pinstance: 'ptr', szInstanceName: units('plain') });
      fake.reset();
      fake.u64('JetCreateInstance2W.pinstance', INST + 16);
      assert.equal(await esent.JetCreateInstance2('inst-é😀', null, 0x8), INST + 16);
      arrived(fake, 'JetCreateInstance2W', { szInstanceName: units('inst-é😀'), szDisplayName: null, grbit: 8 });
    },
  },
  {
    name: 'JetEnableMultiInstance: every JET_SETSYSPARAM_W at its Win64 offsets; pcsetsucceed returned',
    covers: ['JetEnableMultiInstance'],
    async run({ esent, fake }) {
      fake.u64('JetEnableMultiInstanceW.pcsetsucceed', 2);
      const n = await esent.JetEnableMultiInstance(
        [
          { paramid: JET_paramMaxSessions, lParam: 64 },
          { paramid: JET_paramLogFilePath, sz: 'C:\\logs\\' },
        ],
        2,
      );
      assert.equal(n, 2);
      const c = arrived(fake, 'JetEnableMultiInstanceW', { csetsysparam: 2, pcsetsucceed: 'ptr' });
      assert.deepEqual(c.args.psetsysparam, { sizeof: 32, paramid: JET_paramMaxSessions, lParam: '64', sz: null, err: 0 });
      assert.deepEqual(c.args['psetsysparam[1]'], { sizeof: 32, paramid: JET_paramLogFilePath, lParam: '0', sz: units('C:\\logs\\'), err: 0 });
    },
  },
  {
    name: 'system parameters: pinstance by pointer, JET_sesidNil, lParam, string out-parameter',
    covers: ['JetSetSystemParameter', 'JetGetSystemParameter'],
    async run({ esent, fake }) {
      await esent.JetSetSystemParameter(inst, null, JET_paramLogFilePath, 0, 'D:\\db\\logs\\');
      arrived(fake, 'JetSetSystemParameterW', { pinstance: 'ptr', '*pinstance': String(INST), sesid: NIL64, paramid: JET_paramLogFilePath, lParam: '0', szParam: units('D:\\db\\logs\\') });
      fake.reset();
      await esent.JetSetSystemParameter(null, ses, JET_paramMaxSessions, -1, null);
      arrived(fake, 'JetSetSystemParameterW', { pinstance: null, sesid: String(SES), lParam: '4294967295', szParam: null });
      fake.reset();
      fake.w('JetGetSystemParameterW.szParam', 'D:\\db\\logs\\');
      assert.deepEqual(await esent.JetGetSystemParameter(inst, null, JET_paramLogFilePath, 520), { plParam: 0, szParam: 'D:\\db\\logs\\' });
      arrived(fake, 'JetGetSystemParameterW', { instance: String(INST), sesid: NIL64, paramid: JET_paramLogFilePath, plParam: 'ptr', szParam: [], cbMax: 520 });
      fake.reset();
      fake.u64('JetGetSystemParameterW.plParam', 1000);
      assert.deepEqual(await esent.JetGetSystemParameter(null, null, JET_paramMaxSessions, 0), { plParam: 1000, szParam: null });
      arrived(fake, 'JetGetSystemParameterW', { instance: '0', szParam: null, cbMax: 0 });
    },
  },
  {
    name: 'JetInit family: pinstance in/out, prstInfo NULL, warnings returned',
    covers: ['JetInit', 'JetInit2', 'JetInit3'],
    async run({ esent, fake }) {
      fake.ret('JetInit', 1000);
      assert.equal(await esent.JetInit(inst), 1000);
      arrived(fake, 'JetInit', { pinstance: 'ptr', '*pinstance': String(INST) });
      fake.reset();
      assert.equal(await esent.JetInit(null), 0);
      arrived(fake, 'JetInit', { pinstance: null });
      fake.reset();
      assert.equal(await esent.JetInit2(inst, 0x10), 0);
      arrived(fake, 'JetInit2', { '*pinstance': String(INST), grbit: 0x10 });
      fake.reset();
      assert.equal(await esent.JetInit3(inst, null, 0x4), 0);
      arrived(fake, 'JetInit3W', { '*pinstance': String(INST), prstInfo: null, grbit: 4 });
    },
  },
  {
    name: 'term and stop service: handles by value, grbits',
    covers: ['JetTerm', 'JetTerm2', 'JetStopService', 'JetStopServiceInstance', 'JetStopServiceInstance2'],
    async run({ esent, fake }) {
      await esent.JetTerm(inst);
      await esent.JetTerm2(inst, 0x2);
      await esent.JetStopService();
      await esent.JetStopServiceInstance(inst);
      await esent.JetStopServiceInstance2(inst, 0x40);
      arrived(fake, 'JetTerm', { instance: String(INST) });
      arrived(fake, 'JetTerm2', { instance: String(INST), grbit: 2 });
      arrived(fake, 'JetStopService', {});
      arrived(fake, 'JetStopServiceInstance', { instance: String(INST) });
      arrived(fake, 'JetStopServiceInstance2', { instance: String(INST), grbit: 0x40 });
    },
  },
  {
    name: 'JetGetInstanceInfo: JET_INSTANCE_INFO_W array decoded, then freed with JetFreeBuffer',
    covers: ['JetGetInstanceInfo'],
    async run({ esent, fake }) {
      const k = 'JetGetInstanceInfoW.';
      fake.u64(`${k}count`, 2);
      fake.u64(`${k}0.hInstanceId`, INST);
      fake.w(`${k}0.szInstanceName`, 'first');
      fake.u64(`${k}0.cDatabases`, 2);
      fake.w(`${k}0.db.0`, 'C:\\a.edb');
      fake.w(`${k}0.db.1`, 'C:\\ü.edb');
      fake.w(`${k}0.display.1`, 'Ü');
      fake.u64(`${k}1.hInstanceId`, INST + 32);
      fake.u64(`${k}1.cDatabases`, 0);
      assert.deepEqual(await esent.JetGetInstanceInfo(), [
        { hInstanceId: INST, szInstanceName: 'first', cDatabases: 2, szDatabaseFileName: ['C:\\a.edb', 'C:\\ü.edb'], szDatabaseDisplayName: [null, 'Ü'] },
        { hInstanceId: INST + 32, szInstanceName: null, cDatabases: 0, szDatabaseFileName: [], szDatabaseDisplayName: [] },
      ]);
      arrived(fake, 'JetGetInstanceInfoW', { pcInstanceInfo: 'ptr', paInstanceInfo: 'ptr' });
      arrived(fake, 'JetFreeBuffer', { pbBuf: 'ptr', allocatedByFake: 1 });
    },
  },
  {
    name: 'sessions: begin (user/password NULL or wide), end',
    covers: ['JetBeginSession', 'JetEndSession'],
    async run({ esent, fake }) {
      fake.u64('JetBeginSessionW.psesid', SES);
      assert.equal(await esent.JetBeginSession(inst, null, null), SES);
      arrived(fake, 'JetBeginSessionW', { instance: String(INST), psesid: 'ptr', szUserName: null, szPassword: null });
      fake.reset();
      await esent.JetBeginSession(inst, 'user', 'pässword');
      arrived(fake, 'JetBeginSessionW', { szUserName: units('user'), szPassword: units('pässword') });
      fake.reset();
      await esent.JetEndSession(ses, 0);
      arrived(fake, 'JetEndSession', { sesid: String(SES), grbit: 0 });
    },
  },
  {
    name: 'databases: create, attach (warnings returned), detach (NULL = all), open, close',
    covers: ['JetCreateDatabase', 'JetCreateDatabase2', 'JetAttachDatabase', 'JetAttachDatabase2', 'JetDetachDatabase', 'JetDetachDatabase2', 'JetOpenDatabase', 'JetCloseDatabase'],
    async run({ esent, fake }) {
      fake.u64('JetCreateDatabaseW.pdbid', 3);
      assert.equal(await esent.JetCreateDatabase(ses, 'C:\\data\\mail.edb', null, 0x400), 3);
      arrived(fake, 'JetCreateDatabaseW', { sesid: String(SES), szFilename: units('C:\\data\\mail.edb'), szConnect: null, pdbid: 'ptr', grbit: 0x400 });
      fake.u64('JetCreateDatabase2W.pdbid', 4);
      assert.equal(await esent.JetCreateDatabase2(ses, 'x.edb', 1024, 0), 4);
      arrived(fake, 'JetCreateDatabase2W', { szFilename: units('x.edb'), cpgDatabaseSizeMax: 1024, grbit: 0 });
      fake.ret('JetAttachDatabaseW', JET_wrnDatabaseAttached);
      assert.equal(await esent.JetAttachDatabase(ses, 'x.edb', JET_bitDbReadOnly), JET_wrnDatabaseAttached);
      arrived(fake, 'JetAttachDatabaseW', { szFilename: units('x.edb'), grbit: JET_bitDbReadOnly });
      assert.equal(await esent.JetAttachDatabase2(ses, 'y.edb', 77, 0), 0);
      arrived(fake, 'JetAttachDatabase2W', { szFilename: units('y.edb'), cpgDatabaseSizeMax: 77 });
      await esent.JetDetachDatabase(ses, null);
      arrived(fake, 'JetDetachDatabaseW', { sesid: String(SES), szFilename: null });
      await esent.JetDetachDatabase2(ses, 'y.edb', 0x1);
      arrived(fake, 'JetDetachDatabase2W', { szFilename: units('y.edb'), grbit: 1 });
      fake.u64('JetOpenDatabaseW.pdbid', 5);
      assert.equal(await esent.JetOpenDatabase(ses, 'x.edb', '', 0), 5);
      arrived(fake, 'JetOpenDatabaseW', { szFilename: units('x.edb'), szConnect: [], pdbid: 'ptr' });
      await esent.JetCloseDatabase(ses, 5 as JET_DBID, 0);
      arrived(fake, 'JetCloseDatabase', { sesid: String(SES), dbid: 5, grbit: 0 });
    },
  },
  {
    name: 'JetGetDatabaseFileInfo: JET_DBINFOMISC2 decoded field by field; ULONG levels',
    covers: ['JetGetDatabaseFileInfo'],
    async run({ esent, fake }) {
      const k = 'JetGetDatabaseFileInfoW.';
      fake.u64(`${k}ulVersion`, 0x620);
      fake.u64(`${k}ulUpdate`, 0x14);
      fake.u64(`${k}signDb.ulRandom`, 0xdeadbeef);
      fake.bytes(`${k}signDb.szComputerName`, Buffer.from('HOST-1'));
      fake.u64(`${k}signDb.logtimeCreate.bYear`, 126);
      fake.u64(`${k}dbstate`, 3);
      fake.u64(`${k}lgposConsistent.lGeneration`, 42);
      fake.u64(`${k}lgposConsistent.isec`, 8);
      fake.u64(`${k}lgposConsistent.ib`, 16);
      fake.u64(`${k}logtimeAttach.bMonth`, 12);
      fake.u64(`${k}bkinfoFullPrev.genLow`, 7);
      fake.u64(`${k}bkinfoFullPrev.genHigh`, 9);
      fake.u64(`${k}bkinfoFullPrev.bklogtimeMark.bFiller2`, 1);
      fake.u64(`${k}bkinfoFullPrev.lgposMark.lGeneration`, 9);
      fake.u64(`${k}fShadowingDisabled`, 1);
      fake.u64(`${k}dwMajorVersion`, 10);
      fake.u64(`${k}lSPNumber`, -1);
      fake.u64(`${k}cbPageSize`, 8192);
      fake.u64(`${k}genMinRequired`, 40);
      fake.u64(`${k}genMaxRequired`, 43);
      const m = await esent.JetGetDatabaseFileInfo('C:\\data\\mail.edb', JET_DbInfoMisc);
      assert.ok(typeof m === 'object');
      assert.equal(m.ulVersion, 0x620);
      assert.equal(m.ulUpdate, 0x14);
      assert.deepEqual(m.signDb, { ulRandom: 0xdeadbeef, logtimeCreate: { bSeconds: 0, bMinutes: 0, bHours: 0, bDay: 0, bMonth: 0, bYear: 126, bFiller1: 0, bFiller2: 0 }, szComputerName: 'HOST-1' });
      assert.equal(m.dbstate, 3);
      assert.deepEqual(m.lgposConsistent, { ib: 16, isec: 8, lGeneration: 42 });
      assert.equal(m.logtimeAttach.bMonth, 12);
      assert.deepEqual(m.bkinfoFullPrev.lgposMark, { ib: 0, isec: 0, lGeneration: 9 });
      assert.equal(m.bkinfoFullPrev.genLow, 7);
      assert.equal(m.bkinfoFullPrev.genHigh, 9);
      assert.equal(m.bkinfoFullPrev.bklogtimeMark.fOSSnapshot, true);
      assert.equal(m.bkinfoIncPrev.bklogtimeMark.fOSSnapshot, false);
      assert.equal(m.fShadowingDisabled, true);
      assert.equal(m.fUpgradeDb, false);
      assert.equal(m.dwMajorVersion, 10);
      assert.equal(m.lSPNumber, -1);
      assert.equal(m.cbPageSize, 8192);
      assert.equal(m.genMinRequired, 40);
      assert.equal(m.genMaxRequired, 43);
      // the whole JET_DBINFOMISC2 was handed over: cbMax is sizeof as the compiler counts it
      const info = arrived(fake, 'JetGetDatabaseFileInfoW', { szDatabaseName: units('C:\\data\\mail.edb'), pvResult: 'ptr', InfoLevel: JET_DbInfoMisc });
      assert.equal(info.args.cbMax, info.args['sizeof(JET_DBINFOMISC2)']);
      assert.equal(info.args.cbMax, 296);
      fake.reset();
      fake.u64(`${k}value`, 32768);
      assert.equal(await esent.JetGetDatabaseFileInfo('a.edb', JET_DbInfoPageSize), 32768);
      arrived(fake, 'JetGetDatabaseFileInfoW', { cbMax: 4, InfoLevel: JET_DbInfoPageSize });
      fake.reset();
      // a file's size is a QWORD (jetapi.cxx): 6 GiB does not fit a ULONG
      fake.u64(`${k}value`, 6 * 2 ** 30);
      assert.equal(await esent.JetGetDatabaseFileInfo('a.edb', JET_DbInfoFilesize), 6 * 2 ** 30);
      arrived(fake, 'JetGetDatabaseFileInfoW', { cbMax: 8, InfoLevel: JET_DbInfoFilesize });
    },
  },
  {
    name: 'tables: create, delete; JET_TABLECREATE_W with columns and indexes; column ids come back',
    covers: ['JetCreateTable', 'JetDeleteTable', 'JetCreateTableColumnIndex'],
    async run({ esent, fake }) {
      fake.u64('JetCreateTableW.ptableid', TAB);
      assert.equal(await esent.JetCreateTable(ses, 1 as JET_DBID, 'Messages', 16, 80), TAB);
      arrived(fake, 'JetCreateTableW', { sesid: String(SES), dbid: 1, szTableName: units('Messages'), lPages: 16, lDensity: 80, ptableid: 'ptr' });
      await esent.JetDeleteTable(ses, 1 as JET_DBID, 'Old');
      arrived(fake, 'JetDeleteTableW', { dbid: 1, szTableName: units('Old') });
      fake.u64('JetCreateTableColumnIndexW.tableid', TAB + 8);
      const r = await esent.JetCreateTableColumnIndex(ses, 1 as JET_DBID, {
        szTableName: 'T',
        ulPages: 4,
        ulDensity: 90,
        rgcolumncreate: [
          { szColumnName: 'id', coltyp: JET_coltypLong, grbit: 0x1 },
          { szColumnName: 'body', coltyp: JET_coltypLongText, cp: JET_cpUnicode, cbMax: 1024, pvDefault: Buffer.from([1, 2, 3]) },
        ],
        rgindexcreate: [{ szIndexName: 'primary', szKey: '+id\0', grbit: JET_bitIndexPrimary, ulDensity: 100 }],
      });
      assert.deepEqual(r, { tableid: TAB + 8, cCreated: 4, rgcolumnid: [0x100, 0x101] });
      const c = arrived(fake, 'JetCreateTableColumnIndexW', { sesid: String(SES), dbid: 1 });
      assert.deepEqual(c.args.ptablecreate, {
        sizeof: 80,
        cbStruct: 80,
        szTableName: units('T'),
        szTemplateTableName: null,
        ulPages: 4,
        ulDensity: 90,
        rgcolumncreate: 'ptr',
        cColumns: 2,
        rgindexcreate: 'ptr',
        cIndexes: 1,
        grbit: 0,
        tableid: '0',
        cCreated: 0,
      });
      assert.deepEqual(c.args['rgcolumncreate[0]'], { sizeof: 56, cbStruct: 56, szColumnName: units('id'), coltyp: JET_coltypLong, cbMax: 0, grbit: 1, pvDefault: null, cbDefault: 0, cp: 0, columnid: 0, err: 0 });
      assert.deepEqual(c.args['rgcolumncreate[1]'], { sizeof: 56, cbStruct: 56, szColumnName: units('body'), coltyp: JET_coltypLongText, cbMax: 1024, grbit: 0, pvDefault: 'ptr', cbDefault: 3, cp: JET_cpUnicode, columnid: 0, err: 0 });
      assert.equal(c.args['rgcolumncreate[1].pvDefault'], '010203');
      assert.deepEqual(c.args['rgindexcreate[0]'], {
        sizeof: 80,
        cbStruct: 80,
        szIndexName: units('primary'),
        szKey: units('+id'),
        cbKey: 10,
        grbit: JET_bitIndexPrimary,
        ulDensity: 100,
        pidxunicode: null,
        ptuplelimits: null,
        rgconditionalcolumn: null,
        cConditionalColumn: 0,
        err: 0,
        cbKeyMost: 255,
      });
      assert.deepEqual(c.args['rgindexcreate[0].szKey'], units('+id\0\0'));
    },
  },
  {
    name: 'columns and indexes: JET_COLUMNDEF in, default bytes, cbKey in bytes for the W call, column info out',
    covers: ['JetAddColumn', 'JetCreateIndex', 'JetGetTableColumnInfo'],
    async run({ esent, fake }) {
      fake.u64('JetAddColumnW.pcolumnid', 0x123);
      const col = await esent.JetAddColumn(ses, tab, 'Subject', { coltyp: JET_coltypLongText, cp: JET_cpUnicode, cbMax: 255, grbit: 0x4 }, Buffer.from('dflt'), 4);
      assert.equal(col, 0x123);
      const a = arrived(fake, 'JetAddColumnW', { sesid: String(SES), tableid: String(TAB), szColumnName: units('Subject'), pvDefault: 'ptr', cbDefault: 4, pcolumnid: 'ptr', 'pvDefault.bytes': hex('dflt') });
      assert.deepEqual(a.args.pcolumndef, { sizeof: 28, cbStruct: 28, columnid: 0, coltyp: JET_coltypLongText, wCountry: 0, langid: 0, cp: JET_cpUnicode, wCollate: 0, cbMax: 255, grbit: 4 });
      await esent.JetCreateIndex(ses, tab, 'bySubject', 0x1, '+Subject\0-Date\0\0', 16, 90);
      arrived(fake, 'JetCreateIndexW', { szIndexName: units('bySubject'), grbit: 1, szKey: units('+Subject'), cbKey: 32, lDensity: 90, 'szKey.units': units('+Subject\0-Date\0\0') });
      fake.reset();
      // the double NUL left out, cbKey the characters given: the W call still gets both terminators
      await esent.JetCreateIndex(ses, tab, 'byId', 0, '+id', 3, 0);
      arrived(fake, 'JetCreateIndexW', { szKey: units('+id'), cbKey: 10, 'szKey.units': units('+id\0\0') });
      const k = 'JetGetTableColumnInfoW.';
      fake.u64(`${k}columnid`, 0x123);
      fake.u64(`${k}coltyp`, JET_coltypLongText);
      fake.u64(`${k}cp`, JET_cpUnicode);
      fake.u64(`${k}cbMax`, 255);
      fake.u64(`${k}grbit`, 4);
      assert.deepEqual(await esent.JetGetTableColumnInfo(ses, tab, 'Subject', 0), {
        cbStruct: 28,
        columnid: 0x123 as JET_COLUMNID,
        coltyp: JET_coltypLongText,
        wCountry: 0,
        langid: 0,
        cp: JET_cpUnicode,
        wCollate: 0,
        cbMax: 255,
        grbit: 4,
      });
      arrived(fake, 'JetGetTableColumnInfoW', { szColumnName: units('Subject'), pvResult: 'ptr', cbMax: 28, InfoLevel: 0 });
    },
  },
  {
    name: 'cursors: open (parameters bytes), close, current index, transactions',
    covers: ['JetOpenTable', 'JetCloseTable', 'JetSetCurrentIndex', 'JetSetCurrentIndex2', 'JetGetCurrentIndex', 'JetBeginTransaction', 'JetBeginTransaction2', 'JetCommitTransaction', 'JetRollback'],
    async run({ esent, fake }) {
      fake.u64('JetOpenTableW.ptableid', TAB);
      assert.equal(await esent.JetOpenTable(ses, 2 as JET_DBID, 'Messages', Buffer.from([9, 8]), 2, JET_bitTableUpdatable), TAB);
      arrived(fake, 'JetOpenTableW', { dbid: 2, szTableName: units('Messages'), cbParameters: 2, grbit: JET_bitTableUpdatable, 'pvParameters.bytes': '0908' });
      await esent.JetCloseTable(ses, tab);
      arrived(fake, 'JetCloseTable', { sesid: String(SES), tableid: String(TAB) });
      await esent.JetSetCurrentIndex(ses, tab, null);
      arrived(fake, 'JetSetCurrentIndexW', { szIndexName: null });
      await esent.JetSetCurrentIndex2(ses, tab, 'bySubject', JET_bitMoveFirst);
      arrived(fake, 'JetSetCurrentIndex2W', { szIndexName: units('bySubject'), grbit: JET_bitMoveFirst });
      fake.w('JetGetCurrentIndexW.szIndexName', 'bySubject');
      assert.equal(await esent.JetGetCurrentIndex(ses, tab), 'bySubject');
      arrived(fake, 'JetGetCurrentIndexW', { szIndexName: [], cchIndexName: 258 });
      fake.reset();
      assert.equal(await esent.JetGetCurrentIndex(ses, tab), null);
      await esent.JetBeginTransaction(ses);
      await esent.JetBeginTransaction2(ses, 0x1);
      await esent.JetCommitTransaction(ses, 0x1);
      await esent.JetRollback(ses, 0x1);
      arrived(fake, 'JetBeginTransaction', { sesid: String(SES) });
      arrived(fake, 'JetBeginTransaction2', { grbit: 1 });
      arrived(fake, 'JetCommitTransaction', { grbit: 1 });
      arrived(fake, 'JetRollback', { grbit: 1 });
    },
  },
  {
    name: 'records: prepare, set (JET_SETINFO, warnings), update (bookmark), retrieve (truncated, NULL), delete',
    covers: ['JetPrepareUpdate', 'JetSetColumn', 'JetUpdate', 'JetRetrieveColumn', 'JetDelete'],
    async run({ esent, fake }) {
      await esent.JetPrepareUpdate(ses, tab, 0);
      arrived(fake, 'JetPrepareUpdate', { tableid: String(TAB), prep: 0 });
      assert.equal(await esent.JetSetColumn(ses, tab, 0x100 as JET_COLUMNID, Buffer.from('hello'), 5, 0x2, { itagSequence: 3 }), 0);
      const s = arrived(fake, 'JetSetColumn', { columnid: 0x100, pvData: 'ptr', cbData: 5, grbit: 2, 'pvData.bytes': hex('hello') });
      assert.deepEqual(s.args.psetinfo, { sizeof: 12, cbStruct: 12, ibLongValue: 0, itagSequence: 3 });
      fake.reset();
      assert.equal(await esent.JetSetColumn(ses, tab, 0x100 as JET_COLUMNID, null, 0, 0, null), 0);
      arrived(fake, 'JetSetColumn', { pvData: null, psetinfo: null });
      fake.reset();
      fake.bytes('JetUpdate.pvBookmark', Buffer.from([0x7f, 1, 2, 3]));
      assert.deepEqual(await esent.JetUpdate(ses, tab), Buffer.from([0x7f, 1, 2, 3]));
      arrived(fake, 'JetUpdate', { pvBookmark: 'ptr', cbBookmark: 256, pcbActual: 'ptr' });
      fake.bytes('JetRetrieveColumn.pvData', Buffer.from('hello world'));
      fake.ret('JetRetrieveColumn', JET_wrnBufferTruncated);
      assert.deepEqual(await esent.JetRetrieveColumn(ses, tab, 0x100 as JET_COLUMNID, 5, 0, { itagSequence: 2, ibLongValue: 1 }), {
        err: JET_wrnBufferTruncated,
        pvData: Buffer.from('hello'),
        cbActual: 11,
      });
      const r = arrived(fake, 'JetRetrieveColumn', { columnid: 0x100, pvData: 'ptr', cbData: 5, pcbActual: 'ptr', grbit: 0 });
      assert.deepEqual(r.args.pretinfo, { sizeof: 16, cbStruct: 16, ibLongValue: 1, itagSequence: 2, columnidNextTagged: 0 });
      fake.reset();
      fake.ret('JetRetrieveColumn', JET_wrnColumnNull);
      assert.deepEqual(await esent.JetRetrieveColumn(ses, tab, 0x100 as JET_COLUMNID, 0, 0, null), { err: JET_wrnColumnNull, pvData: null, cbActual: 0 });
      arrived(fake, 'JetRetrieveColumn', { pvData: null, cbData: 0, pretinfo: null });
      await esent.JetDelete(ses, tab);
      arrived(fake, 'JetDelete', { sesid: String(SES), tableid: String(TAB) });
    },
  },
  {
    name: 'navigation: move (signed cRow), keys, seek warning, index range, record count, bookmarks',
    covers: ['JetMove', 'JetMakeKey', 'JetSeek', 'JetSetIndexRange', 'JetIndexRecordCount', 'JetRetrieveKey', 'JetGetBookmark', 'JetGotoBookmark'],
    async run({ esent, fake }) {
      await esent.JetMove(ses, tab, -3, 0);
      arrived(fake, 'JetMove', { cRow: -3, grbit: 0 });
      await esent.JetMakeKey(ses, tab, Buffer.from([0, 1, 0xff]), 3, 0x1);
      arrived(fake, 'JetMakeKey', { cbData: 3, grbit: 1, 'pvData.bytes': '0001ff' });
      fake.ret('JetSeek', JET_wrnSeekNotEqual);
      assert.equal(await esent.JetSeek(ses, tab, 0x8), JET_wrnSeekNotEqual);
      arrived(fake, 'JetSeek', { grbit: 8 });
      await esent.JetSetIndexRange(ses, tab, 0x4);
      arrived(fake, 'JetSetIndexRange', { tableidSrc: String(TAB), grbit: 4 });
      fake.u64('JetIndexRecordCount.pcrec', 17);
      assert.equal(await esent.JetIndexRecordCount(ses, tab, 100), 17);
      arrived(fake, 'JetIndexRecordCount', { pcrec: 'ptr', crecMax: 100 });
      fake.bytes('JetRetrieveKey.pvData', Buffer.from([0x7f, 0x80, 0, 0, 1]));
      assert.deepEqual(await esent.JetRetrieveKey(ses, tab, 3, 0x2), Buffer.from([0x7f, 0x80, 0]));
      arrived(fake, 'JetRetrieveKey', { cbMax: 3, grbit: 2 });
      fake.bytes('JetGetBookmark.pvBookmark', Buffer.from([5, 6]));
      assert.deepEqual(await esent.JetGetBookmark(ses, tab), Buffer.from([5, 6]));
      arrived(fake, 'JetGetBookmark', { cbMax: 256 });
      await esent.JetGotoBookmark(ses, tab, Buffer.from([5, 6, 7]), 2);
      arrived(fake, 'JetGotoBookmark', { cbBookmark: 2, 'pvBookmark.bytes': '0506' });
    },
  },
  {
    name: 'streaming backup: begin, attach info, open/read/close, log info 2, truncate, end; JetStopBackupInstance mid-read aborts the next read',
    covers: [
      'JetBeginExternalBackupInstance',
      'JetGetAttachInfoInstance',
      'JetOpenFileInstance',
      'JetReadFileInstance',
      'JetCloseFileInstance',
      'JetGetLogInfoInstance2',
      'JetTruncateLogInstance',
      'JetEndExternalBackupInstance2',
      'JetStopBackupInstance',
      'JetEndExternalBackupInstance',
    ],
    async run({ esent, fake }) {
      const db = 'C:\\data\\mail.edb';
      const szz = `${db}\0\0`;
      fake.w('JetGetAttachInfoInstanceW.szz', szz);
      await esent.JetBeginExternalBackupInstance(inst, 0);
      const sized = await esent.JetGetAttachInfoInstance(inst, 0);
      assert.deepEqual(sized, { szz: '', pcbActual: szz.length * 2 });
      const list = await esent.JetGetAttachInfoInstance(inst, sized.pcbActual);
      assert.deepEqual(list, { szz, pcbActual: szz.length * 2 });
      fake.u64('JetOpenFileInstanceW.phfFile', 0x4242);
      fake.u64('JetOpenFileInstanceW.pulFileSizeLow', 0x10000);
      fake.u64('JetOpenFileInstanceW.pulFileSizeHigh', 1);
      const f = await esent.JetOpenFileInstance(inst, db);
      assert.deepEqual(f, { phfFile: 0x4242, pulFileSizeLow: 0x10000, pulFileSizeHigh: 1 });
      const page = Buffer.alloc(8192, 0xab);
      fake.bytes('JetReadFileInstance.pv', page);
      const buf = Buffer.alloc(65536);
      assert.equal(await esent.JetReadFileInstance(inst, f.phfFile, buf, 65536), 8192);
      assert.ok(buf.subarray(0, 8192).equals(page));
      await esent.JetCloseFileInstance(inst, f.phfFile);
      const k = 'JetGetLogInfoInstance2W.';
      const logs = 'C:\\logs\\edb00000007.log\0C:\\logs\\edb00000008.log\0\0';
      fake.w(`${k}szz`, logs);
      fake.u64(`${k}ulGenLow`, 7);
      fake.u64(`${k}ulGenHigh`, 8);
      fake.w(`${k}szBaseName`, 'edb');
      assert.deepEqual(await esent.JetGetLogInfoInstance2(inst, 4096, { cbSize: JET_LOGINFO_cbSize }), {
        szz: logs,
        pcbActual: logs.length * 2,
        pLogInfo: { cbSize: JET_LOGINFO_cbSize, ulGenLow: 7, ulGenHigh: 8, szBaseName: 'edb' },
      });
      await esent.JetTruncateLogInstance(inst);
      await esent.JetEndExternalBackupInstance2(inst, JET_bitBackupEndNormal | JET_bitBackupTruncateDone);
      const seq = fake.log().map((c) => c.fn);
      assert.deepEqual(seq, [
        'JetBeginExternalBackupInstance',
        'JetGetAttachInfoInstanceW',
        'JetGetAttachInfoInstanceW',
        'JetOpenFileInstanceW',
        'JetReadFileInstance',
        'JetCloseFileInstance',
        'JetGetLogInfoInstance2W',
        'JetTruncateLogInstance',
        'JetEndExternalBackupInstance2',
      ]);
      const log = fake.log();
      assert.deepEqual(log[0]!.args, { instance: String(INST), grbit: 0 });
      assert.deepEqual(log[1]!.args, { instance: String(INST), szz: null, cbMax: 0, pcbActual: 'ptr' });
      assert.deepEqual(log[2]!.args, { instance: String(INST), szz: 'ptr', cbMax: szz.length * 2, pcbActual: 'ptr' });
      assert.deepEqual(log[3]!.args, { instance: String(INST), szFileName: units(db), phfFile: 'ptr', pulFileSizeLow: 'ptr', pulFileSizeHigh: 'ptr' });
      // the caller's Buffer is not page aligned in memory; the DLL got a page-aligned bounce buffer
      assert.deepEqual(log[4]!.args, { instance: String(INST), hfFile: String(0x4242), pv: 'ptr', cb: 65536, pcb: 'ptr', pvPageAligned: 1 });
      assert.deepEqual(log[5]!.args, { instance: String(INST), hfFile: String(0x4242) });
      // JET_LOGINFO_W: the W struct's size goes to the DLL (20), the API's cbSize comes back
      assert.deepEqual(log[6]!.args.pLogInfo, { sizeof: 20, cbSize: 20, ulGenLow: 0, ulGenHigh: 0, szBaseName: [0, 0, 0, 0] });
      assert.deepEqual(log[8]!.args, { instance: String(INST), grbit: JET_bitBackupEndNormal | JET_bitBackupTruncateDone });

      // a second backup stopped by JetStopBackupInstance while it streams
      fake.reset();
      fake.u64('JetOpenFileInstanceW.phfFile', 0x4343);
      fake.bytes('JetReadFileInstance.pv', page);
      fake.ret('JetReadFileInstance', 0);
      fake.ret('JetReadFileInstance', JET_errBackupAbortByServer);
      await esent.JetBeginExternalBackupInstance(inst, 0);
      const g = await esent.JetOpenFileInstance(inst, db);
      assert.equal(await esent.JetReadFileInstance(inst, g.phfFile, buf, 65536), 8192);
      await esent.JetStopBackupInstance(inst);
      await rejectsJet(esent.JetReadFileInstance(inst, g.phfFile, buf, 65536), JET_errBackupAbortByServer, 'JetReadFileInstance');
      await esent.JetEndExternalBackupInstance2(inst, JET_bitBackupEndAbort);
      await esent.JetEndExternalBackupInstance(inst);
      assert.deepEqual(
        fake.log().map((c) => [c.fn, c.ret]),
        [
          ['JetBeginExternalBackupInstance', 0],
          ['JetOpenFileInstanceW', 0],
          ['JetReadFileInstance', 0],
          ['JetStopBackupInstance', 0],
          ['JetReadFileInstance', JET_errBackupAbortByServer],
          ['JetEndExternalBackupInstance2', 0],
          ['JetEndExternalBackupInstance', 0],
        ],
      );
      arrived(fake, 'JetStopBackupInstance', { instance: String(INST) });
    },
  },
  {
    name: 'legacy backup calls (one-instance mode) and the other log lists',
    covers: [
      'JetBeginExternalBackup',
      'JetGetAttachInfo',
      'JetOpenFile',
      'JetReadFile',
      'JetCloseFile',
      'JetGetLogInfo',
      'JetGetLogInfoInstance',
      'JetGetTruncateLogInfoInstance',
      'JetTruncateLog',
      'JetEndExternalBackup',
      'JetStopBackup',
    ],
    async run({ esent, fake }) {
      await esent.JetBeginExternalBackup(JET_bitBackupAtomic);
      arrived(fake, 'JetBeginExternalBackup', { grbit: JET_bitBackupAtomic });
      fake.w('JetGetAttachInfoW.szz', 'a.edb\0\0');
      // a short buffer gets whole characters; pcbActual is what the DLL reported
      assert.deepEqual(await esent.JetGetAttachInfo(5), { szz: 'a.', pcbActual: 14 });
      arrived(fake, 'JetGetAttachInfoW', { szz: 'ptr', cbMax: 5 });
      fake.u64('JetOpenFileW.phfFile', 9);
      assert.deepEqual(await esent.JetOpenFile('a.edb'), { phfFile: 9, pulFileSizeLow: 0, pulFileSizeHigh: 0 });
      arrived(fake, 'JetOpenFileW', { szFileName: units('a.edb') });
      fake.bytes('JetReadFile.pv', Buffer.from('abcd'));
      const b = Buffer.alloc(4096);
      assert.equal(await esent.JetReadFile(9 as JET_HANDLE, b, 4096), 4);
      assert.equal(b.toString('latin1', 0, 4), 'abcd');
      arrived(fake, 'JetReadFile', { hfFile: '9', cb: 4096, pcbActual: 'ptr', pvPageAligned: 1 });
      // a pv the API itself calls unaligned goes to the DLL as it is (esent.dll refuses it)
      const big = Buffer.alloc(16384);
      await esent.JetReadFile(9 as JET_HANDLE, big.subarray(512), 4096);
      assert.equal(calls(fake, 'JetReadFile')[1]!.args.pvPageAligned, 0);
      assert.equal(big.toString('latin1', 512, 516), 'abcd');
      await esent.JetCloseFile(9 as JET_HANDLE);
      arrived(fake, 'JetCloseFile', { hfFile: '9' });
      fake.w('JetGetLogInfoW.szz', 'x.log\0\0');
      assert.deepEqual(await esent.JetGetLogInfo(100), { szz: 'x.log\0\0', pcbActual: 14 });
      fake.w('JetGetLogInfoInstanceW.szz', 'y.log\0\0');
      assert.deepEqual(await esent.JetGetLogInfoInstance(inst, 100), { szz: 'y.log\0\0', pcbActual: 14 });
      arrived(fake, 'JetGetLogInfoInstanceW', { instance: String(INST), cbMax: 100 });
      fake.w('JetGetTruncateLogInfoInstanceW.szz', 'z.log\0\0');
      assert.deepEqual(await esent.JetGetTruncateLogInfoInstance(inst, 100), { szz: 'z.log\0\0', pcbActual: 14 });
      arrived(fake, 'JetGetTruncateLogInfoInstanceW', { instance: String(INST), cbMax: 100 });
      await esent.JetTruncateLog();
      await esent.JetEndExternalBackup();
      await esent.JetStopBackup();
      arrived(fake, 'JetTruncateLog', {});
      arrived(fake, 'JetEndExternalBackup', {});
      arrived(fake, 'JetStopBackup', {});
    },
  },
  {
    name: 'backup and restore with JET_PFNSTATUS: callbacks from a DLL thread and from the calling thread, JET_SNPROG decoded',
    covers: ['JetBackupInstance', 'JetBackup', 'JetRestoreInstance', 'JetRestore', 'JetRestore2'],
    async run({ esent, fake }) {
      const seen: [number, number, number, JET_SNPROG | null][] = [];
      fake.u64('JetBackupInstanceW.cb.steps', 2);
      fake.u64('JetBackupInstanceW.cb.sesid', SES);
      await esent.JetBackupInstance(inst, 'C:\\backup\\', JET_bitBackupAtomic, (sesid, snp, snt, pv) => {
        seen.push([sesid, snp, snt, pv]);
        return 0;
      });
      assert.deepEqual(seen, [
        [SES, JET_snpBackup, JET_sntBegin, null],
        [SES, JET_snpBackup, JET_sntProgress, { cbStruct: 12, cunitDone: 1, cunitTotal: 2 }],
        [SES, JET_snpBackup, JET_sntProgress, { cbStruct: 12, cunitDone: 2, cunitTotal: 2 }],
        [SES, JET_snpBackup, JET_sntComplete, null],
      ]);
      const c = arrived(fake, 'JetBackupInstanceW', { instance: String(INST), szBackupPath: units('C:\\backup\\'), grbit: JET_bitBackupAtomic, pfnStatus: 'ptr' });
      assert.equal(c.ret, 0);
      arrived(fake, 'pfnStatus', { otherThread: 1 });
      fake.reset();
      await esent.JetBackup('C:\\b2\\', 0, null);
      arrived(fake, 'JetBackupW', { szBackupPath: units('C:\\b2\\'), grbit: 0, pfnStatus: null });
      fake.reset();
      let n = 0;
      fake.u64('JetRestoreInstanceW.cb.snp', JET_snpRestore);
      // this time the DLL calls back on the thread that called it (koffi's worker)
      fake.u64('JetRestoreInstanceW.cb.callingThread', 1);
      await esent.JetRestoreInstance(inst, 'C:\\backup\\', 'C:\\dest\\', (_s, snp) => {
        assert.equal(snp, JET_snpRestore);
        n++;
      });
      assert.equal(n, 4);
      arrived(fake, 'JetRestoreInstanceW', { instance: String(INST), sz: units('C:\\backup\\'), szDest: units('C:\\dest\\'), pfn: 'ptr' });
      arrived(fake, 'pfnStatus', { otherThread: 0 });
      await esent.JetRestore('C:\\backup\\', null);
      arrived(fake, 'JetRestoreW', { sz: units('C:\\backup\\'), pfn: null });
      await esent.JetRestore2('C:\\backup\\', null, null);
      arrived(fake, 'JetRestore2W', { sz: units('C:\\backup\\'), szDest: null, pfn: null });
    },
  },
  {
    name: 'status callbacks that fail: a negative return fails the call; a throw propagates as is',
    covers: ['JetBackupInstance'],
    async run({ esent, fake }) {
      await rejectsJet(esent.JetBackupInstance(inst, 'C:\\b\\', 0, (_s, _p, snt) => (snt === JET_sntProgress ? JET_errDiskFull : 0)), JET_errDiskFull, 'JetBackupInstance', JetDiskError);
      assert.equal(calls(fake, 'pfnStatus')[0]!.ret, JET_errDiskFull);
      fake.reset();
      const boom = new Error('callback failed');
      await assert.rejects(
        esent.JetBackupInstance(inst, 'C:\\b\\', 0, () => {
          throw boom;
        }),
        (e) => e === boom,
      );
      assert.equal(calls(fake, 'pfnStatus')[0]!.ret, JET_errCallbackFailed);
    },
  },
  {
    name: 'restores of a streamed backup: JET_RSTMAP_W arrays, JET_LOGINFO_W, target instance strings',
    covers: ['JetExternalRestore', 'JetExternalRestore2'],
    async run({ esent, fake }) {
      const maps = [
        { szDatabaseName: 'C:\\old\\a.edb', szNewDatabaseName: 'D:\\new\\a.edb' },
        { szDatabaseName: 'C:\\old\\ß.edb', szNewDatabaseName: 'D:\\new\\ß.edb' },
      ];
      await esent.JetExternalRestore('C:\\chk\\', 'C:\\logs\\', maps, 2, 'E:\\bk\\', 7, 9, null);
      const c = arrived(fake, 'JetExternalRestoreW', {
        szCheckpointFilePath: units('C:\\chk\\'),
        szLogPath: units('C:\\logs\\'),
        crstfilemap: 2,
        szBackupLogPath: units('E:\\bk\\'),
        genLow: 7,
        genHigh: 9,
        pfn: null,
      });
      assert.deepEqual(c.args.rgrstmap, { sizeof: 16, szDatabaseName: units(maps[0]!.szDatabaseName), szNewDatabaseName: units(maps[0]!.szNewDatabaseName) });
      assert.deepEqual(c.args['rgrstmap[1]'], { sizeof: 16, szDatabaseName: units(maps[1]!.szDatabaseName), szNewDatabaseName: units(maps[1]!.szNewDatabaseName) });
      fake.reset();
      let cb = 0;
      await esent.JetExternalRestore2(null, null, null, 0, 'E:\\bk\\', { cbSize: JET_LOGINFO_cbSize, ulGenLow: 3, ulGenHigh: 5, szBaseName: 'edb' }, 'target', 'T:\\logs\\', null, () => {
        cb++;
      });
      assert.equal(cb, 4);
      const d = arrived(fake, 'JetExternalRestore2W', {
        szCheckpointFilePath: null,
        szLogPath: null,
        rgrstmap: null,
        crstfilemap: 0,
        szTargetInstanceName: units('target'),
        szTargetInstanceLogPath: units('T:\\logs\\'),
        szTargetInstanceCheckpointPath: null,
        pfn: 'ptr',
      });
      assert.deepEqual(d.args.pLogInfo, { sizeof: 20, cbSize: 20, ulGenLow: 3, ulGenHigh: 5, szBaseName: units('edb\0') });
    },
  },
  {
    name: 'OS snapshots: prepare, per instance, freeze (instance info freed), thaw, abort, truncate, freeze info, end',
    covers: [
      'JetOSSnapshotPrepare',
      'JetOSSnapshotPrepareInstance',
      'JetOSSnapshotFreeze',
      'JetOSSnapshotThaw',
      'JetOSSnapshotAbort',
      'JetOSSnapshotTruncateLog',
      'JetOSSnapshotTruncateLogInstance',
      'JetOSSnapshotGetFreezeInfo',
      'JetOSSnapshotEnd',
    ],
    async run({ esent, fake }) {
      fake.u64('JetOSSnapshotPrepare.psnapId', 0x5151);
      const snap = await esent.JetOSSnapshotPrepare(0x1);
      assert.equal(snap, 0x5151 as JET_OSSNAPID);
      arrived(fake, 'JetOSSnapshotPrepare', { psnapId: 'ptr', grbit: 1 });
      await esent.JetOSSnapshotPrepareInstance(snap, inst, 0);
      arrived(fake, 'JetOSSnapshotPrepareInstance', { snapId: String(0x5151), instance: String(INST), grbit: 0 });
      for (const fn of ['JetOSSnapshotFreezeW', 'JetOSSnapshotGetFreezeInfoW']) {
        fake.u64(`${fn}.count`, 1);
        fake.u64(`${fn}.0.hInstanceId`, INST);
        fake.w(`${fn}.0.szInstanceName`, 'i');
        fake.u64(`${fn}.0.cDatabases`, 1);
        fake.w(`${fn}.0.db.0`, 'C:\\d.edb');
      }
      const frozen = [{ hInstanceId: INST, szInstanceName: 'i', cDatabases: 1, szDatabaseFileName: ['C:\\d.edb'], szDatabaseDisplayName: [null] }];
      assert.deepEqual(await esent.JetOSSnapshotFreeze(snap, 0), frozen);
      arrived(fake, 'JetOSSnapshotFreezeW', { snapId: String(0x5151), pcInstanceInfo: 'ptr', paInstanceInfo: 'ptr', grbit: 0 });
      assert.deepEqual(await esent.JetOSSnapshotGetFreezeInfo(snap, 0), frozen);
      arrived(fake, 'JetOSSnapshotGetFreezeInfoW', { snapId: String(0x5151) });
      assert.deepEqual(
        calls(fake, 'JetFreeBuffer').map((c) => c.args.allocatedByFake),
        [1, 1],
      );
      await esent.JetOSSnapshotThaw(snap, 0);
      await esent.JetOSSnapshotTruncateLog(snap, 0);
      await esent.JetOSSnapshotTruncateLogInstance(snap, inst, 0);
      await esent.JetOSSnapshotAbort(snap, 0);
      await esent.JetOSSnapshotEnd(snap, 0x1);
      arrived(fake, 'JetOSSnapshotThaw', { snapId: String(0x5151), grbit: 0 });
      arrived(fake, 'JetOSSnapshotTruncateLog', { snapId: String(0x5151), grbit: 0 });
      arrived(fake, 'JetOSSnapshotTruncateLogInstance', { snapId: String(0x5151), instance: String(INST), grbit: 0 });
      arrived(fake, 'JetOSSnapshotAbort', { snapId: String(0x5151), grbit: 0 });
      arrived(fake, 'JetOSSnapshotEnd', { snapId: String(0x5151), grbit: 1 });
    },
  },
  {
    name: 'negative codes become the typed error of their category, with the API name as context',
    covers: [],
    async run({ esent, fake }) {
      fake.ret('JetBeginSessionW', JET_errOutOfMemory);
      await rejectsJet(esent.JetBeginSession(inst, null, null), JET_errOutOfMemory, 'JetBeginSession', JetMemoryError);
      fake.ret('JetOpenFileInstanceW', JET_errFileNotFound);
      await rejectsJet(esent.JetOpenFileInstance(inst, 'missing.edb'), JET_errFileNotFound, 'JetOpenFileInstance');
      fake.ret('JetEndSession', JET_errInvalidSesid);
      await rejectsJet(esent.JetEndSession(ses, 0), JET_errInvalidSesid, 'JetEndSession');
      fake.ret('JetInit', JET_errInvalidParameter);
      await rejectsJet(esent.JetInit(inst), JET_errInvalidParameter, 'JetInit');
    },
  },
  {
    name: 'wrong JS types throw TypeError before any DLL call',
    covers: [],
    async run({ esent, fake }) {
      const bad = esent as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      await assert.rejects(bad.JetBeginSession!('1', null, null), TypeError);
      await assert.rejects(bad.JetCreateInstance2!(1, null, 0), TypeError);
      await assert.rejects(bad.JetSetColumn!(ses, tab, 1, 'text', 4, 0, null), TypeError);
      await assert.rejects(bad.JetCloseDatabase!(ses, 1, 1.5), TypeError);
      await assert.rejects(bad.JetReadFileInstance!(inst, 1, null, 10), TypeError);
      await assert.rejects(bad.JetBackupInstance!(inst, 'x', 0, 'not a function'), TypeError);
      await assert.rejects(bad.JetExternalRestore!(null, null, null, 1, 'x', 0, 0, null), TypeError);
      await assert.rejects(bad.JetEnableMultiInstance!([], 2), TypeError);
      assert.deepEqual(fake.log(), []);
    },
  },
  {
    name: 'blocking calls run off the event loop: timers keep firing during a 300 ms JetInit and JetReadFileInstance',
    covers: [],
    async run({ esent, fake }) {
      for (const [fn, call] of [
        ['JetInit', () => esent.JetInit(inst)],
        ['JetReadFileInstance', () => esent.JetReadFileInstance(inst, 1 as JET_HANDLE, Buffer.alloc(4096), 4096)],
      ] as const) {
        fake.u64(`${fn}.sleepMs`, 300);
        let ticks = 0;
        const timer = setInterval(() => ticks++, 10);
        const t0 = Date.now();
        await call();
        clearInterval(timer);
        assert.ok(Date.now() - t0 >= 290, `${fn} returned before the DLL did`);
        assert.ok(ticks >= 10, `${fn}: only ${ticks} timer ticks while the DLL blocked`);
      }
    },
  },
  {
    name: 'the same call sequence works in a worker thread',
    covers: [],
    async run({ fake, inWorker }) {
      fake.u64('JetCreateInstance2W.pinstance', INST);
      fake.u64('JetBeginSessionW.psesid', SES);
      fake.u64('JetOpenDatabaseW.pdbid', 6);
      assert.deepEqual(await inWorker(), { instance: INST, sesid: SES, dbid: 6, warning: JET_wrnDatabaseAttached });
      assert.deepEqual(
        fake.log().map((c) => c.fn),
        ['JetCreateInstance2W', 'JetInit', 'JetBeginSessionW', 'JetAttachDatabaseW', 'JetOpenDatabaseW', 'JetEndSession', 'JetTerm'],
      );
      arrived(fake, 'JetCreateInstance2W', { szInstanceName: units('worker') });
      arrived(fake, 'JetOpenDatabaseW', { sesid: String(SES), szFilename: units('w.edb') });
    },
  },
  {
    name: "createNativeEsent() loads %SystemRoot%\\System32\\esent.dll; an export that DLL lacks fails only the call that needs it",
    covers: [],
    async run({ systemEsent }) {
      // Wine's esent.dll lacks JetStopServiceInstance2 (so does Windows 7's); nothing else is
      // called: Wine's entry points are stubs
      const esent = systemEsent();
      await assert.rejects(esent.JetStopServiceInstance2(inst, 0), /system32\\esent\.dll does not export JetStopServiceInstance2/i);
    },
  },
];

/** The worker-thread sequence (driver.ts runs it in a Worker). */
export async function workerSequence(esent: EsentApi, fake: Fake): Promise<unknown> {
  fake.ret('JetAttachDatabaseW', JET_wrnDatabaseAttached);
  const instance = await esent.JetCreateInstance2('worker', null, 0);
  await esent.JetInit(instance);
  const sesid = await esent.JetBeginSession(instance, null, null);
  const warning = await esent.JetAttachDatabase(sesid, 'w.edb', 0);
  const dbid = await esent.JetOpenDatabase(sesid, 'w.edb', null, 0);
  await esent.JetEndSession(sesid, 0);
  await esent.JetTerm(instance);
  return { instance, sesid, dbid, warning };
}
