// Conformance: JetTruncateLogInstance / JetTruncateLog (SEMANTICS.md §1): NoBackup,
// BackupAbortByServer, InvalidBackupSequence (handle open, or logs never prepared),
// LogFileNotCopied unless every log of the copy range was read to EOF and closed; none cancel.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JET_errBackupAbortByServer,
  JET_errInvalidBackupSequence,
  JET_errLogFileNotCopied,
  JET_errNoBackup,
  JET_errRunningInMultiInstanceMode,
} from '@winbackup/errors';
import type { JET_HANDLE } from '../../src/index.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import { backupEnv, streamBackup, streamFile, type BackupEnv } from './helpers.js';

describe('JetTruncateLogInstance', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(4);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;

  it('NoBackup with no backup; legacy JetTruncateLog in multi-instance mode', async () => {
    await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errNoBackup });
    await expect(api().JetTruncateLog()).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
  });

  it('InvalidBackupSequence before GetLogInfo and while a handle is open; the backup goes on', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
    const li = await api().JetGetLogInfoInstance(env.f.inst, 4096);
    await api().JetOpenFileInstance(env.f.inst, splitMultiString(li.szz)[0]!);
    await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errInvalidBackupSequence });
    expect(env.engine.backup.inProgress).toBe(true);
  });

  it('LogFileNotCopied when a log was not read to the end, or not read at all; nothing is deleted', async () => {
    const dir = join(env.root, 'bk');
    mkdirSync(dir);
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await streamFile(api(), env.f.inst, env.dbPath, join(dir, 'test.edb'));
    const logs = splitMultiString((await api().JetGetLogInfoInstance(env.f.inst, 4096)).szz);
    const onDisk = env.engine.logGenerationsOnDisk();
    await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errLogFileNotCopied });
    // partially read: opened, one read, closed
    await api().JetOpenFileInstance(env.f.inst, logs[0]!);
    await api().JetReadFileInstance(env.f.inst, 0 as JET_HANDLE, Buffer.alloc(16384), 16384);
    await api().JetCloseFileInstance(env.f.inst, 0 as JET_HANDLE);
    await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errLogFileNotCopied });
    expect(env.engine.logGenerationsOnDisk()).toEqual(onDisk);
    expect(env.engine.backup.inProgress).toBe(true);
    // copied completely (one twice is tolerated): truncation succeeds
    for (const l of logs) await streamFile(api(), env.f.inst, l, join(dir, basename(l)));
    await streamFile(api(), env.f.inst, logs[0]!, join(dir, basename(logs[0]!)));
    await api().JetTruncateLogInstance(env.f.inst);
    await api().JetEndExternalBackupInstance(env.f.inst);
  });

  it('deletes only logs below the checkpoint the backup copied (second full backup truncates the first one\'s logs)', async () => {
    await streamBackup(api(), env.f.inst, join(env.root, 'b1'));
    const first = env.engine.logGenerationsOnDisk();
    env.engine.checkpoint();
    await streamBackup(api(), env.f.inst, join(env.root, 'b2'));
    const chk = env.engine.lgposCheckpoint.lGeneration;
    for (const g of first) expect(existsSync(env.engine.logPath(g))).toBe(g >= chk);
    // the database is still complete and usable
    expect(env.engine.logGenerationsOnDisk()[0]).toBeGreaterThanOrEqual(Math.min(chk, env.engine.currentGeneration));
  });

  it('BackupAbortByServer after a stop; no log deleted', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await api().JetGetLogInfoInstance(env.f.inst, 4096);
    const onDisk = env.engine.logGenerationsOnDisk();
    await api().JetStopBackupInstance(env.f.inst);
    await expect(api().JetTruncateLogInstance(env.f.inst)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
    expect(env.engine.logGenerationsOnDisk()).toEqual(onDisk);
  });
});
