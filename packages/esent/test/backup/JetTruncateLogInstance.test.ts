// JetTruncateLogInstance deletes only the logs below the checkpoint the backup copied, after a
// checkpoint the engine is made to take (reference only). The codes and sequence rules run against
// any target in test/conformance/JetTruncateLogInstance.ts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupEnv, streamBackup, type BackupEnv } from './helpers.js';

describe('JetTruncateLogInstance', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(4);
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;

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
});
