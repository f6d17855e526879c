// The read-ahead worker of readahead.ts, kept as source text and run with
// `new Worker(code, { eval: true })` so that the built package and source runs (vitest, tsx) need
// no separate worker file. The worker and the calling thread share the work on a ring of
// page-aligned slots: whoever claims a chunk first reads it into its slot; its pages are then
// checked in units (as pageverify.ts does: ESE's XOR and XOR-ECC checksums, ESE_VERIFY_SOURCE
// below), each unit by whichever thread claims it first.
// The worker reads ahead and verifies; the calling thread takes what is left of the chunk it needs
// instead of waiting.
//
// Control words (Int32Array over a SharedArrayBuffer): [0] chunks the calling thread has released
// (in order), [1] stop request, [2] set while the calling thread waits: the worker clears it and
// posts a message after its next step (Atomics.waitAsync missed wake-ups from the worker in our
// stress runs on Node 20); then per slot, from CTL_SLOT0 + slot * CTL_PER_SLOT, the words below.
// Chunk numbers are stored as j + 1 (0: none yet); unit claims as (j mod 2^25) * 64 + unit.
import { ESE_HEADER_CHECKSUM_BYTES } from './pageverify.js';

export const CTL_RELEASED = 0;
export const CTL_STOP = 1;
export const CTL_WANT = 2;
export const CTL_SLOT0 = 3;
/** 1 + the chunk whose read was claimed for this slot. */
export const SLOT_CLAIM = 0;
/** 1 + the chunk whose bytes are in the slot. */
export const SLOT_READ = 1;
export const SLOT_BYTES = 2;
/** errno of a failed read (0: none). */
export const SLOT_ERRNO = 3;
/** The first page a short read left out (-1: none). */
export const SLOT_SHORT = 4;
/** The next unit to claim, tagged with its chunk. */
export const SLOT_NEXT_UNIT = 5;
export const SLOT_DONE_UNITS = 6;
/** 1 + the chunk whose pages are all checked. */
export const SLOT_VERIFIED = 7;
/** Per unit: its first bad page (-1: none). */
export const SLOT_UNIT_BAD = 8;
export const MAX_UNITS = 64;
export const CTL_PER_SLOT = SLOT_UNIT_BAD + MAX_UNITS;
export const UNIT_TAG_MASK = 0x1ffffff;

/**
 * ESE's page checks for the worker, as plain JavaScript (the worker runs source text and cannot
 * import the package's modules): the same algorithms as ese/checksum.ts headerChecksum,
 * blockChecksum and verifyDataPage, over the page at byte `at` of `data` (a Uint8Array) and `view`
 * (a DataView of the same bytes). test/backup/ese-stream.test.ts runs this text against those
 * functions page by page.
 */
export const ESE_VERIFY_SOURCE = `
function eseXor(view, at, cb) {
  let x = 0x89abcdef;
  for (let i = 4; i + 4 <= cb; i += 4) x ^= view.getUint32(at + i, true);
  return x >>> 0;
}

function eseParity(dw) {
  let v = dw ^ (dw >>> 16);
  v ^= v >>> 8;
  v ^= v >>> 4;
  return (0x6996 >>> (v & 15)) & 1;
}

// the XOR-ECC checksum of one block compared with the two words stored at byte sumAt (branch-free
// loop, as in ese/checksum.ts blockChecksum)
function eseBlockMatches(view, at, cb, pgno, headerBlock, sumAt) {
  const cdw = cb >>> 2;
  let p = 0, p0 = 0, p1 = 0, p2 = 0, p3 = 0;
  let idxp = 0xff800000 | 0;
  let i = 0;
  if (headerBlock) {
    p2 = view.getUint32(at + 8, true);
    p3 = view.getUint32(at + 12, true);
    p ^= idxp & -eseParity(p2 ^ p3);
    idxp = (idxp + 0xff800080) | 0;
    i = 4;
  }
  for (; i < cdw; i += 4) {
    const o = at + (i << 2);
    const t0 = view.getUint32(o, true);
    const t1 = view.getUint32(o + 4, true);
    const t2 = view.getUint32(o + 8, true);
    const t3 = view.getUint32(o + 12, true);
    p0 ^= t0;
    p1 ^= t1;
    p2 ^= t2;
    p3 ^= t3;
    p ^= idxp & -eseParity(t0 ^ t1 ^ t2 ^ t3);
    idxp = (idxp + 0xff800080) | 0;
  }
  if (eseParity(p0 ^ p1)) p |= 0x00400000;
  if (eseParity(p2 ^ p3)) p |= 0x00000040;
  const r0 = p0 ^ p2;
  const r1 = p1 ^ p3;
  if (eseParity(r0)) p |= 0x00200000;
  if (eseParity(r1)) p |= 0x00000020;
  const r2 = (r0 ^ r1) >>> 0;
  let r = 0;
  let idxr = 0xffff0000 | 0;
  for (let bit = 0; bit < 32; bit++) {
    r ^= idxr & -((r2 >>> bit) & 1);
    idxr = (idxr + 0xffff0001) | 0;
  }
  const mask = ((cb * 0x80000) - 1) >>> 0;
  const ecc = ((p & 0xffe0ffe0 & mask) | (r & 0x001f001f)) >>> 0;
  return view.getUint32(sumAt, true) === ((r2 ^ pgno) >>> 0) && view.getUint32(sumAt + 4, true) === ecc;
}

// file pages 0 and 1: the header and its shadow, summed over their first 4 KiB
function eseHeaderOk(view, at, cb) {
  return eseXor(view, at, Math.min(cb, ${ESE_HEADER_CHECKSUM_BYTES})) === view.getUint32(at, true);
}

// ESE page pgno (file page pgno + 1); a page of zeros was never written and passes
function eseDataOk(data, view, at, cb, pgno) {
  if (view.getUint32(at, true) === 0 && view.getUint32(at + 4, true) === 0) {
    let zero = true;
    for (let i = 8; i < cb; i++) {
      if (data[at + i] !== 0) {
        zero = false;
        break;
      }
    }
    if (zero) return true;
  }
  if ((view.getUint32(at + 36, true) & 0x2000) === 0) return eseXor(view, at, cb) === view.getUint32(at, true);
  const small = cb <= 8192;
  const cbBlock = small ? cb : cb / 4;
  if (!eseBlockMatches(view, at, cbBlock, pgno, true, at)) return false;
  if (!small) {
    for (let b = 1; b < 4; b++) if (!eseBlockMatches(view, at + b * cbBlock, cbBlock, pgno, false, at + 40 + (b - 1) * 8)) return false;
  }
  return true;
}
`;

