// JetExternalRestore2 phases II and III as the reference writes them (spec: JetExternalRestore.md
// "Remarks"): the generations the restore leaves, read from the log headers with the reference's
// own log-format reader. The return codes and round trips that use only EsentApi are in the
// conformance suite (test/conformance/JetExternalRestore.ts).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReferenceEsent, JET_paramLogFilePath, JET_paramSystemPath } from '../../src/index.js';
import { readLogHeader } from '../../src/reference/storage/logformat.js';
import { archiveLogName, archiveLogPath } from '../../src/reference/storage/logfiles.js';
import { backupEnv, commitsAfterBackup, ids, listing, readInInstance, readRestored, restoreSetup, type BackupEnv, type StreamedSet } from './helpers.js';

describe('JetExternalRestore(2)', () => {
  let env: BackupEnv;
  let set: StreamedSet;
  let target: string;
  let restored: string;
  beforeEach(async () => {
    env = await backupEnv(30, { logFileSizeKB: 64 });
    ({ set, target, restored } = await restoreSetup(env));
  });
  afterEach(async () => env.cleanup());
  const map = () => [{ szDatabaseName: env.dbPath, szNewDatabaseName: restored }];
  const api = () => createReferenceEsent({ root: target });

  it('phase III: a new generation after genHigh in szLogPath, the checkpoint in szCheckpointFilePath, the backup folder unchanged; an instance on those paths continues the stream', async () => {
    const logs = join(target, 'logs');
    const chk = join(target, 'chk');
    const setBefore = listing(set.dir);
    await api().JetExternalRestore2(chk, logs, map(), 1, set.dir, set.logInfo, null, null, null, null);
    expect(listing(target)).toEqual(['chk', 'logs', 'test.edb']);
    expect(listing(logs)).toEqual(['edb.log']);
    expect(listing(chk)).toEqual(['edb.chk']);
    expect(listing(set.dir)).toEqual(setBefore);
    const signLog = readLogHeader(archiveLogPath(set.dir, 'edb', set.logInfo.ulGenHigh), 'test').signLog;
    expect(readLogHeader(join(logs, 'edb.log'), 'test')).toMatchObject({ lGeneration: set.logInfo.ulGenHigh + 1, signLog });
    const next = api();
    const inst = await next.JetCreateInstance('next');
    await next.JetSetSystemParameter(inst, null, JET_paramLogFilePath, 0, logs + '/');
    await next.JetSetSystemParameter(inst, null, JET_paramSystemPath, 0, chk + '/');
    expect(await readInInstance(next, inst, restored)).toEqual(ids(30));
    expect(readLogHeader(join(logs, 'edb.log'), 'test')).toMatchObject({ lGeneration: set.logInfo.ulGenHigh + 2, signLog });
  });

  it('szLogPath may be szBackupLogPath: the new generation is added beside the backup\'s logs', async () => {
    const setBefore = listing(set.dir);
    await api().JetExternalRestore2(join(target, 'chk'), set.dir, map(), 1, set.dir, set.logInfo, null, null, null, null);
    expect(listing(set.dir)).toEqual([...setBefore, 'edb.log'].sort());
    expect(readLogHeader(join(set.dir, 'edb.log'), 'test').lGeneration).toBe(set.logInfo.ulGenHigh + 1);
    expect(listing(join(target, 'chk'))).toEqual(['edb.chk']);
    expect(await readRestored(api(), target, restored)).toEqual(ids(30));
  });

  it('phase II: the newer logs in szLogPath are rolled forward; the current one is closed and a new generation follows it', async () => {
    const src = await commitsAfterBackup(env.f, set);
    const logs = join(target, 'logs');
    mkdirSync(logs);
    const newer = archiveLogName('edb', set.logInfo.ulGenHigh + 1);
    copyFileSync(join(src, newer), join(logs, newer));
    copyFileSync(join(src, 'edb.log'), join(logs, 'edb.log'));
    await api().JetExternalRestore2(join(target, 'chk'), logs, map(), 1, set.dir, set.logInfo, null, null, null, null);
    expect(listing(logs)).toEqual([newer, archiveLogName('edb', set.logInfo.ulGenHigh + 2), 'edb.log'].sort());
    expect(readLogHeader(join(logs, 'edb.log'), 'test').lGeneration).toBe(set.logInfo.ulGenHigh + 3);
    expect(await readRestored(api(), target, restored)).toEqual(ids(50));
  });

});
