// A committed record image that lives in the database file, not in memory: where it was last seen
// (page, line) and, for the engine's ESE files, its key there (engine/esestore.ts). Reading a
// column loads the record through the database's caches, so an attached database costs memory
// for its bookmarks and index keys only.
import { PackedRow } from './packedrow.js';
import type { Row } from './schema.js';

export interface RowSource {
  /** The packed bytes of a stored row (verified page reads, cached). */
  loadRow(row: StoredRow): Buffer;
}

export class StoredRow implements Row {
  /** The record's key in an ESE database file (engine/esestore.ts), which a checkpoint names it by. */
  diskKey: Buffer | undefined = undefined;

  constructor(
    readonly source: RowSource,
    readonly pgno: number,
    readonly off: number,
    readonly cb: number,
  ) {}

  /** The row in memory (an older image a snapshot keeps must not depend on pages reused later). */
  materialize(): PackedRow {
    return this.packed();
  }

  private packed(): PackedRow {
    return PackedRow.wrap(this.source.loadRow(this));
  }

  get size(): number {
    return this.packed().size;
  }

  get(columnid: number): Buffer | undefined {
    return this.packed().get(columnid);
  }

  getAll(columnid: number): readonly Buffer[] {
    return this.packed().getAll(columnid);
  }

  [Symbol.iterator](): IterableIterator<[number, Buffer]> {
    return this.packed()[Symbol.iterator]();
  }
}

/** An image that stays valid whatever happens to the file afterwards. */
export function inMemory(row: Row | null): Row | null {
  return row instanceof StoredRow ? row.materialize() : row;
}
