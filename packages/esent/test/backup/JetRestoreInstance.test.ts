// JetRestoreInstance / JetRestore2 as the reference writes the result (spec: JetRestoreInstance.md;
// SEMANTICS.md §5): the generation and signature of the log left in the instance's paths, read
// with the reference's own log-header reader, and the legacy one-instance form (JetRestore2 before
// any instance mode). The return codes and restores that use only EsentApi are in the conformance
// suite (test/conformance/JetRestoreInstance.ts).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReferenceEsent } from '../../src/index.js';
import { readLogHeader } from '../../src/reference/storage/logformat.js';
import { archiveLogName, archiveLogPath, listArchivedGenerations } from '../../src/reference/storage/logfiles.js';
import { backupEnv, backupSetInFolder, ids, listing, newerGenerations, readInInstance, readRestored, type BackupEnv } from './helpers.js';

/** The last generation of a backup folder and the log signature it carries. */
function lastBackupLog(dir: string): { genHigh: number; signLog: unknown } {
  const genHigh = Math.max(...listArchivedGenerations(dir, 'edb'));
  return { genHigh, signLog: readLogHeader(archiveLogPath(dir, 'edb', genHigh), 'test').signLog };
}

describe('JetRestoreInstance', () => {
  let env: BackupEnv;
  let dir: string;
  beforeEach(async () => {
    env = await backupEnv(40);
    dir = await backupSetInFolder(env);
  });
  afterEach(async () => env.cleanup());

  it('a fresh instance: a new generation after the last one of the backup and a checkpoint are left in its paths, and JetInit continues that log stream', async () => {
    const target = join(env.root, 'restored');
    mkdirSync(target);
    const api = createReferenceEsent({ root: target });
    const inst = await api.JetCreateInstance('r');
    await api.JetRestoreInstance(inst, dir, join(target, 'db'), null);
    const { genHigh, signLog } = lastBackupLog(dir);
    // phase III (spec: JetExternalRestore.md "Remarks"): the log and system paths are both the root here
    expect(listing(target)).toEqual(['db', 'edb.chk', 'edb.log']);
    expect(listing(join(target, 'db'))).toEqual(['test.edb']);
    const h = readLogHeader(join(target, 'edb.log'), 'test');
    expect(h.lGeneration).toBe(genHigh + 1);
    expect(h.signLog).toEqual(signLog);
    // JetInit on the same instance (JetRestoreInstance.md: it stays uninitialised until then)
    expect(await readInInstance(api, inst, join(target, 'db', 'test.edb'))).toEqual(ids(60));
    expect(readLogHeader(join(target, 'edb.log'), 'test')).toMatchObject({ lGeneration: genHigh + 2, signLog });
    expect(readdirSync(target)).toContain(archiveLogName('edb', genHigh + 1));
  });

  it('legacy JetRestore2 before any instance mode restores to szDest', async () => {
    const target = join(env.root, 'legacy');
    mkdirSync(target);
    const api = createReferenceEsent({ root: target });
    await api.JetRestore2(dir, join(target, 'db'), null);
    // the one instance's paths are the global JET_paramLogFilePath / JET_paramSystemPath (the root)
    expect(listing(target)).toEqual(['db', 'edb.chk', 'edb.log']);
    expect(readLogHeader(join(target, 'edb.log'), 'test').lGeneration).toBe(lastBackupLog(dir).genHigh + 1);
    expect((await readRestored(createReferenceEsent({ root: target }), target, join(target, 'db', 'test.edb'))).length).toBe(60);
  });
});

describe('JetRestoreInstance rolls forward through the newer logs in the instance\'s log path', () => {
  let env: BackupEnv;
  let dir: string;
  let srcDir: string;
  let current: number;
  beforeEach(async () => {
    env = await backupEnv(40);
    dir = await backupSetInFolder(env);
    srcDir = join(env.root, 'src');
    const genHigh = lastBackupLog(dir).genHigh;
    await newerGenerations(env.f);
    current = env.engine.currentGeneration;
    expect(current).toBe(genHigh + 4);
  });
  afterEach(async () => env.cleanup());

  /** A created instance whose log and system paths are the source instance's folder. */
  const restorer = async () => {
    const api = createReferenceEsent({ root: srcDir });
    return { api, inst: await api.JetCreateInstance('r') };
  };

  it('szDest NULL after the database is lost: every commit up to the current log is back, the current log is closed and a new generation follows it', async () => {
    await env.f.api.JetTerm(env.f.inst);
    rmSync(env.dbPath);
    const before = listing(srcDir);
    expect(before).toContain('edb.log');
    const { api, inst } = await restorer();
    await api.JetRestoreInstance(inst, dir, null, null);
    expect(listing(srcDir)).toEqual([...before, archiveLogName('edb', current), 'test.edb'].sort());
    expect(readLogHeader(join(srcDir, 'edb.log'), 'test')).toMatchObject({ lGeneration: current + 1, signLog: lastBackupLog(dir).signLog });
    expect(await readInInstance(api, inst, env.dbPath)).toEqual(ids(100));
  });

  it('without a current log the roll forward ends with the last closed generation', async () => {
    await env.f.api.JetTerm(env.f.inst);
    rmSync(join(srcDir, 'edb.log'));
    const dest = join(env.root, 'dest');
    const { api, inst } = await restorer();
    await api.JetRestoreInstance(inst, dir, dest, null);
    expect(readLogHeader(join(srcDir, 'edb.log'), 'test').lGeneration).toBe(current);
    await api.JetTerm(inst);
    expect(await readRestored(createReferenceEsent({ root: env.root }), dest, join(dest, 'test.edb'))).toEqual(ids(90));
  });

});
