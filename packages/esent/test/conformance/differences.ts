// Where the reference and esent.dll are known to differ, or where a test cannot run against the
// real DLL, in one place with the reason. The suite reports these tests as not run for that
// target (never silently): `npm run conformance` prints them.

/** Reasons a test of the suite does not run against esent.dll. */
/** esent.dll opens an attached database with share mode 0 (osfs.cxx DwShareModeFromFileModeFlags, "Mode A": exclusive). */
const DATABASE_OPEN_EXCLUSIVE =
  'reads or writes the attached database file beside the engine; esent.dll opens a database it has attached with share mode 0 (osfs.cxx DwShareModeFromFileModeFlags, "Mode A", exclusive), so no other open of the file succeeds while the instance runs (the reference does not lock its database files against the process itself)';
const NEEDS_FRESH_PROCESS =
  'needs an esent.dll that no test has used yet: the instance mode (one- or multi-instance), global parameters and running instances belong to the process, while each createReferenceEsent() is a fresh engine';

export const KNOWN_DIFFERENCES: Record<'reference' | 'native', Readonly<Record<string, string>>> = {
  reference: {},
  native: {
    // leaves the legacy instance of JetInit(null) running: the process stays in one-instance mode
    'rejects wrong JS types with TypeError before any state change': NEEDS_FRESH_PROCESS,
    'multi-instance mode rejects the legacy one-instance calls and vice versa': NEEDS_FRESH_PROCESS,
    // sets the global JET_paramMaxInstances and leaves its instances running
    'names are unique, the count is bounded by JET_paramMaxInstances': NEEDS_FRESH_PROCESS,
    'JetEnableMultiInstance sets global defaults once': NEEDS_FRESH_PROCESS,
    // reads the reference's in-memory database header to predict the handle and the stream size
    'a database opens as handle 0; size = (data pages + 2 header pages + 1 trailer page) x page size': 'checks the reference engine\'s own handle numbering and stream layout (esent.dll\'s handle is opaque; its stream size is its own)',
    // one-instance mode (JetInit(NULL)) cannot start once other tests used multi-instance mode
    'InvalidParameter before any instance mode is set': NEEDS_FRESH_PROCESS,
    'stops the backup of the one instance (JetInit(NULL))': NEEDS_FRESH_PROCESS,
    'RunningInOneInstanceMode in one-instance mode': NEEDS_FRESH_PROCESS,
    // sets the global JET_paramDatabasePageSize, which esent.dll refuses once an instance ran in the process
    'another instance cannot attach the same file; page size must match': NEEDS_FRESH_PROCESS,
    // expects NotInitialized from an EsentApi with no instance running: the suite's instance runs in the same esent.dll
    'Prepare: InvalidGrbit for a bad grbit; NotInitialized with no instance running; a second Prepare opens a second session (io.cxx)': NEEDS_FRESH_PROCESS,
    // compares the running instance's database file before and after the restore
    'full backup restores every committed record; the source database is untouched by the restore': DATABASE_OPEN_EXCLUSIVE,
    // damages a page of the attached database in place
    'ReadVerifyFailure on a bad database page closes that handle; the backup goes on': DATABASE_OPEN_EXCLUSIVE,
  },
};

/**
 * Where results differ between the reference and esent.dll (the API is the same; esent.dll or the
 * binding reports these things differently). Documented here, not tests.
 */
export const BINDING_DIFFERENCES: readonly { readonly fn: string; readonly difference: string }[] = [
  { fn: 'JetCreateIndex', difference: 'the API counts cbKey in characters; JetCreateIndexW takes bytes (spec: JetCreateIndex.md): the binding passes bytes, and a cbKey that covers the key also covers the double NUL the engine requires (jetapi.cxx), which the API lets callers leave out' },
  { fn: 'JetGetSystemParameter', difference: 'esent.dll writes the string of a string parameter and the number of a numeric one: szParam is null when no string was written (an empty string parameter reads as null), plParam is what the DLL left' },
  { fn: 'JetGetCurrentIndex', difference: "esent.dll's empty name for the sequential index of a table without a primary index reads as null" },
  { fn: 'JET_PFNSTATUS', difference: 'an error a status callback returns carries the API name as context (the reference adds ": status callback")' },
  { fn: 'createNativeEsent()', difference: 'one esent.dll per process: every createNativeEsent() shares its instances, mode and global parameters (each createReferenceEsent() is a fresh engine)' },
];
