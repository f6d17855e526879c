export * from './handles.js';
export * from './constants.js';
export type * from './structs.js';
export type { EsentApi } from './EsentApi.js';
export * from './backup.js';
export * from './backupConstants.js';
