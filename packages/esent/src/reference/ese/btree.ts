// Bulk-loads a B+-tree from sorted nodes: leaves packed full and chained (pgnoPrev/pgnoNext),
// parent levels keyed by separators until the top level fits in the root page (the FDP, whose
// external header is the space header). The last node of a parent page has an empty key.
import { buildPage, fPageLeaf, fPageParentOfLeaf, fPageRoot, MIN_PREFIX, type Node, pageBytes, pageHeaderSize, pagePrefix } from './page.js';
import type { Space } from './space.js';

export interface TreeOptions {
  readonly cbPage: number;
  /** The tree's root and where its other pages come from. */
  readonly space: Pick<Space, 'pgnoFDP' | 'objid' | 'takePage'>;
  /** Extra page flags of every page of this tree (index, long value, space tree, non-unique). */
  readonly flags: number;
  readonly spaceHeader: Buffer;
  readonly dbtime: bigint;
  readonly emit: (pgno: number, page: Buffer) => void;
}

export function fits(cbPage: number, nodes: readonly Node[], root: boolean, external: number): boolean {
  const prefix = root ? 0 : pagePrefix(nodes);
  return pageBytes(cbPage, root ? external : prefix, nodes, prefix) <= cbPage;
}

/** Splits nodes into runs that each fit a non-root page (sizes kept incrementally, as pageBytes counts them). */
export function pack(cbPage: number, nodes: readonly Node[]): Node[][] {
  const pages: Node[][] = [];
  let cur: Node[] = [];
  let lcp = 0; // longest prefix shared by every key of `cur`
  let raw = 0; // sum over `cur` of tag + cbSuffix + key + data
  const size = (n: number, p: number, bytes: number): number => {
    const prefix = n >= 2 && p >= MIN_PREFIX ? p : 0;
    return pageHeaderSize(cbPage) + prefix + 4 + bytes + (prefix > 0 ? n * (2 - prefix) : 0);
  };
  for (const nd of nodes) {
    const first = cur[0];
    const p = first ? Math.min(lcp, sharedPrefix(first.key, nd.key)) : nd.key.length;
    const bytes = raw + 6 + nd.key.length + nd.data.length;
    if (first && size(cur.length + 1, p, bytes) > cbPage) {
      pages.push(cur);
      cur = [nd];
      lcp = nd.key.length;
      raw = 6 + nd.key.length + nd.data.length;
    } else {
      cur.push(nd);
      lcp = p;
      raw = bytes;
    }
    if (size(cur.length, lcp, raw) > cbPage) throw new RangeError(`a node of ${nd.key.length + nd.data.length} bytes does not fit a ${cbPage}-byte page`);
  }
  if (cur.length > 0) pages.push(cur);
  return pages;
}

function sharedPrefix(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** A key strictly between `left` and `right` when one exists (else `right`), short as possible. */
export function separator(left: Buffer, right: Buffer): Buffer {
  let l = 0;
  while (l < left.length && l < right.length && left[l] === right[l]) l++;
  const c = right.subarray(0, l + 1);
  if (c.length < right.length) return Buffer.from(c);
  const d = Buffer.concat([left, Buffer.from([0])]);
  if (Buffer.compare(d, right) < 0) return d;
  return Buffer.from(right);
}

/** Writes the tree rooted at `space.pgnoFDP`; nodes must be sorted by key. */
export function buildTree(opts: TreeOptions, nodes: readonly Node[]): void {
  const { cbPage, space, flags, spaceHeader, dbtime, emit } = opts;
  const root = space.pgnoFDP;
  const objid = space.objid;
  if (fits(cbPage, nodes, true, spaceHeader.length)) {
    emit(root, buildPage(cbPage, { pgno: root, objidFDP: objid, flags: flags | fPageRoot | fPageLeaf, pgnoPrev: 0, pgnoNext: 0, dbtime, external: spaceHeader, nodes }));
    return;
  }
  let level = pack(cbPage, nodes);
  let leaf = true; // the pages of `level` are leaves
  let overLeaves = false; // the pages of `level` point at leaves
  for (;;) {
    const pgnos = level.map(() => space.takePage());
    const parents: Node[] = [];
    level.forEach((ns, i) => {
      const pageFlags = flags | (leaf ? fPageLeaf : 0) | (overLeaves ? fPageParentOfLeaf : 0);
      emit(pgnos[i]!, buildPage(cbPage, {
        pgno: pgnos[i]!,
        objidFDP: objid,
        flags: pageFlags,
        // only leaves are chained (readers refuse sibling links on parent pages)
        pgnoPrev: leaf && i > 0 ? pgnos[i - 1]! : 0,
        pgnoNext: leaf && i + 1 < level.length ? pgnos[i + 1]! : 0,
        dbtime,
        external: null,
        // a parent page's last line has no key: its bound is the key of the line above that points at the page
        nodes: leaf ? ns : ns.map((n, j) => (j === ns.length - 1 ? { key: Buffer.alloc(0), data: n.data } : n)),
      }));
      const data = Buffer.alloc(4);
      data.writeUInt32LE(pgnos[i]!);
      const next = level[i + 1];
      // a leaf's bound lies between its last key and the next leaf's first; a parent page's bound is
      // its last line's (the keys of parent lines are bounds, not keys of the subtree)
      const key = !next ? Buffer.alloc(0) : leaf ? separator(ns[ns.length - 1]!.key, next[0]!.key) : Buffer.from(ns[ns.length - 1]!.key);
      parents.push({ key, data });
    });
    overLeaves = leaf;
    leaf = false;
    if (fits(cbPage, parents, true, spaceHeader.length)) {
      emit(root, buildPage(cbPage, { pgno: root, objidFDP: objid, flags: flags | fPageRoot | (overLeaves ? fPageParentOfLeaf : 0), pgnoPrev: 0, pgnoNext: 0, dbtime, external: spaceHeader, nodes: parents }));
      return;
    }
    level = pack(cbPage, parents);
  }
}
