// The lock files that keep two processes off the same ESE files (src/reference/storage/filelock.ts):
// a live holder refuses, a dead one (gone, or its pid reused by a later process) does not.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileInUse, heldElsewhere, lockFile } from '../src/reference/storage/filelock.js';
import { useTempRoot, type TempRoot } from './helpers.js';

const procStart = (pid: number): string | null => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ')[19]!;
  } catch {
    return null;
  }
};

describe('file locks', () => {
  let root: TempRoot;
  useTempRoot((r) => (root = r));
  const owner = (pid: number, start: string | null, host = hostname()) => JSON.stringify({ pid, host, start }) + '\n';

  it('a live holder in another process refuses; holds within this process are counted', () => {
    const file = join(root.dir, 'edb.log');
    // the parent process (vitest's) is alive and is not this process
    writeFileSync(file + '.lock', owner(process.ppid, procStart(process.ppid)));
    expect(() => lockFile(file)).toThrow(FileInUse);
    expect(heldElsewhere(file)?.pid).toBe(process.ppid);
    // a holder on another machine cannot be checked: it holds
    writeFileSync(file + '.lock', owner(12345, null, 'another-host'));
    expect(() => lockFile(file)).toThrow(/in use by process 12345 on another-host/);

    const mine = join(root.dir, 'mine.edb');
    const a = lockFile(mine);
    const b = lockFile(mine);
    expect(JSON.parse(readFileSync(mine + '.lock', 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(heldElsewhere(mine)).toBeUndefined();
    a();
    a(); // giving a hold back twice gives it back once
    expect(existsSync(mine + '.lock')).toBe(true);
    b();
    expect(existsSync(mine + '.lock')).toBe(false);
  });

  it('a holder that is gone, or whose pid now names a process started later, is stale and taken over', () => {
    const file = join(root.dir, 'x.edb');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(file + '.lock', owner(Number(dead.stdout), null));
    const release = lockFile(file);
    expect(JSON.parse(readFileSync(file + '.lock', 'utf8')).pid).toBe(process.pid);
    release();
    if (procStart(process.ppid) !== null) {
      // Linux: the live parent's pid with another start time is a reused pid
      writeFileSync(file + '.lock', owner(process.ppid, '1'));
      lockFile(file)();
    }
    expect(existsSync(file + '.lock')).toBe(false);
  });

  it('readers share a file: a live reader elsewhere refuses an exclusive hold, a dead one is cleared', () => {
    const file = join(root.dir, 'shared.edb');
    const reader = file + '.r-1-abcd.lock';
    writeFileSync(reader, owner(process.ppid, procStart(process.ppid)));
    expect(heldElsewhere(file)?.pid).toBe(process.ppid);
    expect(() => lockFile(file)).toThrow(FileInUse);
    // the refused exclusive hold left nothing behind
    expect(existsSync(file + '.lock')).toBe(false);
    // a second reader is welcome
    const r = lockFile(file, 'shared');
    r();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(reader, owner(Number(dead.stdout), null));
    const x = lockFile(file);
    expect(existsSync(reader)).toBe(false);
    // an exclusive holder elsewhere refuses a reader
    x();
    writeFileSync(file + '.lock', owner(process.ppid, procStart(process.ppid)));
    expect(() => lockFile(file, 'shared')).toThrow(FileInUse);
    expect(readdirSync(root.dir).sort()).toEqual(['shared.edb.lock']);
  });
});
