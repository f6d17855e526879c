// Snapshots without reflink: the tree is copied before the freeze (the provider's
// EndPrepareSnapshots step, while writers still run), and inside the freeze the copy is brought up
// to date with only what changed since. A change is a different kind, mode, inode, size, mtime or
// ctime (ns) of an entry; the whole tree is rescanned (one lstat per entry, on the scan threads),
// so the freeze costs one scan plus the changed files, not a copy of the volume.
//
// Coarse timestamps: a file written twice within one timestamp tick, the same size both times,
// keeps its mtime and ctime, so a file whose ctime is within `coarseTimestampMs` of the pre-copy's
// start (or later) is copied again inside the freeze whatever its fingerprint says. With 0 (the
// store's file system gives every write after a stat a new ctime) no file is in doubt: a write
// after the pre-copy's lstat always changes the print.
import { constants, promises as fsp } from 'node:fs';
import { dirname, sep } from 'node:path';
import { walkTree, type DirListing, type ScanPool } from '@winbackup/tree-scan';
import { fsyncPath, removeTree, TreeCopyStopped } from './tree-copy.js';

type Kind = 'd' | 'f' | 'l';

/** What the scan saw of one entry; the copy of the entry was made from this state or a later one. */
interface Print {
  readonly kind: Kind;
  readonly mode: number;
  readonly ino: bigint;
  readonly size: number;
  readonly mtimeNs: bigint;
  readonly ctimeNs: bigint;
  readonly atimeMs: number;
  readonly mtimeMs: number;
}

const parentOf = (rel: string): string => {
  const d = dirname(rel);
  return d === '.' ? '' : d;
};

const samePrint = (a: Print, b: Print): boolean =>
  a.kind === b.kind && a.mode === b.mode && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

export interface PreCopyOptions {
  readonly pool: ScanPool;
  /** Checked between entries; the copy stops with TreeCopyStopped once it returns true. */
  readonly shouldStop: () => boolean;
  /** fsync what is written (persistent snapshots). */
  readonly durable: boolean;
  /** See the header; 2000 covers FAT's 2 s mtime. */
  readonly coarseTimestampMs: number;
  /** Called once the copy's folders exist, before its files are copied. */
  readonly onFoldersCreated?: () => void | Promise<void>;
  /** Files copied concurrently (libuv's pool does the work). */
  readonly concurrency?: number;
}

export interface CatchUpStats {
  /** Entries created, replaced or removed in the copy. */
  changed: number;
  /** Entries the scan looked at. */
  scanned: number;
}

/** An entry that vanished, or changed kind, between the scan and its copy: the next scan sees it again. */
const RACED = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EINVAL', 'ELOOP']);
const raced = (e: unknown): boolean => RACED.has((e as NodeJS.ErrnoException).code ?? '');

/** A read-only copy of `src` at `dst` and the state of each entry it was copied from. */
export class PreCopiedTree {
  readonly #src: string;
  readonly #dst: string;
  readonly #opts: PreCopyOptions;
  /** Relative path ('' for the root) -> the state its copy was made from, in scan order (parents first). */
  #prints = new Map<string, Print>();
  /** ctime from which a file counts as possibly changed again within its timestamp tick (none with a window of 0). */
  readonly #racyFromNs: bigint | undefined;

  private constructor(src: string, dst: string, opts: PreCopyOptions) {
    this.#src = src;
    this.#dst = dst;
    this.#opts = opts;
    // with a window of 0 nothing is in doubt (a write after the lstat changes the print; one before
    // it is in the copy); a threshold at Date.now() (whole ms) would recopy, at random, files
    // written in the millisecond before the pre-copy started
    this.#racyFromNs = opts.coarseTimestampMs > 0 ? BigInt(Date.now() - opts.coarseTimestampMs) * 1_000_000n : undefined;
  }

