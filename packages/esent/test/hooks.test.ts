// The internal engine surface the streaming backup module builds on (issue 4): log roll, log
// paths and generations, checkpoint, truncation, backup flags, the write gate and header updates.
import { existsSync } from 'node:fs';
import { JET_errInvalidSesid } from '@winbackup/errors';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JET_DbInfoMisc, JET_paramCircularLog, type JET_DBINFOMISC } from '../src/index.js';
import type { ReferenceEsent } from '../src/reference/ReferenceEsent.js';
import { insert, useFixture, type Fixture, type TempRoot } from './helpers.js';

describe('backup hooks', () => {
  let root: TempRoot;
  let f: Fixture;
  useFixture((x, r) => {
    f = x;
    root = r;
  });
  const inst = () => (f.api as ReferenceEsent).findInstance(f.inst, 'test');

  it('rolls the log, names generations and lists them', async () => {
    const i = inst();
    expect(i.currentGeneration).toBe(1);
    expect(i.rollLog()).toBe(1);
    expect(i.rollLog()).toBe(2);
    expect(i.currentGeneration).toBe(3);
    expect(i.logGenerationsOnDisk()).toEqual([1, 2, 3]);
    expect(i.logPath(1)).toBe(join(root.dir, 'edb00001.log'));
    expect(i.logPath(3)).toBe(join(root.dir, 'edb.log'));
    expect(i.baseName).toBe('edb');
    expect(i.logDir).toBe(root.dir);
  });

  it('checkpoint moves forward; truncation never passes it', async () => {
    const i = inst();
    await insert(f, 1, 'a');
    i.rollLog();
    i.rollLog();
    expect(i.lgposCheckpoint.lGeneration).toBe(1);
    expect(i.truncateLogsBelow(3)).toEqual([]);
    i.checkpoint();
    expect(i.lgposCheckpoint.lGeneration).toBe(3);
    expect(i.truncateLogsBelow(3)).toEqual([1, 2]);
    expect(existsSync(join(root.dir, 'edb00001.log'))).toBe(false);
  });

  it('circular logging keeps the generations a running backup holds', async () => {
    const i = inst();
    i.params.setNum(JET_paramCircularLog, 1);
    i.backup.inProgress = true;
    i.backup.holdLogsFrom = 1;
    i.rollLog();
    i.rollLog();
    i.checkpoint();
    expect(i.logGenerationsOnDisk()).toEqual([1, 2, 3]);
    i.backup.holdLogsFrom = undefined;
    i.checkpoint();
    // the database is not written while the backup runs: its changes still need generation 1
    expect(i.logGenerationsOnDisk()).toEqual([1, 2, 3]);
    i.backup.inProgress = false;
    i.checkpoint();
    expect(i.logGenerationsOnDisk()).toEqual([3]);
  });

  it('attached databases report path, page size and logical last page', async () => {
    const [db] = inst().attachedDatabases();
    expect(db!.path).toBe(join(root.dir, 'test.edb'));
    expect(db!.pageSize).toBe(8192);
    expect(db!.logicalLastPage).toBeGreaterThanOrEqual(3);
  });

  it('the write gate holds commits until thawed', async () => {
    const i = inst();
    await f.api.JetBeginTransaction(f.sesid);
    await insert(f, 1, 'a');
    i.gate.freeze();
    let done = false;
    const p = f.api.JetCommitTransaction(f.sesid, 0).then(() => (done = true));
    for (let k = 0; k < 5; k++) await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    i.gate.thaw();
    await p;
    expect(done).toBe(true);
  });

  it('a call held by the gate fails cleanly if its session ended meanwhile', async () => {
    const i = inst();
    await f.api.JetPrepareUpdate(f.sesid, f.tableid, 0);
    await f.api.JetSetColumn(f.sesid, f.tableid, f.colId, Buffer.from([1, 0, 0, 0]), 4, 0, null);
    i.gate.freeze();
    const p = f.api.JetUpdate(f.sesid, f.tableid);
    await f.api.JetEndSession(f.sesid, 0);
    i.gate.thaw();
    await expect(p).rejects.toMatchObject({ code: JET_errInvalidSesid });
  });

  it('header updates land on disk', async () => {
    const [db] = inst().attachedDatabases();
    db!.db.updateHeader((h) => {
      h.bkinfoFullPrev = { ...h.bkinfoFullPrev, genLow: 1, genHigh: 4 };
    });
    const info = (await f.api.JetGetDatabaseFileInfo('test.edb', JET_DbInfoMisc)) as JET_DBINFOMISC;
    expect(info.bkinfoFullPrev.genLow).toBe(1);
    expect(info.bkinfoFullPrev.genHigh).toBe(4);
  });
});
