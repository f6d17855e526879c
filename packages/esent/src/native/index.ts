// @winbackup/esent/native: EsentApi over the real esent.dll (koffi). Only this entry loads koffi.
export { createNativeEsent, type NativeEsentOptions } from './createNativeEsent.js';
export { ENTRY_POINTS } from './generated/esentDeclarations.js';
