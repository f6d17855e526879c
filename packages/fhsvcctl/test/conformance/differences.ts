// Where the reference File History and Windows are known to differ, or where a test cannot run
// against the real service, in one place with the reason. The suite reports these tests as not run
// for that target (never silently): `npm run conformance` prints them.

/** Reasons a test of the suite does not run against a target, by test name. */
export const KNOWN_DIFFERENCES: Record<'reference' | 'native', Readonly<Record<string, string>>> = {
  reference: {},
  native: {
    'FhServiceOpenPipe(FALSE) fails while the service is stopped; TRUE starts it':
      'stopping fhsvc needs an administrator and stops File History for every user of the machine; the suite does not do that to a real machine',
  },
};
