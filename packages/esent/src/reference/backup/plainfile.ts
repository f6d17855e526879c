// A log or patch file as a backup streams it: the bytes of the file, sequentially.
import { closeSync, fstatSync, openSync } from 'node:fs';
import type { BackupFile, BackupFileKind } from './backupfile.js';
import { ChunkReader } from './reader.js';

export class PlainFileStream implements BackupFile {
  position = 0;
  readonly size: number;
  private readonly reader: ChunkReader;

  constructor(
    readonly kind: BackupFileKind,
    readonly path: string,
  ) {
    const fd = openSync(path, 'r');
    try {
      this.size = fstatSync(fd).size;
    } catch (e) {
      closeSync(fd);
      throw e;
    }
    this.reader = new ChunkReader(fd);
  }

  async read(buf: Uint8Array, cb: number): Promise<number> {
    const want = Math.min(cb, this.size - this.position);
    if (want <= 0) return 0;
    const got = await this.reader.readAt(buf, this.position, want);
    this.position += got;
    return got;
  }

  close(): void {
    this.reader.close();
  }
}
