// JetAttachDatabase, JetDetachDatabase and JetTerm2 while a backup runs, with the reference engine's
// backup state set directly (reference only); the database return codes that use only EsentApi run
// against any target in test/conformance/database.ts.
import { JET_errBackupInProgress } from '@winbackup/errors';
import { describe, expect, it } from 'vitest';
import type { ReferenceEsent } from '../src/reference/ReferenceEsent.js';
import { code, fixture, useTempRoot, type TempRoot } from './helpers.js';

describe('databases', () => {
  let root: TempRoot;
  useTempRoot((r) => (root = r));

  it('attach and detach fail with JET_errBackupInProgress while a backup runs', async () => {
    const f = await fixture(root.dir);
    const engine = f.api as ReferenceEsent;
    const inst = engine.liveInstances()[0]!;
    inst.backup.inProgress = true;
    await f.api.JetCloseTable(f.sesid, f.tableid);
    await f.api.JetCloseDatabase(f.sesid, f.dbid, 0);
    expect(await code(f.api.JetDetachDatabase(f.sesid, 'test.edb'))).toBe(JET_errBackupInProgress);
    expect(await code(f.api.JetAttachDatabase(f.sesid, 'other.edb', 0))).toBe(JET_errBackupInProgress);
    expect(await code(f.api.JetTerm2(f.inst, 0))).toBe(JET_errBackupInProgress);
    let cancelled = false;
    inst.backup.cancel = () => {
      cancelled = true;
    };
    await f.api.JetTerm2(f.inst, 0x4 /* JET_bitTermStopBackup */);
    expect(cancelled).toBe(true);
  });
});
