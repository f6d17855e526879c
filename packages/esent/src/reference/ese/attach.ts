// Read-only attach (JET_bitDbReadOnly) of a real ESE database file: the catalog becomes the
// engine's tables, columns and indexes; every record is visited once to make its bookmark and
// index keys (kept in memory, as the engine's own directory keeps them), while the record images
// stay on their pages and are decoded when a cursor reads them (StoredRow -> loadRow).
import { closeSync, openSync } from 'node:fs';
import { JET_errDatabaseCorrupted, JET_errInvalidDatabaseVersion, JET_errPageSizeMismatch, jetError } from '@winbackup/errors';
import { DatabaseContent } from '../isam/content.js';
import { packedBytes } from '../isam/image.js';
import { RowBuffer } from '../isam/rowbuffer.js';
import type { ColumnSchema, IndexSchema } from '../isam/schema.js';
import { persist } from '../isam/slab.js';
import { StoredRow, type RowSource } from '../isam/storedrow.js';
import { Index, Table, type Entry } from '../isam/table.js';
import type { DbHeader } from '../storage/dbfile.js';
import { dbHeaderOfEse } from './dbheader.js';
import type { DecodedRecord } from './record.js';
import { EseDatabaseReader, type EseTableInfo, isEseFile } from './reader.js';

/** Column values decoded from an ESE record, as the engine's Row. */
function rowOf(vals: ReadonlyMap<number, readonly Buffer[]>): RowBuffer {
  const row = new RowBuffer();
  for (const [id, list] of vals) for (const v of list) row.setItag(id, 0, v);
  return row;
}

export { dbHeaderOfEse };

/** The file of a read-only attached ESE database: it serves record images and is never written. */
export class EseReadOnlyStore {
  holdPages: () => boolean = () => false;
  constructor(readonly reader: EseDatabaseReader, readonly path: string) {}

  // read-only databases are never checkpointed nor have their header rewritten (instance.ts)
  checkpoint(_content: DatabaseContent, _header: DbHeader): never {
    throw new Error(`${this.path} is attached read-only`);
  }

  writeHeader(_header: DbHeader): never {
    throw new Error(`${this.path} is attached read-only`);
  }

  /** Every written page verified (as DbStore.verifyUsedPages does for the engine's own files). */
  verifyUsedPages(): number {
    return this.reader.verifyAllPages();
  }

  close(): void {
    this.reader.close();
  }
}

/** Decoded images kept per table: a cursor reads a record's columns one call at a time. */
const IMAGE_CACHE = 32;

class TableRows implements RowSource {
  private readonly images = new Map<StoredRow, Buffer>();
  constructor(
    private readonly reader: EseDatabaseReader,
    private readonly info: EseTableInfo,
  ) {}

  loadRow(row: StoredRow): Buffer {
    const hit = this.images.get(row);
    if (hit) return hit;
    const rec = this.reader.recordAt(this.info, row.pgno, row.off);
    const image = packedBytes(rowOf(this.reader.rowValues(this.info, rec)));
    this.images.set(row, image);
    if (this.images.size > IMAGE_CACHE) this.images.delete(this.images.keys().next().value!);
    return image;
  }

  /** The indexed columns of a record, to make its keys (other long values are not read). */
  keyValues(rec: DecodedRecord, indexed: ReadonlySet<number>): RowBuffer {
    return rowOf(this.reader.rowValues(this.info, rec, indexed));
  }
}

function szKeyOf(ix: { segments: readonly { columnid: number; descending: boolean }[] }, cols: ReadonlyMap<number, ColumnSchema>): string {
  return ix.segments.map((s) => `${s.descending ? '-' : '+'}${cols.get(s.columnid)?.name ?? s.columnid}\0`).join('') + '\0';
}

function byKeyThenBm(a: Entry, b: Entry): number {
  return Buffer.compare(a.key, b.key) || Buffer.compare(a.bm, b.bm);
}

export interface OpenedEseDb {
  readonly store: EseReadOnlyStore;
  readonly header: DbHeader;
  readonly content: DatabaseContent;
}

