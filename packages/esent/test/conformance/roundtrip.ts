// Round trips (issue 4 "Done when"): full, full + incremental chain, backup under concurrent
// commits, and a stop at every step of the sequence followed by a new full backup; each restored
// with JetExternalRestore2 into a fresh folder (on the same target) and read back record by record.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect } from 'vitest';
import { JET_errBackupAbortByServer, isJetError } from '@winbackup/errors';
import { JET_LOGINFO_cbSize, type JET_HANDLE } from '../../src/index.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import { insert, readAll, restoreAndRead, streamBackup, streamFile, type BackupEnv, type StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

/** Streaming backups restored with JetExternalRestore2 and read back (engine-state checks on the reference only). */
export function roundTripConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('streaming backup round trips', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    useStreamingEnv(
      target,
      0,
      (e, r) => {
        env = e;
        ref = r;
      },
      { logFileSizeKB: 64 },
    );
    const api = () => env.f.api;
    const fill = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i++) await insert(env.f, i, `row${i}-${'x'.repeat(100)}`);
    };
    const restore = (...args: Parameters<typeof restoreAndRead>) => restoreAndRead(args[0], args[1], args[2], args[3] ?? [], target.create);

    it('full backup restores every committed record; the source database is untouched by the restore', async () => {
      await fill(0, 300);
      const set = await streamBackup(api(), env.f.inst, join(env.root, 'bk'));
      const before = readFileSync(env.dbPath);
      expect(set.databases).toEqual([env.dbPath]);
      expect(set.logInfo.ulGenHigh).toBeGreaterThan(set.logInfo.ulGenLow);
      expect(await restore(set, join(env.root, 'restored'), env.dbPath)).toEqual(range(0, 300));
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
      if (ref) expect(ref.engine.dbs.get(env.dbPath)!.header.bkinfoIncPrev.genHigh).toBe(inc2.logInfo.ulGenHigh);
      // the full backup alone restores only what it holds
      const fullOnly = await restore(full, join(env.root, 'r1'), env.dbPath);
      expect(fullOnly.slice(0, 100)).toEqual(range(0, 100));
      // the chain restores everything
      const chain = { ...full, dir };
      expect(await restore(chain, join(env.root, 'r2'), env.dbPath, [inc2])).toEqual(range(0, 400));
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
      const ids = await restore({ dir, databases: [env.dbPath], logInfo: li.pLogInfo }, join(env.root, 'restored'), env.dbPath);
      expect(ids.length).toBeGreaterThanOrEqual(committedBeforeRoll);
      expect(ids).toEqual(range(0, ids.length));
      expect(ids.length).toBeLessThanOrEqual(next);
    });

    const steps = ['begin', 'attachInfo', 'openDb', 'readDb', 'closeDb', 'logInfo', 'openLog', 'readLog', 'closeLog'] as const;
    for (const step of steps) {
      it(`stop after ${step}: later calls fail with BackupAbortByServer, End succeeds, a new full backup restores every record`, async () => {
        await fill(0, 120);
        const a = api();
        const inst = env.f.inst;
        // the handle JetOpenFileInstance returned (the reference's is 0; esent.dll's is opaque)
        let h = 0 as JET_HANDLE;
        const buf = Buffer.alloc(1 << 16);
        // the log to open: the engine's oldest on disk (reference), else the first JetGetLogInfoInstance names
        let logs: string[] = [];
        const firstLog = (): string => (ref ? ref.engine.logPath(ref.engine.logGenerationsOnDisk()[0]!) : logs[0]!);
        const seq: [string, () => Promise<unknown>][] = [
          ['begin', () => a.JetBeginExternalBackupInstance(inst, 0)],
          ['attachInfo', () => a.JetGetAttachInfoInstance(inst, 4096)],
          ['openDb', async () => (h = (await a.JetOpenFileInstance(inst, env.dbPath)).phfFile)],
          ['readDb', () => a.JetReadFileInstance(inst, h, buf, buf.length)],
          ['closeDb', () => a.JetCloseFileInstance(inst, h)],
          ['logInfo', async () => (logs = splitMultiString((await a.JetGetLogInfoInstance(inst, 4096)).szz))],
          ['openLog', async () => (h = (await a.JetOpenFileInstance(inst, firstLog())).phfFile)],
          ['readLog', () => a.JetReadFileInstance(inst, h, buf, buf.length)],
          ['closeLog', () => a.JetCloseFileInstance(inst, h)],
          ['truncate', () => a.JetTruncateLogInstance(inst)],
        ];
        const logsBefore = ref?.engine.logGenerationsOnDisk();
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
        if (ref) for (const g of logsBefore!) expect(ref.engine.logGenerationsOnDisk()).toContain(g);
        await fill(120, 160);
        const set = await streamBackup(a, inst, join(env.root, 'bk'));
        expect(await restore(set, join(env.root, 'restored'), env.dbPath)).toEqual(range(0, 160));
      });
    }
  });
}
