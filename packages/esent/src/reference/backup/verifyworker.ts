// The body of the read-ahead worker (readahead.ts), kept as source text and run with
// `new Worker(code, { eval: true })` so that the built package and source runs (vitest, tsx) need
// no separate worker file. It reads the database's data pages chunk by chunk into a ring of shared
// page-aligned slots and checks each page as pageverify.ts does (CRC-32 of the rest of the page
// at offset 0, the page number at offset 4), so the main thread only copies verified bytes out.
//
// Shared control words (Int32Array over a SharedArrayBuffer):
//   [0] chunks the reader has released (in order), [1] stop request, then per slot: bytes read,
//   first bad page (-1 if none), errno of a failed read (0: none), and 1 + the number of the chunk
//   it holds once that chunk is ready (the word a waiting read watches).
// With several workers, worker w of n takes chunks w, w + n, w + 2n, ...
export const CTL_RELEASED = 0;
export const CTL_STOP = 1;
export const CTL_SLOT0 = 4;
export const CTL_PER_SLOT = 4;
export const SLOT_BYTES = 0;
export const SLOT_BAD = 1;
export const SLOT_ERRNO = 2;
export const SLOT_READY = 3;

export const VERIFY_WORKER_SOURCE = `
'use strict';
const { workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { crc32 } = require('node:zlib');
const { fd, data: dataSab, ctl: ctlSab, start, end, chunk, slots, pageSize, index, stride } = workerData;
const ctl = new Int32Array(ctlSab);
const data = new Uint8Array(dataSab);
const view = new DataView(dataSab);
const first = Math.floor(start / chunk);
(function produce() {
for (let j = index; ; j += stride) {
  const lo = Math.max(start, (first + j) * chunk);
  if (lo >= end) break;
  const hi = Math.min(end, (first + j + 1) * chunk);
  for (;;) {
    if (Atomics.load(ctl, ${CTL_STOP}) !== 0) return;
    const released = Atomics.load(ctl, ${CTL_RELEASED});
    if (j - released < slots) break;
    Atomics.wait(ctl, ${CTL_RELEASED}, released);
  }
  const slot = j % slots;
  const base = slot * chunk;
  const meta = ${CTL_SLOT0} + slot * ${CTL_PER_SLOT};
  let got = 0;
  let failed = 0;
  try {
    while (got < hi - lo) {
      const n = readSync(fd, data, base + got, hi - lo - got, lo + got);
      if (n === 0) break;
      got += n;
    }
  } catch (e) {
    failed = typeof e.errno === 'number' && e.errno !== 0 ? e.errno : -5;
  }
  // a short read leaves the first missing page as the bad one
  let bad = got < hi - lo ? Math.floor((lo + got) / pageSize) : -1;
  const whole = got - (got % pageSize);
  for (let off = 0; off < whole; off += pageSize) {
    const at = base + off;
    const pgno = (lo + off) / pageSize;
    if (view.getUint32(at + 4, true) !== pgno || view.getUint32(at, true) !== (crc32(data.subarray(at + 4, at + pageSize)) >>> 0)) {
      bad = pgno;
      break;
    }
  }
  ctl[meta + ${SLOT_BYTES}] = got;
  ctl[meta + ${SLOT_BAD}] = bad;
  ctl[meta + ${SLOT_ERRNO}] = failed;
  Atomics.store(ctl, meta + ${SLOT_READY}, j + 1);
  Atomics.notify(ctl, meta + ${SLOT_READY});
  if (failed) return;
}
})();
`;
