import { describe, expect, it } from 'vitest';
import { fixture, insert, readAll, useTempRoot, type TempRoot } from './helpers.js';

describe('end to end', () => {
  let root: TempRoot;
  useTempRoot((r) => (root = r));

  it('creates, writes, reads, terminates and reopens', async () => {
    const f = await fixture(root.dir);
    await f.api.JetBeginTransaction(f.sesid);
    for (const id of [3, 1, 2]) await insert(f, id, `n${id}`);
    await f.api.JetCommitTransaction(f.sesid, 0);
    expect(await readAll(f)).toEqual([1, 2, 3]);
    await f.api.JetTerm(f.inst);
    const g = await fixture(root.dir).catch((e: unknown) => e);
    expect(g).toBeInstanceOf(Error); // database exists already: JetCreateDatabase fails
  });
});
