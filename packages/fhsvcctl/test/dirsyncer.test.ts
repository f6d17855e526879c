import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirSyncer } from '../src/reference/util/DirSyncer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fhsvcctl-dirsync-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('DirSyncer (folder fsyncs before catalog commits)', () => {
  it('settles folders that changed, including changes made while an fsync was running', async () => {
    const s = new DirSyncer();
    writeFileSync(join(dir, 'a'), 'a');
    s.changed(dir);
    writeFileSync(join(dir, 'b'), 'b');
    s.changed(dir);
    await expect(s.settle([dir])).resolves.toBeUndefined();
  });

  it('waits for an fsync that began after the last change; one fsync covers changes made before it began', async () => {
    const calls: Array<{ dir: string; done: () => void }> = [];
    const s = new DirSyncer((d) => new Promise<void>((resolve) => calls.push({ dir: d, done: resolve })));
    s.changed('/x');
    s.changed('/x'); // while the first fsync runs: it does not cover this change
    expect(calls.map((c) => c.dir)).toEqual(['/x']);
    let settled = false;
    const p = s.settle(['/x']).then(() => {
      settled = true;
    });
    calls[0]!.done();
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(calls.length).toBe(2); // settle started the second fsync
    calls[1]!.done();
    await p;
    expect(settled).toBe(true);
    // Nothing changed since: no further fsync.
    await s.settle(['/x']);
    expect(calls.length).toBe(2);
  });

  it('rejects when a folder cannot be fsync\'d, so its batch is never committed', async () => {
    const s = new DirSyncer();
    const gone = join(dir, 'gone');
    s.changed(gone);
    await expect(s.settle([gone])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
