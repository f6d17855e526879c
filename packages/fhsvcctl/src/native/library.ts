// Loads fhsvcctl.dll (or a DLL with its exports) through koffi and binds the seven exports of
// declarations.ts. koffi keeps types in one process-wide registry, so the aliases are declared once.
import koffi from 'koffi';
import { PROTOTYPES, TYPEDEFS, type FhSvcCtlExport } from './declarations.js';

/** A bound export: call it directly, or with `.async(...args, callback)` on koffi's thread pool. */
export interface FhSvcCtlEntry {
  (...args: unknown[]): number;
  async(...args: unknown[]): void;
}

/** fhsvcctl.dll loaded, every export bound. */
export type FhSvcCtlLibrary = Readonly<Record<FhSvcCtlExport, FhSvcCtlEntry>>;

let declared = false;
function declareTypes(): void {
  if (declared) return;
  for (const [name, type] of TYPEDEFS) koffi.alias(name, type);
  declared = true;
}

/** Loads `path` and binds every export (a DLL that lacks one fails here, naming it). */
export function loadFhSvcCtlLibrary(path: string): FhSvcCtlLibrary {
  declareTypes();
  let lib: ReturnType<typeof koffi.load>;
  try {
    lib = koffi.load(path);
  } catch (e) {
    throw new Error(`@winbackup/fhsvcctl/native cannot load ${path} (File History needs client Windows 8 or later)`, { cause: e });
  }
  const bound: Partial<Record<FhSvcCtlExport, FhSvcCtlEntry>> = {};
  for (const [name, proto] of Object.entries(PROTOTYPES) as [FhSvcCtlExport, string][]) {
    try {
      bound[name] = lib.func(proto) as unknown as FhSvcCtlEntry;
    } catch (e) {
      throw new Error(`${path} does not export ${name}`, { cause: e });
    }
  }
  return bound as FhSvcCtlLibrary;
}
