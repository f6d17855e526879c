// One folder's listing: one readdir, then one lstat per entry. The function uses nothing but its
// arguments, so the scan threads run this very function from its source text (ScanPool.ts).
import type * as Fs from 'node:fs';

/**
 * What to lstat: 'files' only regular files (size and mtime, enough to compare with a catalog);
 * 'all' every entry, with the fields that tell any change apart (mode, inode, size, mtime and
 * ctime in ns).
 */
export type ListDetail = 'files' | 'all';

/** Per-entry lstat fields of an 'all' listing, index for index with `names`. */
export interface EntryStats {
  readonly modes: number[];
  readonly inos: bigint[];
  readonly mtimeNs: bigint[];
  readonly ctimeNs: bigint[];
  /** ms, for utimes. */
  readonly atimes: number[];
}

/** One folder's entries: kinds are 'd' folder, 'f' file, 'l' symlink, 'o' other, 'v' vanished. */
export interface DirListing {
  readonly dir: string;
  /** The folder could not be read; `errorCode` is the errno name (ENOENT: it vanished). */
  readonly error?: string;
  readonly errorCode?: string;
  readonly names: string[];
  readonly kinds: string;
  /** Bytes (files only in a 'files' listing, 0 for the rest). */
  readonly sizes: number[];
  /** Modification time, ms (files only in a 'files' listing). */
  readonly mtimes: number[];
  /** Present in an 'all' listing. */
  readonly stats?: EntryStats;
}

export function listDirWith(fs: typeof Fs, sep: string, dir: string, detail: ListDetail): DirListing {
  const all = detail === 'all';
  const names: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  const stats: EntryStats = { modes: [], inos: [], mtimeNs: [], ctimeNs: [], atimes: [] };
  let kinds = '';
  let ents: Fs.Dirent[];
  try {
    ents = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { dir, error: String((err && err.message) || err), errorCode: String((err && err.code) || ''), names, kinds, sizes, mtimes };
  }
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  for (const e of ents) {
    let kind = e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o';
    let size = 0;
    let mtime = 0;
    if (all) {
      const st = fs.lstatSync(prefix + e.name, { bigint: true, throwIfNoEntry: false });
      if (st === undefined) kind = 'v';
      else {
        kind = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFile() ? 'f' : 'o';
        size = Number(st.size);
        mtime = Number(st.mtimeNs) / 1e6;
      }
      stats.modes.push(st ? Number(st.mode) : 0);
      stats.inos.push(st ? st.ino : 0n);
      stats.mtimeNs.push(st ? st.mtimeNs : 0n);
      stats.ctimeNs.push(st ? st.ctimeNs : 0n);
      stats.atimes.push(st ? Number(st.atimeNs) / 1e6 : 0);
    } else if (kind === 'f') {
      const st = fs.lstatSync(prefix + e.name, { throwIfNoEntry: false });
      if (st === undefined) kind = 'v';
      else if (!st.isFile()) kind = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'o';
      else {
        size = st.size;
        mtime = st.mtimeMs;
      }
    }
    names.push(e.name);
    kinds += kind;
    sizes.push(size);
    mtimes.push(mtime);
  }
  return all ? { dir, names, kinds, sizes, mtimes, stats } : { dir, names, kinds, sizes, mtimes };
}
