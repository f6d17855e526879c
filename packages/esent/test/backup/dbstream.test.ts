// The database stream (SEMANTICS.md §1 JetOpenFileInstance/JetReadFileInstance), on each read
// path (on demand; read-ahead by the worker thread alone; read-ahead shared with the calling
// thread; shrunk here to 2-page chunks so a small database crosses many chunks and wraps the ring): the bytes streamed are the file's pages
// and the trailer; pages 0 and 1 are the copies captured at open even if the engine rewrites the
// header in place later, and the size is the one fixed at open; a bad or missing page gives
// JET_errReadVerifyFailure on the read that holds it; End during a read lets it finish and the
// descriptor is closed afterwards.
import { closeSync, ftruncateSync, openSync, readFileSync, readlinkSync, readdirSync, readSync, realpathSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JET_errInvalidParameter, JET_errReadVerifyFailure } from '@winbackup/errors';
import { JET_bitBackupEndAbort, type JET_HANDLE } from '../../src/index.js';
import { streamTuning } from '../../src/reference/backup/dbstream.js';
import { decodeTrailer } from '../../src/reference/backup/trailer.js';
import { backupEnv, insert, type BackupEnv } from './helpers.js';

const ps = 8192;
const h0 = 0 as JET_HANDLE;

/** Descriptors of this process open on `path` (Linux /proc); the engine holds its own too. */
function descriptorsOn(path: string): number {
  const real = realpathSync(path);
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === real) n++;
    } catch {
      // closed while listing
    }
  }
  return n;
}

/** Rewrites page `pgno` of the file in place as a checkpoint would: other bytes, still a valid page. */
function rewritePageInPlace(path: string, pgno: number): void {
  const fd = openSync(path, 'r+');
  const page = Buffer.alloc(ps);
  readSync(fd, page, 0, ps, pgno * ps);
  page[ps - 1] = (page[ps - 1]! + 1) & 0xff;
  page.writeUInt32LE(crc32(page.subarray(4)) >>> 0, 0);
  writeSync(fd, page, 0, ps, pgno * ps);
  closeSync(fd);
}

const modes = [
  { name: 'on demand', tuning: { readAheadMinBytes: Number.MAX_SAFE_INTEGER } },
  // the worker does all it can; the calling thread only waits for it
  { name: 'read-ahead by the worker', tuning: { readAheadMinBytes: 0, chunk: 2 * ps, slots: 3, callerHelps: false } },
  // the calling thread takes any read or check the worker has not started
  { name: 'read-ahead shared', tuning: { readAheadMinBytes: 0, chunk: 2 * ps, slots: 3, callerHelps: true } },
];

