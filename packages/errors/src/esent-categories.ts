// JET_ERRCAT: the ESE error-category hierarchy (spec: esent/JET_ERRCAT.md).
//   Error > Operation > Fatal | IO | Resource > Memory | Quota | Disk
//         > Data > Corruption | Inconsistent | Fragmentation
//         > Api > Usage | State
import type { JetErrorCategoryName } from './table-types.js';

export const JET_errcatUnknown = 0;
export const JET_errcatError = 1;
export const JET_errcatOperation = 2;
export const JET_errcatFatal = 3;
export const JET_errcatIO = 4;
export const JET_errcatResource = 5;
export const JET_errcatMemory = 6;
export const JET_errcatQuota = 7;
export const JET_errcatDisk = 8;
export const JET_errcatData = 9;
export const JET_errcatCorruption = 10;
export const JET_errcatInconsistent = 11;
export const JET_errcatFragmentation = 12;
export const JET_errcatApi = 13;
export const JET_errcatUsage = 14;
export const JET_errcatState = 15;
export const JET_errcatObsolete = 16;
export const JET_errcatMax = 17;

/** Index = JET_errcat value. */
const NAMES: readonly JetErrorCategoryName[] = [
  'Unknown', 'Error', 'Operation', 'Fatal', 'IO', 'Resource', 'Memory', 'Quota', 'Disk',
  'Data', 'Corruption', 'Inconsistent', 'Fragmentation', 'Api', 'Usage', 'State', 'Obsolete',
];

/** Parent of each category; Error is the root, Unknown and Obsolete hang off no branch. */
const PARENT: Readonly<Record<JetErrorCategoryName, JetErrorCategoryName | null>> = {
  Unknown: null,
  Error: null,
  Operation: 'Error',
  Fatal: 'Operation',
  IO: 'Operation',
  Resource: 'Operation',
  Memory: 'Resource',
  Quota: 'Resource',
  Disk: 'Resource',
  Data: 'Error',
  Corruption: 'Data',
  Inconsistent: 'Data',
  Fragmentation: 'Data',
  Api: 'Error',
  Usage: 'Api',
  State: 'Api',
  Obsolete: null,
};

/** The category name of a JET_ERRCAT value (`JET_errcatIO` = 4 -> `IO`); undefined for an unknown value. */
export function jetErrorCategoryName(errcat: number): JetErrorCategoryName | undefined {
  return Number.isInteger(errcat) ? NAMES[errcat] : undefined;
}

/** The JET_ERRCAT value of a category name (`IO` -> 4). */
export function jetErrorCategoryValue(name: JetErrorCategoryName): number {
  return NAMES.indexOf(name);
}

/** The chain from a category up to the root, itself first: `IO` -> IO, Operation, Error. */
export function jetErrorCategoryPath(name: JetErrorCategoryName): JetErrorCategoryName[] {
  const path: JetErrorCategoryName[] = [];
  for (let c: JetErrorCategoryName | null = name; c !== null; c = PARENT[c]) path.push(c);
  return path;
}

/** True when `name` is `ancestor` or lies below it in the hierarchy. */
export function isJetErrorCategoryWithin(name: JetErrorCategoryName, ancestor: JetErrorCategoryName): boolean {
  return jetErrorCategoryPath(name).includes(ancestor);
}
