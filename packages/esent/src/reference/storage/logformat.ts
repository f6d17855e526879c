// Binary format of a log generation: a 4 KiB header (magic, generation, log signature, size, CRC)
// then records framed as [u32 length][u32 CRC-32 seeded with the generation][payload]. Files are
// preallocated to JET_paramLogFileSize and zero-filled, so the end of the log is the first zero
// length; a record that fails its CRC with only zeros after it is a torn tail (crash during the
// last write), anything else is corruption (JET_errLogFileCorrupt).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { JET_errBadLogSignature, JET_errLogFileCorrupt, jetError } from '@winbackup/errors';
import type { JET_LOGTIME, JET_SIGNATURE } from '../../api/structs.js';
import { ByteReader, ByteWriter, TruncatedDataError } from './codec.js';
import { checksum } from './crc.js';
import { lgposAt, readLogtime, readSignature, sameSignature, writeLogtime, writeSignature } from './logtime.js';
import type { JET_LGPOS } from '../../api/structs.js';

export const LOG_HEADER_SIZE = 4096;
const LOG_MAGIC = 0x4c474553; // "SEGL"
export const RECORD_OVERHEAD = 8;

export interface LogHeader {
  readonly lGeneration: number;
  readonly signLog: JET_SIGNATURE;
  readonly logtimeCreate: JET_LOGTIME;
  readonly cbFile: number;
}

export function encodeLogHeader(h: LogHeader): Buffer {
  const page = Buffer.alloc(LOG_HEADER_SIZE);
  const w = new ByteWriter(256);
  w.u32(LOG_MAGIC).u32(h.lGeneration);
  writeSignature(w, h.signLog);
  writeLogtime(w, h.logtimeCreate);
  w.u32(h.cbFile);
  const body = w.finish();
  page.writeUInt32LE(body.length, 4);
  body.copy(page, 8);
  page.writeUInt32LE(checksum(page.subarray(4)), 0);
  return page;
}

export function decodeLogHeader(page: Buffer, context: string): LogHeader {
  if (page.length < LOG_HEADER_SIZE || page.readUInt32LE(0) !== checksum(page.subarray(4, LOG_HEADER_SIZE))) {
    throw jetError(JET_errLogFileCorrupt, { context });
  }
  try {
    const r = new ByteReader(page.subarray(8, 8 + page.readUInt32LE(4)));
    if (r.u32() !== LOG_MAGIC) throw jetError(JET_errLogFileCorrupt, { context });
    const lGeneration = r.u32();
    const signLog = readSignature(r);
    const logtimeCreate = readLogtime(r);
    return { lGeneration, signLog, logtimeCreate, cbFile: r.u32() };
  } catch (e) {
    if (e instanceof TruncatedDataError) throw jetError(JET_errLogFileCorrupt, { context });
    throw e;
  }
}

/** Length flag: this fragment is continued by the next one (a record larger than a generation). */
const MORE = 0x80000000;

export function frameRecord(gen: number, payload: Buffer, more = false): Buffer {
  const out = Buffer.allocUnsafe(RECORD_OVERHEAD + payload.length);
  out.writeUInt32LE((payload.length | (more ? MORE : 0)) >>> 0, 0);
  out.writeUInt32LE(checksum(payload, gen), 4);
  payload.copy(out, RECORD_OVERHEAD);
  return out;
}

export interface LogRecord {
  readonly lgpos: JET_LGPOS;
  readonly payload: Buffer;
  /** The record continues in the next fragment (possibly in the next generation). */
  readonly more: boolean;
}

export interface ReadLog {
  readonly header: LogHeader;
  readonly records: LogRecord[];
  /** Offset just past the last valid record. */
  readonly end: number;
  /** True when a partially written record follows the valid ones (only legal in the current log). */
  readonly torn: boolean;
}

function allZero(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * Joins fragments into whole records, carrying an unfinished record across generations in
 * `carry`; returns the complete records (each stamped with its first fragment's position).
 */
export function joinFragments(records: readonly LogRecord[], carry: { parts: Buffer[]; lgpos: JET_LGPOS | undefined }): LogRecord[] {
  const out: LogRecord[] = [];
  for (const r of records) {
    if (r.more || carry.parts.length > 0) {
      carry.lgpos ??= r.lgpos;
      carry.parts.push(r.payload);
      if (r.more) continue;
      out.push({ lgpos: carry.lgpos, payload: Buffer.concat(carry.parts), more: false });
      carry.parts = [];
      carry.lgpos = undefined;
      continue;
    }
    out.push(r);
  }
  return out;
}

/** Reads and verifies the header of one log generation (not its records). */
export function readLogHeader(path: string, context: string): LogHeader {
  const fd = openSync(path, 'r');
  try {
    const page = Buffer.alloc(LOG_HEADER_SIZE);
    readSync(fd, page, 0, LOG_HEADER_SIZE, 0);
    return decodeLogHeader(page, context);
  } finally {
    closeSync(fd);
  }
}

/** Reads and verifies a whole log generation. */
export function readLogFile(path: string, expected: { gen?: number; signLog?: JET_SIGNATURE }, context: string): ReadLog {
  const fd = openSync(path, 'r');
  let data: Buffer;
  try {
    const size = fstatSync(fd).size;
    data = Buffer.alloc(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, data, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
  } finally {
    closeSync(fd);
  }
  const header = decodeLogHeader(data.subarray(0, LOG_HEADER_SIZE), context);
  if (expected.gen !== undefined && header.lGeneration !== expected.gen) throw jetError(JET_errLogFileCorrupt, { context });
  if (expected.signLog && !sameSignature(expected.signLog, header.signLog)) throw jetError(JET_errBadLogSignature, { context });
  const records: LogRecord[] = [];
  let pos = LOG_HEADER_SIZE;
  let torn = false;
  while (pos + RECORD_OVERHEAD <= data.length) {
    const word = data.readUInt32LE(pos);
    const more = (word & MORE) !== 0;
    const len = (word & ~MORE) >>> 0;
    if (word === 0) {
      if (!allZero(data.subarray(pos))) throw jetError(JET_errLogFileCorrupt, { context: `${context} @${pos}` });
      break;
    }
    const end = pos + RECORD_OVERHEAD + len;
    const ok = end <= data.length && data.readUInt32LE(pos + 4) === checksum(data.subarray(pos + RECORD_OVERHEAD, end), header.lGeneration);
    if (!ok) {
      const after = data.subarray(Math.min(end, data.length));
      if (end <= data.length && !allZero(after)) throw jetError(JET_errLogFileCorrupt, { context: `${context} @${pos}` });
      torn = true;
      break;
    }
    records.push({ lgpos: lgposAt(header.lGeneration, pos), payload: data.subarray(pos + RECORD_OVERHEAD, end), more });
    pos = end;
  }
  return { header, records, end: pos, torn };
}
