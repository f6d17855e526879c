// The Node layer over the streaming backup calls: files in ESENT's order as Readables, commit as the
// only path that truncates logs, aborts (signal, a thrown error, a timeout) at every step ending the
// backup with JET_bitBackupEndAbort and nothing truncated, and back-pressure.
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JET_errBackupInProgress, JET_errLogFileNotCopied, isJetError } from '@winbackup/errors';
import { streamBackup, type EsentApi, type StreamedFile, type StreamingBackup, type StreamingBackupProgress } from '../../src/index.js';
import { backupEnv, ids, insert, lastOutcome, restoreAndRead, type BackupEnv } from '../backup/helpers.js';

const PAGE = 8192;
const CHUNK = 3 * PAGE;
const ROWS = 400;

let env: BackupEnv;
beforeEach(async () => {
  env = await backupEnv(ROWS);
});
afterEach(() => env.cleanup());

const logsOnDisk = (): string[] => readdirSync(join(env.root, 'src')).filter((n) => n.endsWith('.log')).sort();

/** Copies every file of `backup` into `dir` (pipeline into a file each), returning the files. */
async function copyAll(backup: StreamingBackup, dir: string): Promise<StreamedFile[]> {
  mkdirSync(dir, { recursive: true });
  const files: StreamedFile[] = [];
  for await (const file of backup) {
    files.push(file);
    await pipeline(file.stream, createWriteStream(join(dir, basename(file.path))));
  }
  return files;
}

/** A full backup through the layer into `dir`, committed; restored and read back. */
async function fullBackupRestores(dir: string, rows: number): Promise<void> {
  const backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
  await copyAll(backup, dir);
  await backup.commit();
  expect(lastOutcome(env)).toBe('normal');
  const set = { dir, databases: [env.dbPath], logInfo: backup.logInfo! };
  expect(await restoreAndRead(set, join(env.root, `restored-${basename(dir)}`), env.dbPath)).toEqual(ids(rows));
}

describe('streamBackup: the happy path', () => {
  it('yields the database then the logs as Readables, commit truncates the copied logs, and the set restores', async () => {
    const progress: StreamingBackupProgress[] = [];
    const before = logsOnDisk();
    const backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK, onProgress: (p) => progress.push(p) });
    const dir = join(env.root, 'set');
    const files = await copyAll(backup, dir);
    expect(files.map((f) => [f.kind, f.index])).toEqual([['database', 0], ...files.slice(1).map((_, i) => ['log', i + 1])]);
    expect(files[0]!.path).toBe(env.dbPath);
    expect(files.length).toBeGreaterThan(1);
    expect(backup.state).toBe('copied');
    // every file arrives whole: its bytes on disk are its reported size (a log: the file itself)
    for (const f of files) expect(readFileSync(join(dir, basename(f.path))).length).toBe(f.size);
    for (const f of files.filter((x) => x.kind === 'log')) expect(readFileSync(join(dir, basename(f.path)))).toEqual(readFileSync(f.path));
    // nothing truncated before commit
    expect(logsOnDisk()).toEqual(expect.arrayContaining(before));
    await backup.commit();
    expect(backup.state).toBe('committed');
    expect(lastOutcome(env)).toBe('normal');
    const after = logsOnDisk();
    expect(after.filter((n) => before.includes(n) && n !== 'edb.log')).toEqual([]);

    // progress: per file and overall, monotonic, ending exact
    const total = files.reduce((s, f) => s + f.size, 0);
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ bytesDone: total, bytesTotal: total, totalIsFinal: true, fileBytesDone: files.at(-1)!.size });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytesDone).toBeGreaterThanOrEqual(progress[i - 1]!.bytesDone);
    for (const f of files) expect(progress.filter((p) => p.file.index === f.index).at(-1)!.fileBytesDone).toBe(f.size);
    expect(progress.filter((p) => p.file.kind === 'database').every((p) => !p.totalIsFinal)).toBe(true);

    const set = { dir, databases: [env.dbPath], logInfo: backup.logInfo! };
    expect(await restoreAndRead(set, join(env.root, 'restored'), env.dbPath)).toEqual(ids(ROWS));
  });

  it('an incremental backup yields only logs; commit({ truncateLogs: false }) keeps them', async () => {
    await fullBackupRestores(join(env.root, 'full'), ROWS);
    for (let i = ROWS; i < ROWS + 50; i++) await insert(env.f, i, `row${i}`);
    const before = logsOnDisk();
    const backup = await streamBackup(env.f.api, env.f.inst, { incremental: true, chunkSize: CHUNK });
    const files = await copyAll(backup, join(env.root, 'inc'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.kind === 'log')).toBe(true);
    await backup.commit({ truncateLogs: false });
    expect(lastOutcome(env)).toBe('normal');
    expect(logsOnDisk()).toEqual(expect.arrayContaining(before));
  });

  it('`await using` aborts a backup that was copied but not committed: logs kept, the next backup runs', async () => {
    const before = logsOnDisk();
    {
      await using backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
      await copyAll(backup, join(env.root, 'uncommitted'));
      expect(backup.state).toBe('copied');
    }
    expect(lastOutcome(env)).toBe('abortByServer');
    expect(logsOnDisk()).toEqual(expect.arrayContaining(before));
    await fullBackupRestores(join(env.root, 'next'), ROWS);
  });
});

