// The File History conformance suite: tests that describe what fhsvcctl.dll and the FhConfigMgr
// class do (return codes, handles, blocks, configuration rules), written only against the facade
// and run against one target. `npm test` runs it against the reference; `npm run conformance --
// --native` (FH_CONFORMANCE=native) runs it on Windows, and says which parts it could not run.
import { expect, it as vitestIt } from 'vitest';
import { configReadOnlyConformance, configurationConformance } from './config.js';
import { KNOWN_DIFFERENCES } from './differences.js';
import { serviceConformance } from './service.js';
import { conformanceIt, nativeTarget, referenceTarget, type ConformanceIt, type SuitePart } from './target.js';

const target = process.env.FH_CONFORMANCE === 'native' ? await nativeTarget() : referenceTarget;
const names = new Set<string>();
const part = (p: SuitePart): ConformanceIt => {
  const base = conformanceIt(target, p);
  return (name, fn) => {
    names.add(name);
    base(name, fn);
  };
};

serviceConformance(target, part('service'));
configReadOnlyConformance(target, part('configReadOnly'));
configurationConformance(target, part('configuration'));

vitestIt('every known difference names a test of the suite', () => {
  const keys = Object.values(KNOWN_DIFFERENCES).flatMap((d) => Object.keys(d));
  expect(keys.filter((k) => !names.has(k))).toEqual([]);
});
