// IVssCreateWriterMetadata's argument checks on the reference: a wrong JS type is a TypeError naming
// the parameter (the same checks as the native binding: src/validate/args.ts), a right type with a
// bad value is E_INVALIDARG, and neither adds anything to the writer's metadata.
import { describe, expect, it } from 'vitest';
import { E_INVALIDARG } from '@winbackup/errors';
import { VSS_CT_FILEGROUP, VSS_RME_RESTORE_IF_CAN_REPLACE, VSS_ST_OTHER, VSS_UT_USERDATA, VSS_WRE_NEVER } from '../src/index.js';
import { CreateWriterMetadata } from '../src/reference/writer-metadata.js';

const md = () =>
  new CreateWriterMetadata({ instanceId: '00000000-0000-0000-0000-000000000001', writerId: '00000000-0000-0000-0000-000000000002', writerName: 'W', usage: VSS_UT_USERDATA, source: VSS_ST_OTHER });
const any = (v: unknown) => v as never;

describe('IVssCreateWriterMetadata arguments (reference)', () => {
  it.each([
    ['ct', (m: CreateWriterMetadata) => m.AddComponent(any('1'), null, 'c'), 'ct must be an integer'],
    ['wszComponentName', (m: CreateWriterMetadata) => m.AddComponent(VSS_CT_FILEGROUP, null, any(7)), 'wszComponentName must be a string'],
    ['pbIcon', (m: CreateWriterMetadata) => m.AddComponent(VSS_CT_FILEGROUP, null, 'c', null, any([1, 2])), 'pbIcon must be a Uint8Array'],
    ['bRecursive', (m: CreateWriterMetadata) => m.AddIncludeFiles('C:\\a\\', '*', any(1)), 'bRecursive must be a boolean'],
    ['writerRestore', (m: CreateWriterMetadata) => m.SetRestoreMethod(VSS_RME_RESTORE_IF_CAN_REPLACE, null, null, any(null), false), 'writerRestore must be an integer'],
  ])('%s of the wrong type is a TypeError and adds nothing', (_name, call, message) => {
    const m = md();
    expect(() => call(m)).toThrow(new TypeError(message));
    expect([m.data.components.length, m.data.includeFiles.length, m.data.restoreMethod]).toEqual([0, 0, null]);
  });

  it('an empty Uint8Array icon is accepted; a bad component type or an empty filespec is E_INVALIDARG', () => {
    const m = md();
    m.AddComponent(VSS_CT_FILEGROUP, null, 'c', null, new Uint8Array(0));
    expect(m.data.components.map((c) => [c.name, c.icon?.length])).toEqual([['c', 0]]);
    expect(() => m.AddComponent(any(9), null, 'd')).toThrow(expect.objectContaining({ code: E_INVALIDARG, symbol: 'E_INVALIDARG' }));
    expect(() => m.AddIncludeFiles('C:\\a\\', '', false)).toThrow(expect.objectContaining({ code: E_INVALIDARG }));
    expect([m.data.components.length, m.data.includeFiles.length]).toEqual([1, 0]);
    m.SetRestoreMethod(VSS_RME_RESTORE_IF_CAN_REPLACE, null, null, VSS_WRE_NEVER, false);
    expect(m.data.restoreMethod?.pwriterRestore).toBe(VSS_WRE_NEVER);
  });
});
