// The conformance suite: tests that describe what esent.dll does (return codes, state rules,
// round trips), run against one EsentApi target. `npm test` runs it against the reference engine;
// `npm run conformance -- --native` (ESENT_CONFORMANCE=native) runs it against esent.dll.
import { codeConformance } from './codes.js';
import { instanceConformance } from './instances.js';
import { stopBackupConformance } from './stopBackup.js';
import { conformanceIt, nativeTarget, referenceTarget } from './target.js';

const target = process.env.ESENT_CONFORMANCE === 'native' ? await nativeTarget() : referenceTarget;
const it = conformanceIt(target);

instanceConformance(target, it);
codeConformance(target, it);
stopBackupConformance(target, it);