type Step = 'begin' | 'database-midway' | 'between-database-and-logs' | 'log-midway' | 'after-copy';
type How = 'signal' | 'thrown error' | 'timeout';
const steps: Step[] = ['begin', 'database-midway', 'between-database-and-logs', 'log-midway', 'after-copy'];
const hows: How[] = ['signal', 'thrown error', 'timeout'];

describe('streamBackup: an abort at every step ends the backup with abort, truncates nothing, and the next run succeeds', () => {
  for (const step of steps) {
    for (const how of hows) {
      it(`${how} at ${step}`, async () => {
        const before = logsOnDisk();
        const controller = new AbortController();
        const failure = how === 'timeout' ? new DOMException('The operation timed out.', 'TimeoutError') : new Error(`stop at ${step}`);
        const fire = (): void => {
          if (how === 'thrown error') throw failure;
          controller.abort(failure);
        };
        if (step === 'begin') {
          if (how === 'thrown error') {
            // the caller's code throws right after Begin: `await using` ends the backup
            await expect(
              (async () => {
                await using backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
                expect(backup.state).toBe('copying');
                throw failure;
              })(),
            ).rejects.toBe(failure);
          } else {
            controller.abort(failure);
            await expect(streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK, signal: controller.signal })).rejects.toBe(failure);
          }
        } else {
          let backup!: StreamingBackup;
          const run = async (): Promise<void> => {
            // as users write it: `await using` aborts whatever was not committed
            await using b = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK, signal: controller.signal });
            backup = b;
            for await (const file of backup) {
              if (step === 'between-database-and-logs' && file.kind === 'log') fire();
              const midway = (step === 'database-midway' && file.kind === 'database') || (step === 'log-midway' && file.kind === 'log');
              let seen = 0;
              const sink = new Writable({
                write(chunk: Buffer, _enc, cb) {
                  seen += chunk.length;
                  if (midway && seen > CHUNK) {
                    try {
                      fire();
                    } catch (e) {
                      return cb(e as Error);
                    }
                  }
                  cb();
                },
              });
              await pipeline(file.stream, sink);
            }
            if (step === 'after-copy') fire();
            await backup.commit();
          };
          await expect(run()).rejects.toBe(failure);
          expect(backup.state).toBe('aborted');
          // a signal's reason is the backup's; a caller's own error is not seen by the layer
          if (how === 'thrown error') await expect(backup.commit()).rejects.toThrow(/left before every file|disposed before commit/);
          else await expect(backup.commit()).rejects.toBe(failure);
          expect(lastOutcome(env)).toMatch(/^abortBy(Server|Caller)$/);
        }
        // nothing truncated, no backup left running: the next one begins, copies, commits and restores
        expect(logsOnDisk()).toEqual(expect.arrayContaining(before));
        await fullBackupRestores(join(env.root, 'next'), ROWS);
      });
    }
  }

  it('abort() while a read is in flight: JetStopBackupInstance first, the read fails, End with abort', async () => {
    const calls: string[] = [];
    const api = spy(env.f.api, calls);
    const backup = await streamBackup(api, env.f.inst, { chunkSize: CHUNK });
    const it = backup[Symbol.asyncIterator]();
    const first = (await it.next()).value as StreamedFile;
    first.stream.once('data', () => void backup.abort(new Error('user cancelled')));
    await expect(pipeline(first.stream, new Writable({ write: (_c, _e, cb) => cb() }))).rejects.toThrow('user cancelled');
    await expect(it.next()).rejects.toThrow('user cancelled');
    const tail = calls.slice(calls.indexOf('JetStopBackupInstance'));
    expect(tail[0]).toBe('JetStopBackupInstance');
    expect(tail.at(-1)).toBe('JetEndExternalBackupInstance2(2)');
    expect(calls).not.toContain('JetTruncateLogInstance');
    expect(lastOutcome(env)).toBe('abortByServer');
  });

  it('a file whose stream is never read fails the backup (not skipped silently) and keeps the logs', async () => {
    const before = logsOnDisk();
    const backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
    const run = async (): Promise<void> => {
      for await (const file of backup) void file;
    };
    await expect(run()).rejects.toThrow(/was not read/);
    expect(backup.state).toBe('aborted');
    expect(logsOnDisk()).toEqual(expect.arrayContaining(before));
    await fullBackupRestores(join(env.root, 'next'), ROWS);
  });

  it('commit() before every file was read is refused and changes nothing; a second streamBackup meanwhile gets JET_errBackupInProgress', async () => {
    const backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
    await expect(backup.commit()).rejects.toThrow(/before every file/);
    expect(backup.state).toBe('copying');
    const second = await streamBackup(env.f.api, env.f.inst).catch((e: unknown) => e);
    expect(isJetError(second, JET_errBackupInProgress)).toBe(true);
    await backup.abort();
    expect(backup.state).toBe('aborted');
    await fullBackupRestores(join(env.root, 'next'), ROWS);
  });

  it('a truncation the engine refuses ends the backup with abort and rejects with its code', async () => {
    // a log copied short: the layer never sees it as unread, but the engine does (JET_errLogFileNotCopied)
    const api = new Proxy(env.f.api, {
      get(t, k) {
        const v = Reflect.get(t, k) as unknown;
        if (k === 'JetTruncateLogInstance') return () => Promise.reject(Object.assign(new Error('refused'), { code: JET_errLogFileNotCopied }));
        return typeof v === 'function' ? v.bind(t) : v;
      },
    }) as EsentApi;
    const before = logsOnDisk();
    const backup = await streamBackup(api, env.f.inst, { chunkSize: CHUNK });
    await copyAll(backup, join(env.root, 'set'));
    await expect(backup.commit()).rejects.toThrow('refused');
    expect(backup.state).toBe('aborted');
    expect(lastOutcome(env)).toBe('abortByServer');
    expect(logsOnDisk()).toEqual(expect.arrayContaining(before));
  });
});

