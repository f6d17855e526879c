// The snapshot store: one directory per committed snapshot (HarddiskVolumeShadowCopyN) and a
// catalog written atomically (temp file, fsync, rename, fsync of the directory). Persistent
// snapshots survive a new coordinator on the same store; anything else found at start-up is what a
// reboot leaves of non-persistent snapshots and is removed, as Windows does.
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  promises as fsp,
} from 'node:fs';
import { join } from 'node:path';
import type { VSS_SNAPSHOT_PROP } from '../api/structs.js';
import { removeTree } from './tree-copy.js';

export const DEVICE_PREFIX = '\\\\?\\GLOBALROOT\\Device\\';
export const DEVICE_BASENAME = 'HarddiskVolumeShadowCopy';
const CATALOG = 'catalog.json';
const TMP_PREFIX = '.tmp-';

export interface StoredSnapshot {
  readonly prop: VSS_SNAPSHOT_PROP;
  /** Directory name under the store (HarddiskVolumeShadowCopyN). */
  readonly dirName: string;
  /** The lContext the set was created in. */
  readonly context: number;
}

interface CatalogFile {
  readonly version: 1;
  readonly nextDeviceNumber: number;
  readonly snapshots: readonly (Omit<VSS_SNAPSHOT_PROP, 'm_tsCreationTimestamp'> & {
    m_tsCreationTimestamp: string;
    dirName: string;
    context: number;
  })[];
}

export class SnapshotStore {
  readonly root: string;
  #nextDevice = 1;
  readonly #snapshots = new Map<string, StoredSnapshot>();

  constructor(root: string) {
    this.root = root;
    mkdirSync(root, { recursive: true });
    let catalog: CatalogFile | null = null;
    try {
      catalog = JSON.parse(readFileSync(join(root, CATALOG), 'utf8')) as CatalogFile;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (catalog) {
      this.#nextDevice = catalog.nextDeviceNumber;
      for (const s of catalog.snapshots) {
        const { dirName, context, ...rest } = s;
        // only persistent snapshots outlive the coordinator (SEMANTICS.md §5)
        if ((rest.m_lSnapshotAttributes & 0x1) === 0) continue;
        this.#snapshots.set(rest.m_SnapshotId, {
          prop: { ...rest, m_tsCreationTimestamp: BigInt(rest.m_tsCreationTimestamp) },
          dirName,
          context,
        });
      }
    }
    const keep = new Set([...this.#snapshots.values()].map((s) => s.dirName));
    keep.add(CATALOG);
    for (const name of readdirSync(root)) {
      if (keep.has(name)) continue;
      if (name.startsWith(DEVICE_BASENAME) || name.startsWith(TMP_PREFIX) || name.startsWith(CATALOG)) {
        removeTreeSync(join(root, name));
      }
    }
    if (catalog && catalog.snapshots.length !== this.#snapshots.size) this.#writeCatalogSync();
  }

  /** A fresh directory for an uncommitted snapshot. */
  tempDirPath(): string {
    return join(this.root, `${TMP_PREFIX}${randomUUID()}`);
  }

  allocateDeviceNumber(): number {
    return this.#nextDevice++;
  }

  deviceObject(n: number): string {
    return `${DEVICE_PREFIX}${DEVICE_BASENAME}${n}`;
  }

  /** Renames the temp copies to their device directories and records them, all or nothing in the catalog. */
  async commit(entries: readonly { tempDir: string; snapshot: StoredSnapshot }[]): Promise<void> {
    for (const e of entries) await fsp.rename(e.tempDir, join(this.root, e.snapshot.dirName));
    for (const e of entries) this.#snapshots.set(e.snapshot.prop.m_SnapshotId, e.snapshot);
    await this.#writeCatalog();
  }

  get(id: string): StoredSnapshot | undefined {
    return this.#snapshots.get(id);
  }

  list(): StoredSnapshot[] {
    return [...this.#snapshots.values()];
  }

  async delete(id: string): Promise<boolean> {
    const s = this.#snapshots.get(id);
    if (!s) return false;
    this.#snapshots.delete(id);
    await this.#writeCatalog();
    await removeTree(join(this.root, s.dirName));
    return true;
  }

  /** Local directory of a device object name (`\\?\GLOBALROOT\Device\HarddiskVolumeShadowCopyN`), if committed. */
  dirOfDevice(device: string): string | undefined {
    for (const s of this.#snapshots.values()) {
      if (s.prop.m_pwszSnapshotDeviceObject.toLowerCase() === device.toLowerCase()) return join(this.root, s.dirName);
    }
    return undefined;
  }

  #catalogText(): string {
    const file: CatalogFile = {
      version: 1,
      nextDeviceNumber: this.#nextDevice,
      snapshots: [...this.#snapshots.values()].map((s) => ({
        ...s.prop,
        m_tsCreationTimestamp: s.prop.m_tsCreationTimestamp.toString(),
        dirName: s.dirName,
        context: s.context,
      })),
    };
    return JSON.stringify(file, null, 1);
  }

  async #writeCatalog(): Promise<void> {
    const tmp = join(this.root, `${CATALOG}.${randomUUID()}`);
    const fh = await fsp.open(tmp, 'w');
    try {
      await fh.writeFile(this.#catalogText());
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, join(this.root, CATALOG));
    const dh = await fsp.open(this.root, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  }

  #writeCatalogSync(): void {
    const tmp = join(this.root, `${CATALOG}.${randomUUID()}`);
    writeFileSync(tmp, this.#catalogText());
    const fd = openSync(tmp, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, join(this.root, CATALOG));
  }
}

function removeTreeSync(p: string): void {
  // directories get their write bit back first (needed when not running as root)
  const walk = (d: string): void => {
    try {
      chmodSync(d, 0o700);
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    } catch {
      // a plain file, or already gone
    }
  };
  walk(p);
  rmSync(p, { recursive: true, force: true });
}
