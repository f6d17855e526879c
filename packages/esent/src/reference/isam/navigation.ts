// Cursor positioning over one index (spec: JetMove.md, JetSeek.md, JetSetIndexRange.md). The
// position is a logical (key, bookmark) pair, not an array slot, so it survives inserts and
// deletes around it; BeforeFirst/AfterLast are kept as special positions as ESE does.
import { compareToSearch, type SearchKey } from './keys.js';
import { entryVisible, type Entry, type Index } from './table.js';

/** `virtual`: where a failed seek left the cursor, between entries (not on a record). */
export type Position = { kind: 'before' } | { kind: 'after' } | { kind: 'on'; key: Buffer; bm: Buffer; virtual?: boolean };

export interface IndexRange {
  readonly key: SearchKey;
  readonly upper: boolean;
  readonly inclusive: boolean;
}

export function inRange(e: Entry, range: IndexRange | null): boolean {
  if (!range) return true;
  const c = compareToSearch(e.key, range.key);
  if (range.upper) return range.inclusive ? c <= 0 : c < 0;
  return range.inclusive ? c >= 0 : c > 0;
}

/** First slot whose entry is at or after the logical position (key, bm). */
function slotAtOrAfter(ix: Index, key: Buffer, bm: Buffer): number {
  return ix.groupStart(key, bm);
}

/** First slot strictly after every version of (key, bm). */
function slotAfter(ix: Index, key: Buffer, bm: Buffer): number {
  return ix.groupEnd(key, bm);
}

export function scanForward(ix: Index, from: number, sesId: number): Entry | undefined {
  for (let i = from; i < ix.entries.length; i++) {
    const e = ix.entries.at(i)!;
    if (entryVisible(e, sesId)) return e;
  }
  return undefined;
}

export function scanBackward(ix: Index, from: number, sesId: number): Entry | undefined {
  for (let i = Math.min(from, ix.entries.length - 1); i >= 0; i--) {
    const e = ix.entries.at(i)!;
    if (entryVisible(e, sesId)) return e;
  }
  return undefined;
}

/** The entry a cursor is on, if it is still visible to the session. */
export function currentEntry(ix: Index, pos: Position, sesId: number): Entry | undefined {
  if (pos.kind !== 'on' || pos.virtual) return undefined;
  for (let i = slotAtOrAfter(ix, pos.key, pos.bm); i < ix.entries.length; i++) {
    const e = ix.entries.at(i)!;
    if (!e.key.equals(pos.key) || !e.bm.equals(pos.bm)) return undefined;
    if (entryVisible(e, sesId)) return e;
  }
  return undefined;
}

export function nextEntry(ix: Index, pos: Position, sesId: number): Entry | undefined {
  if (pos.kind === 'after') return undefined;
  const from = pos.kind === 'before' ? 0 : slotAfter(ix, pos.key, pos.bm);
  return scanForward(ix, from, sesId);
}

export function prevEntry(ix: Index, pos: Position, sesId: number): Entry | undefined {
  if (pos.kind === 'before') return undefined;
  const from = pos.kind === 'after' ? ix.entries.length - 1 : slotAtOrAfter(ix, pos.key, pos.bm) - 1;
  return scanBackward(ix, from, sesId);
}

export function positionOn(e: Entry): Position {
  return { kind: 'on', key: e.key, bm: e.bm };
}

/** First slot i with compareToSearch(entries[i], k) >= 0 (or > 0 when `strict`). */
export function searchBound(ix: Index, k: SearchKey, strict: boolean): number {
  return ix.entries.firstWhere((e) => {
    const c = compareToSearch(e.key, k);
    return strict ? c > 0 : c >= 0;
  });
}
