// The VSS conformance suite: tests that describe what VSS does for a requester (sequence, return
// codes, state rules, IVssAsync, snapshot contents), written only against the facade and run
// against one target. `npm test` runs it against the reference VSS; `npm run conformance --
// --native` (VSS_CONFORMANCE=native, elevated shell on Windows) runs it against vssapi.dll.
import { expect, it as vitestIt } from 'vitest';
import { abortConformance } from './abort.js';
import { argumentConformance } from './arguments.js';
import { asyncConformance } from './async.js';
import { badStateConformance } from './badState.js';
import { KNOWN_DIFFERENCES } from './differences.js';
import { metadataConformance } from './metadata.js';
import { sequenceConformance } from './sequence.js';
import { conformanceIt, nativeTarget, referenceTarget, type ConformanceIt } from './target.js';

const target = process.env.VSS_CONFORMANCE === 'native' ? await nativeTarget() : referenceTarget;
const names = new Set<string>();
const base = conformanceIt(target);
const it: ConformanceIt = (name, fn) => {
  names.add(name);
  base(name, fn);
};

sequenceConformance(target, it);
badStateConformance(target, it);
argumentConformance(target, it);
asyncConformance(target, it);
metadataConformance(target, it);
abortConformance(target, it);

vitestIt('every known difference names a test of the suite', () => {
  const keys = Object.values(KNOWN_DIFFERENCES).flatMap((d) => Object.keys(d));
  expect(keys.filter((k) => !names.has(k))).toEqual([]);
});
