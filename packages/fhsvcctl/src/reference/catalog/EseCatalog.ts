// The version catalog as an ESE database, as Windows keeps it: Catalog1.edb in the namespace's
// Configuration folder, with its transaction logs and checkpoint beside it (SEMANTICS.md §4
// "Catalog"). Table `file`: one row per physical copy. Every add/remove is one transaction
// committed durably (grbit 0), and JetInit replays the logs after a crash, so the database holds
// exactly the committed rows. Rows are mirrored in memory for queries.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createReferenceEsent,
  JET_bitIndexPrimary,
  JET_bitSeekEQ,
  JET_bitNewKey,
  JET_bitTermComplete,
  JET_coltypIEEEDouble,
  JET_coltypLong,
  JET_coltypLongLong,
  JET_coltypLongText,
  JET_cpUnicode,
  JET_MoveFirst,
  JET_MoveNext,
  JET_paramCircularLog,
  JET_paramLogFileSize,
  JET_prepInsert,
  type EsentApi,
  type JET_COLUMNID,
  type JET_DBID,
  type JET_INSTANCE,
  type JET_SESID,
  type JET_TABLEID,
} from '@winbackup/esent';
import { isJetError, JET_errNoCurrentRecord, JET_errObjectNotFound } from '@winbackup/errors';
import { latestBySource } from './query.js';
import type { NewVersionRecord, VersionCatalog, VersionRecord } from './VersionCatalog.js';

const DB = 'Catalog1.edb';
const TABLE = 'file';
const COLUMNS = ['id', 'sourcePath', 'storedPath', 'versionTime', 'size', 'mtimeMs'] as const;
type Col = (typeof COLUMNS)[number];

function i32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}
function i64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt(Math.trunc(n)));
  return b;
}
function f64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(n);
  return b;
}
const text = (s: string) => Buffer.from(s, 'utf16le');

