import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FsyncPool } from '../src/reference/util/FsyncPool.js';

let dir: string;
let pool: FsyncPool;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fhsvcctl-fsyncpool-'));
  pool = new FsyncPool(2);
});
afterEach(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('FsyncPool (fsyncs beyond libuv four threads)', () => {
  it('fsyncs more descriptors at once than libuv has threads, and reports a bad descriptor from an extra thread', async () => {
    const fds = Array.from({ length: 10 }, (_, i) => {
      const fd = openSync(join(dir, `f${i}`), 'w');
      writeSync(fd, `file ${i}`);
      return fd;
    });
    try {
      // The first four go to libuv; the rest, and the bad descriptor, to the two extra threads.
      const all = fds.map((fd) => pool.fsync(fd));
      const bad = expect(pool.fsync(1_000_000)).rejects.toMatchObject({ code: 'EBADF' });
      await expect(Promise.all(all)).resolves.toHaveLength(10);
      await bad;
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  });
});
