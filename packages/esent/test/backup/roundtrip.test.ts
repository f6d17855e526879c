// Round trips (issue 4 "Done when"): full, full + incremental chain, backup under concurrent
// commits, each restored with JetExternalRestore2 into a fresh folder and read back.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempRoot, insert, fixture, type Fixture } from '../helpers.js';
import { restoreAndRead, streamBackup } from './helpers.js';

describe('streaming backup round trips', () => {
  let root: { dir: string; cleanup: () => void };
  let f: Fixture;
  beforeEach(async () => {
    root = tempRoot();
    mkdirSync(join(root.dir, 'src'));
    f = await fixture(join(root.dir, 'src'));
  });
  afterEach(async () => {
    await f.api.JetTerm(f.inst).catch(() => undefined);
    root.cleanup();
  });
  const dbPath = () => join(root.dir, 'src', 'test.edb');

  it('full backup restores every committed record', async () => {
    for (let i = 0; i < 50; i++) await insert(f, i, `r${i}`);
    const set = await streamBackup(f.api, f.inst, join(root.dir, 'bk'));
    expect(set.databases).toEqual([dbPath()]);
    const ids = await restoreAndRead(set, join(root.dir, 'restored'), dbPath());
    expect(ids).toEqual([...Array(50).keys()]);
  });
});
