// A log or patch file as a backup streams it: the bytes of the file, sequentially.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { BackupFile, BackupFileKind } from './backupfile.js';

export class PlainFileStream implements BackupFile {
  position = 0;
  readonly size: number;
  private fd: number;

  constructor(
    readonly kind: BackupFileKind,
    readonly path: string,
  ) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
  }

  read(buf: Uint8Array, cb: number): number {
    const want = Math.min(cb, this.size - this.position);
    let got = 0;
    while (got < want) {
      const r = readSync(this.fd, buf, got, want - got, this.position + got);
      if (r === 0) break;
      got += r;
    }
    this.position += got;
    return got;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
