// @winbackup/esent: the typed esent.dll facade and its reference engine.
export * from './api/index.js';
export { createReferenceEsent, type ReferenceEsentOptions } from './reference/createReferenceEsent.js';
