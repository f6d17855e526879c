// Details where the reference follows the open-source ESE engine (dev/ese/src/ese/tm.cxx, io.cxx,
// backup.cxx) rather than a reading of the documentation.
import { JET_errInvalidGrbit, JET_errNotInTransaction } from '@winbackup/errors';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JET_bitCommitLazyFlush, JET_bitForceNewLog, JET_bitWaitAllLevel0Commit, JET_bitWaitLastLevel0Commit } from '../src/index.js';
import { code, insert, readAll, useFixture, type Fixture } from './helpers.js';

const archived = (dir: string): string[] => readdirSync(dir).filter((n) => /^edb[0-9A-F]{5}\.log$/.test(n)).sort();

describe('JetCommitTransaction grbits (tm.cxx ErrIsamCommitTransaction)', () => {
  let f: Fixture;
  useFixture((x) => (f = x));

  it('JET_bitForceNewLog outside a transaction rolls the log and succeeds', async () => {
    const before = archived(f.root);
    await f.api.JetCommitTransaction(f.sesid, JET_bitForceNewLog);
    const after = archived(f.root);
    expect(after.length).toBe(before.length + 1);
    expect(after.slice(0, before.length)).toEqual(before);
    // still no transaction to commit
    expect(await code(f.api.JetCommitTransaction(f.sesid, 0))).toBe(JET_errNotInTransaction);
  });

  it('JET_bitForceNewLog inside a transaction rolls the log and leaves the transaction open', async () => {
    await f.api.JetBeginTransaction(f.sesid);
    await insert(f, 1, 'one');
    const before = archived(f.root).length;
    await f.api.JetCommitTransaction(f.sesid, JET_bitForceNewLog);
    expect(archived(f.root).length).toBe(before + 1);
    // the insert is still uncommitted: a rollback removes it
    await f.api.JetRollback(f.sesid, 0);
    expect(await readAll(f)).toEqual([]);
    expect(await code(f.api.JetRollback(f.sesid, 0))).toBe(JET_errNotInTransaction);
  });

  it('ForceNewLog, WaitAllLevel0Commit and WaitLastLevel0Commit each only alone; unknown bits refused; nothing rolled or committed', async () => {
    await f.api.JetBeginTransaction(f.sesid);
    await insert(f, 2, 'two');
    const before = archived(f.root);
    for (const g of [
      JET_bitForceNewLog | JET_bitCommitLazyFlush,
      JET_bitForceNewLog | JET_bitWaitAllLevel0Commit,
      JET_bitWaitAllLevel0Commit | JET_bitCommitLazyFlush,
      JET_bitWaitLastLevel0Commit | JET_bitWaitAllLevel0Commit,
      JET_bitWaitLastLevel0Commit | JET_bitCommitLazyFlush,
      0x40,
      0x4,
    ]) {
      expect([g, await code(f.api.JetCommitTransaction(f.sesid, g))]).toEqual([g, JET_errInvalidGrbit]);
    }
    expect(archived(f.root)).toEqual(before);
    // the transaction is untouched by the refused calls; a plain commit still commits it
    await f.api.JetCommitTransaction(f.sesid, 0);
    expect(await readAll(f)).toEqual([2]);
    expect(await f.api.JetCommitTransaction(f.sesid, JET_bitWaitAllLevel0Commit)).toBeUndefined();
    expect(await f.api.JetCommitTransaction(f.sesid, JET_bitWaitLastLevel0Commit)).toBeUndefined();
  });
});
