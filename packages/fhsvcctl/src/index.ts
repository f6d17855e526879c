// @winbackup/fhsvcctl: the File History API (fhsvcctl.h, fhcfg.h) and its reference implementation.
export * from './api/index.js';
export * from './reference/index.js';

// The Node layer: one backup cycle as an awaitable call with progress and an AbortSignal.
export { runBackupCycle, type FhCycleHost, type FhCycleProgress, type RunBackupCycleOptions } from './cycle/runBackupCycle.js';