describe('streamBackup: a facade call failing at every step', () => {
  const calls = ['JetGetAttachInfoInstance', 'JetOpenFileInstance', 'JetReadFileInstance', 'JetCloseFileInstance', 'JetGetLogInfoInstance2', 'JetTruncateLogInstance'] as const;
  for (const failing of calls) {
    it(`${failing} fails: the backup rejects with its error, ends with JET_bitBackupEndAbort, nothing truncated, the next run succeeds`, async () => {
      const before = logsOnDisk();
      const log: string[] = [];
      const boom = new Error(`${failing} broke`);
      const api = new Proxy(env.f.api, {
        get(t, k) {
          const v = Reflect.get(t, k) as unknown;
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            log.push(k === 'JetEndExternalBackupInstance2' ? `${String(k)}(${String(args[1])})` : String(k));
            return k === failing ? Promise.reject(boom) : (v as (...a: unknown[]) => unknown).apply(t, args);
          };
        },
      }) as EsentApi;
      const run = async (): Promise<void> => {
        await using backup = await streamBackup(api, env.f.inst, { chunkSize: CHUNK });
        await copyAll(backup, join(env.root, 'set'));
        await backup.commit();
      };
      await expect(run()).rejects.toBe(boom);
      expect(log.filter((c) => c.startsWith('JetEndExternalBackupInstance2'))).toEqual(['JetEndExternalBackupInstance2(2)']);
      expect(log.indexOf('JetStopBackupInstance')).toBeGreaterThan(log.indexOf(failing));
      expect(lastOutcome(env)).toBe('abortByServer');
      expect(logsOnDisk()).toEqual(expect.arrayContaining(before));
      await fullBackupRestores(join(env.root, 'next'), ROWS);
    });
  }
});

