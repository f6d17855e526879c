// What GatherWriterMetadata hands a requester (IVssExamineWriterMetadata-GetIdentity.md,
// -GetFileCounts.md, -GetComponent.md) and AddComponent's rules (SEMANTICS.md §1 #7a). The
// writers are the machine's: the reference fixture subscribes one, Windows has its system writers.
import { describe, expect } from 'vitest';
import { VSS_E_BAD_STATE, VSS_E_OBJECT_ALREADY_EXISTS, VSS_E_OBJECT_NOT_FOUND } from '@winbackup/errors';
import { awaitVssAsync, VSS_BT_FULL, type IVssBackupComponents, type VSS_COMPONENTINFO, type VssWriterIdentity } from '../../src/index.js';
import { GUID_RE, useSession, type Session } from './fixture.js';
import type { ConformanceIt, VssTarget } from './target.js';

/** The first writer that reports a component, with that component. */
async function aComponent(bc: IVssBackupComponents): Promise<{ id: VssWriterIdentity; info: VSS_COMPONENTINFO }> {
  const n = await bc.GetWriterMetadataCount();
  for (let i = 0; i < n; i++) {
    const { ppMetadata } = await bc.GetWriterMetadata(i);
    if ((await ppMetadata.GetFileCounts()).pcComponents > 0) {
      return { id: await ppMetadata.GetIdentity(), info: await (await ppMetadata.GetComponent(0)).GetComponentInfo() };
    }
  }
  throw new Error(`none of the ${n} writers reports a component`);
}

export function metadataConformance(target: VssTarget, it: ConformanceIt): void {
  describe('writer metadata', () => {
    let s: Session;
    useSession(target, (x) => (s = x));

    it('every writer: identity, file counts, components and their files are readable; past the end VSS_E_OBJECT_NOT_FOUND', async () => {
      const bc = await s.gathered();
      const n = await bc.GetWriterMetadataCount();
      expect(n).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) {
        const { pidInstance, ppMetadata } = await bc.GetWriterMetadata(i);
        const id = await ppMetadata.GetIdentity();
        expect(id.pidInstance).toBe(pidInstance);
        expect([GUID_RE.test(id.pidInstance), GUID_RE.test(id.pidWriter), id.pbstrWriterName.length > 0]).toEqual([true, true, true]);
        const counts = await ppMetadata.GetFileCounts();
        for (const k of ['pcIncludeFiles', 'pcExcludeFiles', 'pcComponents'] as const) expect(Number.isInteger(counts[k]) && counts[k] >= 0).toBe(true);
        for (let c = 0; c < counts.pcComponents; c++) {
          const component = await ppMetadata.GetComponent(c);
          const info = await component.GetComponentInfo();
          expect(info.bstrComponentName.length).toBeGreaterThan(0);
          for (let f = 0; f < info.cFileCount; f++) expect((await (await component.GetFile(f)).GetPath()).length).toBeGreaterThan(0);
        }
        await expect(ppMetadata.GetComponent(counts.pcComponents)).rejects.toMatchObject({ code: VSS_E_OBJECT_NOT_FOUND });
        expect(await ppMetadata.SaveAsXML()).toContain('WRITER_METADATA');
      }
    });

    it('AddComponent: after GatherWriterMetadata, once per component, not after StartSnapshotSet; the document names it', async () => {
      const bc = await s.initialized();
      await awaitVssAsync(await bc.GatherWriterMetadata());
      const { id, info } = await aComponent(bc);
      await bc.SetBackupState(true, false, VSS_BT_FULL);
      await bc.AddComponent(id.pidInstance, id.pidWriter, info.type, info.bstrLogicalPath, info.bstrComponentName);
      await expect(bc.AddComponent(id.pidInstance, id.pidWriter, info.type, info.bstrLogicalPath, info.bstrComponentName)).rejects.toMatchObject({
        code: VSS_E_OBJECT_ALREADY_EXISTS,
      });
      expect(await bc.SaveAsXML()).toContain(`componentName="${info.bstrComponentName}"`);
      await bc.StartSnapshotSet();
      // shadow-copy-creation-details.md: components are added before StartSnapshotSet
      await expect(bc.AddComponent(id.pidInstance, id.pidWriter, info.type, info.bstrLogicalPath, `${info.bstrComponentName}-2`)).rejects.toMatchObject({
        code: VSS_E_BAD_STATE,
      });
    });
  });
}
