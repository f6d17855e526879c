// The ESE database header (DBFILEHDR): page 0 of the file with its shadow copy in page 1, both a
// full page long, zero after the fields, checksummed in the old format (checksum.ts). Offsets are
// the engine's persisted layout (as libesedb's format document lists them).
import type { JET_BKINFO, JET_LGPOS, JET_LOGTIME, JET_SIGNATURE } from '../../api/structs.js';
import { headerChecksum } from './checksum.js';

export const DB_MAGIC = 0x89abcdef;
export const ESE_FORMAT_VERSION = 0x620;
/** Format revisions by the Windows release that writes them (0x620 family). */
export const ESE_REVISION_WIN7 = 0x11;
export const ESE_REVISION_WIN8 = 0x14;
/** What the writer stamps: Windows 8 .. Windows 10 databases (0x620, 0x14). */
export const ESE_WRITE_REVISION = ESE_REVISION_WIN8;

export const JET_dbstateJustCreated = 1;
export const JET_dbstateDirtyShutdown = 2;
export const JET_dbstateCleanShutdown = 3;

export interface EseHeader {
  readonly ulVersion: number;
  readonly ulUpdate: number; // format revision
  readonly cbPageSize: number;
  readonly dbtime: bigint;
  readonly signDb: JET_SIGNATURE;
  readonly dbstate: number;
  readonly lgposConsistent: JET_LGPOS;
  readonly logtimeConsistent: JET_LOGTIME;
  readonly logtimeAttach: JET_LOGTIME;
  readonly lgposAttach: JET_LGPOS;
  readonly logtimeDetach: JET_LOGTIME;
  readonly lgposDetach: JET_LGPOS;
  readonly signLog: JET_SIGNATURE;
  readonly bkinfoFullPrev: JET_BKINFO;
  readonly bkinfoIncPrev: JET_BKINFO;
  readonly bkinfoFullCur: JET_BKINFO;
  readonly objidLast: number;
  readonly dwMajorVersion: number;
  readonly dwMinorVersion: number;
  readonly dwBuildNumber: number;
  readonly lSPNumber: number;
  readonly genMinRequired: number;
  readonly genMaxRequired: number;
  readonly ulCreateVersion: number;
  readonly ulCreateUpdate: number;
  readonly bkinfoCopyPrev: JET_BKINFO;
  readonly bkinfoDiffPrev: JET_BKINFO;
}

const ZERO_TIME: JET_LOGTIME = { bSeconds: 0, bMinutes: 0, bHours: 0, bDay: 0, bMonth: 0, bYear: 0, bFiller1: 0, bFiller2: 0 };
const ZERO_POS: JET_LGPOS = { ib: 0, isec: 0, lGeneration: 0 };
export const ZERO_BKINFO_ESE: JET_BKINFO = { lgposMark: ZERO_POS, bklogtimeMark: { ...ZERO_TIME, fOSSnapshot: false }, genLow: 0, genHigh: 0 };

function putTime(dv: DataView, off: number, t: JET_LOGTIME): void {
  const b = [t.bSeconds, t.bMinutes, t.bHours, t.bDay, t.bMonth, t.bYear, t.bFiller1, t.bFiller2];
  b.forEach((v, i) => dv.setUint8(off + i, v));
}
function getTime(dv: DataView, off: number): JET_LOGTIME {
  const b = (i: number): number => dv.getUint8(off + i);
  return { bSeconds: b(0), bMinutes: b(1), bHours: b(2), bDay: b(3), bMonth: b(4), bYear: b(5), bFiller1: b(6), bFiller2: b(7) };
}
function putPos(dv: DataView, off: number, p: JET_LGPOS): void {
  dv.setUint16(off, p.ib, true);
  dv.setUint16(off + 2, p.isec, true);
  dv.setInt32(off + 4, p.lGeneration, true);
}
function getPos(dv: DataView, off: number): JET_LGPOS {
  return { ib: dv.getUint16(off, true), isec: dv.getUint16(off + 2, true), lGeneration: dv.getInt32(off + 4, true) };
}
function putSig(dv: DataView, off: number, s: JET_SIGNATURE): void {
  dv.setUint32(off, s.ulRandom, true);
  putTime(dv, off + 4, s.logtimeCreate);
  const name = Buffer.from(s.szComputerName, 'latin1').subarray(0, 15);
  for (let i = 0; i < 16; i++) dv.setUint8(off + 12 + i, name[i] ?? 0);
}
function getSig(dv: DataView, off: number): JET_SIGNATURE {
  let name = '';
  for (let i = 0; i < 16; i++) {
    const c = dv.getUint8(off + 12 + i);
    if (c === 0) break;
    name += String.fromCharCode(c);
  }
  return { ulRandom: dv.getUint32(off, true), logtimeCreate: getTime(dv, off + 4), szComputerName: name };
}
function putBk(dv: DataView, off: number, b: JET_BKINFO): void {
  putPos(dv, off, b.lgposMark);
  putTime(dv, off + 8, { ...b.bklogtimeMark, bFiller2: (b.bklogtimeMark.bFiller2 & ~1) | (b.bklogtimeMark.fOSSnapshot ? 1 : 0) });
  dv.setUint32(off + 16, b.genLow, true);
  dv.setUint32(off + 20, b.genHigh, true);
}
function getBk(dv: DataView, off: number): JET_BKINFO {
  const t = getTime(dv, off + 8);
  return { lgposMark: getPos(dv, off), bklogtimeMark: { ...t, fOSSnapshot: (t.bFiller2 & 1) === 1 }, genLow: dv.getUint32(off + 16, true), genHigh: dv.getUint32(off + 20, true) };
}

