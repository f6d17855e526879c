// The engine's header view (DbHeader) of an ESE database header. Kept apart from attach.ts so that
// storage/dbfile.ts can map an ESE header without importing the attach code (which pulls in the
// ISAM layer, itself built on storage/).
import type { DbHeader } from '../storage/dbfile.js';
import type { EseHeader } from './header.js';

/**
 * `cpgData` is the number of pages after the two header pages (ESE records no file size in its
 * header, so callers take it from the file). There is no directory: the file is not the engine's
 * own format.
 */
export function dbHeaderOfEse(h: EseHeader, cpgData: number): DbHeader {
  return {
    pageSize: h.cbPageSize,
    dbstate: h.dbstate,
    signDb: h.signDb,
    signLog: h.signLog,
    lgposConsistent: h.lgposConsistent,
    logtimeConsistent: h.logtimeConsistent,
    lgposAttach: h.lgposAttach,
    logtimeAttach: h.logtimeAttach,
    lgposDetach: h.lgposDetach,
    logtimeDetach: h.logtimeDetach,
    bkinfoFullPrev: h.bkinfoFullPrev,
    bkinfoIncPrev: h.bkinfoIncPrev,
    bkinfoFullCur: h.bkinfoFullCur,
    genMinRequired: h.genMinRequired,
    genMaxRequired: h.genMaxRequired,
    lgposRedo: h.lgposConsistent,
    cpgData,
    pgnoDir: 0,
    cpgDir: 0,
    cbDir: 0,
  };
}
