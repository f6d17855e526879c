// Branded handle types (spec: JET_INSTANCE.md, JET_SESID.md, JET_DBID.md, JET_TABLEID.md,
// JET_COLUMNID.md). They are plain numbers at run time, opaque to users, and every call validates
// them against the live handle table of the engine.
declare const brand: unique symbol;

export type JET_INSTANCE = number & { readonly [brand]: 'JET_INSTANCE' };
export type JET_SESID = number & { readonly [brand]: 'JET_SESID' };
export type JET_DBID = number & { readonly [brand]: 'JET_DBID' };
export type JET_TABLEID = number & { readonly [brand]: 'JET_TABLEID' };
export type JET_COLUMNID = number & { readonly [brand]: 'JET_COLUMNID' };
/** The handle JetOpenFileInstance returns (used by the backup calls). */
export type JET_HANDLE = number & { readonly [brand]: 'JET_HANDLE' };
export type JET_OSSNAPID = number & { readonly [brand]: 'JET_OSSNAPID' };

/** JET_instanceNil / JET_sesidNil / JET_tableidNil / JET_dbidNil as in esent.h. */
export const JET_instanceNil = -1 as JET_INSTANCE;
export const JET_sesidNil = -1 as JET_SESID;
export const JET_tableidNil = -1 as JET_TABLEID;
export const JET_dbidNil = 0xffffffff as JET_DBID;
