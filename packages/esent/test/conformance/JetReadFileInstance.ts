// JetReadFileInstance (SEMANTICS.md §1): NoBackup, BackupAbortByServer,
// InvalidParameter (unaligned buffer, size not a page multiple, first read under 3 pages for a
// database / 2 for a log), sequential reads, 0 bytes at EOF, ReadVerifyFailure on a database
// drops only that database. A damaged page of a later chunk (after a checkpoint the engine is made
// to take) and a damaged log (placed by the reference's log format) stay in test/backup/JetReadFileInstance.test.ts.
import { closeSync, openSync, writeSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { JET_errBackupAbortByServer, JET_errInvalidParameter, JET_errNoBackup, JET_errReadVerifyFailure } from '@winbackup/errors';
import type { JET_HANDLE } from '../../src/index.js';
import { splitMultiString } from '../../src/reference/backup/multistring.js';
import type { BackupEnv, StreamingEnv } from '../backup/helpers.js';
import { useStreamingEnv } from './streaming.js';
import type { ConformanceIt, EsentTarget } from './target.js';


/** As esent.dll behaves (engine-state checks on the reference only). */
export function readFileConformance(target: EsentTarget, it: ConformanceIt): void {
  describe('JetReadFileInstance', () => {
    let env: StreamingEnv;
    /** The reference engine's view, for the state checks esent.dll does not expose. */
    let ref: BackupEnv | undefined;
    /** The handle JetOpenFileInstance returned (the reference's is 0; esent.dll's is opaque). */
    let h0 = 0 as JET_HANDLE;
    useStreamingEnv(target, 3, (e, r) => {
      env = e;
      ref = r;
      h0 = 0 as JET_HANDLE;
    });
    const api = () => env.f.api;
    const ps = 8192;

    it('NoBackup with no backup running', async () => {
      await expect(api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps * 4), ps * 4)).rejects.toMatchObject({ code: JET_errNoBackup });
    });

    it('sequential reads of min(remaining, cb), then 0 at EOF; the stream ends with the trailer page', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const { pulFileSizeLow: size, phfFile } = await api().JetOpenFileInstance(env.f.inst, env.dbPath);
      h0 = phfFile;
      const buf = Buffer.alloc(ps * 3);
      let total = 0;
      for (;;) {
        const n = await api().JetReadFileInstance(env.f.inst, h0, buf, buf.length);
        expect(n).toBe(Math.min(buf.length, size - total));
        if (n === 0) break;
        total += n;
      }
      expect(total).toBe(size);
      expect(await api().JetReadFileInstance(env.f.inst, h0, buf, buf.length)).toBe(0);
    });

    it('InvalidParameter: unaligned buffer, size not a page multiple, first database read under 3 pages', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      h0 = (await api().JetOpenFileInstance(env.f.inst, env.dbPath)).phfFile;
      const big = Buffer.alloc(ps * 8);
      await expect(api().JetReadFileInstance(env.f.inst, h0, big.subarray(512), ps * 3)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(api().JetReadFileInstance(env.f.inst, h0, big, ps * 3 + 512)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await expect(api().JetReadFileInstance(env.f.inst, h0, big, ps * 2)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      // nothing was consumed: a valid first read still starts at 0
      expect(await api().JetReadFileInstance(env.f.inst, h0, big, ps * 3)).toBe(ps * 3);
      // after the first read, one page is enough
      expect(await api().JetReadFileInstance(env.f.inst, h0, big, ps)).toBeGreaterThan(0);
    });

    it('InvalidParameter: first log read under 2 pages', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      const li = await api().JetGetLogInfoInstance(env.f.inst, 4096);
      h0 = (await api().JetOpenFileInstance(env.f.inst, splitMultiString(li.szz)[0]!)).phfFile;
      await expect(api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps), ps)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      expect(await api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps * 2), ps * 2)).toBe(ps * 2);
      // backup.cxx ErrBKReadFile: past the start of a log, 0 bytes read nothing and succeed
      expect(await api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps), 0)).toBe(0);
      expect(await api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps * 2), ps * 2)).toBe(ps * 2);
    });

    it('a database read of 0 bytes is InvalidParameter, also after the first read', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      h0 = (await api().JetOpenFileInstance(env.f.inst, env.dbPath)).phfFile;
      const big = Buffer.alloc(ps * 3);
      await expect(api().JetReadFileInstance(env.f.inst, h0, big, 0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      expect(await api().JetReadFileInstance(env.f.inst, h0, big, ps * 3)).toBe(ps * 3);
      await expect(api().JetReadFileInstance(env.f.inst, h0, big, 0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
    });

    it('TypeError / RangeError for a non-buffer or cb larger than the buffer, before any state change', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      h0 = (await api().JetOpenFileInstance(env.f.inst, env.dbPath)).phfFile;
      await expect(api().JetReadFileInstance(env.f.inst, h0, 'x' as unknown as Buffer, ps * 3)).rejects.toBeInstanceOf(TypeError);
      await expect(api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps), ps * 3)).rejects.toBeInstanceOf(RangeError);
    });

    it('BackupAbortByServer after a stop, checked on entry', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      h0 = (await api().JetOpenFileInstance(env.f.inst, env.dbPath)).phfFile;
      await api().JetStopBackupInstance(env.f.inst);
      await expect(api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps * 3), ps * 3)).rejects.toMatchObject({ code: JET_errBackupAbortByServer });
    });

    it('ReadVerifyFailure on a bad database page closes that handle; the backup goes on', async () => {
      await api().JetBeginExternalBackupInstance(env.f.inst, 0);
      // corrupt a data page of the file the stream will read
      const fd = openSync(env.dbPath, 'r+');
      writeSync(fd, Buffer.from([0x5a]), 0, 1, ps * 2 + 100);
      closeSync(fd);
      h0 = (await api().JetOpenFileInstance(env.f.inst, env.dbPath)).phfFile;
      await expect(api().JetReadFileInstance(env.f.inst, h0, Buffer.alloc(ps * 4), ps * 4)).rejects.toMatchObject({ code: JET_errReadVerifyFailure });
      if (ref) expect(ref.engine.backup.inProgress).toBe(true);
      // the slot is free again: the handle was closed
      await expect(api().JetCloseFileInstance(env.f.inst, h0)).rejects.toMatchObject({ code: JET_errInvalidParameter });
      await api().JetGetLogInfoInstance(env.f.inst, 4096);
    });

  });
}
