// The space trees of a database as an update batch changes them. Facts from the engine (space.cxx):
// every tree root (FDP) owns extents, listed in its owned-extent tree (OE) and, those not in use,
// in its available-extent tree (AE); a tree that runs out takes a secondary extent of
// cpageSEDefault (16) pages from its parent's space, and the database root grows the file by
// cpageDbExtensionDefault (256) pages; freed pages go to the tree's own AE, and an owned extent that
// becomes wholly free again goes back to the parent (ErrSPFreeExt).
//
// Copy-on-write: a batch allocates only pages that are free before it, and the pages it frees
// become available only in the state it commits, so the old state stays intact on disk until the
// in-place pages (roots, these space trees, the header) are written.
import { buildPage, fPageLeaf, fPageRoot, fPageSpaceTree, type Node, type ParsedPage } from './page.js';

/** Pages per secondary extent (cpageSEDefault, daeconst.hxx). */
export const cpgSecondaryExtent = 16;
/** Pages the database root grows the file by (cpageDbExtensionDefault, daeconst.hxx). */
export const cpgDbExtension = 256;

export class SpaceTreeFullError extends RangeError {}

function extentsOf(page: ParsedPage): [number, number][] {
  return page.lines.map((l) => {
    const last = l.key.readUInt32BE(0);
    const cpg = l.data.readUInt32LE(0);
    return [last - cpg + 1, last];
  });
}

function coalesce(pgnos: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of [...pgnos].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 === p) last[1] = p;
    else if (!last || last[1] < p) out.push([p, p]);
  }
  return out;
}

function extentNodes(list: readonly [number, number][]): Node[] {
  return list.map(([first, last]) => {
    const key = Buffer.alloc(4);
    key.writeUInt32BE(last);
    const data = Buffer.alloc(4);
    data.writeUInt32LE(last - first + 1);
    return { key, data };
  });
}

/** One tree's space during a batch. */
export class LiveSpace {
  readonly owned: [number, number][];
  /** Pages free before the batch and not yet taken by it, ascending. */
  private readonly free: number[];
  private readonly freed: number[] = [];
  dirty = false;

  constructor(
    readonly map: SpaceMap,
    readonly pgnoFDP: number,
    readonly objid: number,
    readonly pgnoOE: number,
    readonly parent: LiveSpace | null,
    owned: [number, number][],
    available: [number, number][],
  ) {
    this.owned = owned.map(([a, b]) => [a, b]);
    this.free = [];
    for (const [a, b] of available) for (let p = a; p <= b; p++) this.free.push(p);
  }

  get pgnoAE(): number {
    return this.pgnoOE + 1;
  }

  /** One page for this tree (the lowest free one: freed pages are reused first). */
  alloc(): number {
    this.dirty = true;
    if (this.free.length === 0) this.grow(cpgSecondaryExtent);
    return this.free.shift()!;
  }

  /** `cpg` contiguous free pages (for a child's secondary extent). */
  takeRun(cpg: number): number {
    this.dirty = true;
    for (;;) {
      for (let i = 0; i + cpg <= this.free.length; i++) {
        if (this.free[i + cpg - 1]! - this.free[i]! === cpg - 1) {
          const first = this.free[i]!;
          this.free.splice(i, cpg);
          return first;
        }
      }
      this.grow(Math.max(cpg, cpgSecondaryExtent));
    }
  }

  private grow(cpg: number): void {
    const first = this.parent ? this.parent.takeRun(cpg) : this.map.extendFile(Math.max(cpg, cpgDbExtension));
    const n = this.parent ? cpg : Math.max(cpg, cpgDbExtension);
    const prev = this.owned[this.owned.length - 1];
    if (prev && prev[1] + 1 === first) prev[1] = first + n - 1;
    else this.owned.push([first, first + n - 1]);
    this.owned.sort((a, b) => a[0] - b[0]);
    for (let p = first; p < first + n; p++) this.free.push(p);
    this.free.sort((a, b) => a - b);
  }

