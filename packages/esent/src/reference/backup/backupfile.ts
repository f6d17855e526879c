// The one file a streaming backup can have open (SEMANTICS.md §1: crhfMax = 1).
export type BackupFileKind = 'database' | 'log' | 'patch';

export interface BackupFile {
  readonly kind: BackupFileKind;
  readonly path: string;
  /** Bytes the stream holds (pulFileSizeLow/High). */
  readonly size: number;
  /** Bytes read so far. */
  readonly position: number;
  /** Reads up to cb bytes into buf at 0; returns the count (0 at the end). */
  read(buf: Uint8Array, cb: number): Promise<number>;
  close(): void;
}
