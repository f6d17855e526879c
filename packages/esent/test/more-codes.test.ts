// Return codes the reference engine reaches through its own internals (the conformance suite,
// test/conformance/codes.ts, holds the rest).
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createReferenceEsent, JET_bitTruncateLogsAfterRecovery } from '../src/index.js';
import { useFixture, type Fixture, type TempRoot } from './helpers.js';

describe('more return codes', () => {
  let root: TempRoot;
  let f: Fixture;
  useFixture((x, r) => {
    f = x;
    root = r;
  });
  it('JetInit3(JET_bitTruncateLogsAfterRecovery) deletes the replayed generations', async () => {
    const i = (f.api as unknown as { findInstance(id: number, c: string): { rollLog(): number } }).findInstance(f.inst, 't');
    i.rollLog();
    i.rollLog();
    await f.api.JetTerm(f.inst);
    const api = createReferenceEsent({ root: root.dir });
    const inst = await api.JetCreateInstance('tr');
    await api.JetInit3(inst, null, JET_bitTruncateLogsAfterRecovery);
    expect(readdirSync(root.dir).filter((n) => n.endsWith('.log')).sort()).toEqual(['edb.log']);
    await api.JetTerm(inst);
  });
});