/** Opens an ESE file for a read-only attach (JET_errPageSizeMismatch, JET_errReadVerifyFailure, ...). */
export function openEseReadOnly(path: string, expectedPageSize: number | undefined, context: string): OpenedEseDb {
  const reader = EseDatabaseReader.open(path, context);
  try {
    if (expectedPageSize !== undefined && reader.cbPage !== expectedPageSize) throw jetError(JET_errPageSizeMismatch, { context });
    const content = new DatabaseContent();
    for (const info of reader.tables.values()) {
      if (info.name.startsWith('MSys')) continue; // the catalog and the engine's system tables
      content.tables.set(info.name.toLowerCase(), buildTable(reader, info, context));
    }
    return { store: new EseReadOnlyStore(reader, path), header: dbHeaderOfEse(reader.header, reader.cpg), content };
  } catch (e) {
    reader.close();
    throw e;
  }
}

function buildTable(reader: EseDatabaseReader, info: EseTableInfo, context: string): Table {
  const t = new Table(info.name);
  for (const c of info.columns) {
    const col: ColumnSchema = { name: c.name, columnid: c.columnid, coltyp: c.coltyp, cbMax: c.cbMax, grbit: c.grbit, cp: c.cp, defaultValue: c.defaultValue ?? null };
    t.columns.set(c.columnid, col);
    t.columnsByName.set(c.name.toLowerCase(), col);
    if (c.columnid < 128) t.nextFixed = Math.max(t.nextFixed, c.columnid + 1);
    else if (c.columnid < 256) t.nextVar = Math.max(t.nextVar, c.columnid + 1);
    else t.nextTagged = Math.max(t.nextTagged, c.columnid + 1);
  }
  for (const ix of info.indexes) {
    const schema: IndexSchema = { name: ix.name, grbit: ix.grbit, segments: ix.segments.map((s) => ({ columnid: s.columnid, desc: s.descending })), szKey: szKeyOf(ix, t.columns), density: 80 };
    const index = new Index(schema, t);
    t.indexes.set(ix.name.toLowerCase(), index);
    if (index.isPrimary) t.clustered = index;
  }
  const rows = new TableRows(reader, info);
  const clustered: Entry[] = [];
  const secondary = new Map<Index, Entry[]>();
  for (const ix of t.allIndexes()) if (ix !== t.clustered) secondary.set(ix, []);
  const indexed = new Set(info.indexes.flatMap((ix) => ix.segments.map((s) => s.columnid)));
  for (const r of reader.records(info)) {
    const values = rows.keyValues(r.record, indexed);
    const bm = t.hasExplicitPrimary ? t.clustered.keyOf(values, Buffer.alloc(0)) : t.nextSeqBookmark();
    if (bm === null || t.getRec(bm)) throw jetError(JET_errDatabaseCorrupted, { context: `${context}: table ${info.name} has two records with one primary key` });
    const rec = t.getOrCreateRec(bm);
    rec.committed = new StoredRow(rows, r.pgno, r.line, 0);
    clustered.push({ key: rec.bm, bm: rec.bm, rec, ver: 0 });
    for (const [ix, list] of secondary) {
      const key = ix.keyOf(values, rec.bm);
      if (key !== null) list.push({ key: persist(key), bm: rec.bm, rec, ver: 0 });
    }
  }
  t.clustered.entries.setAll(clustered.sort(byKeyThenBm));
  for (const [ix, list] of secondary) ix.entries.setAll(list.sort(byKeyThenBm));
  return t;
}

/** True when `path` starts with an ESE database header (signature 0x89abcdef, a 0x6xx version). */
export function isEseDatabaseFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    return isEseFile(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * An ESE file attaches with JET_bitDbReadOnly; the engine keeps its own file format for the
 * databases it writes, so a read-write attach is JET_errInvalidDatabaseVersion.
 */
export function openEseReadOnlyOrRefuse(path: string, readOnly: boolean, expectedPageSize: number | undefined, context: string): OpenedEseDb {
  if (!readOnly) throw jetError(JET_errInvalidDatabaseVersion, { context: `${context}: an ESE format database attaches read-only (JET_bitDbReadOnly)` });
  return openEseReadOnly(path, expectedPageSize, context);
}
