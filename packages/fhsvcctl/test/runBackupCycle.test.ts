// The Node layer: runBackupCycle starts a cycle on its own pipe, awaits its end with progress, maps
// an AbortSignal to FhServiceStopBackup, and always closes the pipe.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FHSVC_E_BACKUP_BLOCKED, isHResultError } from '@winbackup/errors';
import { runBackupCycle, type FhCycleProgress, type FhSvcCtlApi } from '../src/index.js';
import { configure, dataDir, machine, write, type Machine } from './helpers.js';

/** Every file under the target's Data folder (versions and any temporary copy). */
function dataFiles(mm: Machine): string[] {
  const root = dataDir(mm);
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true }) as string[]).filter((f) => statSync(join(root, f)).isFile()).sort();
}

let m: Machine;
afterEach(() => m.cleanup());

/** The fh with FhServiceOpenPipe / FhServiceClosePipe counted: every pipe the runner opens it closes. */
function countPipes(fh: Machine['fh']): { open: () => number } {
  let open = 0;
  const openPipe = fh.FhServiceOpenPipe.bind(fh);
  const closePipe = fh.FhServiceClosePipe.bind(fh);
  (fh as { -readonly [K in keyof FhSvcCtlApi]: FhSvcCtlApi[K] }).FhServiceOpenPipe = async (s) => {
    const p = await openPipe(s);
    open++;
    return p;
  };
  (fh as { -readonly [K in keyof FhSvcCtlApi]: FhSvcCtlApi[K] }).FhServiceClosePipe = async (p) => {
    await closePipe(p);
    open--;
  };
  return { open: () => open };
}

describe('runBackupCycle', () => {
  it('runs a cycle to its end and reports progress (scan, every file, bytes, done)', async () => {
    m = machine({ chunkSize: 4096 });
    write(join(m.docs, 'a.txt'), 'alpha');
    write(join(m.docs, 'b.bin'), Buffer.alloc(20_000, 7));
    await configure(m);
    const pipes = countPipes(m.fh);
    const progress: FhCycleProgress[] = [];
    const report = await runBackupCycle(m.fh, { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ scanned: 2, changed: 2, stopped: false, lowPriorityIo: true });
    expect([...report.copied].sort()).toEqual([join(m.docs, 'a.txt'), join(m.docs, 'b.bin')]);
    expect(dataFiles(m)).toHaveLength(2);
    expect(progress.at(-1)).toEqual({ phase: 'done', scanned: 2, changed: 2, filesCopied: 2, bytesCopied: 20_005, currentFile: undefined });
    expect(progress.some((p) => p.phase === 'copying' && p.currentFile === join(m.docs, 'b.bin') && p.bytesCopied < 20_005)).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytesCopied).toBeGreaterThanOrEqual(progress[i - 1]!.bytesCopied);
    expect(pipes.open()).toBe(0);
  });

  for (const how of ['signal', 'timeout'] as const) {
    it(`an abort (${how}) stops the cycle (FhServiceStopBackup), rejects with the reason, leaves no partial copy; the next run copies the rest`, async () => {
      m = machine({ chunkSize: 64 * 1024 });
      const big = join(m.docs, 'm-big.bin');
      write(join(m.docs, 'a-small.txt'), 'small');
      write(big, Buffer.alloc(8 * 1024 * 1024, 0xab));
      await configure(m);
      const pipes = countPipes(m.fh);
      const controller = new AbortController();
      // a timeout is an AbortSignal.timeout's reason: a TimeoutError
      const reason = how === 'timeout' ? new DOMException('The operation timed out.', 'TimeoutError') : new Error('user cancelled');
      const p = runBackupCycle(m.fh, {
        signal: controller.signal,
        onProgress: (x) => {
          if (x.currentFile === big && x.bytesCopied > 1024 * 1024) controller.abort(reason);
        },
      });
      await expect(p).rejects.toBe(reason);
      expect(pipes.open()).toBe(0);
      const files = dataFiles(m);
      expect(files.some((f) => f.includes('~fhtmp-') || f.includes('m-big'))).toBe(false);
      expect(files.some((f) => f.includes('a-small'))).toBe(true);

      m.clock.now += 60_000;
      const r2 = await runBackupCycle(m.fh);
      expect(r2.stopped).toBe(false);
      expect(r2.copied).toEqual([big]);
      expect(pipes.open()).toBe(0);
    });
  }

  it('an already aborted signal starts nothing', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'alpha');
    await configure(m);
    const reason = new Error('no');
    await expect(runBackupCycle(m.fh, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(dataFiles(m)).toEqual([]);
  });

  it('a blocked service: FHSVC_E_BACKUP_BLOCKED from FhServiceStartBackup, the pipe closed anyway', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'alpha');
    await configure(m);
    const blocker = await m.fh.FhServiceOpenPipe(true);
    await m.fh.FhServiceBlockBackup(blocker);
    const pipes = countPipes(m.fh);
    const e = await runBackupCycle(m.fh).catch((x: unknown) => x);
    expect(isHResultError(e, FHSVC_E_BACKUP_BLOCKED)).toBe(true);
    expect(pipes.open()).toBe(0);
    await m.fh.FhServiceClosePipe(blocker);
    expect((await runBackupCycle(m.fh)).copied).toEqual([join(m.docs, 'a.txt')]);
  });

  it('a cycle that cannot run (target gone) rejects with the HRESULT of its report', async () => {
    m = machine();
    write(join(m.docs, 'a.txt'), 'alpha');
    await configure(m);
    rmSync(m.target, { recursive: true, force: true });
    const e = (await runBackupCycle(m.fh).catch((x: unknown) => x)) as { code: number };
    expect(isHResultError(e)).toBe(true);
    expect(e.code).toBeLessThan(0);
  });
});
