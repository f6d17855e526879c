// Databases (spec: JetCreateDatabase.md, JetAttachDatabase.md, JetGetDatabaseFileInfo.md): create /
// attach / open / close / detach return codes, the header state while attached and after JetTerm,
// recovery of a dirty database, sharing and page size. Attach and detach during a backup (the
// reference's backup state set directly) stay in test/database.test.ts.
import {
  JET_errDatabaseDirtyShutdown,
  JET_errDatabaseDuplicate,
  JET_errDatabaseInvalidPath,
  JET_errDatabaseInUse,
  JET_errDatabaseNotFound,
  JET_errDatabaseSharingViolation,
  JET_errFileNotFound,
  JET_errInvalidDatabaseId,
  JET_errPageSizeMismatch,
  JET_wrnDatabaseAttached,
} from '@winbackup/errors';
import { describe, expect } from 'vitest';
import {
  JET_bitTermDirty,
  JET_bitDbExclusive,
  JET_dbstateCleanShutdown,
  JET_dbstateDirtyShutdown,
  JET_DbInfoMisc,
  JET_DbInfoPageSize,
  JET_DbInfoFilesize,
  JET_paramDatabasePageSize,
  type JET_DBINFOMISC,
} from '../../src/index.js';
import { code, fixture, insert, readAll, useTempRoot, type TempRoot } from '../helpers.js';
import type { ConformanceIt, EsentTarget } from './target.js';

