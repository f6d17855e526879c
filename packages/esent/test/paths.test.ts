// What the reference says when a folder it needs is missing: the Windows code, and (beyond what
// esent.dll says) the folder in the message and the file system's error as `cause` (issue 10).
// Reference-only: the message text is ours, so this is not part of the conformance suite.
import { JET_errInvalidLogDirectory, JET_errInvalidPath, JET_errInvalidSystemPath, isJetError } from '@winbackup/errors';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceEsent, JET_paramLogFilePath, JET_paramSystemPath, type EsentApi } from '../src/index.js';
import { useTempRoot, type TempRoot } from './helpers.js';

describe('missing folders', () => {
  let root: TempRoot;
  let api: EsentApi;
  useTempRoot((r) => {
    root = r;
    api = createReferenceEsent({ root: r.dir });
  });

  it('a missing or non-folder path: the Windows code, the path in the message, the errno as cause, nothing written', async () => {
    const inst = await api.JetCreateInstance('missing');
    await api.JetSetSystemParameter(inst, null, JET_paramSystemPath, 0, 'no\\such\\sys\\');
    const e1 = await api.JetInit(inst).catch((e: unknown) => e);
    expect(isJetError(e1, JET_errInvalidSystemPath)).toBe(true);
    const sys = join(root.dir, 'no', 'such', 'sys');
    expect((e1 as Error).message).toContain(`JetInit: JET_paramSystemPath ${sys}`);
    expect((e1 as Error).cause).toMatchObject({ code: 'ENOENT', path: sys });
    // a file where the log folder should be
    writeFileSync(join(root.dir, 'logs-file'), 'x');
    await api.JetSetSystemParameter(inst, null, JET_paramSystemPath, 0, '.\\');
    await api.JetSetSystemParameter(inst, null, JET_paramLogFilePath, 0, 'logs-file\\');
    const e2 = await api.JetInit(inst).catch((e: unknown) => e);
    expect(isJetError(e2, JET_errInvalidLogDirectory)).toBe(true);
    expect((e2 as Error).message).toContain(`JET_paramLogFilePath ${join(root.dir, 'logs-file')}`);
    expect((e2 as Error).cause).toMatchObject({ code: 'ENOTDIR' });
    expect(readdirSync(root.dir)).toEqual(['logs-file']);
    // the instance is still usable once the paths exist
    await api.JetSetSystemParameter(inst, null, JET_paramLogFilePath, 0, '.\\');
    expect(await api.JetInit(inst)).toBe(0);
    // a backup folder that is not there: JET_errInvalidPath naming it
    const sesid = await api.JetBeginSession(inst, null, null);
    await api.JetCreateDatabase(sesid, 'x.edb', null, 0);
    const e3 = await api.JetBackupInstance(inst, 'nowhere\\bak', 0, null).catch((e: unknown) => e);
    expect(isJetError(e3, JET_errInvalidPath)).toBe(true);
    expect((e3 as Error).message).toContain(`backup folder ${join(root.dir, 'nowhere', 'bak')}`);
    expect((e3 as Error).cause).toMatchObject({ code: 'ENOENT' });
    expect(existsSync(join(root.dir, 'nowhere'))).toBe(false);
    await api.JetTerm(inst);
  });
});
