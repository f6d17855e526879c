// The update buffer of a cursor (JetPrepareUpdate .. JetUpdate): column values being edited. A
// multi-valued column (JET_bitColumnMultiValued) holds several values, addressed by itagSequence
// (1-based) as in JetSetColumn / JetRetrieveColumn; every other column holds at most one.
import type { Row } from './schema.js';

export class RowBuffer implements Row {
  private readonly vals = new Map<number, Buffer[]>();

  static from(row: Row | null): RowBuffer {
    const b = new RowBuffer();
    if (row) for (const [id, v] of row) b.push(id, Buffer.from(v));
    return b;
  }

  private push(id: number, v: Buffer): void {
    const list = this.vals.get(id);
    if (list) list.push(v);
    else this.vals.set(id, [v]);
  }

  get(columnid: number): Buffer | undefined {
    return this.vals.get(columnid)?.[0];
  }

  getAll(columnid: number): readonly Buffer[] {
    return this.vals.get(columnid) ?? [];
  }

  get size(): number {
    let n = 0;
    for (const list of this.vals.values()) n += list.length;
    return n;
  }

  *[Symbol.iterator](): IterableIterator<[number, Buffer]> {
    for (const [id, list] of this.vals) for (const v of list) yield [id, v];
  }

  /** Sets the single value of a column (null: NULL). */
  set(columnid: number, v: Buffer | null): void {
    if (v === null) this.vals.delete(columnid);
    else this.vals.set(columnid, [v]);
  }

  /** Sets every value of a column at once (an empty list: NULL). */
  setAll(columnid: number, values: readonly Buffer[]): void {
    if (values.length) this.vals.set(columnid, [...values]);
    else this.vals.delete(columnid);
  }

  /**
   * Multi-valued: itag 0 or past the end appends, an existing itag is replaced, and NULL at an
   * existing itag removes that value (the later ones move down).
   */
  setItag(columnid: number, itag: number, v: Buffer | null): void {
    const list = [...this.getAll(columnid)];
    if (itag === 0 || itag > list.length) {
      if (v !== null) list.push(v);
    } else if (v === null) list.splice(itag - 1, 1);
    else list[itag - 1] = v;
    if (list.length) this.vals.set(columnid, list);
    else this.vals.delete(columnid);
  }
}
