// Conformance: JetRestoreInstance / JetRestore / JetRestore2 (spec: JetRestoreInstance.md;
// SEMANTICS.md §5): on a created instance before JetInit; copies the set and recovers it;
// AlreadyInitialized, InvalidPath, MissingLogFile, DatabaseSharingViolation,
// RunningInMultiInstanceMode (legacy); JET_snpRestore callbacks.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  JET_errAlreadyInitialized,
  JET_errDatabaseSharingViolation,
  JET_errInvalidPath,
  JET_errMissingLogFile,
  JET_errRunningInMultiInstanceMode,
} from '@winbackup/errors';
import { createReferenceEsent, JET_snpRestore, JET_sntBegin, JET_sntComplete } from '../../src/index.js';
import { backupEnv, insert, readRestored, type BackupEnv } from './helpers.js';

describe('JetRestoreInstance', () => {
  let env: BackupEnv;
  let dir: string;
  beforeEach(async () => {
    env = await backupEnv(40);
    dir = join(env.root, 'bk');
    mkdirSync(dir);
    await env.f.api.JetBackupInstance(env.f.inst, dir, 0, null);
    for (let i = 40; i < 60; i++) await insert(env.f, i, 'inc');
    await env.f.api.JetBackupInstance(env.f.inst, dir, 1, null);
  });
  afterEach(async () => env.cleanup());

  it('restores full + incremental into szDest on a fresh instance; every record is there', async () => {
    const target = join(env.root, 'restored');
    mkdirSync(target);
    const api = createReferenceEsent({ root: target });
    const inst = await api.JetCreateInstance('r');
    const seen: [number, number][] = [];
    await api.JetRestoreInstance(inst, dir, join(target, 'db'), (_s, snp, snt) => {
      seen.push([snp, snt]);
      return 0;
    });
    expect(seen[0]).toEqual([JET_snpRestore, JET_sntBegin]);
    expect(seen[seen.length - 1]).toEqual([JET_snpRestore, JET_sntComplete]);
    // still created: JetInit comes next (the backup folder is left as it was)
    expect(readdirSync(dir)).toContain('test.edb');
    await api.JetTerm(inst);
    expect(await readRestored(createReferenceEsent({ root: target }), target, join(target, 'db', 'test.edb'))).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });

  it('AlreadyInitialized on a running instance', async () => {
    await expect(env.f.api.JetRestoreInstance(env.f.inst, dir, join(env.root, 'x'), null)).rejects.toMatchObject({ code: JET_errAlreadyInitialized });
  });

  it('InvalidPath for a missing folder or one that holds no backup set', async () => {
    const api = createReferenceEsent({ root: env.root });
    const inst = await api.JetCreateInstance('r');
    await expect(api.JetRestoreInstance(inst, join(env.root, 'missing'), null, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
    mkdirSync(join(env.root, 'empty'));
    await expect(api.JetRestoreInstance(inst, join(env.root, 'empty'), null, null)).rejects.toMatchObject({ code: JET_errInvalidPath });
  });

  it('MissingLogFile when a log of the set is gone', async () => {
    const logs = readdirSync(dir).filter((n) => n.endsWith('.log')).sort();
    rmSync(join(dir, logs[logs.length - 2]!));
    const api = createReferenceEsent({ root: env.root });
    const inst = await api.JetCreateInstance('r');
    await expect(api.JetRestoreInstance(inst, dir, join(env.root, 'r'), null)).rejects.toMatchObject({ code: JET_errMissingLogFile });
  });

  it('DatabaseSharingViolation restoring over a database a running instance has attached (szDest NULL: original location)', async () => {
    const api = env.f.api;
    const inst = await api.JetCreateInstance('r');
    await expect(api.JetRestoreInstance(inst, dir, null, null)).rejects.toMatchObject({ code: JET_errDatabaseSharingViolation });
  });

  it('legacy JetRestore / JetRestore2 in multi-instance mode: RunningInMultiInstanceMode', async () => {
    await expect(env.f.api.JetRestore(dir, null)).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
    await expect(env.f.api.JetRestore2(dir, join(env.root, 'x'), null)).rejects.toMatchObject({ code: JET_errRunningInMultiInstanceMode });
  });

  it('legacy JetRestore2 before any instance mode restores to szDest', async () => {
    const target = join(env.root, 'legacy');
    mkdirSync(target);
    const api = createReferenceEsent({ root: target });
    await api.JetRestore2(dir, join(target, 'db'), null);
    expect((await readRestored(createReferenceEsent({ root: target }), target, join(target, 'db', 'test.edb'))).length).toBe(60);
  });
});
