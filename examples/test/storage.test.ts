// Into real storage: an ESE streaming backup and a VSS snapshot's tree as tar streams, into a real
// restic repository (restic backup --stdin) and back (restic dump), compared byte for byte; an
// abort leaves no snapshot, no lock and no truncated log; a tar file is whole or absent.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// the same source copy of @winbackup/esent as the test helpers (its handle types are branded per copy)
import { streamBackup, type StreamedFile, type StreamingBackup } from '../../packages/esent/src/index.js';
import { takeSnapshotSet } from '@winbackup/vsbackup';
import { backupEnv, ids, restoreAndRead, type BackupEnv } from '../../packages/esent/test/backup/helpers.js';
import { makeMachine, type Machine } from '../../packages/vsbackup/test/helpers.js';
import { restic, resticBackupStdin, resticDump, resticInit, resticSnapshots, type ResticRepository } from '../storage/restic.js';
import { tarOfEsentBackup, tarOfTree, untar } from '../storage/tar.js';
import { writeFileAtomically } from '../storage/writeFileAtomically.js';

const CHUNK = 3 * 8192;

beforeAll(() => {
  // restic is one of scripts/system-packages.txt: npm test installs it or stops
  const r = spawnSync('restic', ['version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('restic is not installed (apt-get install restic)');
});

let scratch: string;
let repo: ResticRepository;
let env: BackupEnv;
beforeEach(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'storage-test-'));
  repo = { repository: join(scratch, 'repo'), password: process.env.RESTIC_PASSWORD ?? 'winbackup-test' };
  await resticInit(repo);
  env = await backupEnv(300);
});
afterEach(async () => {
  await env.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const logsOnDisk = (): string[] => readdirSync(join(env.root, 'src')).filter((n) => n.endsWith('.log')).sort();

/** `backup`'s files with a SHA-256 of the bytes each streamed, filled in as they pass. */
async function* hashing(backup: AsyncIterable<StreamedFile>, sums: Map<string, string>): AsyncGenerator<StreamedFile> {
  for await (const f of backup) {
    const hash = createHash('sha256');
    const tap = new PassThrough();
    tap.on('error', () => undefined);
    f.stream.once('error', (e) => tap.destroy(e));
    tap.on('data', (c: Buffer) => hash.update(c));
    tap.on('end', () => sums.set(basename(f.path), hash.digest('hex')));
    f.stream.pipe(tap);
    yield { ...f, stream: tap };
  }
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('an ESE streaming backup into restic', () => {
  it('tar -> restic backup --stdin -> restic dump -> the same bytes; the restored set restores the database', async () => {
    const sums = new Map<string, string>();
    const liveLogs = new Map(logsOnDisk().map((n) => [n, readFileSync(join(env.root, 'src', n))]));
    const backup = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
    const saved = await resticBackupStdin(repo, tarOfEsentBackup(hashing(backup, sums)), { filename: 'esent.tar', tags: ['esent'] });
    expect(saved.snapshotId).toMatch(/^[0-9a-f]{8,64}$/);
    expect(backup.state).toBe('copied');
    await backup.commit();

    const entries = await untar(resticDump(repo, saved.snapshotId, 'esent.tar'));
    expect(entries.map((e) => e.name)).toEqual([`databases/test.edb`, ...[...sums.keys()].filter((n) => n !== 'test.edb').map((n) => `logs/${n}`)]);
    for (const e of entries) expect(sha(e.data)).toBe(sums.get(basename(e.name)));
    // logs that were on disk before the backup come back byte for byte
    for (const e of entries.filter((x) => x.name.startsWith('logs/'))) {
      const live = liveLogs.get(basename(e.name));
      if (live && basename(e.name) !== 'edb.log') expect(e.data.equals(live)).toBe(true);
    }
    // and the set restores: every record back
    const dir = join(scratch, 'from-restic');
    mkdirSync(dir);
    for (const e of entries) writeFileSync(join(dir, basename(e.name)), e.data);
    expect(await restoreAndRead({ dir, databases: [env.dbPath], logInfo: backup.logInfo! }, join(scratch, 'restored'), env.dbPath)).toEqual(ids(300));
  });

  it('an abort while streaming: restic is interrupted, no snapshot, no lock, no log truncated; the next run succeeds', async () => {
    const before = logsOnDisk();
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    let backup!: StreamingBackup;
    const run = async (): Promise<void> => {
      await using b = await streamBackup(env.f.api, env.f.inst, {
        chunkSize: CHUNK,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytesDone > 2 * CHUNK) controller.abort(reason);
        },
      });
      backup = b;
      await resticBackupStdin(repo, tarOfEsentBackup(b), { filename: 'esent.tar', signal: controller.signal });
      await b.commit();
    };
    await expect(run()).rejects.toBe(reason);
    expect(backup.state).toBe('aborted');
    expect(await resticSnapshots(repo)).toEqual([]);
    expect((await restic(repo, ['list', 'locks', '--no-lock'])).trim()).toBe('');
    expect(logsOnDisk()).toEqual(expect.arrayContaining(before));

    const next = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
    const saved = await resticBackupStdin(repo, tarOfEsentBackup(next), { filename: 'esent.tar' });
    await next.commit();
    const all = await resticSnapshots(repo);
    expect(all).toHaveLength(1);
    expect(all[0]!.startsWith(saved.snapshotId)).toBe(true);
  });

  it('a tar file is whole or absent: writeFileAtomically of an aborted backup leaves nothing, of a full one the whole tar', async () => {
    const dest = join(scratch, 'esent.tar');
    const controller = new AbortController();
    const reason = new Error('stop');
    {
      await using b = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK, signal: controller.signal, onProgress: (p) => p.bytesDone > CHUNK && controller.abort(reason) });
      await expect(writeFileAtomically(tarOfEsentBackup(b), dest)).rejects.toBe(reason);
    }
    expect(readdirSync(scratch).filter((n) => n.includes('esent.tar'))).toEqual([]);

    await using b = await streamBackup(env.f.api, env.f.inst, { chunkSize: CHUNK });
    const bytes = await writeFileAtomically(tarOfEsentBackup(b), dest);
    await b.commit();
    expect(readdirSync(scratch).filter((n) => n.includes('esent.tar'))).toEqual(['esent.tar']);
    expect(bytes).toBe(readFileSync(dest).length);
    expect((await untar((await import('node:fs')).createReadStream(dest))).map((e) => e.name)[0]).toBe('databases/test.edb');
  });
});

