// The native CVssWriter calls vssapi.dll's exported members by their MSVC decorated names and gives
// VSS a vtable in the SDK's virtual order. Both tables come from scripts/generate-writer-exports.mjs
// (mingw-w64's libvssapi.a plus scripts/cvsswriter-virtuals.json); these tests keep them current.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CVSSWRITER_EXPORTS, CVSSWRITER_OBJECT_SIZE, CVSSWRITER_VIRTUALS } from '../../src/native/generated/cvsswriter.js';

describe('CVssWriter exports and vtable generated from libvssapi.a', () => {
  it('the committed table and the fake\'s .def match libvssapi.a (npm run generate -w @winbackup/vsbackup)', () => {
    const out = execFileSync(process.execPath, [join(import.meta.dirname, '..', '..', 'scripts', 'generate-writer-exports.mjs'), '--check'], { encoding: 'utf8' });
    expect(out.trim()).toBe('writer exports up to date');
  });

  it('decodes the Win64 decorated names of the members the binding calls', () => {
    expect(CVSSWRITER_EXPORTS.CVssWriter.decorated).toBe('??0CVssWriter@@QEAA@XZ');
    expect(CVSSWRITER_EXPORTS.Initialize.params).toEqual([
      'struct _GUID',
      'const unsigned short *',
      'enum VSS_USAGE_TYPE',
      'enum VSS_SOURCE_TYPE',
      'enum _VSS_APPLICATION_LEVEL',
      'unsigned long',
      'enum VSS_ALTERNATE_WRITER_STATE',
      'bool',
      'const unsigned short *',
    ]);
    expect(CVSSWRITER_EXPORTS.Subscribe).toMatchObject({ returns: 'long', params: ['unsigned long'], access: 'public', virtual: false });
    expect(CVSSWRITER_EXPORTS.SetWriterFailure).toMatchObject({ returns: 'long', params: ['long'], access: 'protected' });
    expect(CVSSWRITER_EXPORTS.GetCurrentSnapshotSetId).toMatchObject({ returns: 'struct _GUID', const: true });
    expect(CVSSWRITER_EXPORTS.GetSnapshotDeviceName.params).toEqual(['const unsigned short *', 'const unsigned short * *']);
  });

  it('the vtable: the destructor first (one MSVC scalar deleting destructor), then the handlers in declaration order', () => {
    expect(CVSSWRITER_VIRTUALS.map((v) => v.name)).toEqual([
      '~CVssWriter',
      'OnIdentify',
      'OnPrepareBackup',
      'OnPrepareSnapshot',
      'OnFreeze',
      'OnThaw',
      'OnAbort',
      'OnBackupComplete',
      'OnBackupShutdown',
      'OnPreRestore',
      'OnPostRestore',
      'OnPostSnapshot',
      'OnBackOffIOOnVolume',
      'OnContinueIOOnVolume',
      'OnVSSShutdown',
      'OnVSSApplicationStartup',
    ]);
    expect(CVSSWRITER_VIRTUALS.filter((v) => v.pure).map((v) => v.name)).toEqual(['OnPrepareSnapshot', 'OnFreeze', 'OnThaw', 'OnAbort']);
    expect(CVSSWRITER_VIRTUALS.map((v) => v.slot)).toEqual(CVSSWRITER_VIRTUALS.map((_, i) => i));
    expect(CVSSWRITER_OBJECT_SIZE).toBe(16);
  });
});
