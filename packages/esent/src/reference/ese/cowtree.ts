// A batch of node insertions and deletions applied to one B+-tree, copy-on-write: every leaf and
// internal page the batch changes is written at a fresh page number (its old page is freed), a
// leaf that overflows splits (near the middle by bytes, the engine's right split; the last leaf
// grown only at its end keeps its pages full, the engine's append split: btsplit.hxx), an
// internal page whose children split takes the new separators and splits in turn, and a page left
// without nodes is released (its parent loses the entry). The root keeps its page number (the
// catalog names it), so it is rewritten in place; when its nodes no longer fit it pushes them down
// one level (the engine's root split), and a root left without children becomes an empty leaf.
// Leaves stay chained: an unchanged neighbour of a moved leaf gets its sibling link rewritten in
// place. Parent lines carry separator keys (a line's key bounds its child from above, the last line
// of a page has none), the way the writer lays them out.
import { fits, pack, separator } from './btree.js';
import type { LiveSpace } from './livespace.js';
import { buildPage, childLineIndex, fNDDeleted, leafLowerBound, fPageIndex, fPageLeaf, fPageLongValue, fPageNonUniqueKeys, fPageParentOfLeaf, fPageRoot, type Node, type ParsedPage } from './page.js';
import { sealDataPage } from './checksum.js';

/** Insert (or, in a unique tree, replace the node with the same key) or delete one node. */
export interface TreeOp {
  readonly del: boolean;
  /** A deletion names its node by key (unique trees) or by key and data (non-unique indexes). */
  readonly node: Node;
}

export interface TreeIo {
  readonly cbPage: number;
  /** The next dbtime: every page written gets its own, as the engine stamps each page it dirties. */
  dbtime(): bigint;
  page(pgno: number): ParsedPage;
  /** The page's bytes as stored (for a sibling-link rewrite). */
  raw(pgno: number): Buffer;
  readonly space: LiveSpace;
  /** Pages written at fresh page numbers (free before the batch). */
  readonly cow: Map<number, Buffer>;
  /** Pages rewritten in place (roots, relinked neighbours): they go through the double-write file. */
  readonly inPlace: Map<number, Buffer>;
}

export class TreeCorruptError extends Error {}

interface Touched {
  readonly pgno: number;
  readonly page: ParsedPage;
  readonly depth: number;
  readonly parent: number | null;
  readonly ops: TreeOp[];
}

/** A leaf this full or less merges with its right sibling when both fit one page. */
const MERGE_BELOW = 0.25;

function nodeBytes(nodes: readonly Node[]): number {
  return nodes.reduce((n, nd) => n + 6 + nd.key.length + nd.data.length, 0);
}

/** What a changed page becomes in its parent: lines (bound, child); a null bound keeps the parent line's key. */
interface Entry {
  readonly key: Buffer | null;
  readonly pgno: number;
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}

function childOf(line: Node): number {
  if (line.data.length < 4) throw new TreeCorruptError('parent line without a page number');
  return line.data.readUInt32LE(0);
}

