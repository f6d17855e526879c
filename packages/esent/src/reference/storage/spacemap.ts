// Which data pages the durable header references (the directory run and every record's pages),
// and where a checkpoint may write. A checkpoint never overwrites a page the durable header still
// references: it writes into free pages (or past the end of the file), then switches the header,
// and only then do the pages the old header alone referenced become free. While a backup is
// running the engine only appends, so every page below the end of the file as a backup stream
// saw it keeps its content until the backup ends.
const FIRST_DATA_PAGE = 2;

export class SpaceMap {
  /** 1 = referenced by the durable header. Index = page number. */
  private used: Uint8Array;
  /** First page past the end of the file (cpgData + 2). */
  end: number;

  constructor(end: number) {
    this.end = end;
    this.used = new Uint8Array(Math.max(end, 64));
  }

  /** Marks the run [pgno, pgno + cpg) as referenced (building the map of a loaded header). */
  markUsed(pgno: number, cpg: number): void {
    this.used = grow(this.used, pgno + cpg);
    this.used.fill(1, pgno, pgno + cpg);
  }

  isUsed(pgno: number): boolean {
    return this.used[pgno] === 1;
  }

  /** Starts a checkpoint's allocation; `appendOnly` while a backup is running. */
  begin(appendOnly: boolean): Allocation {
    return new Allocation(this.used, this.end, appendOnly);
  }

  /** After the new header is durable: its references become the map, its end the file's end. */
  commit(a: Allocation): void {
    this.used = a.next;
    this.end = Math.max(this.end, a.end);
  }
}

/** The pages one checkpoint takes: free under the durable header and not taken yet. */
export class Allocation {
  /** Pages the new header will reference. */
  next: Uint8Array;
  end: number;
  private singleAt: number;
  private runAt: number;

  constructor(
    private readonly durable: Uint8Array,
    end: number,
    appendOnly: boolean,
  ) {
    this.end = end;
    this.next = new Uint8Array(durable.length);
    this.singleAt = appendOnly ? end : FIRST_DATA_PAGE;
    this.runAt = this.singleAt;
  }

  private free(p: number): boolean {
    return p >= this.end || (this.durable[p] !== 1 && this.next[p] !== 1);
  }

  /** Keeps a run the new header references where it is (an unchanged record). */
  keep(pgno: number, cpg: number): void {
    this.next = grow(this.next, pgno + cpg);
    this.next.fill(1, pgno, pgno + cpg);
  }

  /** Takes `cpg` contiguous free pages; returns the first. */
  take(cpg: number): number {
    let p = cpg === 1 ? this.singleAt : this.runAt;
    for (;;) {
      let n = 0;
      while (n < cpg && this.free(p + n)) n++;
      if (n === cpg) break;
      p += n + 1;
    }
    if (cpg === 1) this.singleAt = p + 1;
    else this.runAt = p + cpg;
    this.keep(p, cpg);
    this.end = Math.max(this.end, p + cpg);
    return p;
  }
}

function grow(a: Uint8Array, size: number): Uint8Array {
  if (size <= a.length) return a;
  const b = new Uint8Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
