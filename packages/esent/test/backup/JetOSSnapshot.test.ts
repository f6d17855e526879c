// Conformance: the JetOSSnapshot* family (spec: JetOSSnapshotPrepare.md ... JetOSSnapshotEnd.md;
// SEMANTICS.md §1 "OSSnapshot family"): every return code of each page, freeze really holding
// writes, JET_paramOSSnapshotTimeout, and the interplay with streaming backups.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JET_errBackupInProgress,
  JET_errInvalidGrbit,
  JET_errInvalidParameter,
  JET_errOSSnapshotInvalidSequence,
  JET_errOSSnapshotInvalidSnapId,
  JET_errOSSnapshotNotAllowed,
  JET_errOSSnapshotTimeOut,
} from '@winbackup/errors';
import {
  createReferenceEsent,
  JET_bitAbortSnapshot,
  JET_bitAllDatabasesSnapshot,
  JET_bitContinueAfterThaw,
  JET_bitCopySnapshot,
  JET_bitExplicitPrepare,
  JET_bitIncrementalSnapshot,
  JET_paramOSSnapshotTimeout,
  type JET_OSSNAPID,
} from '../../src/index.js';
import { backupEnv, insert, readAll, type BackupEnv } from './helpers.js';

describe('JetOSSnapshot*', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(5);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;
  const bad = 9999 as JET_OSSNAPID;

  it('Prepare: InvalidParameter for a bad grbit; OSSnapshotInvalidSequence while a session exists', async () => {
    await expect(api().JetOSSnapshotPrepare(0x100)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    const id = await api().JetOSSnapshotPrepare(0);
    await expect(api().JetOSSnapshotPrepare(0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    await api().JetOSSnapshotAbort(id, 0);
    await api().JetOSSnapshotAbort(await api().JetOSSnapshotPrepare(JET_bitIncrementalSnapshot | JET_bitCopySnapshot | JET_bitContinueAfterThaw | JET_bitExplicitPrepare), 0);
  });

  it('PrepareInstance: InvalidSnapId, InvalidParameter (grbit, instance), InvalidSequence after the freeze', async () => {
    const id = await api().JetOSSnapshotPrepare(JET_bitExplicitPrepare);
    await expect(api().JetOSSnapshotPrepareInstance(bad, env.f.inst, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    await expect(api().JetOSSnapshotPrepareInstance(id, env.f.inst, 1)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    await expect(api().JetOSSnapshotPrepareInstance(id, 555 as never, 0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    await api().JetOSSnapshotPrepareInstance(id, env.f.inst, 0);
    await api().JetOSSnapshotFreeze(id, 0);
    await expect(api().JetOSSnapshotPrepareInstance(id, env.f.inst, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    await api().JetOSSnapshotThaw(id, 0);
  });

  it('Freeze returns the instance with its database; holds writes until Thaw; a backup cannot begin meanwhile', async () => {
    const id = await api().JetOSSnapshotPrepare(0);
    const info = await api().JetOSSnapshotFreeze(id, 0);
    expect(info).toEqual([{ hInstanceId: env.f.inst, szInstanceName: 'test', cDatabases: 1, szDatabaseFileName: [env.dbPath], szDatabaseDisplayName: [null] }]);
    expect(await api().JetOSSnapshotGetFreezeInfo(id, 0)).toEqual(info);
    let done = false;
    const write = insert(env.f, 50, 'during freeze').then(() => {
      done = true;
    });
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    await expect(api().JetBeginExternalBackupInstance(env.f.inst, 0)).rejects.toMatchObject({ code: JET_errBackupInProgress });
    await api().JetOSSnapshotThaw(id, 0);
    await write;
    expect(done).toBe(true);
    expect(await readAll(env.f)).toEqual([0, 1, 2, 3, 4, 50]);
    // a full, non-copy snapshot is recorded in the header with fOSSnapshot
    const h = env.engine.dbs.get(env.dbPath)!.header;
    expect(h.bkinfoFullPrev.bklogtimeMark.fOSSnapshot).toBe(true);
    // the session is over
    await expect(api().JetOSSnapshotGetFreezeInfo(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
  });

  it('Freeze: InvalidSnapId, InvalidParameter (grbit), OSSnapshotNotAllowed during a streaming backup, then InvalidSequence', async () => {
    await expect(api().JetOSSnapshotFreeze(bad, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    const id = await api().JetOSSnapshotPrepare(0);
    await expect(api().JetOSSnapshotFreeze(id, 1)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await expect(api().JetOSSnapshotFreeze(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotNotAllowed });
    await expect(api().JetOSSnapshotFreeze(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    await api().JetOSSnapshotAbort(id, 0);
    expect(env.engine.gate.isFrozen).toBe(false);
  });

  it('Thaw: InvalidSnapId, InvalidParameter (grbit, not frozen), OSSnapshotTimeOut after JET_paramOSSnapshotTimeout (clock)', async () => {
    let now = 1_000_000;
    const api2 = createReferenceEsent({ root: env.root, clock: () => now });
    await api2.JetSetSystemParameter(null, null, JET_paramOSSnapshotTimeout, 60_000, null);
    await expect(api2.JetOSSnapshotThaw(bad, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    const id = await api2.JetOSSnapshotPrepare(JET_bitExplicitPrepare);
    await expect(api2.JetOSSnapshotThaw(id, 0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    await api2.JetOSSnapshotFreeze(id, 0);
    await expect(api2.JetOSSnapshotThaw(id, 4)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    now += 60_001;
    await expect(api2.JetOSSnapshotThaw(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotTimeOut });
    // the session ended
    await expect(api2.JetOSSnapshotAbort(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
  });

  it('ContinueAfterThaw: TruncateLog(Instance) and End; their grbit and sequence errors', async () => {
    const id = await api().JetOSSnapshotPrepare(JET_bitContinueAfterThaw);
    await expect(api().JetOSSnapshotEnd(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    env.engine.rollLog();
    env.engine.checkpoint();
    await api().JetOSSnapshotFreeze(id, 0);
    await expect(api().JetOSSnapshotTruncateLog(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    const atFreeze = env.engine.currentGeneration;
    await api().JetOSSnapshotThaw(id, 0);
    // still in progress after the thaw: a streaming backup cannot start
    expect(env.engine.backup.inProgress).toBe(true);
    expect(env.engine.gate.isFrozen).toBe(false);
    await expect(api().JetOSSnapshotTruncateLog(id, 0x8)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
    await api().JetOSSnapshotTruncateLog(id, JET_bitAllDatabasesSnapshot);
    expect(env.engine.logGenerationsOnDisk()[0]).toBe(Math.min(atFreeze, env.engine.lgposCheckpoint.lGeneration));
    await api().JetOSSnapshotTruncateLogInstance(id, env.f.inst, 0);
    await expect(api().JetOSSnapshotEnd(id, 0x2)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
    await api().JetOSSnapshotEnd(id, 0);
    expect(env.engine.backup.inProgress).toBe(false);
    await expect(api().JetOSSnapshotEnd(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
  });

  it('a copy snapshot never truncates (InvalidSequence) and End(AbortSnapshot) leaves headers alone', async () => {
    const id = await api().JetOSSnapshotPrepare(JET_bitContinueAfterThaw | JET_bitCopySnapshot);
    await api().JetOSSnapshotFreeze(id, 0);
    await api().JetOSSnapshotThaw(id, 0);
    await expect(api().JetOSSnapshotTruncateLog(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    await api().JetOSSnapshotEnd(id, JET_bitAbortSnapshot);
    expect(env.engine.dbs.get(env.dbPath)!.header.bkinfoFullPrev.genHigh).toBe(0);
  });

  it('GetFreezeInfo: InvalidSnapId, InvalidSequence before the freeze; Abort: InvalidParameter for a grbit', async () => {
    await expect(api().JetOSSnapshotGetFreezeInfo(bad, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    const id = await api().JetOSSnapshotPrepare(0);
    await expect(api().JetOSSnapshotGetFreezeInfo(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    await expect(api().JetOSSnapshotAbort(id, 1)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    await expect(api().JetOSSnapshotAbort(bad, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    await api().JetOSSnapshotAbort(id, 0);
  });
});