/** Node runs for fresh pages: one if they fit, else as many as a greedy pack needs, balanced by bytes. */
function split(cbPage: number, nodes: readonly Node[], append = false): Node[][] {
  if (nodes.length === 0) return [];
  if (fits(cbPage, nodes, false, 0)) return [nodes.slice()];
  const greedy = pack(cbPage, nodes);
  if (append) return greedy;
  const n = greedy.length;
  const sizes = nodes.map((nd) => 6 + nd.key.length + nd.data.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const out: Node[][] = Array.from({ length: n }, () => []);
  let before = 0;
  nodes.forEach((nd, i) => {
    out[Math.min(n - 1, Math.floor((before * n) / total))]!.push(nd);
    before += sizes[i]!;
  });
  return out.every((ns) => ns.length > 0 && fits(cbPage, ns, false, 0)) ? out : greedy;
}

function parentNodes(entries: readonly Entry[]): Node[] {
  return entries.map((e, i) => ({ key: i === entries.length - 1 || e.key === null ? Buffer.alloc(0) : e.key, data: u32(e.pgno) }));
}

/** Applies `ops` to the tree rooted at `pgnoFDP`, adding the pages it writes to `io.cow` / `io.inPlace`. */
export function updateTree(io: TreeIo, pgnoFDP: number, ops: readonly TreeOp[]): void {
  if (ops.length === 0) return;
  const { cbPage } = io;
  const root = io.page(pgnoFDP);
  const objid = root.objidFDP;
  const nonUnique = (root.flags & fPageNonUniqueKeys) !== 0;
  const treeFlags = root.flags & (fPageIndex | fPageLongValue | fPageNonUniqueKeys);
  const cmp = (a: Node, b: Node): number => Buffer.compare(a.key, b.key) || (nonUnique ? Buffer.compare(a.data, b.data) : 0);

  // the path to the leaf each op belongs in; a non-unique index may hold one key across several
  // leaves (its separator then equals that key), so candidates are tried in order
  const locate = (op: TreeOp): number[] => {
    const visit = (pgno: number, path: number[], last: boolean): number[] | null => {
      if (path.length > 16) throw new TreeCorruptError('tree deeper than 16 levels');
      const p = io.page(pgno);
      if (p.objidFDP !== objid) throw new TreeCorruptError(`page ${pgno} belongs to another tree`);
      const here = [...path, pgno];
      if (p.flags & fPageLeaf) {
        if (op.del) {
          for (let at = leafLowerBound(p.lines, op.node.key); at < p.lines.length && p.lines[at]!.key.equals(op.node.key); at++) {
            if (!(p.lines[at]!.flags & fNDDeleted) && cmp(p.lines[at]!, op.node) === 0) return here;
          }
          return null;
        }
        const lastLine = p.lines[p.lines.length - 1];
        return last || (lastLine !== undefined && cmp(lastLine, op.node) >= 0) ? here : null;
      }
      if (p.lines.length === 0) throw new TreeCorruptError(`parent page ${pgno} has no lines`);
      const end = childLineIndex(p.lines, op.node.key);
      let start = end;
      if (nonUnique) while (start > 0 && p.lines[start - 1]!.key.equals(op.node.key)) start--;
      for (let i = start; i <= end; i++) {
        const r = visit(childOf(p.lines[i]!), here, last && i === end);
        if (r) return r;
      }
      return null;
    };
    const path = visit(pgnoFDP, [], true);
    if (!path) throw new TreeCorruptError(`the node to delete is not in the tree of page ${pgnoFDP}`);
    return path;
  };

  const touched = new Map<number, Touched>();
  for (const op of ops) {
    const path = locate(op);
    path.forEach((pgno, depth) => {
      if (!touched.has(pgno)) touched.set(pgno, { pgno, page: io.page(pgno), depth, parent: depth > 0 ? path[depth - 1]! : null, ops: [] });
    });
    touched.get(path[path.length - 1]!)!.ops.push(op);
  }

  // the leaf's nodes after its ops: deletions first, then insertions (an insertion equal to a node
  // replaces it, the batch's last one winning), merged in sorted order rather than spliced one by
  // one, so a leaf that takes thousands of insertions in one batch costs n log n, not n^2
  const applied = (t: Touched): Node[] => {
    const base: Node[] = t.page.lines.filter((l) => !(l.flags & fNDDeleted)).map((l) => ({ key: l.key, data: l.data }));
    const dels = t.ops.filter((o) => o.del).map((o) => o.node).sort(cmp);
    const ins = t.ops.filter((o) => !o.del).map((o) => o.node).sort(cmp); // stable: batch order among equals
    let kept = base;
    if (dels.length > 0) {
      kept = [];
      let d = 0;
      for (const n of base) {
        if (d < dels.length && cmp(n, dels[d]!) === 0) d++;
        else kept.push(n);
      }
      if (d !== dels.length) throw new TreeCorruptError('a node deleted twice in one batch');
    }
    if (ins.length === 0) return kept;
    const out: Node[] = [];
    let i = 0;
    for (let j = 0; j < ins.length; j++) {
      let n = ins[j]!;
      while (j + 1 < ins.length && cmp(ins[j + 1]!, n) === 0) n = ins[++j]!;
      while (i < kept.length && cmp(kept[i]!, n) < 0) out.push(kept[i++]!);
      if (i < kept.length && cmp(kept[i]!, n) === 0) i++;
      out.push(n);
    }
    while (i < kept.length) out.push(kept[i++]!);
    return out;
  };

  const results = new Map<number, Entry[]>();
  const writeRoot = (flags: number, nodes: Node[]): void => {
    io.inPlace.set(pgnoFDP, buildPage(cbPage, { pgno: pgnoFDP, objidFDP: objid, flags: treeFlags | fPageRoot | flags, pgnoPrev: 0, pgnoNext: 0, dbtime: io.dbtime(), external: root.external, nodes }));
  };
  // the root's lines no longer fit: push them into fresh pages one level down until they do
  const growRoot = (entries: Entry[], overLeaves: boolean): void => {
    for (;;) {
      const nodes = parentNodes(entries);
      if (fits(cbPage, nodes, true, root.external.length)) return writeRoot(overLeaves ? fPageParentOfLeaf : 0, nodes);
      entries = internalPieces(entries, overLeaves ? fPageParentOfLeaf : 0);
      overLeaves = false;
    }
  };
  const internalPieces = (entries: Entry[], flags: number): Entry[] => {
    const runs = split(cbPage, parentNodes(entries));
    const out: Entry[] = [];
    let at = 0;
    runs.forEach((run, j) => {
      const mine = entries.slice(at, at + run.length);
      at += run.length;
      const pgno = io.space.alloc();
      io.cow.set(pgno, buildPage(cbPage, { pgno, objidFDP: objid, flags: treeFlags | flags, pgnoPrev: 0, pgnoNext: 0, dbtime: io.dbtime(), external: null, nodes: parentNodes(mine) }));
      out.push({ key: j < runs.length - 1 ? mine[mine.length - 1]!.key : null, pgno });
    });
    return out;
  };
  const leafEntries = (pieces: { pgno: number; nodes: Node[] }[]): Entry[] =>
    pieces.map((p, j) => ({ key: j < pieces.length - 1 ? separator(p.nodes[p.nodes.length - 1]!.key, pieces[j + 1]!.nodes[0]!.key) : null, pgno: p.pgno }));

  // leaves first: new contents, fresh page numbers, then the sibling chain
  const leafPieces = new Map<number, { pgno: number; nodes: Node[] }[]>();
  const leaves = [...touched.values()].filter((t) => t.page.flags & fPageLeaf);
  for (const t of leaves) {
    const nodes = applied(t);
    if (t.depth === 0) {
      if (fits(cbPage, nodes, true, root.external.length)) {
        writeRoot(fPageLeaf, nodes);
        return;
      }
      const pieces = split(cbPage, nodes).map((ns) => ({ pgno: io.space.alloc(), nodes: ns }));
      pieces.forEach((p, j) => {
        io.cow.set(p.pgno, buildPage(cbPage, { pgno: p.pgno, objidFDP: objid, flags: treeFlags | fPageLeaf, pgnoPrev: pieces[j - 1]?.pgno ?? 0, pgnoNext: pieces[j + 1]?.pgno ?? 0, dbtime: io.dbtime(), external: null, nodes: p.nodes }));
      });
      growRoot(leafEntries(pieces), true);
      return;
    }
    io.space.release(t.pgno);
    // appending to the tree's last leaf (every insert after its old last node, nothing deleted): keep the pages full
    const oldLast = t.page.lines[t.page.lines.length - 1];
    const append = t.page.pgnoNext === 0 && oldLast !== undefined && t.ops.every((o) => !o.del && cmp(o.node, oldLast) > 0);
    leafPieces.set(t.pgno, split(cbPage, nodes, append).map((ns) => ({ pgno: io.space.alloc(), nodes: ns })));
  }
  // a leaf left nearly empty merges into its right sibling under the same parent when both fit one
  // page (the engine merges underfull pages the same way); the merged page takes the sibling's
  // place in the parent, whose bound covers both
  for (const t of leaves) {
    const pieces = leafPieces.get(t.pgno);
    if (!pieces || pieces.length !== 1 || nodeBytes(pieces[0]!.nodes) >= cbPage * MERGE_BELOW) continue;
    const next = t.page.pgnoNext;
    if (next === 0 || touched.has(next) || t.parent === null) continue;
    const parent = touched.get(t.parent)!.page;
    const i = parent.lines.findIndex((l) => childOf(l) === t.pgno);
    if (i < 0 || i + 1 >= parent.lines.length || childOf(parent.lines[i + 1]!) !== next) continue;
    const right = io.page(next);
    const merged = [...pieces[0]!.nodes, ...right.lines.filter((l) => !(l.flags & fNDDeleted)).map((l) => ({ key: l.key, data: l.data }))];
    if (!fits(cbPage, merged, false, 0)) continue;
    touched.set(next, { pgno: next, page: right, depth: t.depth, parent: t.parent, ops: [] });
    leafPieces.set(t.pgno, []);
    leafPieces.set(next, [{ pgno: pieces[0]!.pgno, nodes: merged }]);
    io.space.release(next);
  }
  const headOf = (pgno: number): number => {
    for (let p = pgno; p !== 0; ) {
      const pieces = leafPieces.get(p);
      if (!pieces) return p;
      if (pieces.length > 0) return pieces[0]!.pgno;
      p = touched.get(p)!.page.pgnoNext;
    }
    return 0;
  };
  const tailOf = (pgno: number): number => {
    for (let p = pgno; p !== 0; ) {
      const pieces = leafPieces.get(p);
      if (!pieces) return p;
      if (pieces.length > 0) return pieces[pieces.length - 1]!.pgno;
      p = touched.get(p)!.page.pgnoPrev;
    }
    return 0;
  };
  const relink = new Map<number, { prev?: number; next?: number }>();
  for (const [old, pieces] of leafPieces) {
    const t = touched.get(old)!;
    const prev = tailOf(t.page.pgnoPrev);
    const next = headOf(t.page.pgnoNext);
    pieces.forEach((p, j) => {
      io.cow.set(p.pgno, buildPage(cbPage, {
        pgno: p.pgno, objidFDP: objid, flags: treeFlags | fPageLeaf, dbtime: io.dbtime(), external: null, nodes: p.nodes,
        pgnoPrev: j > 0 ? pieces[j - 1]!.pgno : prev,
        pgnoNext: j < pieces.length - 1 ? pieces[j + 1]!.pgno : next,
      }));
    });
    if (t.page.pgnoPrev !== 0 && !leafPieces.has(t.page.pgnoPrev)) relink.set(t.page.pgnoPrev, { ...relink.get(t.page.pgnoPrev), next: headOf(old) });
    if (t.page.pgnoNext !== 0 && !leafPieces.has(t.page.pgnoNext)) relink.set(t.page.pgnoNext, { ...relink.get(t.page.pgnoNext), prev: tailOf(old) });
    results.set(old, leafEntries(pieces));
  }
  for (const [pgno, { prev, next }] of relink) {
    const buf = Buffer.from(io.raw(pgno));
    if (prev !== undefined) buf.writeUInt32LE(prev, 16);
    if (next !== undefined) buf.writeUInt32LE(next, 20);
    buf.writeBigUInt64LE(io.dbtime(), 8);
    sealDataPage(buf, pgno);
    io.inPlace.set(pgno, buf);
  }

  // then the parents, deepest first: the changed children's lines replaced by their pieces
  const parents = [...touched.values()].filter((t) => !(t.page.flags & fPageLeaf)).sort((a, b) => b.depth - a.depth);
  for (const t of parents) {
    const entries: Entry[] = [];
    t.page.lines.forEach((l, i) => {
      const key = i === t.page.lines.length - 1 ? null : l.key;
      const child = childOf(l);
      const repl = results.get(child);
      if (!repl) return void entries.push({ key, pgno: child });
      repl.forEach((e, j) => entries.push({ key: j === repl.length - 1 ? key : e.key, pgno: e.pgno }));
    });
    const overLeaves = t.page.flags & fPageParentOfLeaf;
    if (t.depth === 0) {
      if (entries.length === 0) writeRoot(fPageLeaf, []);
      else growRoot(entries, overLeaves !== 0);
      return;
    }
    io.space.release(t.pgno);
    results.set(t.pgno, entries.length === 0 ? [] : internalPieces(entries, overLeaves));
  }
  throw new TreeCorruptError(`the tree of page ${pgnoFDP} was not reached from its root`);
}
