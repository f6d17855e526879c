// IVssExamineWriterMetadata, IVssWMComponent and IVssWMFiledesc over the COM objects
// GetWriterMetadata hands out. Every interface obtained here belongs to the requester object
// (`owner`), which releases them all on its own Release.
import koffi from 'koffi';
import { S_FALSE } from '@winbackup/errors';
import type {
  IVssExamineWriterMetadata,
  IVssWMComponent,
  IVssWMFiledesc,
  VSS_COMPONENTINFO,
  VssFileCounts,
  VssRestoreMethod,
  VssWriterIdentity,
} from '../api/IVssExamineWriterMetadata.js';
import { requireIndex } from '../validate/args.js';
import { ComPtr, readPtr } from './com.js';
import { guidString } from './guid.js';
import type { VssLibrary } from './library.js';
import { out32, outGuid, outPtr, readWz, takeBstr } from './marshal.js';
import type { VssInterfaceName } from './generated/vtables.js';

/** Holds every interface a requester obtained, to release them with it. */
export class ComOwner {
  readonly #held = new Set<ComPtr>();

  constructor(readonly lib: VssLibrary) {}

  /** Wraps the interface an out-parameter received and keeps it for releaseAll. */
  adopt(iface: VssInterfaceName, out: Buffer): ComPtr {
    const p = new ComPtr(iface, readPtr(out));
    this.#held.add(p);
    return p;
  }

  releaseAll(): void {
    for (const p of this.#held) p.release();
    this.#held.clear();
  }
}

class NativeWMFiledesc implements IVssWMFiledesc {
  constructor(
    private readonly com: ComPtr,
    private readonly owner: ComOwner,
  ) {}

  #bstr(method: string): string | null {
    const out = outPtr();
    this.com.check(method, out);
    return takeBstr(this.owner.lib, out);
  }
  async GetPath(): Promise<string> {
    return this.#bstr('GetPath') ?? '';
  }
  async GetFilespec(): Promise<string> {
    return this.#bstr('GetFilespec') ?? '';
  }
  async GetRecursive(): Promise<boolean> {
    const out = Buffer.alloc(1);
    this.com.check('GetRecursive', out);
    return out[0] !== 0;
  }
  async GetAlternateLocation(): Promise<string | null> {
    return this.#bstr('GetAlternateLocation');
  }
  async GetBackupTypeMask(): Promise<number> {
    const out = out32();
    this.com.check('GetBackupTypeMask', out);
    return out.readUInt32LE(0);
  }
}

/** Calls a Get*File(index, &ppFiledesc) method and wraps the result. */
function filedesc(com: ComPtr, owner: ComOwner, method: string, i: unknown, what: string): IVssWMFiledesc {
  const index = requireIndex(i, what);
  const out = outPtr();
  com.check(method, index >>> 0, out);
  return new NativeWMFiledesc(owner.adopt('IVssWMFiledesc', out), owner);
}

interface RawComponentInfo {
  type: number;
  bstrLogicalPath: unknown;
  bstrComponentName: unknown;
  bstrCaption: unknown;
  pbIcon: unknown;
  cbIcon: number;
  bRestoreMetadata: number;
  bNotifyOnBackupComplete: number;
  bSelectable: number;
  bSelectableForRestore: number;
  dwComponentFlags: number;
  cFileCount: number;
  cDatabases: number;
  cLogFiles: number;
  cDependencies: number;
}

class NativeWMComponent implements IVssWMComponent {
  constructor(
    private readonly com: ComPtr,
    private readonly owner: ComOwner,
  ) {}

