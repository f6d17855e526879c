// JetEndExternalBackupInstance while a read is under way (SEMANTICS.md §7), after a checkpoint the
// engine is made to take (reference only). The return codes and header rules run against any
// target in test/conformance/JetEndExternalBackupInstance.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupEnv, insert, type BackupEnv } from './helpers.js';

describe('JetEndExternalBackupInstance(2)', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(3);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;

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
});
