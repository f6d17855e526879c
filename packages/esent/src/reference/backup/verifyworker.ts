// The read-ahead worker of readahead.ts, kept as source text and run with
// `new Worker(code, { eval: true })` so that the built package and source runs (vitest, tsx) need
// no separate worker file. The worker and the calling thread share the work on a ring of
// page-aligned slots: whoever claims a chunk first reads it into its slot; its pages are then
// checked in units (as pageverify.ts does: CRC-32 of the rest of the page at offset 0, the page
// number at offset 4), each unit by whichever thread claims it first. The worker reads ahead and
// verifies; the calling thread takes what is left of the chunk it needs instead of waiting.
//
// Control words (Int32Array over a SharedArrayBuffer): [0] chunks the calling thread has released
// (in order), [1] stop request, [2] set while the calling thread waits: the worker clears it and
// posts a message after its next step (Atomics.waitAsync missed wake-ups from the worker in our
// stress runs on Node 20); then per slot, from CTL_SLOT0 + slot * CTL_PER_SLOT, the words below.
// Chunk numbers are stored as j + 1 (0: none yet); unit claims as (j mod 2^25) * 64 + unit.
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

export const VERIFY_WORKER_SOURCE = `
'use strict';
const { workerData, parentPort } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { crc32 } = require('node:zlib');
const { fd, data: dataSab, ctl: ctlSab, start, end, chunk, slots, pageSize, unitPages } = workerData;
const ctl = new Int32Array(ctlSab);
const data = new Uint8Array(dataSab);
const view = new DataView(dataSab);
const first = Math.floor(start / chunk);

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
      if (view.getUint32(at + 4, true) !== pgno || view.getUint32(at, true) !== (crc32(data.subarray(at + 4, at + pageSize)) >>> 0)) {
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
