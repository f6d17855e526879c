// The checkpoint file <base>.chk: the oldest log position recovery must replay from, the log
// signature, and the databases attached at that moment (with the signature each must carry).
// Written to a temporary name, fsync'd and renamed; a bad CRC is JET_errCheckpointCorrupt.
import { existsSync, readFileSync } from 'node:fs';
import { JET_errCheckpointCorrupt, jetError } from '@winbackup/errors';
import type { JET_LGPOS, JET_SIGNATURE } from '../../api/structs.js';
import { ByteReader, ByteWriter, TruncatedDataError } from './codec.js';
import { checksum } from './crc.js';
import { writeFileDurable } from './fsutil.js';
import { readLgpos, readSignature, writeLgpos, writeSignature } from './logtime.js';

const CHK_MAGIC = 0x4b484353;

export interface CheckpointAttachment {
  readonly path: string;
  readonly signDb: JET_SIGNATURE;
}

export interface Checkpoint {
  readonly signLog: JET_SIGNATURE;
  readonly lgposCheckpoint: JET_LGPOS;
  /** Newest generation that existed when the checkpoint was written. */
  readonly genMax: number;
  readonly attached: readonly CheckpointAttachment[];
}

export function writeCheckpoint(path: string, c: Checkpoint): void {
  const w = new ByteWriter(512);
  w.u32(CHK_MAGIC);
  writeSignature(w, c.signLog);
  writeLgpos(w, c.lgposCheckpoint);
  w.u32(c.genMax).u32(c.attached.length);
  for (const a of c.attached) {
    w.str(a.path);
    writeSignature(w, a.signDb);
  }
  const body = w.finish();
  const out = Buffer.alloc(Math.max(4096, body.length + 8));
  out.writeUInt32LE(body.length, 4);
  body.copy(out, 8);
  out.writeUInt32LE(checksum(out.subarray(4)), 0);
  writeFileDurable(path, out);
}

/** undefined when the file does not exist. */
export function readCheckpoint(path: string, context: string): Checkpoint | undefined {
  if (!existsSync(path)) return undefined;
  const b = readFileSync(path);
  if (b.length < 8 || b.readUInt32LE(0) !== checksum(b.subarray(4))) throw jetError(JET_errCheckpointCorrupt, { context });
  try {
    const r = new ByteReader(b.subarray(8, 8 + b.readUInt32LE(4)));
    if (r.u32() !== CHK_MAGIC) throw jetError(JET_errCheckpointCorrupt, { context });
    const signLog = readSignature(r);
    const lgposCheckpoint = readLgpos(r);
    const genMax = r.u32();
    const n = r.u32();
    const attached: CheckpointAttachment[] = [];
    for (let i = 0; i < n; i++) attached.push({ path: r.str(), signDb: readSignature(r) });
    return { signLog, lgposCheckpoint, genMax, attached };
  } catch (e) {
    if (e instanceof TruncatedDataError) throw jetError(JET_errCheckpointCorrupt, { context });
    throw e;
  }
}