/** Database return codes and header states as esent.dll reports them. */
export function databaseConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('databases', () => {
    let root: TempRoot;
    useTempRoot((r) => (root = r));

    it('create / attach / open / close / detach return codes', async () => {
      const f = await fixture(root.dir, { create: target.create });
      const { api, sesid } = f;
      expect(await code(api.JetCreateDatabase(sesid, 'test.edb', null, 0))).toBe(JET_errDatabaseDuplicate);
      expect(await api.JetAttachDatabase(sesid, 'test.edb', 0)).toBe(JET_wrnDatabaseAttached);
      expect(await code(api.JetAttachDatabase(sesid, 'missing.edb', 0))).toBe(JET_errFileNotFound);
      expect(await code(api.JetOpenDatabase(sesid, 'missing.edb', null, 0))).toBe(JET_errDatabaseNotFound);
      expect(await code(api.JetDetachDatabase(sesid, 'missing.edb'))).toBe(JET_errDatabaseNotFound);
      expect(await code(api.JetDetachDatabase(sesid, 'test.edb'))).toBe(JET_errDatabaseInUse);
      expect(await code(api.JetCloseDatabase(sesid, 12345 as never, 0))).toBe(JET_errInvalidDatabaseId);
      // exclusive opens
      const s2 = await api.JetBeginSession(f.inst, null, null);
      expect(await code(api.JetOpenDatabase(s2, 'test.edb', null, JET_bitDbExclusive))).toBe(JET_errDatabaseInUse);
      await api.JetEndSession(s2, 0);
      expect(await code(api.JetCreateDatabase(sesid, 'sub/dir/x.edb', null, 0))).toBe(JET_errDatabaseInvalidPath);
      await insert(f, 1, 'one');
      await api.JetCloseTable(sesid, f.tableid);
      await api.JetCloseDatabase(sesid, f.dbid, 0);
      expect(await code(api.JetCloseDatabase(sesid, f.dbid, 0))).toBe(JET_errInvalidDatabaseId);
      await api.JetDetachDatabase(sesid, 'test.edb');
      expect(await code(api.JetOpenDatabase(sesid, 'test.edb', null, 0))).toBe(JET_errDatabaseNotFound);
      expect(await api.JetAttachDatabase(sesid, 'test.edb', 0)).toBe(0);
      const dbid = await api.JetOpenDatabase(sesid, 'test.edb', null, 0);
      const t = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
      expect(await readAll(f, sesid, t)).toEqual([1]);
      await api.JetTerm(f.inst);
    });

    it('header state is dirty while attached and clean after JetTerm; page size and file size', async () => {
      const f = await fixture(root.dir, { create: target.create });
      const path = 'test.edb';
      const attached = (await f.api.JetGetDatabaseFileInfo(path, JET_DbInfoMisc)) as JET_DBINFOMISC;
      expect(attached.dbstate).toBe(JET_dbstateDirtyShutdown);
      expect(attached.genMinRequired).toBeGreaterThan(0);
      expect(attached.cbPageSize).toBe(8192);
      await insert(f, 1, 'a');
      await f.api.JetTerm(f.inst);
      const clean = (await f.api.JetGetDatabaseFileInfo(path, JET_DbInfoMisc)) as JET_DBINFOMISC;
      expect(clean.dbstate).toBe(JET_dbstateCleanShutdown);
      expect(clean.genMinRequired).toBe(0);
      expect(clean.genMaxRequired).toBe(0);
      expect(clean.signDb).toEqual(attached.signDb);
      expect(clean.bkinfoFullPrev.genLow).toBe(0);
      expect(await f.api.JetGetDatabaseFileInfo(path, JET_DbInfoPageSize)).toBe(8192);
      expect((await f.api.JetGetDatabaseFileInfo(path, JET_DbInfoFilesize)) as number % 8192).toBe(0);
      expect(await code(f.api.JetGetDatabaseFileInfo('nope.edb', JET_DbInfoMisc))).toBe(JET_errFileNotFound);
    });

    it('a database left dirty cannot be attached without recovery; JetInit recovers it', async () => {
      const f = await fixture(root.dir, { create: target.create });
      await insert(f, 7, 'seven');
      await f.api.JetTerm2(f.inst, JET_bitTermDirty);
      expect(((await f.api.JetGetDatabaseFileInfo('test.edb', JET_DbInfoMisc)) as JET_DBINFOMISC).dbstate).toBe(JET_dbstateDirtyShutdown);
      // JetInit replays the log (the lazily committed insert was flushed at term)
      const api = target.create(root.dir);
      const inst = await api.JetCreateInstance('again');
      await api.JetSetSystemParameter(inst, null, 11, 128, null);
      await api.JetInit(inst);
      expect(((await api.JetGetDatabaseFileInfo('test.edb', JET_DbInfoMisc)) as JET_DBINFOMISC).dbstate).toBe(JET_dbstateCleanShutdown);
      const sesid = await api.JetBeginSession(inst, null, null);
      await api.JetAttachDatabase(sesid, 'test.edb', 0);
      const dbid = await api.JetOpenDatabase(sesid, 'test.edb', null, 0);
      const t = await api.JetOpenTable(sesid, dbid, 't', null, 0, 0);
      expect(await readAll({ ...f, api }, sesid, t)).toEqual([7]);
      await api.JetTerm(inst);
    });

    it('with recovery off a dirty database reports JET_errDatabaseDirtyShutdown', async () => {
      const f = await fixture(root.dir, { create: target.create });
      await f.api.JetTerm2(f.inst, JET_bitTermDirty);
      const api = target.create(root.dir);
      const inst = await api.JetCreateInstance('norec');
      await api.JetSetSystemParameter(inst, null, 34, 0, 'Off');
      await api.JetInit(inst);
      const sesid = await api.JetBeginSession(inst, null, null);
      expect(await code(api.JetAttachDatabase(sesid, 'test.edb', 0))).toBe(JET_errDatabaseDirtyShutdown);
      await api.JetTerm(inst);
    });

    it('another instance cannot attach the same file; page size must match', async () => {
      const f = await fixture(root.dir, { create: target.create });
      const inst2 = await f.api.JetCreateInstance('second');
      await f.api.JetSetSystemParameter(inst2, null, 2, 0, 'second/');
      await f.api.JetSetSystemParameter(inst2, null, 0, 0, 'second/');
      await f.api.JetSetSystemParameter(inst2, null, 100, 1, null);
      await f.api.JetInit(inst2);
      const s2 = await f.api.JetBeginSession(inst2, null, null);
      expect(await code(f.api.JetAttachDatabase(s2, 'test.edb', 0))).toBe(JET_errDatabaseSharingViolation);
      await f.api.JetTerm(inst2);
      await f.api.JetTerm(f.inst);

      const api = target.create(root.dir);
      await api.JetSetSystemParameter(null, null, JET_paramDatabasePageSize, 4096, null);
      const inst = await api.JetCreateInstance('small');
      await api.JetInit(inst);
      const sesid = await api.JetBeginSession(inst, null, null);
      expect(await code(api.JetAttachDatabase(sesid, 'test.edb', 0))).toBe(JET_errPageSizeMismatch);
      await api.JetTerm(inst);
    });

  });
}
