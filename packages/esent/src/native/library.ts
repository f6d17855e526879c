// Loads esent.dll (or a DLL with its exports) through koffi and binds every entry point from the
// generated declarations (generated/esentDeclarations.ts: koffi lays out the structs from the
// fields of esent.h). koffi keeps types in one process-wide registry, so they are declared once.
import koffi from 'koffi';
import { JET_PFNSTATUS, PROTOTYPES, STRUCTS, TYPEDEFS } from './generated/esentDeclarations.js';

/** A bound entry point: call it directly, or with `.async(...args, callback)` on koffi's thread pool. */
export interface EntryPoint {
  (...args: unknown[]): number;
  async(...args: unknown[]): void;
}

/** esent.dll loaded; entry points are bound on first use. */
export interface EsentLibrary {
  readonly path: string;
  /**
   * The entry point `name` (an export of PROTOTYPES). Throws when the DLL lacks it: older
   * esent.dll versions lack the newer calls (JetStopServiceInstance2 came with Windows 8), and
   * that must fail the call that needs it, not the whole binding.
   */
  entry(name: string): EntryPoint;
}

let declared = false;
function declareTypes(): void {
  if (declared) return;
  for (const [name, type] of TYPEDEFS) koffi.alias(name, type);
  for (const [name, fields] of STRUCTS) koffi.struct(name, Object.fromEntries(fields));
  koffi.proto(JET_PFNSTATUS);
  declared = true;
}

export function loadEsentLibrary(path: string): EsentLibrary {
  declareTypes();
  const lib = koffi.load(path);
  const bound = new Map<string, EntryPoint>();
  return {
    path,
    entry(name) {
      let f = bound.get(name);
      if (f) return f;
      const proto = PROTOTYPES[name];
      if (!proto) throw new Error(`no declaration for ${name}`);
      try {
        f = lib.func(proto) as unknown as EntryPoint;
      } catch (e) {
        throw new Error(`${path} does not export ${name} (an older esent.dll?)`, { cause: e });
      }
      bound.set(name, f);
      return f;
    },
  };
}

export { koffi };
