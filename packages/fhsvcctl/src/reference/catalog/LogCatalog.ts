// Interim catalog (see README/report): an append-only journal of CRC-checked lines, fsync'd on every
// add/remove. A torn tail left by a crash fails its CRC and is cut off on open, so the catalog is
// always a prefix of what was committed. Same logical model as Catalog1.edb's `file` table.
import { closeSync, constants, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { hresultError, FHSVC_E_FATAL_CONFIG_ERROR } from '@winbackup/errors';
import { fsyncDirSync, writeFileAtomicSync } from '../util/durable.js';
import { dirname } from 'node:path';
import type { NewVersionRecord, VersionCatalog, VersionRecord } from './VersionCatalog.js';

type Entry = { op: 'add'; r: VersionRecord } | { op: 'del'; ids: number[] };

function line(e: Entry): string {
  const json = JSON.stringify(e);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

function isRecord(v: unknown): v is VersionRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.id === 'number' && typeof r.sourcePath === 'string' && typeof r.storedPath === 'string' &&
    typeof r.versionTime === 'number' && typeof r.size === 'number' && typeof r.mtimeMs === 'number'
  );
}

export class LogCatalog implements VersionCatalog {
  private readonly rows = new Map<number, VersionRecord>();
  private nextId = 1;
  private fd: number;
  private dead = 0;

  private constructor(readonly path: string) {
    const created = !existsSync(path);
    this.fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, 0o644);
    if (created) fsyncDirSync(dirname(path));
    this.replay();
  }

  static open(path: string): LogCatalog {
    return new LogCatalog(path);
  }

  private replay(): void {
    const buf = readFileSync(this.path);
    let good = 0;
    let pos = 0;
    while (pos < buf.length) {
      const nl = buf.indexOf(0x0a, pos);
      if (nl < 0) break;
      const ln = buf.toString('utf8', pos, nl);
      const json = ln.slice(9);
      if (ln[8] !== ' ' || !/^[0-9a-f]{8}$/.test(ln.slice(0, 8)) || parseInt(ln.slice(0, 8), 16) !== crc32(json)) break;
      let e: Entry;
      try {
        e = JSON.parse(json) as Entry;
      } catch {
        break;
      }
      if (e.op === 'add' && isRecord(e.r)) {
        this.rows.set(e.r.id, e.r);
        this.nextId = Math.max(this.nextId, e.r.id + 1);
      } else if (e.op === 'del' && Array.isArray(e.ids)) {
        for (const id of e.ids) if (this.rows.delete(id)) this.dead++;
      } else {
        throw hresultError(FHSVC_E_FATAL_CONFIG_ERROR, { context: `catalog ${this.path}: unknown entry` });
      }
      pos = nl + 1;
      good = pos;
    }
    // A crash mid-append leaves a torn last line: cut it so later appends start on a clean line.
    if (fstatSync(this.fd).size !== good) {
      ftruncateSync(this.fd, good);
      fsyncSync(this.fd);
    }
    if (this.dead > 1000 && this.dead > this.rows.size) this.compact();
  }

  private compact(): void {
    const body = [...this.rows.values()].map((r) => line({ op: 'add', r })).join('');
    closeSync(this.fd);
    writeFileAtomicSync(this.path, body);
    this.fd = openSync(this.path, constants.O_RDWR | constants.O_APPEND);
    this.dead = 0;
  }

  list(): readonly VersionRecord[] {
    return [...this.rows.values()];
  }

  private append(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    fsyncSync(this.fd);
  }

  add(records: readonly NewVersionRecord[]): Promise<readonly VersionRecord[]> {
    if (records.length === 0) return Promise.resolve([]);
    const out = records.map((r) => ({ ...r, id: this.nextId++ }));
    this.append(out.map((r) => line({ op: 'add', r })).join(''));
    for (const r of out) this.rows.set(r.id, r);
    return Promise.resolve(out);
  }

  remove(ids: readonly number[]): Promise<void> {
    const known = ids.filter((id) => this.rows.has(id));
    if (known.length === 0) return Promise.resolve();
    this.append(line({ op: 'del', ids: known }));
    for (const id of known) this.rows.delete(id);
    this.dead += known.length;
    return Promise.resolve();
  }

  close(): Promise<void> {
    closeSync(this.fd);
    return Promise.resolve();
  }
}
