// The engine's header view (DbHeader) of an ESE database header. Kept apart from attach.ts so that
// storage/dbfile.ts can map an ESE header without importing the attach code (which pulls in the
// ISAM layer, itself built on storage/).
import type { DbHeader } from '../storage/dbfile.js';
import { JET_dbstateCleanShutdown, type EseHeader } from './header.js';

/**
 * `cpgData` is the number of pages after the two header pages (ESE records no file size in its
 * header, so callers take it from the file).
 */
export function dbHeaderOfEse(h: EseHeader, cpgData: number): DbHeader {
  const dirty = h.dbstate !== JET_dbstateCleanShutdown && h.genMinRequired > 0;
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
    // ESE keeps no redo position in the header: a dirty image is replayed from the start of the
    // oldest generation it needs (redo sets whole record images and tolerates DDL already in the
    // image, so replaying changes the image already holds is harmless: engine/redo.ts)
    lgposRedo: dirty ? { lGeneration: h.genMinRequired, isec: 0, ib: 0 } : h.lgposConsistent,
    cpgData,
  };
}
