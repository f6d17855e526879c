// The conformance suite: tests that describe what esent.dll does (return codes, state rules,
// round trips), run against one EsentApi target. `npm test` runs it against the reference engine;
// `npm run conformance -- --native` (ESENT_CONFORMANCE=native) runs it against esent.dll.
import { expect, it as vitestIt } from 'vitest';
import { codeConformance } from './codes.js';
import { backupInstanceConformance } from './JetBackupInstance.js';
import { externalRestoreConformance } from './JetExternalRestore.js';
import { restoreInstanceConformance } from './JetRestoreInstance.js';
import { endBackupConformance } from './JetEndExternalBackupInstance.js';
import { readFileConformance } from './JetReadFileInstance.js';
import { truncateLogConformance } from './JetTruncateLogInstance.js';
import { logInfoConformance } from './JetGetLogInfoInstance.js';
import { osSnapshotConformance } from './JetOSSnapshot.js';
import { columnTypeConformance } from './coltypes.js';
import { databaseConformance } from './database.js';
import { isamConformance } from './isam.js';
import { beginBackupConformance } from './JetBeginExternalBackupInstance.js';
import { openFileConformance } from './JetOpenFileInstance.js';
import { closeFileConformance } from './JetCloseFileInstance.js';
import { attachInfoConformance } from './JetGetAttachInfoInstance.js';
import { KNOWN_DIFFERENCES } from './differences.js';
import { instanceConformance } from './instances.js';
import { roundTripConformance } from './roundtrip.js';
import { stopBackupConformance } from './stopBackup.js';
import { conformanceIt, nativeTarget, referenceTarget, type ConformanceIt } from './target.js';

const target = process.env.ESENT_CONFORMANCE === 'native' ? await nativeTarget() : referenceTarget;
const names = new Set<string>();
const base = conformanceIt(target);
const it: ConformanceIt = (name, fn) => {
  names.add(name);
  base(name, fn);
};

instanceConformance(target, it);
codeConformance(target, it);
stopBackupConformance(target, it);
attachInfoConformance(target, it);
closeFileConformance(target, it);
beginBackupConformance(target, it);
openFileConformance(target, it);
roundTripConformance(target, it);
backupInstanceConformance(target, it);
externalRestoreConformance(target, it);
restoreInstanceConformance(target, it);
endBackupConformance(target, it);
readFileConformance(target, it);
truncateLogConformance(target, it);
logInfoConformance(target, it);
osSnapshotConformance(target, it);
columnTypeConformance(target, it);
databaseConformance(target, it);
isamConformance(target, it);

vitestIt('every known difference names a test of the suite', () => {
  const keys = Object.values(KNOWN_DIFFERENCES).flatMap((d) => Object.keys(d));
  expect(keys.filter((k) => !names.has(k))).toEqual([]);
});