describe('StreamedFile.saveTo', () => {
  it('writes each file whole (the data pages its stream gives) and the set restores', async () => {
    const viaStream = join(env.root, 'stream');
    const first = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
    const streamed = await copyAll(first, viaStream);
    await first.commit({ truncateLogs: false });
    const dir = join(env.root, 'saved');
    mkdirSync(dir);
    const backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
    const sizes: number[] = [];
    for await (const file of backup) sizes.push(await file.saveTo(join(dir, basename(file.path))));
    await backup.commit();
    expect(sizes[0]).toBe(streamed[0]!.size);
    // two backups differ in the header copies and the trailer page (each records its own log range): compare the data pages
    const a = readFileSync(join(dir, 'test.edb'));
    const b = readFileSync(join(viaStream, 'test.edb'));
    expect(a.length).toBe(sizes[0]);
    expect(a.subarray(2 * PAGE, a.length - PAGE).equals(b.subarray(2 * PAGE, b.length - PAGE))).toBe(true);
    const set = { dir, databases: [env.dbPath], logInfo: backup.logInfo! };
    expect(await restoreAndRead(set, join(env.root, 'restored'), env.dbPath)).toEqual(ids(ROWS));
  });

  it('an abort midway removes the partial file, keeps the logs, and the next run succeeds', async () => {
    const before = logsOnDisk();
    const controller = new AbortController();
    const reason = new Error('stop');
    const dir = join(env.root, 'saved');
    mkdirSync(dir);
    const run = async (): Promise<void> => {
      await using backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK, signal: controller.signal, onProgress: (p) => p.bytesDone > CHUNK && controller.abort(reason) });
      for await (const file of backup) await file.saveTo(join(dir, basename(file.path)));
      await backup.commit();
    };
    await expect(run()).rejects.toBe(reason);
    expect(readdirSync(dir)).toEqual([]);
    expect(lastOutcome(env)).toBe('abortByServer');
    expect(logsOnDisk()).toEqual(expect.arrayContaining(before));
    await fullBackupRestores(join(env.root, 'next'), ROWS);
  });
});

describe('streamBackup: back-pressure', () => {
  it('a slow consumer slows the reads: at most two chunks read ahead of what it has taken', async () => {
    const calls: string[] = [];
    const api = spy(env.f.api, calls);
    const reads = (): number => calls.filter((c) => c === 'JetReadFileInstance').length;
    const backup = await streamBackup(api, env.f.inst, { chunkSize: CHUNK });
    let taken = 0;
    let maxAhead = 0;
    let chunks = 0;
    for await (const file of backup) {
      const slow = new Writable({
        highWaterMark: 1,
        write(_chunk, _enc, cb) {
          taken++;
          chunks++;
          // a consumer that takes its time: several turns of the event loop per chunk
          setTimeout(() => {
            maxAhead = Math.max(maxAhead, reads() - taken);
            cb();
          }, 2);
        },
      });
      await pipeline(file.stream, slow);
      taken = reads(); // the EOF read of each file returns 0 bytes
    }
    await backup.commit();
    expect(chunks).toBeGreaterThan(5);
    expect(maxAhead).toBeLessThanOrEqual(2);
  });
});

/** `api` with every call's name (and End2's grbit) logged in order. */
function spy(api: EsentApi, calls: string[]): EsentApi {
  return new Proxy(api, {
    get(t, k) {
      const v = Reflect.get(t, k) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        calls.push(k === 'JetEndExternalBackupInstance2' ? `${String(k)}(${String(args[1])})` : String(k));
        return (v as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  }) as EsentApi;
}