  /** A page this tree no longer uses: available again once the batch commits. */
  release(pgno: number): void {
    this.dirty = true;
    this.freed.push(pgno);
  }

  /** Owned and available extents after the batch (wholly free secondary extents handed back to the parent). */
  settle(): { owned: [number, number][]; available: [number, number][] } {
    let available = coalesce([...this.free, ...this.freed]);
    if (this.parent) {
      for (const ext of [...this.owned]) {
        if (ext[0] <= this.pgnoFDP && this.pgnoFDP <= ext[1]) continue; // the primary extent stays
        if (!available.some(([a, b]) => a <= ext[0] && ext[1] <= b)) continue;
        this.owned.splice(this.owned.indexOf(ext), 1);
        for (let p = ext[0]; p <= ext[1]; p++) this.parent.release(p);
        available = coalesce([...this.free, ...this.freed].filter((p) => p < ext[0] || p > ext[1]));
        this.free.splice(0, this.free.length, ...this.free.filter((p) => p < ext[0] || p > ext[1]));
        this.freed.splice(0, this.freed.length, ...this.freed.filter((p) => p < ext[0] || p > ext[1]));
      }
    }
    return { owned: this.owned.map(([a, b]) => [a, b]), available };
  }
}

/** The spaces a batch touches, loaded from their root pages' space headers on first use. */
export class SpaceMap {
  private readonly spaces = new Map<number, LiveSpace>();

  constructor(
    private readonly page: (pgno: number) => ParsedPage,
    /** The last page of the file (the database root's last owned page). */
    public lastPgno: number,
  ) {}

  extendFile(cpg: number): number {
    const first = this.lastPgno + 1;
    this.lastPgno += cpg;
    return first;
  }

  /** The space of the tree rooted at `pgnoFDP`. */
  get(pgnoFDP: number): LiveSpace {
    const hit = this.spaces.get(pgnoFDP);
    if (hit) return hit;
    const root = this.page(pgnoFDP);
    const hdr = root.external;
    if (hdr.length < 16) throw new RangeError(`page ${pgnoFDP} has no space header`);
    const pgnoParent = hdr.readUInt32LE(4);
    const pgnoOE = hdr.readUInt32LE(12);
    if (!(hdr.readUInt32LE(8) & 0x01)) throw new RangeError(`tree ${pgnoFDP} keeps single-extent space (not written by this module)`);
    const parent = pgnoParent === 0 ? null : this.get(pgnoParent);
    const s = new LiveSpace(this, pgnoFDP, root.objidFDP, pgnoOE, parent, extentsOf(this.page(pgnoOE)), extentsOf(this.page(pgnoOE + 1)));
    this.spaces.set(pgnoFDP, s);
    return s;
  }

  /** The OE and AE pages of every space the batch changed (children first, so extents handed back reach the parent). */
  encode(cbPage: number, dbtime: () => bigint): Map<number, Buffer> {
    const out = new Map<number, Buffer>();
    const depth = (s: LiveSpace): number => (s.parent ? depth(s.parent) + 1 : 0);
    const all = [...this.spaces.values()].sort((a, b) => depth(b) - depth(a));
    for (const s of all) {
      if (!s.dirty) continue;
      const { owned, available } = s.settle();
      for (const [pgno, list] of [[s.pgnoOE, owned], [s.pgnoAE, available]] as const) {
        const old = this.page(pgno);
        try {
          out.set(pgno, buildPage(cbPage, { pgno, objidFDP: s.objid, flags: fPageRoot | fPageLeaf | fPageSpaceTree, pgnoPrev: 0, pgnoNext: 0, dbtime: dbtime(), external: old.external, nodes: extentNodes(list) }));
        } catch (e) {
          if (e instanceof RangeError) throw new SpaceTreeFullError(`the space tree of page ${s.pgnoFDP} needs more than one page (${list.length} extents)`);
          throw e;
        }
      }
    }
    return out;
  }
}
