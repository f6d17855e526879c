// The JetOSSnapshot* rules that need the reference's internals: OSSnapshotTimeOut after
// JET_paramOSSnapshotTimeout (an injected clock), and what TruncateLog deletes after a checkpoint
// the engine is made to take (ContinueAfterThaw). The rest of the family runs against any target in
// test/conformance/JetOSSnapshot.ts; where the pages and the engine (dev/ese/src/ese/io.cxx)
// disagree, the engine's codes and order are asserted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JET_errInvalidGrbit,
  JET_errOSSnapshotInvalidSequence,
  JET_errOSSnapshotInvalidSnapId,
  JET_errOSSnapshotTimeOut,
} from '@winbackup/errors';
import {
  createReferenceEsent,
  JET_bitAbortSnapshot,
  JET_bitAllDatabasesSnapshot,
  JET_bitContinueAfterThaw,
  JET_paramCreatePathIfNotExist,
  JET_paramLogFilePath,
  JET_paramOSSnapshotTimeout,
  JET_paramSystemPath,
  type JET_OSSNAPID,
} from '../../src/index.js';
import { backupEnv, type BackupEnv } from './helpers.js';
describe('JetOSSnapshot*', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(5);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;
  const bad = 9999 as JET_OSSNAPID;

  it('Thaw: InvalidGrbit, InvalidSnapId, InvalidSequence when not frozen (io.cxx), OSSnapshotTimeOut after JET_paramOSSnapshotTimeout (clock)', async () => {
    let now = 1_000_000;
    const api2 = createReferenceEsent({ root: env.root, clock: () => now });
    await api2.JetSetSystemParameter(null, null, JET_paramOSSnapshotTimeout, 60_000, null);
    const inst = await api2.JetCreateInstance('second');
    await api2.JetSetSystemParameter(inst, null, JET_paramLogFilePath, 0, 'second\\');
    await api2.JetSetSystemParameter(inst, null, JET_paramSystemPath, 0, 'second\\');
    await api2.JetSetSystemParameter(inst, null, JET_paramCreatePathIfNotExist, 1, null);
    await api2.JetInit(inst);
    await expect(api2.JetOSSnapshotThaw(bad, 4)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
    await expect(api2.JetOSSnapshotThaw(bad, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    const id = await api2.JetOSSnapshotPrepare(0);
    // the Thaw page says JET_errInvalidParameter; the engine: FCanSwitchTo fails, InvalidSequence
    await expect(api2.JetOSSnapshotThaw(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    await api2.JetOSSnapshotFreeze(id, 0);
    now += 60_001;
    await expect(api2.JetOSSnapshotThaw(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotTimeOut });
    // the session ended
    await expect(api2.JetOSSnapshotAbort(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });

    // with JET_bitContinueAfterThaw a timed-out session stays until it is aborted
    const id3 = await api2.JetOSSnapshotPrepare(JET_bitContinueAfterThaw);
    await api2.JetOSSnapshotFreeze(id3, 0);
    now += 60_001;
    await expect(api2.JetOSSnapshotThaw(id3, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotTimeOut });
    await expect(api2.JetOSSnapshotTruncateLog(id3, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    await expect(api2.JetOSSnapshotEnd(id3, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    // the timeout released the instance from the session
    expect(await api2.JetOSSnapshotGetFreezeInfo(id3, 0)).toEqual([]);
    await api2.JetOSSnapshotEnd(id3, JET_bitAbortSnapshot);
    await expect(api2.JetOSSnapshotEnd(id3, JET_bitAbortSnapshot)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
    await api2.JetTerm(inst);
  });

  it('ContinueAfterThaw: TruncateLog(Instance) and End; their grbit and sequence errors', async () => {
    // End straight after Prepare is allowed (io.cxx FCanSwitchTo(stateEnd)) and records nothing
    await api().JetOSSnapshotEnd(await api().JetOSSnapshotPrepare(JET_bitContinueAfterThaw), 0);
    expect(env.engine.dbs.get(env.dbPath)!.header.bkinfoFullPrev.genHigh).toBe(0);
    expect(env.engine.backup.inProgress).toBe(false);
    const id = await api().JetOSSnapshotPrepare(JET_bitContinueAfterThaw);
    env.engine.rollLog();
    env.engine.checkpoint();
    await api().JetOSSnapshotFreeze(id, 0);
    await expect(api().JetOSSnapshotTruncateLog(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    await expect(api().JetOSSnapshotEnd(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSequence });
    const atFreeze = env.engine.currentGeneration;
    await api().JetOSSnapshotThaw(id, 0);
    // still in progress after the thaw: a streaming backup cannot start
    expect(env.engine.backup.inProgress).toBe(true);
    expect(env.engine.gate.isFrozen).toBe(false);
    await expect(api().JetOSSnapshotTruncateLog(id, 0x8)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
    await api().JetOSSnapshotTruncateLog(id, JET_bitAllDatabasesSnapshot);
    expect(env.engine.logGenerationsOnDisk()[0]).toBe(Math.min(atFreeze, env.engine.lgposCheckpoint.lGeneration));
    await api().JetOSSnapshotTruncateLogInstance(id, env.f.inst, 0);
    // the grbit is checked before the session id
    await expect(api().JetOSSnapshotTruncateLog(bad, 0x8)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
    await expect(api().JetOSSnapshotEnd(bad, 0x2)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
    await expect(api().JetOSSnapshotEnd(id, 0x2)).rejects.toMatchObject({ code: JET_errInvalidGrbit });
    await api().JetOSSnapshotEnd(id, 0);
    expect(env.engine.backup.inProgress).toBe(false);
    await expect(api().JetOSSnapshotEnd(id, 0)).rejects.toMatchObject({ code: JET_errOSSnapshotInvalidSnapId });
  });
});
