// Two copies of the package in one process (the built ESM and CJS files, plus the source the other
// tests use): an error made by one copy must pass every guard of the others.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as source from '../src/index.js';

type Errors = typeof source;
const dist = join(import.meta.dirname, '..', 'dist');
let esm: Errors;
let cjs: Errors;

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.cjs'))) throw new Error('build @winbackup/errors first (npm test does)');
  esm = (await import(pathToFileURL(join(dist, 'index.js')).href)) as Errors;
  cjs = createRequire(import.meta.url)(join(dist, 'index.cjs')) as Errors;
});

describe('guards across copies', () => {
  it('the copies are distinct classes', () => {
    expect(esm.JetError).not.toBe(cjs.JetError);
    expect(esm.JetError).not.toBe(source.JetError);
  });

  it('a JetError from the CJS copy passes the ESM guards and instanceof', () => {
    const e = cjs.jetError(cjs.JET_errBackupAbortByServer);
    expect(esm.isJetError(e, esm.JET_errBackupAbortByServer)).toBe(true);
    expect(esm.isWinBackupError(e)).toBe(true);
    expect(e instanceof esm.JetError).toBe(true);
    expect(e instanceof esm.WinBackupError).toBe(true);
    expect(e instanceof esm.HResultError).toBe(false);
    expect(source.isJetError(e, -801)).toBe(true);
  });

  it('category classes agree across copies', () => {
    const e = esm.jetError(esm.JET_errOutOfMemory);
    expect(e instanceof cjs.JetMemoryError).toBe(true);
    expect(e instanceof cjs.JetResourceError).toBe(true);
    expect(e instanceof cjs.JetDataError).toBe(false);
    expect(cjs.isJetErrorInCategory(e, 'Operation')).toBe(true);
  });

  it('an HResultError from the ESM copy passes the CJS guards', () => {
    const e = esm.hresultError(esm.VSS_E_BAD_STATE);
    expect(cjs.isHResultError(e, 0x80042301)).toBe(true);
    expect(e instanceof cjs.HResultError).toBe(true);
    expect(e instanceof cjs.JetError).toBe(false);
    expect(cjs.isJetError(e)).toBe(false);
  });
});
