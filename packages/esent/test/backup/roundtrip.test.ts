// Round trip that reaches into the reference engine (forced log rolls while a full backup runs,
// the checkpoint it holds); the round trips that use only EsentApi are in the conformance suite
// (test/conformance/roundtrip.ts).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceEsent, JET_paramCircularLog, JET_paramLogFileSize } from '../../src/index.js';
import type { ReferenceEsent } from '../../src/reference/ReferenceEsent.js';
import { tableFixture } from '../helpers.js';
import { insert, restoreAndRead, streamBackup } from './helpers.js';

const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);

describe('streaming backup round trips', () => {
  it('circular logging keeps the logs a running full backup still has to copy, and the backup restores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'esent-circ-'));
    try {
      mkdirSync(join(dir, 'src'));
      const a = createReferenceEsent({ root: join(dir, 'src') });
      const inst = await a.JetCreateInstance('c');
      await a.JetSetSystemParameter(inst, null, JET_paramCircularLog, 1, null);
      await a.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 64, null);
      await a.JetInit(inst);
      const f = await tableFixture(a, inst, '');
      for (let i = 0; i < 100; i++) await insert(f, i, `c${i}-${'z'.repeat(100)}`);
      await a.JetBeginExternalBackupInstance(inst, 0);
      const held = (a as unknown as ReferenceEsent).findInstance(inst, 't');
      const low = held.lgposCheckpoint.lGeneration;
      // many rolls: circular logging would delete everything behind the checkpoint
      for (let i = 100; i < 500; i++) await insert(f, i, `c${i}-${'z'.repeat(100)}`);
      for (let k = 0; k < 4; k++) held.rollLog();
      expect(held.currentGeneration).toBeGreaterThan(low + 2);
      expect(held.logGenerationsOnDisk()[0]).toBeLessThanOrEqual(low);
      await a.JetEndExternalBackupInstance2(inst, 0x2);
      const set = await streamBackup(a, inst, join(dir, 'bk'));
      expect(await restoreAndRead(set, join(dir, 'restored'), join(dir, 'src', 'test.edb'))).toEqual(range(0, 500));
      await a.JetTerm(inst);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
