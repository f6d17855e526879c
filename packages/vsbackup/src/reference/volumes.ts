// The "machine's" volumes: names ending in `\` (drive letters, mounted folders) mapped to local
// directories, each with a stable `\\?\Volume{GUID}\` name as Windows reports in
// m_pwszOriginalVolumeName. spec: vss/IVssBackupComponents-AddToSnapshotSet.md
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export interface VolumeEntry {
  /** As configured, e.g. `C:\`. */
  readonly name: string;
  /** `\\?\Volume{...}\`. */
  readonly guidName: string;
  readonly dir: string;
}

export class VolumeTable {
  readonly #byKey = new Map<string, VolumeEntry>();
  readonly entries: readonly VolumeEntry[];

  constructor(volumes: Readonly<Record<string, string>>) {
    if (typeof volumes !== 'object' || volumes === null) throw new TypeError('volumes must be an object of name -> directory');
    const list: VolumeEntry[] = [];
    for (const [name, dir] of Object.entries(volumes)) {
      if (typeof dir !== 'string' || dir.length === 0) throw new TypeError(`volume ${name}: directory must be a non-empty string`);
      if (!name.endsWith('\\')) throw new TypeError(`volume name ${JSON.stringify(name)} must end in a backslash`);
      const h = createHash('sha1').update(name.toLowerCase()).digest('hex');
      const guid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
      const entry: VolumeEntry = { name, guidName: `\\\\?\\Volume{${guid}}\\`, dir: resolve(dir) };
      list.push(entry);
      this.#byKey.set(name.toLowerCase(), entry);
      this.#byKey.set(entry.guidName.toLowerCase(), entry);
    }
    this.entries = list;
  }

  lookup(name: string): VolumeEntry | undefined {
    return this.#byKey.get(name.toLowerCase());
  }

  /** The volume whose name is the longest prefix of a Windows path, and the rest of the path. */
  split(path: string): { volume: VolumeEntry; rest: string } | undefined {
    const lower = path.toLowerCase();
    let best: VolumeEntry | undefined;
    let bestLen = -1;
    for (const [key, v] of this.#byKey) {
      if (lower.startsWith(key) && key.length > bestLen) {
        best = v;
        bestLen = key.length;
      }
    }
    return best ? { volume: best, rest: path.slice(bestLen) } : undefined;
  }
}

/** Why a volume's folder is not there (the stat error, or ENOTDIR for a file), or undefined when it is. */
export function missingFolder(dir: string): Error | undefined {
  try {
    if (statSync(dir).isDirectory()) return undefined;
    return Object.assign(new Error(`ENOTDIR: not a directory, stat '${dir}'`), { code: 'ENOTDIR', syscall: 'stat', path: dir });
  } catch (e) {
    return e as Error;
  }
}
