// The expected content of a table under in-place update batches: rows by primary key, seeded
// random batches (inserts of fresh keys, replacements, deletions), and what our reader, the index
// trees and esedbexport must show for that content.
import { isJetError } from '@winbackup/errors';
import { EseDatabaseReader } from '../../src/reference/ese/reader.js';
import { normalizeKey } from '../../src/reference/ese/key.js';
import { rowKeys, segmentsOf } from '../../src/reference/ese/rows.js';
import type { EseRow, EseTable } from '../../src/reference/ese/schema.js';
import type { EseChange } from '../../src/reference/ese/updater.js';
import { COLUMNS, INDEXES, makeRows } from './fixture.js';

/** The JET error code `fn` throws (0 when it returns, undefined for a non-JET error). */
export function jetCode(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (e) {
    return isJetError(e) ? e.code : undefined;
  }
  return 0;
}

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

const COLS = new Map(COLUMNS.map((c) => [c.columnid, c]));
const PK_SEGS = segmentsOf(INDEXES[0]!, COLS);

export function idOf(row: EseRow): number {
  return row.get(4)![0]!.readInt32LE(0);
}

function withId(row: EseRow, id: number): EseRow {
  const m = new Map(row);
  const b = Buffer.alloc(4);
  b.writeInt32LE(id);
  m.set(4, [b]);
  return m;
}

export function pkOf(row: EseRow): string {
  return normalizeKey(PK_SEGS, [row.get(4)![0]!]).toString('hex');
}

/** Rows keyed by their normalized primary key. */
export class TableModel {
  readonly rows = new Map<string, EseRow>();
  private nextId = 1_000_000;
  constructor(initial: readonly EseRow[]) {
    for (const r of initial) this.rows.set(pkOf(r), r);
  }

  /** A seeded batch of `k` changes: about a third each of inserts, replacements and deletions. */
  batch(seed: number, k: number, mix: { insert: number; replace: number } = { insert: 0.34, replace: 0.33 }): EseChange[] {
    const r = rng(seed);
    const fresh = makeRows(k, seed);
    const keys = [...this.rows.keys()];
    const used = new Set<string>();
    const out: EseChange[] = [];
    for (let i = 0; i < k; i++) {
      const x = r();
      const pick = (): string | undefined => {
        for (let tries = 0; tries < 20 && keys.length > 0; tries++) {
          const key = keys[Math.floor(r() * keys.length)]!;
          if (!used.has(key)) return key;
        }
        return undefined;
      };
      const existing = x < mix.insert ? undefined : pick();
      if (!existing) {
        // ids below and above the initial range and in between, so inserts land everywhere
        const id = r() < 0.5 ? this.nextId++ : -50_000 - Math.floor(r() * 1e6) * 8 - (i % 8);
        const row = withId(fresh[i]!, id);
        if (this.rows.has(pkOf(row)) || used.has(pkOf(row))) continue;
        used.add(pkOf(row));
        out.push({ op: 'insert', row });
        continue;
      }
      used.add(existing);
      const old = this.rows.get(existing)!;
      if (x < mix.insert + mix.replace) out.push({ op: 'replace', row: withId(fresh[i]!, idOf(old)) });
      else out.push({ op: 'delete', row: new Map([[4, old.get(4)!]]) });
    }
    return out;
  }

  apply(changes: readonly EseChange[]): void {
    for (const ch of changes) {
      if (ch.op === 'delete') this.rows.delete(pkOf(ch.row));
      else this.rows.set(pkOf(ch.row), ch.row);
    }
  }

  /** Rows in primary-key order. */
  sorted(): EseRow[] {
    return [...this.rows.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, r]) => r);
  }

  table(): EseTable {
    return { name: 'Files', columns: COLUMNS, indexes: INDEXES, rows: this.sorted() };
  }
}

export function int(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}

/** A table of small rows (Id, Kind) with a non-unique index on Kind: few keys over many rows. */
export function kindsTable(rows: ReadonlyMap<number, string>): EseTable {
  return {
    name: 'Kinds',
    columns: [
      { name: 'Id', columnid: 1, coltyp: 4, cp: 0, cbMax: 0, grbit: 0 },
      { name: 'Kind', columnid: 128, coltyp: 10, cp: 1252, cbMax: 255, grbit: 0 },
    ],
    indexes: [
      { name: 'PrimaryKey', grbit: 0x2, segments: [{ columnid: 1, descending: false }] },
      { name: 'ByKind', grbit: 0, segments: [{ columnid: 128, descending: false }] },
    ],
    rows: [...rows].sort((a, b) => a[0] - b[0]).map(([id, kind]) => new Map([[1, [int(id)]], [128, [Buffer.from(kind, 'latin1')]]])),
  };
}

export function hex(row: ReadonlyMap<number, readonly Buffer[]>): Record<number, string[]> {
  const o: Record<number, string[]> = {};
  for (const [id, vals] of [...row].sort((a, b) => a[0] - b[0])) if (vals.length > 0) o[id] = vals.map((v) => v.toString('hex'));
  return o;
}

/** Every row of Files as our reader returns it, in record-tree order. */
export function readRows(file: string): Record<number, string[]>[] {
  const r = EseDatabaseReader.open(file, 'test');
  try {
    const t = r.tables.get('files')!;
    return [...r.records(t)].map((rec) => hex(r.rowValues(t, rec.record)));
  } finally {
    r.close();
  }
}

