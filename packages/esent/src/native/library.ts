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

/** esent.dll loaded: its entry points by export name. */
export interface EsentLibrary {
  readonly path: string;
  readonly fn: Readonly<Record<string, EntryPoint>>;
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
  const fn: Record<string, EntryPoint> = {};
  for (const [name, proto] of Object.entries(PROTOTYPES)) fn[name] = lib.func(proto) as unknown as EntryPoint;
  return { path, fn };
}

export { koffi };
