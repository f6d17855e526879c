// FH_SERVICE_PIPE_HANDLE: DECLARE_HANDLE in FhSvcCtl.h, so an opaque pointer-sized value.
// SEMANTICS.md §1: modelled as a branded object that only the implementation can mint.
declare const pipeBrand: unique symbol;

/** A communication channel to the File History service, from FhServiceOpenPipe. */
export type FH_SERVICE_PIPE_HANDLE = { readonly [pipeBrand]: 'FH_SERVICE_PIPE_HANDLE' };
