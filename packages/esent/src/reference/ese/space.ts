// Page ownership as ESE keeps it: every B+-tree root (FDP) owns extents, recorded in its
// owned-extent tree (OE, the page after the FDP) and lists the ones it has not used yet in its
// available-extent tree (AE, the page after the OE). A child tree's extents come out of its
// parent's space; the database root (page 1) owns the whole file.

export class Space {
  readonly owned: [number, number][] = [];
  private readonly free: number[] = [];
  private constructor(
    readonly pgnoFDP: number,
    readonly objid: number,
    readonly parent: Space | null,
    readonly file: { last: number },
    readonly cpgPrimary: number,
  ) {}

  /** The database root: pages 1..cpg, growing at the end of the file. */
  static root(cpg: number): Space {
    const file = { last: 0 };
    const s = new Space(1, 1, null, file, cpg);
    s.addExtent(s.takeFromFile(cpg));
    s.free.splice(0, 3); // page 1 and its OE (2) and AE (3)
    return s;
  }

  private takeFromFile(cpg: number): number {
    const first = this.file.last + 1;
    this.file.last += cpg;
    return first;
  }

  private addExtent(first: number, cpg = this.cpgPrimary): void {
    const last = first + cpg - 1;
    const prev = this.owned[this.owned.length - 1];
    if (prev && prev[1] + 1 === first) prev[1] = last;
    else this.owned.push([first, last]);
    for (let p = first; p <= last; p++) this.free.push(p);
    this.free.sort((a, b) => a - b);
  }

  /** A contiguous run of `cpg` free pages (growing this space if it has none that long). */
  takeRun(cpg: number): number {
    for (let i = 0; i + cpg <= this.free.length; i++) {
      if (this.free[i + cpg - 1]! - this.free[i]! === cpg - 1) {
        const first = this.free[i]!;
        this.free.splice(i, cpg);
        return first;
      }
    }
    const grow = Math.max(cpg, 16);
    const first = this.parent ? this.parent.takeRun(grow) : this.takeFromFile(grow);
    this.addExtent(first, grow);
    return this.takeRun(cpg);
  }

  /** One page for this tree's own use. */
  takePage(): number {
    return this.takeRun(1);
  }

  /** A child tree (table, index, long values) with a primary extent of `cpg` pages (>= 3). */
  child(objid: number, cpg: number, at?: number): Space {
    const first = at ?? this.takeRun(cpg);
    if (at !== undefined) this.claim(at, cpg);
    const s = new Space(first, objid, this, this.file, cpg);
    s.addExtent(first, cpg);
    s.free.splice(0, 3); // the FDP, its OE and its AE
    return s;
  }

  private claim(first: number, cpg: number): void {
    for (let p = first; p < first + cpg; p++) {
      const i = this.free.indexOf(p);
      if (i < 0) throw new Error(`page ${p} is not free in the space of page ${this.pgnoFDP}`);
      this.free.splice(i, 1);
    }
  }

  get pgnoOE(): number {
    return this.pgnoFDP + 1;
  }

  get pgnoAE(): number {
    return this.pgnoFDP + 2;
  }

  /** Free pages as extents [first, last] in page order. */
  available(): [number, number][] {
    const out: [number, number][] = [];
    for (const p of this.free) {
      const last = out[out.length - 1];
      if (last && last[1] + 1 === p) last[1] = p;
      else out.push([p, p]);
    }
    return out;
  }

  ownedPages(): number {
    return this.owned.reduce((n, [a, b]) => n + b - a + 1, 0);
  }
}
