// A backup set as a tar stream, through tar-stream (https://github.com/mafintosh/tar-stream): the
// files of an ESE streaming backup (databases/…, logs/…) or the tree of a VSS snapshot. Each entry
// is declared with its size before its bytes, so a file that streams short fails the tar.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import type { StreamedFile } from '@winbackup/esent';

/** The last component of a Windows or POSIX path. */
function leafName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/** Pipes `source` into a new entry of `pack` and resolves once tar-stream has taken all of it. */
function addEntry(pack: tar.Pack, header: tar.Headers, source: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = pack.entry(header, (err) => (err ? reject(err) : resolve()));
    // the failure is reported through the promise; an 'error' event nobody hears must not crash
    entry.on('error', () => undefined);
    source.once('error', (e) => {
      entry.destroy(e);
      reject(e);
    });
    source.pipe(entry as unknown as NodeJS.WritableStream);
  });
}

/**
 * The files of an ESE streaming backup as a tar stream: `databases/<name>` and `logs/<name>`, in
 * the order ESENT hands them out. Iterates `backup` as the tar is read (back-pressure reaches the
 * engine); an error of the backup (an abort) destroys the tar stream with it. Commit the backup
 * only once the tar's destination has it all.
 */
export function tarOfEsentBackup(backup: AsyncIterable<StreamedFile>, mtime = new Date()): Readable {
  const pack = tar.pack();
  void (async () => {
    for await (const f of backup) {
      const dir = f.kind === 'database' ? 'databases' : 'logs';
      await addEntry(pack, { name: `${dir}/${leafName(f.path)}`, size: f.size, mode: 0o644, mtime }, f.stream);
    }
    pack.finalize();
  })().catch((e: unknown) => pack.destroy(e as Error));
  return Readable.from(pack);
}

/**
 * A directory tree (a snapshot's root) as a tar stream: directories, regular files and symbolic
 * links, in name order, with their modes and modification times; other kinds are left out.
 */
export function tarOfTree(root: string): Readable {
  const pack = tar.pack();
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(join(root, rel))).sort()) {
      const relPath = rel === '' ? name : `${rel}/${name}`;
      const full = join(root, relPath);
      const st = await lstat(full);
      const common = { name: relPath, mode: st.mode & 0o7777, mtime: st.mtime };
      if (st.isDirectory()) {
        pack.entry({ ...common, type: 'directory' });
        await walk(relPath);
      } else if (st.isFile()) {
        await addEntry(pack, { ...common, size: st.size, type: 'file' }, createReadStream(full));
      } else if (st.isSymbolicLink()) {
        pack.entry({ ...common, type: 'symlink', linkname: await readlink(full) });
      }
    }
  };
  void walk('')
    .then(() => pack.finalize())
    .catch((e: unknown) => pack.destroy(e as Error));
  return Readable.from(pack);
}

/** One entry of a tar read back by {@link untar}. */
export interface TarEntryBytes {
  readonly name: string;
  readonly type: string;
  readonly data: Buffer;
}

/** Reads a whole tar stream into memory (for checks and small restores). */
export async function untar(source: Readable): Promise<TarEntryBytes[]> {
  const extract = tar.extract();
  const out: TarEntryBytes[] = [];
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      out.push({ name: header.name, type: header.type ?? 'file', data: Buffer.concat(chunks) });
      next();
    });
    stream.resume();
  });
  await pipeline(source, extract as unknown as NodeJS.WritableStream);
  return out;
}
