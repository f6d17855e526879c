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
import { fits, pack, separator } from './btree.js';
import { buildPage, fPageLeaf, fPageParentOfLeaf, fPageRoot, fPageSpaceTree, type Node, type ParsedPage } from './page.js';

/** Pages per secondary extent (cpageSEDefault, daeconst.hxx). */
export const cpgSecondaryExtent = 16;
/** Pages the database root grows the file by (cpageDbExtensionDefault, daeconst.hxx). */
export const cpgDbExtension = 256;

export class SpaceTreeFullError extends RangeError {}

/** A space tree's extents and its pages below the root (a big OE or AE tree has leaves of its own). */
export function readSpaceTree(page: (pgno: number) => ParsedPage, pgnoRoot: number): { extents: [number, number][]; below: number[] } {
  const extents: [number, number][] = [];
  const below: number[] = [];
  const visit = (pgno: number, depth: number): void => {
    const p = page(pgno);
    if (depth > 0) below.push(pgno);
    if (depth > 4) throw new RangeError(`the space tree of page ${pgnoRoot} is deeper than the engine makes it`);
    if (p.flags & fPageLeaf) {
      for (const l of p.lines) {
        const last = l.key.readUInt32BE(0);
        extents.push([last - l.data.readUInt32LE(0) + 1, last]);
      }
      return;
    }
    for (const l of p.lines) visit(l.data.readUInt32LE(0), depth + 1);
  };
  visit(pgnoRoot, 0);
  return { extents, below };
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

/** Space tree nodes of extents [first, last]: key the last page (big-endian), data the page count. */
export function extentNodes(list: readonly [number, number][]): Node[] {
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
    /** Pages of the OE and AE trees below their roots: rewritten elsewhere (copy-on-write) when the space changes. */
    readonly treePages: readonly number[],
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

  /** Available extents as the batch leaves them. */
  available(): [number, number][] {
    return coalesce([...this.free, ...this.freed]);
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
    const oe = readSpaceTree(this.page, pgnoOE);
    const ae = readSpaceTree(this.page, pgnoOE + 1);
    const s = new LiveSpace(this, pgnoFDP, root.objidFDP, pgnoOE, parent, oe.extents, ae.extents, [...oe.below, ...ae.below]);
    this.spaces.set(pgnoFDP, s);
    return s;
  }

  /**
   * A deleted tree (table, with its indexes' and long-value trees inside its extents): every extent
   * it owns goes back to its parent's available space once the batch commits (ErrSPFreeFDP), and
   * it and the spaces under it are forgotten (their space trees are not written).
   */
  freeTree(pgnoFDP: number): void {
    const s = this.get(pgnoFDP);
    if (!s.parent) throw new RangeError('the database root cannot be freed');
    for (const [first, last] of s.owned) for (let p = first; p <= last; p++) s.parent.release(p);
    for (const [fdp, live] of this.spaces) {
      let up: LiveSpace | null = live;
      while (up && up !== s) up = up.parent;
      if (up) this.spaces.delete(fdp);
    }
  }

  /**
   * The OE and AE trees of every space the batch changed (children first, so extents handed back
   * reach the parent): roots in place; when a tree outgrows its root, leaves at fresh pages taken
   * from the space itself (its old leaves are freed), and the root points at them.
   */
  encode(cbPage: number, dbtime: () => bigint, cow: Map<number, Buffer>, inPlace: Map<number, Buffer>): void {
    const depth = (s: LiveSpace): number => (s.parent ? depth(s.parent) + 1 : 0);
    const all = [...this.spaces.values()].sort((a, b) => depth(b) - depth(a));
    for (const s of all) {
      if (!s.dirty) continue;
      for (const p of s.treePages) s.release(p);
      s.settle();
      const oeRoot = this.page(s.pgnoOE);
      const aeRoot = this.page(s.pgnoAE);
      // leaves taken for the trees change the extents they list: take until the count holds
      const leaves = { oe: [] as number[], ae: [] as number[] };
      for (let round = 0; ; round++) {
        if (round > 16) throw new SpaceTreeFullError(`the space trees of page ${s.pgnoFDP} do not settle`);
        const needOE = leavesFor(cbPage, extentNodes(s.owned), oeRoot.external.length);
        const needAE = leavesFor(cbPage, extentNodes(s.available()), aeRoot.external.length);
        if (needOE <= leaves.oe.length && needAE <= leaves.ae.length) break;
        while (leaves.oe.length < needOE) leaves.oe.push(s.alloc());
        while (leaves.ae.length < needAE) leaves.ae.push(s.alloc());
      }
      for (const [root, pgno, list, mine] of [[oeRoot, s.pgnoOE, s.owned, leaves.oe], [aeRoot, s.pgnoAE, s.available(), leaves.ae]] as const) {
        writeSpaceTree(cbPage, dbtime, s.objid, pgno, root.external, extentNodes(list), mine, cow, inPlace);
      }
    }
  }
}

/** Leaves a space tree of these nodes needs: none while they fit the root. */
function leavesFor(cbPage: number, nodes: readonly Node[], external: number): number {
  if (fits(cbPage, nodes, true, external)) return 0;
  const n = pack(cbPage, nodes).length;
  // one level of leaves is enough for ~500 x 580 extents; a root that cannot point at them all is refused
  if (!fits(cbPage, Array.from({ length: n }, () => ({ key: Buffer.alloc(4), data: Buffer.alloc(4) })), true, external)) throw new SpaceTreeFullError(`a space tree of ${nodes.length} extents needs more than two levels`);
  return n;
}

function writeSpaceTree(cbPage: number, dbtime: () => bigint, objid: number, pgnoRoot: number, external: Buffer, nodes: readonly Node[], leaves: readonly number[], cow: Map<number, Buffer>, inPlace: Map<number, Buffer>): void {
  const flags = fPageSpaceTree;
  if (leaves.length === 0) {
    inPlace.set(pgnoRoot, buildPage(cbPage, { pgno: pgnoRoot, objidFDP: objid, flags: flags | fPageRoot | fPageLeaf, pgnoPrev: 0, pgnoNext: 0, dbtime: dbtime(), external, nodes }));
    return;
  }
  // as many runs as leaves were taken, balanced by count (each fits: there are at least as many leaves as a full pack needs)
  const runs: Node[][] = leaves.map((_, i) => nodes.slice(Math.floor((i * nodes.length) / leaves.length), Math.floor(((i + 1) * nodes.length) / leaves.length)));
  if (runs.some((r) => r.length === 0 || !fits(cbPage, r, false, 0))) throw new SpaceTreeFullError(`space tree of page ${pgnoRoot}: ${nodes.length} extents do not spread over ${leaves.length} leaves`);
  const parents: Node[] = [];
  runs.forEach((run, i) => {
    cow.set(leaves[i]!, buildPage(cbPage, { pgno: leaves[i]!, objidFDP: objid, flags: flags | fPageLeaf, pgnoPrev: leaves[i - 1] ?? 0, pgnoNext: leaves[i + 1] ?? 0, dbtime: dbtime(), external: null, nodes: run }));
    const data = Buffer.alloc(4);
    data.writeUInt32LE(leaves[i]!);
    parents.push({ key: i + 1 < runs.length ? separator(run[run.length - 1]!.key, runs[i + 1]![0]!.key) : Buffer.alloc(0), data });
  });
  inPlace.set(pgnoRoot, buildPage(cbPage, { pgno: pgnoRoot, objidFDP: objid, flags: flags | fPageRoot | fPageParentOfLeaf, pgnoPrev: 0, pgnoNext: 0, dbtime: dbtime(), external, nodes: parents }));

}
