// Conformance: JetEndExternalBackupInstance / JetEndExternalBackupInstance2 / JetEndExternalBackup
// (SEMANTICS.md §1): InvalidParameter unless exactly one of Normal/Abort (TruncateDone may be
// added); NoBackup; G errors; otherwise it always ends the backup and succeeds. Headers are updated
// only by a normal end; an abort never deletes logs.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JET_errClientRequestToStopJetService,
  JET_errInvalidParameter,
  JET_errNoBackup,
  JET_errRunningInMultiInstanceMode,
} from '@winbackup/errors';
import {
  JET_bitBackupEndAbort,
  JET_bitBackupEndNormal,
  JET_bitBackupTruncateDone,
  JET_DbInfoMisc,
  type JET_DBINFOMISC,
} from '../../src/index.js';
import { backupEnv, insert, lastOutcome, streamBackup, streamFile, type BackupEnv } from './helpers.js';

describe('JetEndExternalBackupInstance(2)', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(3);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;
  const fullPrev = () => env.engine.dbs.get(env.dbPath)!.header.bkinfoFullPrev;

  it('NoBackup with no backup (all three forms)', async () => {
    await expect(api().JetEndExternalBackupInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errNoBackup });
    await expect(api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal)).rejects.toMatchObject({ code: JET_errNoBackup });
    await expect(api().JetEndExternalBackup()).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
  });

  it('InvalidParameter (not InvalidGrbit) unless exactly one of Normal / Abort; the backup keeps running', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    for (const g of [0, JET_bitBackupEndNormal | JET_bitBackupEndAbort, JET_bitBackupTruncateDone, 0x4]) {
      await expect(api().JetEndExternalBackupInstance2(env.f.inst, g)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    }
    expect(env.engine.backup.inProgress).toBe(true);
    await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal | JET_bitBackupTruncateDone);
    expect(env.engine.backup.inProgress).toBe(false);
  });

  it('other bits beside Normal / Abort are ignored (backup.cxx ErrIsamEndExternalBackup); JET_bitBackupSurrogate ends a local backup as failed', async () => {
    const set = await streamBackup(api(), env.f.inst, join(env.root, 'bk'), { end: false });
    await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal | 0x4 | 0x1000);
    expect(lastOutcome(env)).toBe('normal');
    expect(fullPrev().genHigh).toBe(set.logInfo.ulGenHigh);
    // ErrBKExternalBackupCleanUp: a local backup ended with the surrogate bit is not a normal end
    await insert(env.f, 100, 'later');
    const before = fullPrev();
    await streamBackup(api(), env.f.inst, join(env.root, 'bk2'), { end: false });
    await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal | 0x20);
    expect(lastOutcome(env)).toBe('abortByCaller');
    expect(fullPrev()).toEqual(before);
    expect(env.engine.backup.inProgress).toBe(false);
  });

  it('a normal end of a full backup records bkinfoFullPrev = copied range in the header', async () => {
    const set = await streamBackup(api(), env.f.inst, join(env.root, 'bk'));
    expect(lastOutcome(env)).toBe('normal');
    expect(fullPrev().genLow).toBe(set.logInfo.ulGenLow);
    expect(fullPrev().genHigh).toBe(set.logInfo.ulGenHigh);
    const misc = (await api().JetGetDatabaseFileInfo(env.dbPath, JET_DbInfoMisc)) as JET_DBINFOMISC;
    expect(misc.bkinfoFullPrev.genHigh).toBe(set.logInfo.ulGenHigh);
  });

  it('Normal while still in Databases (logs never read) succeeds but counts as aborted by caller: headers unchanged', async () => {
    // ManagedEsent StreamingBackup2: one 64 KB read then End2(Normal) raises nothing
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await streamFile(api(), env.f.inst, env.dbPath, join(env.root, 'x.edb'), 65536);
    await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndNormal);
    expect(lastOutcome(env)).toBe('abortByCaller');
    expect(fullPrev().genHigh).toBe(0);
    expect(env.engine.backup.inProgress).toBe(false);
  });

  it('Abort ends the backup, closes the handle, deletes no log and leaves headers unchanged', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await api().JetGetLogInfoInstance(env.f.inst, 4096);
    const onDisk = env.engine.logGenerationsOnDisk();
    await api().JetOpenFileInstance(env.f.inst, env.engine.logPath(onDisk[0]!));
    await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndAbort);
    expect(lastOutcome(env)).toBe('abortByCaller');
    expect(env.engine.logGenerationsOnDisk()).toEqual(onDisk);
    expect(fullPrev().genHigh).toBe(0);
    // a new backup can begin
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
  });

  it('succeeds after a stop (recorded as aborted by server) and clears the flag', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await api().JetStopBackupInstance(env.f.inst);
    await api().JetEndExternalBackupInstance(env.f.inst);
    expect(lastOutcome(env)).toBe('abortByServer');
    expect(env.engine.backup.stopRequested).toBe(false);
    expect(env.engine.backup.inProgress).toBe(false);
  });

  it('End while a read is under way: the read completes, End succeeds, the file is released (SEMANTICS.md §7)', async () => {
    for (let i = 10; i < 200; i++) await insert(env.f, i, 'x'.repeat(100));
    env.engine.checkpoint();
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const { phfFile } = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    const buf = Buffer.alloc(8192 * 3);
    expect(await api().JetReadFileInstance(env.f.inst, phfFile, buf, buf.length)).toBe(buf.length);
    const reading = api().JetReadFileInstance(env.f.inst, phfFile, buf, buf.length);
    await api().JetEndExternalBackupInstance(env.f.inst);
    expect(await reading).toBe(buf.length);
    expect(env.engine.backup.inProgress).toBe(false);
    // a new backup opens the same file again
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await api().JetOpenFileInstance(env.f.inst, env.dbPath);
  });

  it('G: ClientRequestToStopJetService after JetStopServiceInstance; the backup is not ended', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await api().JetStopServiceInstance(env.f.inst);
    await expect(api().JetEndExternalBackupInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errClientRequestToStopJetService });
    expect(env.engine.backup.inProgress).toBe(true);
  });
});
