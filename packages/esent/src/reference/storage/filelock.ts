// Exclusive use of the files an instance holds, across processes. esent.dll opens its current log
// and its databases with share mode 0 (dev/ese/src/os/osfs.cxx DwShareModeFromFileModeFlags, "Mode
// A: RW / Exclusive mode ... the database, current edb.log"), so a second process is refused with
// ERROR_SHARING_VIOLATION, which the engine maps to JET_errFileAccessDenied (os/osfile.cxx).
//
// Node has no flock, so the hold is a lock file beside the held file (`edb.log.lock`,
// `name.edb.lock`) created atomically: its content (holder pid, host, the process's start time) is
// written to a private temporary file first and then hard-linked to the lock name, which fails if
// the name exists. A read-only attach opens the database with FILE_SHARE_READ, so readers share
// it: each announces itself with its own `name.edb.r-<pid>-<tag>.lock` and then checks for an
// exclusive holder, which in turn checks for readers after creating its lock.
//
// A lock file whose holder is gone (no such pid, a zombie, or the pid now belongs to a process
// started at another time: a SIGKILLed holder) is stale and taken over, so a crash never blocks
// recovery. Within one process holds are counted, not refused: several engine objects of one
// process may share files as before.
import { closeSync, fsyncSync, linkSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot) where there is one. */
  readonly start: string | null;
}

/** Why a lock could not be taken: the process that holds the file. */
export class FileInUse extends Error {
  constructor(
    readonly file: string,
    readonly owner: LockOwner,
  ) {
    super(`${file} is in use by process ${owner.pid} on ${owner.host}`);
  }
}

const REGISTRY = Symbol.for('@winbackup/esent.fileLocks');

interface Hold {
  /** The lock file this process created. */
  readonly path: string;
  count: number;
}

/** Holds of this process by held file; on globalThis so duplicate copies of the package agree. */
function held(): Map<string, Hold> {
  const g = globalThis as { [REGISTRY]?: Map<string, Hold> };
  return (g[REGISTRY] ??= new Map());
}

/** State and start time of a process from /proc (Linux), or undefined where there is no /proc. */
function procStat(pid: number | 'self'): { state: string; start: string } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: f[0]!, start: f[19]! };
  } catch {
    return undefined;
  }
}

let self: LockOwner | undefined;
function me(): LockOwner {
  return (self ??= { pid: process.pid, host: hostname(), start: procStat('self')?.start ?? null });
}

function alive(o: LockOwner): boolean {
  // a holder on another machine (a shared folder) cannot be checked: it holds the file
  if (o.host !== hostname()) return true;
  try {
    process.kill(o.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const st = procStat(o.pid);
  if (st && (st.state === 'Z' || st.state === 'X')) return false;
  if (st && o.start !== null && st.start !== o.start) return false; // the pid was reused
  return true;
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string') return { pid: o.pid, host: o.host, start: typeof o.start === 'string' ? o.start : null };
  } catch {
    // unreadable or gone
  }
  return undefined;
}

/** Writes the lock file in one step: a complete private file, linked to the lock name or not at all. */
function tryCreate(lockPath: string): boolean {
  const tmp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    writeSync(fd, JSON.stringify(me()) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

/** The lock path that guards `file` for exclusive use. */
export function lockPathOf(file: string): string {
  return `${file}.lock`;
}

/** How a file is held: 'exclusive' (read-write, esent.dll's share mode 0) or 'shared' (read-only attach: FILE_SHARE_READ, several readers). */
export type LockMode = 'exclusive' | 'shared';

function isMe(o: LockOwner): boolean {
  return o.pid === process.pid && o.host === hostname() && o.start === me().start;
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/** The reader files of `file` (`name.r-<pid>-<tag>.lock`), one per process holding it shared. */
function readers(file: string): string[] {
  const dir = dirname(file);
  const prefix = `${basename(file)}.r-`;
  try {
    return readdirSync(dir)
      .filter((n) => n.startsWith(prefix) && n.endsWith('.lock'))
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** Creates the exclusive lock file (taking over a stale one); then no live reader may remain. */
function takeExclusive(file: string): string {
  const lockPath = lockPathOf(file);
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(lockPath)) break;
    const owner = readOwner(lockPath);
    if (owner && isMe(owner)) break; // ours, from a copy of the registry that was lost: keep it
    if (owner && alive(owner)) throw new FileInUse(file, owner);
    if (attempt >= 3) throw new FileInUse(file, owner ?? { pid: 0, host: 'unknown', start: null });
    // stale (or being replaced): remove it if it is still the one we judged, then try again
    const again = readOwner(lockPath);
    if (again?.pid === owner?.pid && again?.start === owner?.start) unlinkQuiet(lockPath);
  }
  // readers announce themselves before they look for this file, and this file was announced before
  // looking for them: of two that race, at least one sees the other
  for (const r of readers(file)) {
    const o = readOwner(r);
    if (o && alive(o) && !isMe(o)) {
      unlinkQuiet(lockPath);
      throw new FileInUse(file, o);
    }
    if (!o || !alive(o)) unlinkQuiet(r);
  }
  return lockPath;
}

/** Announces this process as a reader; a live exclusive holder elsewhere refuses it. */
function takeShared(file: string): string {
  const mine = `${file}.r-${process.pid}-${randomBytes(4).toString('hex')}.lock`;
  tryCreate(mine);
  const o = readOwner(lockPathOf(file));
  if (o && alive(o) && !isMe(o)) {
    unlinkQuiet(mine);
    throw new FileInUse(file, o);
  }
  return mine;
}

/**
 * Takes a hold on `file` for this process (counted within the process, whatever the mode); throws
 * FileInUse when a live process elsewhere holds it in a way that excludes `mode`. Returns the
 * function that gives this hold back.
 */
export function lockFile(file: string, mode: LockMode = 'exclusive'): () => void {
  const holds = held();
  const h = holds.get(file);
  if (h) {
    h.count++;
    return once(() => release(file));
  }
  let path: string;
  try {
    path = mode === 'exclusive' ? takeExclusive(file) : takeShared(file);
  } catch (e) {
    // a folder this process may read but not write (read-only media): nothing can be held there,
    // and no process writes the files either
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') return () => undefined;
    throw e;
  }
  holds.set(file, { path, count: 1 });
  return once(() => release(file));
}

/** A live process other than this one that holds `file`, exclusively or shared (a probe: takes nothing). */
export function heldElsewhere(file: string): LockOwner | undefined {
  if (held().has(file)) return undefined;
  for (const p of [lockPathOf(file), ...readers(file)]) {
    const o = readOwner(p);
    if (o && alive(o) && !isMe(o)) return o;
  }
  return undefined;
}

function release(file: string): void {
  const holds = held();
  const h = holds.get(file);
  if (!h) return;
  if (--h.count > 0) return;
  holds.delete(file);
  unlinkQuiet(h.path);
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}