export class EseCatalog implements VersionCatalog {
  private readonly rows = new Map<number, VersionRecord>();
  private newest = new Map<string, VersionRecord>();
  private nextId = 1;
  /** One transaction at a time on the one session. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly api: EsentApi,
    private readonly inst: JET_INSTANCE,
    private readonly sesid: JET_SESID,
    private readonly dbid: JET_DBID,
    private readonly tableid: JET_TABLEID,
    private readonly col: Record<Col, JET_COLUMNID>,
  ) {}

  static async open(configurationDir: string): Promise<EseCatalog> {
    const api = createReferenceEsent({ root: configurationDir });
    const inst = await api.JetCreateInstance('FileHistory');
    await api.JetSetSystemParameter(inst, null, JET_paramCircularLog, 1, null);
    await api.JetSetSystemParameter(inst, null, JET_paramLogFileSize, 1024, null);
    await api.JetInit(inst); // replays the logs after a crash
    const sesid = await api.JetBeginSession(inst, null, null);
    let dbid: JET_DBID;
    if (existsSync(join(configurationDir, DB))) {
      await api.JetAttachDatabase(sesid, DB, 0);
      dbid = await api.JetOpenDatabase(sesid, DB, null, 0);
    } else {
      dbid = await api.JetCreateDatabase(sesid, DB, null, 0);
    }
    let tableid: JET_TABLEID;
    const col = {} as Record<Col, JET_COLUMNID>;
    try {
      tableid = await api.JetOpenTable(sesid, dbid, TABLE, null, 0, 0);
      for (const c of COLUMNS) col[c] = (await api.JetGetTableColumnInfo(sesid, tableid, c, 0)).columnid;
    } catch (e) {
      if (!isJetError(e, JET_errObjectNotFound)) throw e;
      const r = await api.JetCreateTableColumnIndex(sesid, dbid, {
        szTableName: TABLE,
        rgcolumncreate: [
          { szColumnName: 'id', coltyp: JET_coltypLong },
          { szColumnName: 'sourcePath', coltyp: JET_coltypLongText, cp: JET_cpUnicode },
          { szColumnName: 'storedPath', coltyp: JET_coltypLongText, cp: JET_cpUnicode },
          { szColumnName: 'versionTime', coltyp: JET_coltypLongLong },
          { szColumnName: 'size', coltyp: JET_coltypLongLong },
          { szColumnName: 'mtimeMs', coltyp: JET_coltypIEEEDouble },
        ],
        rgindexcreate: [{ szIndexName: 'primary', szKey: '+id\0\0', grbit: JET_bitIndexPrimary }],
      });
      tableid = r.tableid;
      COLUMNS.forEach((c, i) => (col[c] = r.rgcolumnid[i] as JET_COLUMNID));
    }
    const cat = new EseCatalog(join(configurationDir, DB), api, inst, sesid, dbid, tableid, col);
    await cat.load();
    cat.newest = latestBySource(cat.list());
    return cat;
  }

  private async get(c: Col): Promise<Buffer> {
    let r = await this.api.JetRetrieveColumn(this.sesid, this.tableid, this.col[c], 8192, 0, null);
    if (r.cbActual > 8192) r = await this.api.JetRetrieveColumn(this.sesid, this.tableid, this.col[c], r.cbActual, 0, null);
    return r.pvData ?? Buffer.alloc(0);
  }

  private async load(): Promise<void> {
    try {
      await this.api.JetMove(this.sesid, this.tableid, JET_MoveFirst, 0);
    } catch (e) {
      if (isJetError(e, JET_errNoCurrentRecord)) return;
      throw e;
    }
    for (;;) {
      const r: VersionRecord = {
        id: (await this.get('id')).readInt32LE(0),
        sourcePath: (await this.get('sourcePath')).toString('utf16le'),
        storedPath: (await this.get('storedPath')).toString('utf16le'),
        versionTime: Number((await this.get('versionTime')).readBigInt64LE(0)),
        size: Number((await this.get('size')).readBigInt64LE(0)),
        mtimeMs: (await this.get('mtimeMs')).readDoubleLE(0),
      };
      this.rows.set(r.id, r);
      this.nextId = Math.max(this.nextId, r.id + 1);
      try {
        await this.api.JetMove(this.sesid, this.tableid, JET_MoveNext, 0);
      } catch (e) {
        if (isJetError(e, JET_errNoCurrentRecord)) return;
        throw e;
      }
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async transaction(body: () => Promise<void>): Promise<void> {
    const { api, sesid } = this;
    await api.JetBeginTransaction(sesid);
    try {
      await body();
    } catch (e) {
      await api.JetRollback(sesid, 0);
      throw e;
    }
    await api.JetCommitTransaction(sesid, 0); // durable: flushed to the log before returning
  }

  list(): readonly VersionRecord[] {
    return [...this.rows.values()];
  }

  latest(): ReadonlyMap<string, VersionRecord> {
    return this.newest;
  }

  add(records: readonly NewVersionRecord[]): Promise<readonly VersionRecord[]> {
    if (records.length === 0) return Promise.resolve([]);
    return this.serial(async () => {
      const out = records.map((r) => ({ ...r, id: this.nextId++ }));
      const { api, sesid, tableid, col } = this;
      await this.transaction(async () => {
        for (const r of out) {
          await api.JetPrepareUpdate(sesid, tableid, JET_prepInsert);
          const set = (c: Col, b: Buffer) => api.JetSetColumn(sesid, tableid, col[c], b, b.length, 0, null);
          await set('id', i32(r.id));
          await set('sourcePath', text(r.sourcePath));
          await set('storedPath', text(r.storedPath));
          await set('versionTime', i64(r.versionTime));
          await set('size', i64(r.size));
          await set('mtimeMs', f64(r.mtimeMs));
          await api.JetUpdate(sesid, tableid);
        }
      });
      for (const r of out) {
        this.rows.set(r.id, r);
        const cur = this.newest.get(r.sourcePath);
        if (!cur || r.versionTime > cur.versionTime || (r.versionTime === cur.versionTime && r.id > cur.id)) this.newest.set(r.sourcePath, r);
      }
      return out;
    });
  }

  remove(ids: readonly number[]): Promise<void> {
    const known = ids.filter((id) => this.rows.has(id));
    if (known.length === 0) return Promise.resolve();
    return this.serial(async () => {
      const { api, sesid, tableid } = this;
      await this.transaction(async () => {
        for (const id of known) {
          await api.JetMakeKey(sesid, tableid, i32(id), 4, JET_bitNewKey);
          await api.JetSeek(sesid, tableid, JET_bitSeekEQ);
          await api.JetDelete(sesid, tableid);
        }
      });
      let newestGone = false;
      for (const id of known) {
        const r = this.rows.get(id)!;
        if (this.newest.get(r.sourcePath)?.id === id) newestGone = true;
        this.rows.delete(id);
      }
      if (newestGone) this.newest = latestBySource(this.list());
    });
  }

  close(): Promise<void> {
    return this.serial(async () => {
      await this.api.JetCloseTable(this.sesid, this.tableid);
      await this.api.JetCloseDatabase(this.sesid, this.dbid, 0);
      await this.api.JetEndSession(this.sesid, 0);
      await this.api.JetTerm2(this.inst, JET_bitTermComplete);
    });
  }
}
