// A sorted sequence stored as a list of bounded chunks, so an insert or delete in the middle of a
// 100k-entry index moves at most one chunk instead of the whole array. Positions are global
// indexes, as with an array.
const CHUNK_MAX = 512;

export class ChunkedList<T> {
  private chunks: T[][] = [[]];
  /** Global index of each chunk's first element. */
  private starts: number[] = [0];
  private total = 0;

  get length(): number {
    return this.total;
  }

  private chunkOf(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(i: number): T | undefined {
    if (i < 0 || i >= this.total) return undefined;
    const c = this.chunkOf(i);
    return this.chunks[c]![i - this.starts[c]!];
  }

  insert(i: number, value: T): void {
    const c = i >= this.total ? this.chunks.length - 1 : this.chunkOf(i);
    const chunk = this.chunks[c]!;
    chunk.splice(i - this.starts[c]!, 0, value);
    this.total++;
    for (let k = c + 1; k < this.starts.length; k++) this.starts[k]!++;
    if (chunk.length > CHUNK_MAX) {
      const tail = chunk.splice(chunk.length >>> 1);
      this.chunks.splice(c + 1, 0, tail);
      this.starts.splice(c + 1, 0, this.starts[c]! + chunk.length);
    }
  }

  removeAt(i: number): void {
    const c = this.chunkOf(i);
    const chunk = this.chunks[c]!;
    chunk.splice(i - this.starts[c]!, 1);
    this.total--;
    for (let k = c + 1; k < this.starts.length; k++) this.starts[k]!--;
    if (chunk.length === 0 && this.chunks.length > 1) {
      this.chunks.splice(c, 1);
      this.starts.splice(c, 1);
    }
  }

  /** First index whose element satisfies `pred`, for a predicate false...false true...true. */
  firstWhere(pred: (v: T) => boolean): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const ch = this.chunks[mid]!;
      if (ch.length === 0 || !pred(ch[ch.length - 1]!)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.chunks.length) return this.total;
    const ch = this.chunks[lo]!;
    let a = 0;
    let b = ch.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (pred(ch[mid]!)) b = mid;
      else a = mid + 1;
    }
    return this.starts[lo]! + a;
  }

  /** Every element in order. */
  *values(): IterableIterator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** Replaces the content with an already sorted array. */
  setAll(sorted: readonly T[]): void {
    this.chunks = [];
    this.starts = [];
    const size = CHUNK_MAX >>> 1;
    for (let i = 0; i < sorted.length; i += size) {
      this.starts.push(i);
      this.chunks.push(sorted.slice(i, i + size));
    }
    if (this.chunks.length === 0) {
      this.chunks.push([]);
      this.starts.push(0);
    }
    this.total = sorted.length;
  }
}
