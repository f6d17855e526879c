// @winbackup/vsbackup/native: the VSS requester over the real vssapi.dll (koffi). Only this entry loads koffi.
export { createNativeVss, type NativeVssOptions } from './createNativeVss.js';
export type { NativeVss } from './NativeVss.js';