/** Each secondary index's entries (key:data in hex) as stored, and as the rows say they must be. */
export function indexEntries(file: string, rows: readonly EseRow[]): { stored: string[][]; expected: string[][] } {
  const r = EseDatabaseReader.open(file, 'test');
  try {
    const t = r.tables.get('files')!;
    const stored: string[][] = [];
    const expected: string[][] = [];
    for (const ix of t.indexes.filter((i) => i.pgnoFDP !== t.pgnoFDP)) {
      stored.push([...r.walk(ix.pgnoFDP)].map(({ node }) => `${node.key.toString('hex')}:${node.data.toString('hex')}`));
      const spec = INDEXES.find((i) => i.name === ix.name)!;
      const segs = segmentsOf(spec, COLS);
      const want: [Buffer, Buffer][] = [];
      for (const row of rows) for (const k of rowKeys(spec, segs, row)) want.push([k, Buffer.from(pkOf(row), 'hex')]);
      want.sort((a, b) => Buffer.compare(a[0], b[0]) || Buffer.compare(a[1], b[1]));
      expected.push(want.map(([k, d]) => `${k.toString('hex')}:${d.toString('hex')}`));
    }
    return { stored, expected };
  } finally {
    r.close();
  }
}

/** Every tree root of the database: the database root and each table, index and long-value tree. */
function treeRoots(r: EseDatabaseReader): Set<number> {
  const fdps = new Set<number>([1]);
  for (const t of r.tables.values()) {
    fdps.add(t.pgnoFDP);
    if (t.pgnoLV) fdps.add(t.pgnoLV);
    for (const ix of t.indexes) fdps.add(ix.pgnoFDP);
  }
  return fdps;
}

/** The pages of a space tree's extents (key: last page, big-endian; data: page count). */
function extentPages(lines: readonly { key: Buffer; data: Buffer }[]): number[] {
  return lines.flatMap((l) => {
    const last = l.key.readUInt32BE(0);
    const cpg = l.data.readUInt32LE(0);
    return Array.from({ length: cpg }, (_, i) => last - cpg + 1 + i);
  });
}

/** A space tree's extent pages (from its leaves) and its own pages below the root. */
function spaceTree(r: EseDatabaseReader, pgnoRoot: number): { pages: number[]; below: number[] } {
  const root = r.page(pgnoRoot);
  if (root.flags & 0x2) return { pages: extentPages(root.lines), below: [] };
  const below = root.lines.map((l) => l.data.readUInt32LE(0));
  return { pages: below.flatMap((pgno) => extentPages(r.page(pgno).lines)), below };
}

/** Pages listed as available in any space tree of the database. */
export function freePages(file: string): Set<number> {
  const r = EseDatabaseReader.open(file, 'free');
  try {
    return new Set([...treeRoots(r)].flatMap((fdp) => spaceTree(r, r.page(fdp).external.readUInt32LE(12) + 1).pages));
  } finally {
    r.close();
  }
}

/**
 * Checks the space trees against the trees: every page a tree's root owns is used by that tree
 * (its pages, its OE and AE), available in its AE, or owned by a child tree, and by only one of them.
 * Returns a description of the first mismatch, or null.
 */
export function spaceMismatch(file: string): string | null {
  const r = EseDatabaseReader.open(file, 'space');
  try {
    const fdps = treeRoots(r);
    const info = new Map<number, { parent: number; owned: number[]; avail: number[]; used: number[] }>();
    for (const fdp of fdps) {
      const root = r.page(fdp);
      const pgnoOE = root.external.readUInt32LE(12);
      const oe = spaceTree(r, pgnoOE);
      const ae = spaceTree(r, pgnoOE + 1);
      const used = [pgnoOE, pgnoOE + 1, ...oe.below, ...ae.below];
      const stack = [fdp];
      while (stack.length > 0) {
        const pgno = stack.pop()!;
        used.push(pgno);
        const p = r.page(pgno);
        if (!(p.flags & 0x2)) for (const l of p.lines) stack.push(l.data.readUInt32LE(0));
      }
      info.set(fdp, { parent: root.external.readUInt32LE(4), owned: oe.pages, avail: ae.pages, used });
    }
    for (const [fdp, s] of info) {
      const seen = new Map<number, string>();
      const add = (p: number, what: string): string | null => {
        if (seen.has(p)) return `tree ${fdp}: page ${p} is both ${seen.get(p)} and ${what}`;
        seen.set(p, what);
        return null;
      };
      for (const p of s.used) if (add(p, 'used')) return add(p, 'used');
      for (const p of s.avail) if (add(p, 'available')) return add(p, 'available');
      for (const [child, c] of info) if (c.parent === fdp && child !== fdp) for (const p of c.owned) if (add(p, `owned by ${child}`)) return add(p, `owned by ${child}`);
      const owned = new Set(s.owned);
      for (const p of seen.keys()) if (!owned.has(p)) return `tree ${fdp}: page ${p} (${seen.get(p)}) is not owned`;
      for (const p of owned) if (!seen.has(p)) return `tree ${fdp}: owned page ${p} is neither used, available nor a child's`;
    }
    return null;
  } finally {
    r.close();
  }
}