describe.each(modes)('database stream ($name)', ({ tuning }) => {
  let env: BackupEnv;
  const saved = { ...streamTuning };
  beforeEach(async () => {
    Object.assign(streamTuning, tuning);
    env = await backupEnv(3);
    for (let i = 100; i < 400; i++) await insert(env.f, i, 'x'.repeat(100));
    env.engine.checkpoint();
  });
  afterEach(async () => {
    Object.assign(streamTuning, saved);
    await env.cleanup();
  });
  const api = () => env.f.api;

  /** Streams the open database with a first read of `first` pages and then reads of `next` pages. */
  async function streamAll(first: number, next: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    const buf = Buffer.alloc(Math.max(first, next) * ps);
    for (let cb = first * ps; ; cb = next * ps) {
      const n = await api().JetReadFileInstance(env.f.inst, h0, buf, cb);
      if (n === 0) break;
      parts.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(parts);
  }

  it('streams the pages of the file then the trailer, whatever the read size', async () => {
    for (const [first, next] of [
      [3, 1],
      [3, 5],
      [128, 128],
    ] as const) {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const { pulFileSizeLow: size } = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
      expect(size).toBeGreaterThanOrEqual(8 * ps);
      const got = await streamAll(first, next);
      expect(got.length).toBe(size);
      const file = readFileSync(env.dbPath);
      expect(got.subarray(0, size - ps).equals(file.subarray(0, size - ps))).toBe(true);
      expect(decodeTrailer(got.subarray(size - ps))?.szOriginalPath).toBe(env.dbPath);
      await api().JetCloseFileInstance(env.f.inst, h0);
      await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndAbort);
    }
  });

  it('pages 0 and 1 are the header as it was at open; the size is fixed at open', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const atOpen = readFileSync(env.dbPath);
    const { pulFileSizeLow: size } = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    // the engine rewrites both header pages in place and appends a page past the end
    rewritePageInPlace(env.dbPath, 0);
    rewritePageInPlace(env.dbPath, 1);
    const fd = openSync(env.dbPath, 'r+');
    writeSync(fd, Buffer.alloc(ps, 0x5a), 0, ps, size - ps);
    closeSync(fd);
    expect(readFileSync(env.dbPath).subarray(0, 2 * ps).equals(atOpen.subarray(0, 2 * ps))).toBe(false);
    const got = await streamAll(3, 1);
    expect(got.length).toBe(size);
    expect(got.subarray(0, size - ps).equals(atOpen.subarray(0, size - ps))).toBe(true);
    await api().JetCloseFileInstance(env.f.inst, h0);
    await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndAbort);
  });

  it('ReadVerifyFailure on a bad header page captured at open; the backup goes on', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    // page 0 is bad, the shadow page 1 lets the open read the header
    const fd = openSync(env.dbPath, 'r+');
    writeSync(fd, Buffer.from([0x5a]), 0, 1, 200);
    closeSync(fd);
    await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    await expect(api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(3 * ps), 3 * ps)).rejects.toMatchObject({ code: JET_errReadVerifyFailure });
    expect(env.engine.backup.inProgress).toBe(true);
    await expect(api().JetCloseFileInstance(env.f.inst, h0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
  });

  it('ReadVerifyFailure on the read holding a bad data page, not before', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const engineFds = descriptorsOn(env.dbPath);
    await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    const fd = openSync(env.dbPath, 'r+');
    writeSync(fd, Buffer.from([0x5a]), 0, 1, 6 * ps + 100);
    closeSync(fd);
    const buf = Buffer.alloc(3 * ps);
    // pages 0-2, then 3-5: all good
    expect(await api().JetReadFileInstance(env.f.inst, h0, buf, 3 * ps)).toBe(3 * ps);
    expect(await api().JetReadFileInstance(env.f.inst, h0, buf, 3 * ps)).toBe(3 * ps);
    await expect(api().JetReadFileInstance(env.f.inst, h0, buf, 3 * ps)).rejects.toMatchObject({ code: JET_errReadVerifyFailure });
    expect(env.engine.backup.inProgress).toBe(true);
    await expect(api().JetCloseFileInstance(env.f.inst, h0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    await vi.waitFor(() => expect(descriptorsOn(env.dbPath)).toBe(engineFds));
  });

  it('ReadVerifyFailure when the file is cut short under the stream', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    const fd = openSync(env.dbPath, 'r+');
    ftruncateSync(fd, 4 * ps);
    closeSync(fd);
    const buf = Buffer.alloc(4 * ps);
    expect(await api().JetReadFileInstance(env.f.inst, h0, buf, 4 * ps)).toBe(4 * ps);
    await expect(api().JetReadFileInstance(env.f.inst, h0, buf, 4 * ps)).rejects.toMatchObject({ code: JET_errReadVerifyFailure });
    expect(env.engine.backup.inProgress).toBe(true);
  });

  it('End during a read: the read completes, then the descriptor is closed', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const engineFds = descriptorsOn(env.dbPath);
    const { pulFileSizeLow: size } = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    expect(descriptorsOn(env.dbPath)).toBe(engineFds + 1);
    const read = api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(size), size);
    const end = api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndAbort);
    expect(await read).toBe(size);
    await end;
    expect(env.engine.backup.inProgress).toBe(false);
    await vi.waitFor(() => expect(descriptorsOn(env.dbPath)).toBe(engineFds));
  });

  it('Close after the last read releases the descriptor', async () => {
    await api().JetBeginExternalBackupInstance(env.f.inst, 0);
    const engineFds = descriptorsOn(env.dbPath);
    await api().JetOpenFileInstance(env.f.inst, env.dbPath);
    expect(descriptorsOn(env.dbPath)).toBe(engineFds + 1);
    await streamAll(3, 2);
    await api().JetCloseFileInstance(env.f.inst, h0);
    await vi.waitFor(() => expect(descriptorsOn(env.dbPath)).toBe(engineFds));
    await api().JetEndExternalBackupInstance2(env.f.inst, JET_bitBackupEndAbort);
  });
});
