// JET_LOGTIME / JET_SIGNATURE / JET_LGPOS / JET_BKINFO helpers and their fixed binary layout
// (spec: JET_LOGTIME.md: 8 bytes, year - 1900; JET_SIGNATURE.md; JET_LGPOS.md; JET_BKINFO.md).
import type { JET_BKINFO, JET_LGPOS, JET_LOGTIME, JET_SIGNATURE } from '../../api/structs.js';
import type { ByteReader, ByteWriter } from './codec.js';

export const ZERO_LOGTIME: JET_LOGTIME = { bSeconds: 0, bMinutes: 0, bHours: 0, bDay: 0, bMonth: 0, bYear: 0, bFiller1: 0, bFiller2: 0 };
export const ZERO_LGPOS: JET_LGPOS = { ib: 0, isec: 0, lGeneration: 0 };
export const ZERO_BKINFO: JET_BKINFO = {
  lgposMark: ZERO_LGPOS,
  bklogtimeMark: { ...ZERO_LOGTIME, fOSSnapshot: false },
  genLow: 0,
  genHigh: 0,
};

export function logtimeFromMs(ms: number): JET_LOGTIME {
  const d = new Date(ms);
  return {
    bSeconds: d.getUTCSeconds(),
    bMinutes: d.getUTCMinutes(),
    bHours: d.getUTCHours(),
    bDay: d.getUTCDate(),
    bMonth: d.getUTCMonth() + 1,
    bYear: d.getUTCFullYear() - 1900,
    // bFiller1 bit 0 is fTimeIsUTC in later SDKs
    bFiller1: 1,
    bFiller2: 0,
  };
}

export function writeLogtime(w: ByteWriter, t: JET_LOGTIME): void {
  w.u8(t.bSeconds).u8(t.bMinutes).u8(t.bHours).u8(t.bDay).u8(t.bMonth).u8(t.bYear).u8(t.bFiller1).u8(t.bFiller2);
}

export function readLogtime(r: ByteReader): JET_LOGTIME {
  return { bSeconds: r.u8(), bMinutes: r.u8(), bHours: r.u8(), bDay: r.u8(), bMonth: r.u8(), bYear: r.u8(), bFiller1: r.u8(), bFiller2: r.u8() };
}

export function writeSignature(w: ByteWriter, s: JET_SIGNATURE): void {
  w.u32(s.ulRandom);
  writeLogtime(w, s.logtimeCreate);
  w.str(s.szComputerName);
}

export function readSignature(r: ByteReader): JET_SIGNATURE {
  return { ulRandom: r.u32(), logtimeCreate: readLogtime(r), szComputerName: r.str() };
}

export function sameSignature(a: JET_SIGNATURE, b: JET_SIGNATURE): boolean {
  return (
    a.ulRandom === b.ulRandom &&
    a.szComputerName === b.szComputerName &&
    JSON.stringify(a.logtimeCreate) === JSON.stringify(b.logtimeCreate)
  );
}

export function writeLgpos(w: ByteWriter, p: JET_LGPOS): void {
  w.u32(p.ib).u32(p.isec).u32(p.lGeneration);
}

export function readLgpos(r: ByteReader): JET_LGPOS {
  return { ib: r.u32(), isec: r.u32(), lGeneration: r.u32() };
}

/** lgpos of a byte offset in a log generation (512-byte sectors, as ESE counts them). */
export function lgposAt(gen: number, offset: number): JET_LGPOS {
  return { lGeneration: gen, isec: Math.floor(offset / 512), ib: offset % 512 };
}

export function lgposOffset(p: JET_LGPOS): number {
  return p.isec * 512 + p.ib;
}

export function cmpLgpos(a: JET_LGPOS, b: JET_LGPOS): number {
  return a.lGeneration - b.lGeneration || lgposOffset(a) - lgposOffset(b);
}

export function writeBkinfo(w: ByteWriter, b: JET_BKINFO): void {
  writeLgpos(w, b.lgposMark);
  writeLogtime(w, b.bklogtimeMark);
  w.u8(b.bklogtimeMark.fOSSnapshot ? 1 : 0).u32(b.genLow).u32(b.genHigh);
}

export function readBkinfo(r: ByteReader): JET_BKINFO {
  const lgposMark = readLgpos(r);
  const t = readLogtime(r);
  const fOSSnapshot = r.u8() === 1;
  return { lgposMark, bklogtimeMark: { ...t, fOSSnapshot }, genLow: r.u32(), genHigh: r.u32() };
}
