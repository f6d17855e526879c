// JetGetLogInfoInstance2 and JetGetTruncateLogInfoInstance ranges after a checkpoint the engine is
// made to take (reference only): the first call rolls the log and fixes the copy range from the
// checkpoint; the truncate list is the logs below it once the database was copied. The codes run
// against any target in test/conformance/JetGetLogInfoInstance.ts.
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JET_LOGINFO_cbSize } from '../../src/index.js';
import { joinMultiString, splitMultiString } from '../../src/reference/backup/multistring.js';
import { backupEnv, streamFile, type BackupEnv } from './helpers.js';

describe('JetGetLogInfoInstance / JetGetLogInfoInstance2 / JetGetTruncateLogInfoInstance', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(4);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;

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
});
