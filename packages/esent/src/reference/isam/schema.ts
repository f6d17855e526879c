// The catalog of one table: columns and indexes (spec: JetAddColumn.md, JetCreateIndex.md).
export interface ColumnSchema {
  readonly name: string;
  readonly columnid: number;
  readonly coltyp: number;
  readonly cbMax: number;
  readonly grbit: number;
  readonly cp: number;
  readonly defaultValue: Buffer | null;
}

export interface IndexSegment {
  readonly columnid: number;
  readonly desc: boolean;
}

export interface IndexSchema {
  /** null for the implicit sequential index of a table without a primary index. */
  readonly name: string | null;
  readonly grbit: number;
  readonly segments: readonly IndexSegment[];
  readonly szKey: string;
  readonly density: number;
}

/** Row image: columnid -> value bytes. Rows are never mutated once stored (copy on write). */
export interface Row {
  /** The first value of the column. */
  get(columnid: number): Buffer | undefined;
  /** Every value of a multi-valued column, in itagSequence order. */
  getAll(columnid: number): readonly Buffer[];
  readonly size: number;
  [Symbol.iterator](): IterableIterator<[number, Buffer]>;
}
