// An ESE page (facts from the engine's page and node code): a 40-byte header (80 bytes with the
// extended header of 16/32 KiB pages), line data growing up from the header, and 4-byte tags
// growing down from the end of the page (tag 0 in the last four bytes). Tag 0 is the external
// header: the space header on a tree's root page, the key prefix shared by lines elsewhere. Every
// other tag is a node: [cbPrefix u16 if compressed][cbSuffix u16][key suffix][data].
import { isSmallPage, sealDataPage } from './checksum.js';

export const fPageRoot = 0x0001;
export const fPageLeaf = 0x0002;
export const fPageParentOfLeaf = 0x0004;
export const fPageEmpty = 0x0008;
export const fPageSpaceTree = 0x0020;
export const fPageIndex = 0x0040;
export const fPageLongValue = 0x0080;
export const fPageNonUniqueKeys = 0x0400;
export const fPageNewRecordFormat = 0x0800;
export const fPageNewChecksumFormat = 0x2000;

/** Node flags kept in the top three bits of a tag (small pages) or of the node's first word. */
export const fNDVersion = 0x1;
export const fNDDeleted = 0x2;
export const fNDCompressed = 0x4;

export function pageHeaderSize(cbPage: number): number {
  return isSmallPage(cbPage) ? 40 : 80;
}

export interface Node {
  readonly key: Buffer;
  readonly data: Buffer;
}

export interface PageSpec {
  readonly pgno: number;
  readonly objidFDP: number;
  readonly flags: number;
  readonly pgnoPrev: number;
  readonly pgnoNext: number;
  readonly dbtime: bigint;
  /** Tag 0: the space header on root pages; ignored otherwise (the prefix is chosen here). */
  readonly external: Buffer | null;
  readonly nodes: readonly Node[];
}

/** Prefix compression pays only when the shared part is longer than the 2-byte cbPrefix field. */
export const MIN_PREFIX = 3;

