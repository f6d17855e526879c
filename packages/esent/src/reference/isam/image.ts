// The byte form of a record image, shared by log records and the database's row pages.
import type { ByteReader, ByteWriter } from '../storage/codec.js';
import { PackedRow } from './packedrow.js';
import type { Row } from './schema.js';

export function writeRow(w: ByteWriter, row: Row): void {
  if (row instanceof PackedRow) {
    w.raw(row.data);
    return;
  }
  w.u32(row.size);
  for (const [id, v] of row) w.u32(id).bytes(v);
}

export function readRow(r: ByteReader): PackedRow {
  const { row, used } = PackedRow.read(r.rest());
  r.pos += used;
  return row;
}

/** The packed bytes of a record image (what its row pages carry). */
export function packedBytes(row: Row): Buffer {
  return (row instanceof PackedRow ? row : PackedRow.from(row)).data;
}
