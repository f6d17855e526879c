// Snapshots copied before the freeze ('precopy') and brought up to date inside it: the snapshot is
// exactly the tree as the freeze found it, whatever changed between the pre-copy and the freeze.
// The same cases run with 'reflink' (the whole tree copied inside the freeze) for comparison.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awaitVssAsync, type ReferenceVss, type ReferenceVssOptions } from '../src/index.js';
import { startSnapshot, TestWriter, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

type Tree = Record<string, { kind: string; mode: number; mtimeMs?: number; content?: string; target?: string }>;

/** Every entry below `dir`: kind, permission bits, file content and mtime, symlink target. */
function treeOf(dir: string, writeBits = true): Tree {
  const out: Tree = {};
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(p);
      const mode = st.mode & (writeBits ? 0o7777 : 0o7555);
      if (st.isSymbolicLink()) out[r] = { kind: 'l', mode: 0, target: readlinkSync(p) };
      else if (st.isDirectory()) {
        out[r] = { kind: 'd', mode, mtimeMs: st.mtimeMs };
        walk(p, r);
      } else out[r] = { kind: 'f', mode, mtimeMs: st.mtimeMs, content: readFileSync(p, 'latin1') };
    }
  };
  walk(dir, '');
  return out;
}

/** Same entries, kinds, modes, contents and targets; mtimes equal to the µs (utimes takes a double). */
function expectSameTree(actual: Tree, expected: Tree): void {
  const noTimes = (t: Tree) => Object.fromEntries(Object.entries(t).map(([k, { mtimeMs: _, ...rest }]) => [k, rest]));
  expect(noTimes(actual)).toEqual(noTimes(expected));
  for (const [k, e] of Object.entries(expected)) {
    if (e.mtimeMs !== undefined) expect(Math.abs(actual[k]!.mtimeMs! - e.mtimeMs), k).toBeLessThan(0.01);
  }
}

/**
 * A machine whose provider runs `between` after the pre-copy and before the freeze, and a backup
 * that returns the snapshot's tree and the live tree as the writer's Freeze saw it.
 */
async function snapshotAround(
  method: 'precopy' | 'reflink',
  between: (vol: string) => void,
  extra: Partial<ReferenceVssOptions> = {},
): Promise<{ snap: Tree; atFreeze: Tree; vss: ReferenceVss }> {
  const vss = m.reboot({ copyMethod: method, coarseTimestampMs: 0, ...extra, provider: { onPrepare: (phase) => void (phase === 'copied' && between(m.volC)) } });
  const w = await TestWriter.create(vss);
  let atFreeze: Tree = {};
  w.behaviour.set('Freeze', { run: () => void (atFreeze = treeOf(m.volC, false)) });
  const { bc, snapshotIds, op } = await startSnapshot(vss);
  await awaitVssAsync(op);
  const dev = (await bc.GetSnapshotProperties(snapshotIds[0]!)).m_pwszSnapshotDeviceObject;
  const snap = treeOf(vss.resolvePath(`${dev}\\`)!);
  await awaitVssAsync(await bc.BackupComplete());
  await bc.Release();
  await w.Unsubscribe();
  return { snap, atFreeze, vss };
}

/** A tree with nested folders, files of several sizes and a symlink. */
function populate(vol: string): void {
  mkdirSync(join(vol, 'docs', 'deep'), { recursive: true });
  mkdirSync(join(vol, 'old', 'inner'), { recursive: true });
  writeFileSync(join(vol, 'docs', 'report.txt'), 'version one');
  writeFileSync(join(vol, 'docs', 'deep', 'notes.md'), 'notes');
  writeFileSync(join(vol, 'old', 'inner', 'x.bin'), Buffer.alloc(5000, 7));
  writeFileSync(join(vol, 'old', 'y.txt'), 'y');
  symlinkSync('docs/report.txt', join(vol, 'latest'));
  chmodSync(join(vol, 'docs', 'deep', 'notes.md'), 0o640);
}

const CASES: [string, (vol: string) => void][] = [
  ['nothing changed', () => undefined],
  [
    'a file rewritten with the same size and its mtime put back (ctime tells)',
    (v) => {
      const f = join(v, 'docs', 'report.txt');
      const { atime, mtime } = statSync(f);
      writeFileSync(f, 'version two');
      utimesSync(f, atime, mtime);
    },
  ],
  ['a file that grew', (v) => writeFileSync(join(v, 'docs', 'deep', 'notes.md'), 'notes and more notes', { flag: 'a' })],
  ['a file whose mode changed', (v) => chmodSync(join(v, 'docs', 'deep', 'notes.md'), 0o600)],
  [
    'files added, in an existing folder and in new nested folders',
    (v) => {
      writeFileSync(join(v, 'docs', 'new.txt'), 'new');
      mkdirSync(join(v, 'fresh', 'a', 'b'), { recursive: true });
      writeFileSync(join(v, 'fresh', 'a', 'b', 'c.txt'), 'c');
    },
  ],
  [
    'a file and a folder with its contents removed',
    (v) => {
      rmSync(join(v, 'docs', 'report.txt'));
      rmSync(join(v, 'old'), { recursive: true });
    },
  ],
  [
    'a file and a folder renamed',
    (v) => {
      renameSync(join(v, 'docs', 'report.txt'), join(v, 'docs', 'renamed.txt'));
      renameSync(join(v, 'old'), join(v, 'moved'));
    },
  ],
  [
    'a file replaced by another of the same size and mtime (atomic save: only the inode differs)',
    (v) => {
      const f = join(v, 'docs', 'report.txt');
      const { atime, mtime } = statSync(f);
      writeFileSync(join(v, 'docs', '.report.tmp'), 'VERSION ONE');
      utimesSync(join(v, 'docs', '.report.tmp'), atime, mtime);
      renameSync(join(v, 'docs', '.report.tmp'), f);
    },
  ],
  [
    'a file replaced by a folder with contents',
    (v) => {
      rmSync(join(v, 'old', 'y.txt'));
      mkdirSync(join(v, 'old', 'y.txt', 'z'), { recursive: true });
      writeFileSync(join(v, 'old', 'y.txt', 'z', 'w.txt'), 'w');
    },
  ],
  [
    'a folder with contents replaced by a file',
    (v) => {
      rmSync(join(v, 'old'), { recursive: true });
      writeFileSync(join(v, 'old'), 'now a file');
    },
  ],
  [
    'symlinks: added, retargeted, a file replaced by a symlink and a symlink by a file',
    (v) => {
      symlinkSync('old/y.txt', join(v, 'added-link'));
      rmSync(join(v, 'latest'));
      symlinkSync('docs/deep/notes.md', join(v, 'latest'));
      rmSync(join(v, 'old', 'y.txt'));
      symlinkSync('../docs', join(v, 'old', 'y.txt'));
      rmSync(join(v, 'latest'));
      writeFileSync(join(v, 'latest'), 'a file again');
    },
  ],
];