  /** Copies `src` into the new directory `dst`, read-only like the snapshot it becomes. */
  static async create(src: string, dst: string, opts: PreCopyOptions): Promise<PreCopiedTree> {
    const tree = new PreCopiedTree(src, dst, opts);
    const scanned = await tree.#scan();
    await fsp.mkdir(dst, { mode: 0o700 });
    const { files, links } = await tree.#apply(scanned, new Set());
    await tree.#opts.onFoldersCreated?.();
    await tree.#copyAll(files, links, scanned);
    tree.#prints = scanned;
    await tree.#seal(() => true);
    return tree;
  }

  /**
   * Brings the copy up to the tree as it is now. Only the folders whose entries change (or whose
   * own mode or times changed) are opened and sealed again. Called inside the freeze.
   */
  async catchUp(): Promise<CatchUpStats> {
    const now = await this.#scan();
    const old = this.#prints;
    const racy = this.#racyFromNs;
    const gone = new Set<string>(); // folders of the copy that go, with everything in them
    const remove: string[] = []; // entries of the copy to remove, outermost only
    const keep = new Set<string>(); // entries whose copy stays as it is
    const touched = new Set<string>(); // folders to open, change and seal again
    for (const [rel, p] of old) {
      if (rel !== '' && gone.has(parentOf(rel))) {
        if (p.kind === 'd') gone.add(rel);
        continue;
      }
      const cur = now.get(rel);
      if (cur && cur.kind === p.kind) {
        if (p.kind === 'd') {
          keep.add(rel);
          if (!samePrint(p, cur)) touched.add(rel);
        } else if (samePrint(p, cur) && !(p.kind === 'f' && racy !== undefined && p.ctimeNs >= racy)) keep.add(rel);
        else {
          remove.push(rel);
          touched.add(parentOf(rel));
        }
        continue;
      }
      // removed, or now of another kind (the root stays a folder while the volume exists)
      if (p.kind === 'd') gone.add(rel);
      remove.push(rel);
      touched.add(parentOf(rel));
    }
    for (const rel of now.keys()) if (rel !== '' && !keep.has(rel)) touched.add(parentOf(rel));
    for (const rel of touched) if (keep.has(rel)) await fsp.chmod(this.#to(rel), 0o700);
    for (const rel of remove) {
      if (this.#opts.shouldStop()) throw new TreeCopyStopped();
      if (old.get(rel)!.kind === 'd') await removeTree(this.#to(rel));
      else await fsp.rm(this.#to(rel), { force: true });
    }
    const { files, links, created } = await this.#apply(now, keep);
    await this.#copyAll(files, links, now);
    this.#prints = now;
    await this.#seal((rel) => touched.has(rel) || !keep.has(rel));
    return { changed: remove.length + created + files.length + links.length, scanned: now.size };
  }

  #to(rel: string): string {
    return rel === '' ? this.#dst : this.#dst + sep + rel;
  }
  #from(rel: string): string {
    return rel === '' ? this.#src : this.#src + sep + rel;
  }

  /** Every entry of the tree with its lstat, parents before children. */
  async #scan(): Promise<Map<string, Print>> {
    const out = new Map<string, Print>();
    // the volume's own directory may be reached through a symlink
    const root = await fsp.stat(this.#src, { bigint: true });
    out.set('', {
      kind: 'd',
      mode: Number(root.mode),
      ino: root.ino,
      size: 0,
      mtimeNs: root.mtimeNs,
      ctimeNs: root.ctimeNs,
      atimeMs: Number(root.atimeNs) / 1e6,
      mtimeMs: Number(root.mtimeNs) / 1e6,
    });
    const base = this.#src.length + 1;
    const visit = (l: DirListing, descend: (dir: string) => void): void => {
      if (l.error !== undefined) {
        // a folder removed between its parent's listing and its own is not in the tree any more
        if (l.errorCode === 'ENOENT' && l.dir !== this.#src) {
          out.delete(l.dir.slice(base));
          return;
        }
        throw Object.assign(new Error(l.error), { code: l.errorCode });
      }
      const s = l.stats!;
      const prefix = l.dir === this.#src ? '' : l.dir.slice(base) + sep;
      for (let i = 0; i < l.names.length; i++) {
        const kind = l.kinds[i];
        // sockets, FIFOs and devices have no content to snapshot; 'v' vanished meanwhile
        if (kind !== 'd' && kind !== 'f' && kind !== 'l') continue;
        const rel = prefix + l.names[i]!;
        out.set(rel, {
          kind,
          mode: s.modes[i]!,
          ino: s.inos[i]!,
          size: l.sizes[i]!,
          mtimeNs: s.mtimeNs[i]!,
          ctimeNs: s.ctimeNs[i]!,
          atimeMs: s.atimes[i]!,
          mtimeMs: l.mtimes[i]!,
        });
        if (kind === 'd') descend(l.dir + sep + l.names[i]!);
      }
    };
    await walkTree(this.#opts.pool, [this.#src], visit, { detail: 'all', shouldStop: this.#opts.shouldStop });
    if (this.#opts.shouldStop()) throw new TreeCopyStopped();
    return out;
  }

  /** Creates the folders of `tree` not in `known`; returns the files and symlinks still to copy. */
  async #apply(tree: Map<string, Print>, known: Set<string>): Promise<{ files: string[]; links: string[]; created: number }> {
    const files: string[] = [];
    const links: string[] = [];
    let created = 0;
    for (const [rel, p] of tree) {
      if (rel === '' || known.has(rel)) continue;
      if (this.#opts.shouldStop()) throw new TreeCopyStopped();
      if (p.kind === 'd') {
        // a folder whose parent vanished from the tree went with it
        if (!tree.has(parentOf(rel))) {
          tree.delete(rel);
          continue;
        }
        await fsp.mkdir(this.#to(rel), { mode: 0o700 });
        created++;
      } else if (p.kind === 'f') files.push(rel);
      else links.push(rel);
    }
    return { files, links, created };
  }

  /** Copies files and symlinks; an entry that raced away is dropped from `tree` (the next scan sees it again). */
  async #copyAll(files: string[], links: string[], tree: Map<string, Print>): Promise<void> {
    const stop = this.#opts.shouldStop;
    for (const rel of links) {
      if (stop()) throw new TreeCopyStopped();
      try {
        await fsp.symlink(await fsp.readlink(this.#from(rel)), this.#to(rel));
      } catch (e) {
        if (!raced(e)) throw e;
        tree.delete(rel);
      }
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        if (stop()) throw new TreeCopyStopped();
        const rel = files[next++]!;
        const p = tree.get(rel)!;
        const to = this.#to(rel);
        try {
          await fsp.copyFile(this.#from(rel), to, constants.COPYFILE_FICLONE);
        } catch (e) {
          if (!raced(e)) throw e;
          tree.delete(rel);
          await fsp.rm(to, { force: true });
          continue;
        }
        // the times and mode the scan saw: if the file changed since, its print differs and the next pass copies it again
        await fsp.utimes(to, p.atimeMs / 1000, p.mtimeMs / 1000);
        await fsp.chmod(to, p.mode & 0o7555);
        if (this.#opts.durable) await fsyncPath(to);
      }
    };
    const n = Math.min(this.#opts.concurrency ?? 32, Math.max(1, files.length));
    await Promise.all(Array.from({ length: n }, worker));
  }

  /** Gives the chosen folders their mode and times, deepest first so a parent's times and write bit go last. */
  async #seal(chosen: (rel: string) => boolean): Promise<void> {
    const dirs = [...this.#prints].filter(([rel, p]) => p.kind === 'd' && chosen(rel));
    for (let i = dirs.length - 1; i >= 0; i--) {
      const [rel, p] = dirs[i]!;
      const to = this.#to(rel);
      await fsp.utimes(to, p.atimeMs / 1000, p.mtimeMs / 1000);
      await fsp.chmod(to, p.mode & 0o7555);
      if (this.#opts.durable) await fsyncPath(to);
    }
  }
}
