import { describe, expect, it } from 'vitest';
import {
  HResultError,
  hresultError,
  isHResultError,
  isJetError,
  isJetErrorInCategory,
  isWinBackupError,
  JET_errBackupAbortByServer,
  JET_errDiskFull,
  JET_errInvalidParameter,
  JET_errOutOfMemory,
  JET_errReadVerifyFailure,
  JET_errRecordNotFound,
  JET_errRfsFailure,
  JetApiError,
  JetCorruptionError,
  JetDataError,
  JetDiskError,
  JetError,
  jetError,
  JetIOError,
  JetMemoryError,
  JetOperationError,
  JetResourceError,
  JetStateError,
  JetUsageError,
  lookupJetError,
  VSS_E_BAD_STATE,
  WinBackupError,
  jetErrorCategoryPath,
  JET_errcatIO,
  jetErrorCategoryName,
} from '../src/index.js';

describe('JetError', () => {
  it('carries the code, symbol, category and description', () => {
    const e = jetError(JET_errBackupAbortByServer, { context: 'JetReadFileInstance' });
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe(-801);
    expect(e.symbol).toBe('JET_errBackupAbortByServer');
    expect(e.category).toBe(lookupJetError(-801).category);
    expect(e.description).toBe(lookupJetError(-801).description);
    expect(e.context).toBe('JetReadFileInstance');
    expect(e.message).toBe(`JET_errBackupAbortByServer (-801): ${e.description} [JetReadFileInstance]`);
  });

  it('builds one class per category, following the JET_errcat hierarchy', () => {
    const cases: Array<[number, string, Function[], Function[]]> = [
      [JET_errOutOfMemory, 'JetMemoryError', [JetMemoryError, JetResourceError, JetOperationError, JetError], [JetDataError, JetApiError, JetDiskError]],
      [JET_errDiskFull, 'JetDiskError', [JetDiskError, JetResourceError, JetOperationError], [JetMemoryError, JetIOError]],
      [JET_errReadVerifyFailure, 'JetCorruptionError', [JetCorruptionError, JetDataError, JetError], [JetOperationError, JetApiError]],
      [JET_errInvalidParameter, 'JetUsageError', [JetUsageError, JetApiError, JetError], [JetStateError, JetDataError]],
      [JET_errRecordNotFound, 'JetStateError', [JetStateError, JetApiError], [JetUsageError]],
    ];
    for (const [code, name, yes, no] of cases) {
      const e = jetError(code);
      expect(e.name).toBe(name);
      for (const C of yes) expect(e instanceof (C as typeof JetError)).toBe(true);
      for (const C of no) expect(e instanceof (C as typeof JetError)).toBe(false);
    }
  });

  it('uses the base class for categories outside the hierarchy', () => {
    const e = jetError(JET_errRfsFailure);
    expect(e.name).toBe('JetError');
    expect(e.category).toBe('Unknown');
    expect(e).toBeInstanceOf(JetError);
    expect(e instanceof JetOperationError).toBe(false);
  });

  it('accepts unknown codes without throwing', () => {
    const e = jetError(-123456);
    expect(e.symbol).toBe('JET_ERR(-123456)');
    expect(e.category).toBe('Unknown');
  });

  it('keeps the cause', () => {
    const cause = new Error('EIO');
    expect(jetError(JET_errDiskFull, { cause }).cause).toBe(cause);
    const hr = hresultError(VSS_E_BAD_STATE, { context: 'DoSnapshotSet: C:\\ (/vol/c)', cause });
    expect(hr.cause).toBe(cause);
    expect(hr.message).toBe('0x80042301 VSS_E_BAD_STATE: ' + hr.description + ' [DoSnapshotSet: C:\\ (/vol/c)]');
    // no cause given: none set (not an own `cause: undefined`)
    expect(Object.hasOwn(jetError(JET_errDiskFull), 'cause')).toBe(false);
  });
});

describe('guards', () => {
  it('isJetError checks the brand and, when given, the code', () => {
    const e = jetError(JET_errBackupAbortByServer);
    expect(isJetError(e)).toBe(true);
    expect(isJetError(e, JET_errBackupAbortByServer)).toBe(true);
    expect(isJetError(e, JET_errInvalidParameter)).toBe(false);
    expect(isJetError(hresultError(VSS_E_BAD_STATE))).toBe(false);
    expect(isJetError(new Error('x'))).toBe(false);
    expect(isJetError({ code: -801 })).toBe(false);
    expect(isJetError(null)).toBe(false);
    expect(isJetError(-801)).toBe(false);
  });

  it('isJetErrorInCategory follows the hierarchy', () => {
    expect(isJetErrorInCategory(jetError(JET_errOutOfMemory), 'Resource')).toBe(true);
    expect(isJetErrorInCategory(jetError(JET_errOutOfMemory), 'Operation')).toBe(true);
    expect(isJetErrorInCategory(jetError(JET_errOutOfMemory), 'Error')).toBe(true);
    expect(isJetErrorInCategory(jetError(JET_errOutOfMemory), 'Data')).toBe(false);
    expect(jetErrorCategoryPath('Memory')).toEqual(['Memory', 'Resource', 'Operation', 'Error']);
    expect(jetErrorCategoryName(JET_errcatIO)).toBe('IO');
  });

  it('isHResultError accepts the signed or unsigned form', () => {
    const e = hresultError(VSS_E_BAD_STATE, { context: 'AddToSnapshotSet' });
    expect(e).toBeInstanceOf(HResultError);
    expect(e).toBeInstanceOf(WinBackupError);
    expect(isWinBackupError(e)).toBe(true);
    expect(isHResultError(e, VSS_E_BAD_STATE)).toBe(true);
    expect(isHResultError(e, 0x80042301)).toBe(true);
    expect(isHResultError(e, 0x80042302)).toBe(false);
    expect(isHResultError(jetError(JET_errDiskFull))).toBe(false);
    expect(e.code).toBe(VSS_E_BAD_STATE);
    expect(e.unsignedCode).toBe(0x80042301);
    expect(e.hex).toBe('0x80042301');
    expect(e.symbol).toBe('VSS_E_BAD_STATE');
    expect(e.family).toBe('vss');
    expect(e.name).toBe('HResultError');
    expect(e.message).toMatch(/^0x80042301 VSS_E_BAD_STATE: .+ \[AddToSnapshotSet\]$/);
  });

  it('does not let a plain object with a look-alike shape pass', () => {
    const fake = Object.assign(new Error('x'), { code: VSS_E_BAD_STATE, symbol: 'VSS_E_BAD_STATE' });
    expect(isHResultError(fake)).toBe(false);
    expect(fake instanceof HResultError).toBe(false);
    expect(fake instanceof WinBackupError).toBe(false);
  });
});
