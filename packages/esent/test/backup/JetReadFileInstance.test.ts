// JetReadFileInstance failures that need the reference's internals: ReadVerifyFailure on a page of a
// later chunk (after a checkpoint the engine is made to take) and LogReadVerifyFailure on a log
// record placed by the reference's log format. The rest runs against any target in
// test/conformance/JetReadFileInstance.ts.
import { closeSync, openSync, writeSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JET_errLogReadVerifyFailure, JET_errNoBackup, JET_errReadVerifyFailure } from '@winbackup/errors';
import type { JET_HANDLE } from '../../src/index.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import { readLogFile } from '../../src/reference/storage/logformat.js';
import { backupEnv, insert, type BackupEnv } from './helpers.js';

describe('JetReadFileInstance', () => {
  let env: BackupEnv;
  const h0 = 0 as JET_HANDLE;
  beforeEach(async () => {
    env = await backupEnv(3);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;
  const ps = 8192;

  it('ReadVerifyFailure on a page of a later chunk: the earlier chunk was returned intact', async () => {
    for (let i = 100; i < 400; i++) await insert(env.f, i, 'x'.repeat(100));
    env.engine.checkpoint();
    const big = Buffer.alloc(ps * 3);
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const { pulFileSizeLow: size } = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    expect(size).toBeGreaterThanOrEqual(ps * 7);
    // with 3-page reads, page 3 is in the second chunk
    const fd = openSync(env.dbPath, 'r+');
    writeSync(fd, Buffer.from([0x5a]), 0, 1, ps * 3 + 100);
    closeSync(fd);
    const first = await api().JetReadFileInstance(env.f.inst, h0, big, ps * 3);
    expect(first).toBe(ps * 3);
    await expect(api().JetReadFileInstance(env.f.inst, h0, big, ps * 3)).rejects.toMatchObject({ code: JET_errReadVerifyFailure });
    expect(env.engine.backup.inProgress).toBe(true);
  });

  it('LogReadVerifyFailure on a damaged log: the backup is cancelled', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const logs = splitMultiString((await api().JetGetLogInfoInstance(env.f.inst, 4096)).szz);
    // damage a record of the first log (records follow the header: flip bytes of the first one)
    const fd = openSync(logs[0]!, 'r+');
    const first = readLogFile(logs[0]!, {}, 'test').records[0]!;
    writeSync(fd, Buffer.from([0xde, 0xad]), 0, 2, first.lgpos.isec * 512 + first.lgpos.ib + 12);
    closeSync(fd);
    await api().JetOpenFileInstance(env.f.inst, logs[0]!);
    await expect(api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps * 2), ps * 2)).rejects.toMatchObject({ code: JET_errLogReadVerifyFailure });
    expect(env.engine.backup.inProgress).toBe(false);
    await expect(api().JetGetLogInfoInstance(env.f.inst, 4096)).rejects.toMatchObject({ code: JET_errNoBackup });
  });
});