/** Encodes the header as one checksummed page of `h.cbPageSize` bytes. */
export function encodeHeaderPage(h: EseHeader): Buffer {
  const page = Buffer.alloc(h.cbPageSize);
  const dv = new DataView(page.buffer, page.byteOffset, page.byteLength);
  dv.setUint32(4, DB_MAGIC, true);
  dv.setUint32(8, h.ulVersion, true);
  dv.setUint32(12, 0, true); // file type: database
  dv.setBigUint64(16, h.dbtime, true);
  putSig(dv, 24, h.signDb);
  dv.setUint32(52, h.dbstate, true);
  putPos(dv, 56, h.lgposConsistent);
  putTime(dv, 64, h.logtimeConsistent);
  putTime(dv, 72, h.logtimeAttach);
  putPos(dv, 80, h.lgposAttach);
  putTime(dv, 88, h.logtimeDetach);
  putPos(dv, 96, h.lgposDetach);
  dv.setUint32(104, 1, true); // dbid
  putSig(dv, 108, h.signLog);
  putBk(dv, 136, h.bkinfoFullPrev);
  putBk(dv, 160, h.bkinfoIncPrev);
  putBk(dv, 184, h.bkinfoFullCur);
  dv.setUint32(208, 0, true); // fShadowingDisabled
  dv.setUint32(212, h.objidLast, true);
  dv.setUint32(216, h.dwMajorVersion, true);
  dv.setUint32(220, h.dwMinorVersion, true);
  dv.setUint32(224, h.dwBuildNumber, true);
  dv.setUint32(228, h.lSPNumber, true);
  dv.setUint32(232, h.ulUpdate, true);
  dv.setUint32(236, h.cbPageSize, true);
  dv.setUint32(296, h.genMinRequired, true);
  dv.setUint32(300, h.genMaxRequired, true);
  dv.setUint32(340, h.ulCreateVersion, true);
  dv.setUint32(344, h.ulCreateUpdate, true);
  putBk(dv, 420, h.bkinfoCopyPrev);
  putBk(dv, 444, h.bkinfoDiffPrev);
  dv.setUint32(0, headerChecksum(page), true);
  return page;
}

/** A JET_LOGTIME of a clock reading (UTC; bFiller1 1 marks the time as UTC, as the engine writes it). */
export function logtimeOf(ms: number): JET_LOGTIME {
  const d = new Date(ms);
  return { bSeconds: d.getUTCSeconds(), bMinutes: d.getUTCMinutes(), bHours: d.getUTCHours(), bDay: d.getUTCDate(), bMonth: d.getUTCMonth() + 1, bYear: d.getUTCFullYear() - 1900, bFiller1: 1, bFiller2: 0 };
}

export class EseHeaderError extends Error {}

/** Decodes and verifies a header page (its checksum and magic); throws EseHeaderError if bad. */
export function decodeHeaderPage(page: Uint8Array): EseHeader {
  if (page.byteLength < 668) throw new EseHeaderError('header page too short');
  const dv = new DataView(page.buffer, page.byteOffset, page.byteLength);
  if (dv.getUint32(4, true) !== DB_MAGIC) throw new EseHeaderError('not an ESE database (signature)');
  if (dv.getUint32(12, true) !== 0) throw new EseHeaderError('not a database file (file type)');
  if (headerChecksum(page) !== dv.getUint32(0, true)) throw new EseHeaderError('header checksum mismatch');
  return {
    ulVersion: dv.getUint32(8, true),
    ulUpdate: dv.getUint32(232, true),
    cbPageSize: dv.getUint32(236, true),
    dbtime: dv.getBigUint64(16, true),
    signDb: getSig(dv, 24),
    dbstate: dv.getUint32(52, true),
    lgposConsistent: getPos(dv, 56),
    logtimeConsistent: getTime(dv, 64),
    logtimeAttach: getTime(dv, 72),
    lgposAttach: getPos(dv, 80),
    logtimeDetach: getTime(dv, 88),
    lgposDetach: getPos(dv, 96),
    signLog: getSig(dv, 108),
    bkinfoFullPrev: getBk(dv, 136),
    bkinfoIncPrev: getBk(dv, 160),
    bkinfoFullCur: getBk(dv, 184),
    objidLast: dv.getUint32(212, true),
    dwMajorVersion: dv.getUint32(216, true),
    dwMinorVersion: dv.getUint32(220, true),
    dwBuildNumber: dv.getUint32(224, true),
    lSPNumber: dv.getUint32(228, true),
    genMinRequired: dv.getUint32(296, true),
    genMaxRequired: dv.getUint32(300, true),
    ulCreateVersion: dv.getUint32(340, true),
    ulCreateUpdate: dv.getUint32(344, true),
    bkinfoCopyPrev: getBk(dv, 420),
    bkinfoDiffPrev: getBk(dv, 444),
  };
}