  async GetComponentInfo(): Promise<VSS_COMPONENTINFO> {
    const out = outPtr();
    this.com.check('GetComponentInfo', out);
    const p = readPtr(out);
    try {
      const r = koffi.decode(p, 'VSS_COMPONENTINFO') as RawComponentInfo;
      const icon = r.cbIcon > 0 && r.pbIcon ? Uint8Array.from(koffi.decode(r.pbIcon, 'uint8_t', r.cbIcon) as number[]) : null;
      return {
        type: r.type as VSS_COMPONENTINFO['type'],
        bstrLogicalPath: readWz(r.bstrLogicalPath),
        bstrComponentName: readWz(r.bstrComponentName) ?? '',
        bstrCaption: readWz(r.bstrCaption),
        pbIcon: icon,
        cbIcon: r.cbIcon,
        bRestoreMetadata: r.bRestoreMetadata !== 0,
        bNotifyOnBackupComplete: r.bNotifyOnBackupComplete !== 0,
        bSelectable: r.bSelectable !== 0,
        bSelectableForRestore: r.bSelectableForRestore !== 0,
        dwComponentFlags: r.dwComponentFlags,
        cFileCount: r.cFileCount,
        cDatabases: r.cDatabases,
        cLogFiles: r.cLogFiles,
        cDependencies: r.cDependencies,
      };
    } finally {
      // the writer metadata owns the structure and its BSTRs; FreeComponentInfo gives them back
      this.com.check('FreeComponentInfo', p);
    }
  }
  async GetFile(iFile: number): Promise<IVssWMFiledesc> {
    return filedesc(this.com, this.owner, 'GetFile', iFile, 'IVssWMComponent::GetFile');
  }
  async GetDatabaseFile(iDBFile: number): Promise<IVssWMFiledesc> {
    return filedesc(this.com, this.owner, 'GetDatabaseFile', iDBFile, 'IVssWMComponent::GetDatabaseFile');
  }
  async GetDatabaseLogFile(iDbLogFile: number): Promise<IVssWMFiledesc> {
    return filedesc(this.com, this.owner, 'GetDatabaseLogFile', iDbLogFile, 'IVssWMComponent::GetDatabaseLogFile');
  }
}

export class NativeExamineWriterMetadata implements IVssExamineWriterMetadata {
  constructor(
    private readonly com: ComPtr,
    private readonly owner: ComOwner,
  ) {}

  async GetIdentity(): Promise<VssWriterIdentity> {
    const inst = outGuid();
    const wid = outGuid();
    const name = outPtr();
    const usage = out32();
    const source = out32();
    this.com.check('GetIdentity', inst, wid, name, usage, source);
    return {
      pidInstance: guidString(inst),
      pidWriter: guidString(wid),
      pbstrWriterName: takeBstr(this.owner.lib, name) ?? '',
      pUsage: usage.readInt32LE(0) as VssWriterIdentity['pUsage'],
      pSource: source.readInt32LE(0) as VssWriterIdentity['pSource'],
    };
  }
  async GetFileCounts(): Promise<VssFileCounts> {
    const [a, b, c] = [out32(), out32(), out32()];
    this.com.check('GetFileCounts', a, b, c);
    return { pcIncludeFiles: a.readUInt32LE(0), pcExcludeFiles: b.readUInt32LE(0), pcComponents: c.readUInt32LE(0) };
  }
  async GetIncludeFile(iFile: number): Promise<IVssWMFiledesc> {
    return filedesc(this.com, this.owner, 'GetIncludeFile', iFile, 'IVssExamineWriterMetadata::GetIncludeFile');
  }
  async GetExcludeFile(iFile: number): Promise<IVssWMFiledesc> {
    return filedesc(this.com, this.owner, 'GetExcludeFile', iFile, 'IVssExamineWriterMetadata::GetExcludeFile');
  }
  async GetComponent(iComponent: number): Promise<IVssWMComponent> {
    const i = requireIndex(iComponent, 'IVssExamineWriterMetadata::GetComponent');
    const out = outPtr();
    this.com.check('GetComponent', i >>> 0, out);
    return new NativeWMComponent(this.owner.adopt('IVssWMComponent', out), this.owner);
  }
  async GetRestoreMethod(): Promise<VssRestoreMethod | null> {
    const method = out32();
    const service = outPtr();
    const proc = outPtr();
    const restore = out32();
    const reboot = Buffer.alloc(1);
    const mappings = out32();
    const hr = this.com.check('GetRestoreMethod', method, service, proc, restore, reboot, mappings);
    const pbstrService = takeBstr(this.owner.lib, service);
    const pbstrUserProcedure = takeBstr(this.owner.lib, proc);
    // S_FALSE: the writer declared no restore method (the reference returns null)
    if (hr === S_FALSE) return null;
    return {
      pMethod: method.readInt32LE(0) as VssRestoreMethod['pMethod'],
      pbstrService,
      pbstrUserProcedure,
      pwriterRestore: restore.readInt32LE(0) as VssRestoreMethod['pwriterRestore'],
      pbRebootRequired: reboot[0] !== 0,
      pcMappings: mappings.readUInt32LE(0),
    };
  }
  async GetBackupSchema(): Promise<number> {
    const out = out32();
    this.com.check('GetBackupSchema', out);
    return out.readUInt32LE(0);
  }
  async SaveAsXML(): Promise<string> {
    const out = outPtr();
    this.com.check('SaveAsXML', out);
    return takeBstr(this.owner.lib, out) ?? '';
  }
}