for (const method of ['precopy', 'reflink'] as const) {
  describe(`copy method '${method}': the snapshot is the tree as the freeze found it`, () => {
    for (const [name, between] of CASES) {
      it(name, async () => {
        populate(m.volC);
        const before = treeOf(m.volC, false);
        const { snap, atFreeze } = await snapshotAround(method, between);
        expectSameTree(snap, atFreeze);
        if (name !== 'nothing changed') expect(atFreeze).not.toEqual(before);
        // read-only: no write bit anywhere in the snapshot
        for (const e of Object.values(snap)) expect(e.mode & 0o222).toBe(0);
      });
    }
  });
}

describe("'precopy': only what changed is copied inside the freeze", () => {
  /** Overwrites the pre-copied file (in the store's temp copy) with a marker the live file never held. */
  function tamperPreCopy(rel: string): void {
    const temp = m.storeEntries().filter((n) => n.startsWith('.tmp-'));
    expect(temp).toHaveLength(1);
    const f = join(m.store, temp[0]!, rel);
    chmodSync(f, 0o600);
    writeFileSync(f, 'TAMPERED');
  }

  it('an unchanged file keeps its pre-copy; a changed one is copied again', async () => {
    populate(m.volC);
    const { snap } = await snapshotAround('precopy', (v) => {
      tamperPreCopy('old/y.txt');
      tamperPreCopy('docs/report.txt');
      writeFileSync(join(v, 'docs', 'report.txt'), 'version two');
    });
    // white box: the untouched file was not read again inside the freeze
    expect(snap['old/y.txt']!.content).toBe('TAMPERED');
    expect(snap['docs/report.txt']!.content).toBe('version two');
  });

  it('coarse timestamps: a file changed within coarseTimestampMs of the pre-copy is copied again even if its fingerprint matches', async () => {
    populate(m.volC);
    // every file of the fixture was written just now, inside a 60 s window
    const { snap } = await snapshotAround('precopy', () => tamperPreCopy('old/y.txt'), { coarseTimestampMs: 60_000 });
    expect(snap['old/y.txt']!.content).toBe('y');
  });
});

describe('files written during the freeze by a process that is not a writer: crash-consistent', () => {
  for (const method of ['precopy', 'reflink'] as const) {
    it(`${method}: the snapshot holds each file as the hold found it, a half-done update included`, async () => {
      populate(m.volC);
      const whole = join(m.volC, 'docs', 'report.txt');
      const half = join(m.volC, 'old', 'inner', 'x.bin');
      const vss = m.reboot({
        copyMethod: method,
        provider: {
          onCommit: (phase) => {
            if (phase !== 'hold') return;
            // another program (a real process, not a writer) keeps writing while writers are frozen:
            // one update done, one stopped halfway (the first 100 bytes of a new 5000-byte version)
            const script = `const fs=require('fs');fs.writeFileSync(${JSON.stringify(whole)},'written during the freeze');` +
              `const fd=fs.openSync(${JSON.stringify(half)},'r+');fs.writeSync(fd,Buffer.alloc(100,9),0,100,0);fs.closeSync(fd);`;
            expect(spawnSync(process.execPath, ['-e', script]).status).toBe(0);
          },
        },
      });
      const w = await TestWriter.create(vss);
      const { bc, snapshotIds, op } = await startSnapshot(vss);
      await awaitVssAsync(op);
      const dev = (await bc.GetSnapshotProperties(snapshotIds[0]!)).m_pwszSnapshotDeviceObject;
      expect(readFileSync(vss.resolvePath(`${dev}\\docs\\report.txt`)!, 'utf8')).toBe('written during the freeze');
      const x = readFileSync(vss.resolvePath(`${dev}\\old\\inner\\x.bin`)!);
      expect(x.length).toBe(5000);
      expect([x.subarray(0, 100).every((b) => b === 9), x.subarray(100).every((b) => b === 7)]).toEqual([true, true]);
      await awaitVssAsync(await bc.BackupComplete());
      await bc.Release();
      await w.Unsubscribe();
    });
  }
});
