// Round trips (issue 4 "Done when"): full, full + incremental chain, backup under concurrent
// commits, and a stop at every step of the sequence followed by a new full backup; each restored
// with JetExternalRestore2 into a fresh folder and read back record by record.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JET_errBackupAbortByServer, isJetError } from '@winbackup/errors';
import {
  createReferenceEsent,
  JET_LOGINFO_cbSize,
  JET_paramCircularLog,
  JET_paramLogFileSize,
  type JET_HANDLE,
} from '../../src/index.js';
import type { ReferenceEsent } from '../../src/reference/ReferenceEsent.js';
import { tableFixture } from '../helpers.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import { backupEnv, insert, readAll, restoreAndRead, streamBackup, streamFile, type BackupEnv } from './helpers.js';

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

describe('streaming backup round trips', () => {
  let env: BackupEnv;
  beforeEach(async () => {
    env = await backupEnv(0, { logFileSizeKB: 64 });
  });
  afterEach(async () => env.cleanup());
  const api = () => env.f.api;
  const fill = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i++) await insert(env.f, i, `row${i}-${'x'.repeat(100)}`);
  };

  it('full backup restores every committed record; the source database is untouched by the restore', async () => {
    await fill(0, 300);
    const set = await streamBackup(api(), env.f.inst, join(env.root, 'bk'));
    const before = readFileSync(env.dbPath);
    expect(set.databases).toEqual([env.dbPath]);
    expect(set.logInfo.ulGenHigh).toBeGreaterThan(set.logInfo.ulGenLow);
    expect(await restoreAndRead(set, join(env.root, 'restored'), env.dbPath)).toEqual(range(0, 300));
    expect(readFileSync(env.dbPath).equals(before)).toBe(true);
    expect(await readAll(env.f)).toEqual(range(0, 300));
  });

  it('full + two incremental backups restore as one chain', async () => {
    await fill(0, 100);
    const dir = join(env.root, 'bk');
    const full = await streamBackup(api(), env.f.inst, dir);
    await fill(100, 250);
    const inc1 = await streamBackup(api(), env.f.inst, dir, { incremental: true });
    await fill(250, 400);
    const inc2 = await streamBackup(api(), env.f.inst, dir, { incremental: true });
    expect(inc1.databases).toEqual([]);
    expect(inc2.logInfo.ulGenHigh).toBeGreaterThan(inc1.logInfo.ulGenHigh);
    expect(env.engine.dbs.get(env.dbPath)!.header.bkinfoIncPrev.genHigh).toBe(inc2.logInfo.ulGenHigh);
    // the full backup alone restores only what it holds
    const fullOnly = await restoreAndRead(full, join(env.root, 'r1'), env.dbPath);
    expect(fullOnly.slice(0, 100)).toEqual(range(0, 100));
    // the chain restores everything
    const chain = { ...full, dir };
    expect(await restoreAndRead(chain, join(env.root, 'r2'), env.dbPath, [inc2])).toEqual(range(0, 400));
  });

  it('a backup taken while another session keeps committing restores to a consistent prefix holding every commit before the log roll', async () => {
    await fill(0, 50);
    let next = 50;
    let running = true;
    const writerSes = await api().JetBeginSession(env.f.inst, null, null);
    const dbid = await api().JetOpenDatabase(writerSes, env.dbPath, null, 0);
    const tableid = await api().JetOpenTable(writerSes, dbid, 't', null, 0, 0);
    let failure: unknown;
    const writer = (async () => {
      while (running) {
        await insert({ ...env.f, sesid: writerSes, tableid }, next, `w${next}-${'y'.repeat(100)}`, tableid);
        next++;
        // a real writer thread: let the backup calls interleave
        await new Promise((r) => setImmediate(r));
      }
    })().catch((e: unknown) => {
      failure = e;
    });
    const dir = join(env.root, 'bk');
    mkdirSync(dir);
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await streamFile(api(), env.f.inst, env.dbPath, join(dir, 'test.edb'), 3 * 8192);
    while (next < 400 && failure === undefined) await new Promise((r) => setImmediate(r));
    expect(failure).toBeUndefined();
    const committedBeforeRoll = next;
    const li = await api().JetGetLogInfoInstance2(env.f.inst, 1 << 16, { cbSize: JET_LOGINFO_cbSize });
    for (const p of splitMultiString(li.szz)) await streamFile(api(), env.f.inst, p, join(dir, basename(p)), 2 * 8192);
    await api().JetTruncateLogInstance(env.f.inst);
    await api().JetEndExternalBackupInstance(env.f.inst);
    running = false;
    await writer;
    const ids = await restoreAndRead({ dir, databases: [env.dbPath], logInfo: li.pLogInfo }, join(env.root, 'restored'), env.dbPath);
    expect(ids.length).toBeGreaterThanOrEqual(committedBeforeRoll);
    expect(ids).toEqual(range(0, ids.length));
    expect(ids.length).toBeLessThanOrEqual(next);
  });

  const steps = ['begin', 'attachInfo', 'openDb', 'readDb', 'closeDb', 'logInfo', 'openLog', 'readLog', 'closeLog'] as const;
  it.each(steps)('stop after %s: later calls fail with BackupAbortByServer, End succeeds, a new full backup restores every record', async (step) => {
    await fill(0, 120);
    const a = api();
    const inst = env.f.inst;
    const h = 0 as JET_HANDLE;
    const buf = Buffer.alloc(1 << 16);
    const seq: [string, () => Promise<unknown>][] = [
      ['begin', () => a.JetBeginExternalBackupInstance(inst, 0)],
      ['attachInfo', () => a.JetGetAttachInfoInstance(inst, 4096)],
      ['openDb', () => a.JetOpenFileInstance(inst, env.dbPath)],
      ['readDb', () => a.JetReadFileInstance(inst, h, buf, buf.length)],
      ['closeDb', () => a.JetCloseFileInstance(inst, h)],
      ['logInfo', () => a.JetGetLogInfoInstance(inst, 4096)],
      ['openLog', () => a.JetOpenFileInstance(inst, env.engine.logPath(env.engine.logGenerationsOnDisk()[0]!))],
      ['readLog', () => a.JetReadFileInstance(inst, h, buf, buf.length)],
      ['closeLog', () => a.JetCloseFileInstance(inst, h)],
      ['truncate', () => a.JetTruncateLogInstance(inst)],
    ];
    const logsBefore = env.engine.logGenerationsOnDisk();
    let i = 0;
    for (; i < seq.length; i++) {
      await seq[i]![1]();
      if (seq[i]![0] === step) break;
    }
    await a.JetStopBackupInstance(inst);
    // the next call that is gated by the stop flag fails (Close is not gated)
    const next = seq.slice(i + 1).find(([n]) => !n.startsWith('close'));
    if (next) {
      const e = await next[1]().then(() => undefined, (x: unknown) => x);
      expect(isJetError(e, JET_errBackupAbortByServer)).toBe(true);
    }
    if (step === 'openDb' || step === 'readDb' || step === 'openLog' || step === 'readLog') await a.JetCloseFileInstance(inst, h);
    await a.JetEndExternalBackupInstance(inst);
    // nothing it did not copy was truncated
    for (const g of logsBefore) expect(env.engine.logGenerationsOnDisk()).toContain(g);
    await fill(120, 160);
    const set = await streamBackup(a, inst, join(env.root, 'bk'));
    expect(await restoreAndRead(set, join(env.root, 'restored'), env.dbPath)).toEqual(range(0, 160));
  });

  it('circular logging keeps the logs a running full backup still has to copy, and the backup restores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esent-circ-'));
    try {
      mkdirSync(join(dir, 'src'));
      const a = createReferenceEsent({ root: join(dir, 'src') });
      const inst = await a.JetCreateInstance('c');
      await a.JetSetSystemParameter(inst, null, JET_paramCircularLog, 1, null);
      await a.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 64, null);
      await a.JetInit(inst);
      const f = await tableFixture(a, inst, '');
      for (let i = 0; i < 100; i++) await insert(f, i, `c${i}-${'z'.repeat(100)}`);
      await a.JetBeginExternalBackupInstance(inst, 0);
      const held = (a as unknown as ReferenceEsent).findInstance(inst, 't');
      const low = held.lgposCheckpoint.lGeneration;
      // many rolls: circular logging would delete everything behind the checkpoint
      for (let i = 100; i < 500; i++) await insert(f, i, `c${i}-${'z'.repeat(100)}`);
      for (let k = 0; k < 4; k++) held.rollLog();
      expect(held.currentGeneration).toBeGreaterThan(low + 2);
      expect(held.logGenerationsOnDisk()[0]).toBeLessThanOrEqual(low);
      await a.JetEndExternalBackupInstance2(inst, 0x2);
      const set = await streamBackup(a, inst, join(dir, 'bk'));
      expect(await restoreAndRead(set, join(dir, 'restored'), join(dir, 'src', 'test.edb'))).toEqual(range(0, 500));
      await a.JetTerm(inst);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
