// @winbackup/fhsvcctl: the File History API (fhsvcctl.h, fhcfg.h) and its reference implementation.
export * from './api/index.js';
export * from './reference/index.js';
