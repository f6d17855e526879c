// A snapshot (transaction) keeps reading deleted and changed records through a secondary index,
// and the old images are dropped from the reference engine's table afterwards (reference
// internals). The other ISAM return codes and behaviour run against any target in
// test/conformance/isam.ts.
import { describe, expect, it } from 'vitest';
import { JET_bitNewKey, JET_bitSeekEQ, JET_MoveFirst, JET_MoveNext, JET_prepReplace } from '../src/index.js';
import type { ReferenceEsent } from '../src/reference/ReferenceEsent.js';
import { code, insert, text, useFixture, type Fixture } from './helpers.js';

describe('ISAM', () => {
  let f: Fixture;
  useFixture((x) => (f = x));

  it('a snapshot keeps reading deleted and changed records through secondary indexes; old images are dropped after', async () => {
    const { api, sesid } = f;
    await api.JetCreateIndex(sesid, f.tableid, 'byname', 0, '+name\0\0', 7, 0);
    for (const [id, n] of [[1, 'a'], [2, 'b'], [3, 'c']] as const) await insert(f, id, n);
    const s2 = await api.JetBeginSession(f.inst, null, null);
    const db2 = await api.JetOpenDatabase(s2, 'test.edb', null, 0);
    const t2 = await api.JetOpenTable(s2, db2, 't', null, 0, 0);
    await api.JetSetCurrentIndex(s2, t2, 'byname');
    await api.JetBeginTransaction(s2);
    // session 1 deletes 1 and renames 2 -> "z"
    await api.JetBeginTransaction(sesid);
    await api.JetMove(sesid, f.tableid, JET_MoveFirst, 0);
    await api.JetDelete(sesid, f.tableid);
    await api.JetMove(sesid, f.tableid, JET_MoveNext, 0);
    await api.JetPrepareUpdate(sesid, f.tableid, JET_prepReplace);
    await api.JetSetColumn(sesid, f.tableid, f.colName, text('z'), 2, 0, null);
    await api.JetUpdate(sesid, f.tableid);
    await api.JetCommitTransaction(sesid, 0);
    const names = async (ses: typeof sesid, t: typeof t2): Promise<string[]> => {
      const out: string[] = [];
      await api.JetMove(ses, t, JET_MoveFirst, 0);
      do out.push((await api.JetRetrieveColumn(ses, t, f.colName, 10, 0, null)).pvData!.toString('utf16le'));
      while ((await code(api.JetMove(ses, t, JET_MoveNext, 0))) === undefined);
      return out;
    };
    expect(await names(s2, t2)).toEqual(['a', 'b', 'c']);
    await api.JetMakeKey(s2, t2, text('b'), 2, JET_bitNewKey);
    expect(await api.JetSeek(s2, t2, JET_bitSeekEQ)).toBe(0);
    await api.JetCommitTransaction(s2, 0);
    expect(await names(s2, t2)).toEqual(['c', 'z']);
    const engine = api as unknown as ReferenceEsent;
    const table = engine.liveInstances()[0]!.attachedDatabases()[0]!.db.content.getTable('t')!;
    expect([...table.recs.values()].every((r) => r.old === null)).toBe(true);
    expect(table.recs.size).toBe(2);
  });

});