export const VERIFY_WORKER_SOURCE = `
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { fd, data: dataSab, ctl: ctlSab, start, end, chunk, slots, pageSize, unitPages } = workerData;
const ctl = new Int32Array(ctlSab);
const data = new Uint8Array(dataSab);
const view = new DataView(dataSab);
const first = Math.floor(start / chunk);
${ESE_VERIFY_SOURCE}
function pageOk(at, pgno) {
  return pgno < 2 ? eseHeaderOk(view, at, pageSize) : eseDataOk(data, view, at, pageSize, pgno - 1);
}

function poke() {
  if (Atomics.exchange(ctl, ${CTL_WANT}, 0) !== 0) parentPort.postMessage(0);
}

function verifyUnits(j, slot) {
  const meta = ${CTL_SLOT0} + slot * ${CTL_PER_SLOT};
  const lo = Math.max(start, (first + j) * chunk);
  const pages = Math.floor(ctl[meta + ${SLOT_BYTES}] / pageSize);
  const units = Math.ceil(pages / unitPages);
  const tag = (j & ${UNIT_TAG_MASK}) * ${MAX_UNITS};
  for (;;) {
    const v = Atomics.load(ctl, meta + ${SLOT_NEXT_UNIT});
    const u = v - tag;
    if (u < 0 || u >= units) return;
    if (Atomics.compareExchange(ctl, meta + ${SLOT_NEXT_UNIT}, v, v + 1) !== v) continue;
    let bad = -1;
    const last = Math.min(pages, (u + 1) * unitPages);
    for (let p = u * unitPages; p < last; p++) {
      const at = slot * chunk + p * pageSize;
      const pgno = lo / pageSize + p;
      if (!pageOk(at, pgno)) {
        bad = pgno;
        break;
      }
    }
    ctl[meta + ${SLOT_UNIT_BAD} + u] = bad;
    if (Atomics.add(ctl, meta + ${SLOT_DONE_UNITS}, 1) + 1 === units) {
      Atomics.store(ctl, meta + ${SLOT_VERIFIED}, j + 1);
      poke();
    }
  }
}

function readChunk(j, slot, lo, hi) {
  const meta = ${CTL_SLOT0} + slot * ${CTL_PER_SLOT};
  let got = 0;
  let errno = 0;
  try {
    while (got < hi - lo) {
      const n = readSync(fd, data, slot * chunk + got, hi - lo - got, lo + got);
      if (n === 0) break;
      got += n;
    }
  } catch (e) {
    errno = typeof e.errno === 'number' && e.errno !== 0 ? e.errno : -5;
  }
  const units = errno === 0 ? Math.ceil(Math.floor(got / pageSize) / unitPages) : 0;
  ctl[meta + ${SLOT_BYTES}] = errno === 0 ? got : 0;
  ctl[meta + ${SLOT_ERRNO}] = errno;
  ctl[meta + ${SLOT_SHORT}] = got < hi - lo ? Math.floor((lo + got) / pageSize) : -1;
  ctl[meta + ${SLOT_DONE_UNITS}] = 0;
  Atomics.store(ctl, meta + ${SLOT_NEXT_UNIT}, (j & ${UNIT_TAG_MASK}) * ${MAX_UNITS});
  Atomics.store(ctl, meta + ${SLOT_READ}, j + 1);
  if (units === 0) Atomics.store(ctl, meta + ${SLOT_VERIFIED}, j + 1);
  poke();
  return errno === 0;
}

for (let j = 0; ; j++) {
  const lo = Math.max(start, (first + j) * chunk);
  if (lo >= end) break;
  const hi = Math.min(end, (first + j + 1) * chunk);
  let stopped = false;
  for (;;) {
    if (Atomics.load(ctl, ${CTL_STOP}) !== 0) {
      stopped = true;
      break;
    }
    const released = Atomics.load(ctl, ${CTL_RELEASED});
    if (j - released < slots) break;
    Atomics.wait(ctl, ${CTL_RELEASED}, released);
  }
  if (stopped) break;
  const slot = j % slots;
  const meta = ${CTL_SLOT0} + slot * ${CTL_PER_SLOT};
  const prev = j >= slots ? j - slots + 1 : 0;
  if (Atomics.compareExchange(ctl, meta + ${SLOT_CLAIM}, prev, j + 1) === prev && !readChunk(j, slot, lo, hi)) break;
  if (Atomics.load(ctl, meta + ${SLOT_READ}) === j + 1) verifyUnits(j, slot);
}
`;
