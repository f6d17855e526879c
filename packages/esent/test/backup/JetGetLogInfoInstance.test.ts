// Conformance: JetGetLogInfoInstance, JetGetLogInfoInstance2 (JET_LOGINFO) and
// JetGetTruncateLogInfoInstance (SEMANTICS.md §1): NoBackup, BackupAbortByServer,
// InvalidBackupSequence with a handle open (no cancel); the first call rolls the log and fixes the
// copy range; pcbActual = min(cbMax, needed), or needed for a NULL (0) buffer; repeatable.
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JET_errBackupAbortByServer, JET_errInvalidBackupSequence, JET_errInvalidParameter, JET_errMissingFileToBackup, JET_errNoBackup } from '@winbackup/errors';
import { JET_bitBackupIncremental, JET_LOGINFO_cbSize } from '../../src/index.js';
import { joinMultiString, splitMultiString } from '../../src/reference/backup/multistring.js';
import { backupEnv, streamBackup, streamFile, type BackupEnv } from './helpers.js';

describe('JetGetLogInfoInstance / JetGetLogInfoInstance2 / JetGetTruncateLogInfoInstance', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(4);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;

  it('NoBackup for each call with no backup', async () => {
    await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errNoBackup });
    await expect(api().JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: JET_LOGINFO_cbSize })).rejects.toMatchObject({ code: JET_errNoBackup });
    await expect(api().JetGetTruncateLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errNoBackup });
  });

  it('first call rolls the log: copy range = checkpoint generation at Begin .. generation before the roll', async () => {
    env.engine.rollLog();
    env.engine.checkpoint();
    const chkGen = env.engine.lgposCheckpoint.lGeneration;
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const before = env.engine.currentGeneration;
    const r = await api().JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: JET_LOGINFO_cbSize });
    expect(env.engine.currentGeneration).toBe(before + 1);
    expect(r.pLogInfo).toEqual({ cbSize: JET_LOGINFO_cbSize, ulGenLow: chkGen, ulGenHigh: before, szBaseName: 'edb' });
    const names = splitMultiString(r.szz);
    expect(names.map((n) => basename(n))).toEqual(Array.from({ length: before - chkGen + 1 }, (_, i) => `edb${(chkGen + i).toString(16).toUpperCase().padStart(5, '0')}.log`));
    expect(names.every((n) => n.startsWith(join(env.root, 'src')))).toBe(true);
    // repeatable, no second roll
    const again = await api().JetGetLogInfoInstance(env.f.inst, 4096);
    expect(again.szz).toBe(r.szz);
    expect(env.engine.currentGeneration).toBe(before + 1);
  });

  it('pcbActual: min(cbMax, needed) with a buffer, needed with a NULL (0) buffer', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const full = await api().JetGetLogInfoInstance(env.f.inst, 1 << 16);
    const needed = full.szz.length * 2;
    expect(full.pcbActual).toBe(needed);
    expect(await api().JetGetLogInfoInstance(env.f.inst, 8)).toEqual({ szz: full.szz.slice(0, 4), pcbActual: 8 });
    expect((await api().JetGetLogInfoInstance(env.f.inst, 0)).pcbActual).toBe(needed);
  });

  it('JetGetLogInfoInstance2: InvalidParameter for a wrong cbSize', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await expect(api().JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: 20 })).rejects.toMatchObject({ code: JET_errInvalidParameter });
  });

  it('InvalidBackupSequence while a file is open; the backup goes on', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
    await expect(api().JetGetTruncateLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
    expect(env.engine.backup.inProgress).toBe(true);
  });

  it('BackupAbortByServer after a stop', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await api().JetStopBackupInstance(env.f.inst);
    await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
    await expect(api().JetGetLogInfoInstance2(env.f.inst, 4096, { cbSize: JET_LOGINFO_cbSize })).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
    await expect(api().JetGetTruncateLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
  });

  it('GetTruncateLogInfo: a database not copied (never backed up) keeps every log: the list is one NUL', async () => {
    env.engine.rollLog();
    env.engine.rollLog();
    env.engine.checkpoint();
    expect(env.engine.logGenerationsOnDisk().filter((g) => g < env.engine.lgposCheckpoint.lGeneration).length).toBeGreaterThan(0);
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const t = await api().JetGetTruncateLogInfoInstance(env.f.inst, 4096);
    expect(t).toEqual({ szz: '\0', pcbActual: 2 });
  });

  it('GetTruncateLogInfo: after the database was copied, the logs below the checkpoint', async () => {
    env.engine.rollLog();
    env.engine.rollLog();
    env.engine.checkpoint();
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const dir = join(env.root, 'bk');
    mkdirSync(dir);
    await streamFile(api(), env.f.inst, env.dbPath, join(dir, 'test.edb'));
    const t = await api().JetGetTruncateLogInfoInstance(env.f.inst, 4096);
    const chk = env.engine.lgposCheckpoint.lGeneration;
    const expected = env.engine.logGenerationsOnDisk().filter((g) => g < chk).map((g) => env.engine.logPath(g));
    expect(expected.length).toBeGreaterThan(0);
    expect(t.szz).toBe(joinMultiString(expected));
  });

  it('incremental: MissingFileToBackup when a log written since the last backup is gone (the backup goes on)', async () => {
    const set = await streamBackup(api(), env.f.inst, join(env.root, 'full'));
    env.engine.rollLog();
    env.engine.rollLog();
    for (const g of env.engine.logGenerationsOnDisk()) if (g <= set.logInfo.ulGenHigh + 1) rmSync(env.engine.logPath(g));
    await api().JetBeginExternalBackupInstance(env.f.inst, JET_bitBackupIncremental);
    await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errMissingFileToBackup });
    expect(env.engine.backup.inProgress).toBe(true);
  });
});