describe('a VSS snapshot tree into restic', () => {
  let m: Machine;
  beforeEach(() => {
    m = makeMachine();
  });
  afterEach(() => m.cleanup());

  it('the snapshot of C:\\ as a tar, saved and dumped: the same tree and bytes; the snapshot is gone afterwards', async () => {
    writeFileSync(join(m.volC, 'data', 'big.bin'), Buffer.alloc(300_000, 0x5a));
    let saved: { snapshotId: string } | undefined;
    {
      await using set = await takeSnapshotSet(m.vss, { volumes: ['C:\\'] });
      // written after the snapshot: not in it
      writeFileSync(join(m.volC, 'late.txt'), 'late');
      saved = await resticBackupStdin(repo, tarOfTree(set.snapshots[0]!.path), { filename: 'C.tar' });
      await set.complete();
    }
    expect(m.storeEntries()).toEqual([]);
    const entries = await untar(resticDump(repo, saved.snapshotId, 'C.tar'));
    expect(entries.map((e) => `${e.type}:${e.name}`)).toEqual(['directory:data', 'file:data/a.txt', 'file:data/big.bin', 'file:top.txt']);
    expect(entries.find((e) => e.name === 'data/big.bin')!.data.equals(readFileSync(join(m.volC, 'data', 'big.bin')))).toBe(true);
    expect(entries.find((e) => e.name === 'data/a.txt')!.data.toString()).toBe('alpha');
    expect(existsSync(join(m.volC, 'late.txt'))).toBe(true);
  });
});