function commonPrefix(a: Buffer, b: Buffer, max: number): number {
  const n = Math.min(a.length, b.length, max);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** The key prefix a non-root page would share among `nodes` (0: none). */
export function pagePrefix(nodes: readonly Node[]): number {
  // a parent page's last line has no key: it takes no part in the prefix (and is stored whole)
  const keyed = nodes.filter((n) => n.key.length > 0);
  if (keyed.length < 2) return 0;
  let p = keyed[0]!.key.length;
  for (let i = 1; i < keyed.length && p > 0; i++) p = commonPrefix(keyed[0]!.key, keyed[i]!.key, p);
  return p >= MIN_PREFIX ? p : 0;
}

/** Bytes a page with these nodes needs (header, lines, tags), with the prefix `nodes` share. */
export function pageBytes(cbPage: number, external: number, nodes: readonly Node[], prefix: number): number {
  let n = pageHeaderSize(cbPage) + external + 4;
  for (const nd of nodes) n += 4 + 2 + nd.key.length + nd.data.length + (prefix > 0 && nd.key.length > 0 ? 2 - prefix : 0);
  return n;
}

/** Lays a page out and seals it (new checksum format). */
export function buildPage(cbPage: number, spec: PageSpec): Buffer {
  const small = isSmallPage(cbPage);
  const cbHeader = pageHeaderSize(cbPage);
  const page = Buffer.alloc(cbPage);
  const root = (spec.flags & fPageRoot) !== 0;
  const prefix = root ? 0 : pagePrefix(spec.nodes);
  const external = root ? (spec.external ?? Buffer.alloc(0)) : (spec.nodes.find((n) => n.key.length > 0)?.key ?? Buffer.alloc(0)).subarray(0, prefix);
  const lines: { bytes: Buffer; flags: number }[] = [{ bytes: external, flags: 0 }];
  for (const nd of spec.nodes) {
    const compressed = prefix > 0 && nd.key.length > 0;
    const suffix = nd.key.subarray(compressed ? prefix : 0);
    const head = Buffer.alloc(compressed ? 4 : 2);
    if (compressed) {
      head.writeUInt16LE(prefix, 0);
      head.writeUInt16LE(suffix.length, 2);
    } else head.writeUInt16LE(suffix.length, 0);
    lines.push({ bytes: Buffer.concat([head, suffix, nd.data]), flags: compressed ? fNDCompressed : 0 });
  }
  let ib = 0;
  for (let i = 0; i < lines.length; i++) {
    const { bytes, flags } = lines[i]!;
    if (!small && i > 0) {
      // large pages keep the node flags in the top bits of the node's first word
      bytes.writeUInt16LE((bytes.readUInt16LE(0) & 0x1fff) | (flags << 13), 0);
    }
    bytes.copy(page, cbHeader + ib);
    const tagAt = cbPage - 4 * (i + 1);
    page.writeUInt16LE(bytes.length, tagAt);
    page.writeUInt16LE(small ? ib | (flags << 13) : ib, tagAt + 2);
    ib += bytes.length;
  }
  const free = cbPage - cbHeader - ib - 4 * lines.length;
  if (free < 0) throw new RangeError(`page ${spec.pgno} overflows by ${-free} bytes`);
  page.writeBigUInt64LE(spec.dbtime, 8);
  page.writeUInt32LE(spec.pgnoPrev, 16);
  page.writeUInt32LE(spec.pgnoNext, 20);
  page.writeUInt32LE(spec.objidFDP, 24);
  page.writeUInt16LE(free, 28);
  page.writeUInt16LE(0, 30);
  page.writeUInt16LE(ib, 32);
  page.writeUInt16LE(lines.length, 34);
  page.writeUInt32LE(spec.flags | fPageNewChecksumFormat | fPageNewRecordFormat, 36);
  if (!small) page.writeUInt32LE(spec.pgno, 64);
  sealDataPage(page, spec.pgno);
  return page;
}

export interface ParsedLine {
  readonly flags: number;
  readonly key: Buffer;
  readonly data: Buffer;
}

export interface ParsedPage {
  readonly dbtime: bigint;
  readonly pgnoPrev: number;
  readonly pgnoNext: number;
  readonly objidFDP: number;
  readonly flags: number;
  readonly external: Buffer;
  readonly lines: readonly ParsedLine[];
}

export class EsePageFormatError extends Error {}

/** Parses a (verified) page's header and nodes, expanding prefix-compressed keys. */
export function parsePage(page: Buffer): ParsedPage {
  const cbPage = page.length;
  const small = isSmallPage(cbPage);
  const cbHeader = pageHeaderSize(cbPage);
  const ctag = page.readUInt16LE(34) & 0x0fff;
  const mask = small ? 0x1fff : 0x7fff;
  const flags = page.readUInt32LE(36);
  // one pass over the tags, no object per tag: attach parses every page of each record tree
  let external: Buffer = page.subarray(0, 0); // a page without tags has no tag 0
  const lines: ParsedLine[] = [];
  for (let i = 0; i < ctag; i++) {
    const tagAt = cbPage - 4 * (i + 1);
    if (tagAt < cbHeader) throw new EsePageFormatError('tag array overlaps the header');
    const cb = page.readUInt16LE(tagAt) & mask;
    const ibw = page.readUInt16LE(tagAt + 2);
    const at = cbHeader + (ibw & mask);
    if (at + cb > tagAt) throw new EsePageFormatError(`tag ${i} points outside the page`);
    if (i === 0) {
      external = page.subarray(at, at + cb);
      continue;
    }
    let f = small ? ibw >>> 13 : 0;
    if (!small && cb >= 2) f = page.readUInt16LE(at) >>> 13;
    // large pages keep the flags in the top 3 bits of the node's first word
    const wordMask = small ? 0xffff : 0x1fff;
    let off = 0;
    let cbPrefix = 0;
    if (f & fNDCompressed) {
      cbPrefix = page.readUInt16LE(at) & wordMask;
      if (cbPrefix > external.length) throw new EsePageFormatError('key prefix longer than the page prefix');
      off = 2;
    }
    if (off + 2 > cb) throw new EsePageFormatError('key longer than its node');
    const cbSuffix = off === 0 ? page.readUInt16LE(at) & wordMask : page.readUInt16LE(at + 2);
    const keyAt = at + off + 2;
    if (off + 2 + cbSuffix > cb) throw new EsePageFormatError('key longer than its node');
    let key: Buffer;
    if (cbPrefix === 0) key = page.subarray(keyAt, keyAt + cbSuffix);
    else {
      // keys are short: a byte loop costs less than copy(), which makes views to copy between
      key = Buffer.allocUnsafe(cbPrefix + cbSuffix);
      for (let j = 0; j < cbPrefix; j++) key[j] = external[j]!;
      for (let j = 0; j < cbSuffix; j++) key[cbPrefix + j] = page[keyAt + j]!;
    }
    lines.push({ flags: f, key, data: page.subarray(keyAt + cbSuffix, at + cb) });
  }
  return {
    dbtime: page.readBigUInt64LE(8),
    pgnoPrev: page.readUInt32LE(16),
    pgnoNext: page.readUInt32LE(20),
    objidFDP: page.readUInt32LE(24),
    flags,
    external,
    lines,
  };
}

/**
 * The line of an internal page whose child holds `key`: the first whose separator is greater than
 * the key (a parent line's key bounds its child from above), else the last line, which has no key.
 * Binary search: the separators ascend.
 */
export function childLineIndex(lines: readonly ParsedLine[], key: Buffer): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Buffer.compare(key, lines[mid]!.key) < 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The first line of a leaf page whose key is >= `key` (lines.length when there is none). */
export function leafLowerBound(lines: readonly ParsedLine[], key: Buffer): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Buffer.compare(lines[mid]!.key, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
