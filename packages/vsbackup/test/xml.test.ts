// SaveAsXML documents are well-formed XML 1.0 whatever a writer puts in names, paths and file
// specs, and every value reads back exactly. A real parser (libxml2's xmllint, Debian
// libxml2-utils) checks the documents and reports attribute values in canonical form (C14N).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awaitVssAsync, VSS_BT_FULL, VSS_CT_FILEGROUP } from '../src/index.js';
import { decodeXmlString, encodeXmlString } from '../src/reference/xml.js';
import { gathered, TestWriter, useMachine, type Machine } from './helpers.js';

let m: Machine;
useMachine((x) => (m = x));

/** Parses `xml` with xmllint (throws if not well-formed) and lists [element, attribute, value] in document order. */
function parse(xml: string): [string, string, string][] {
  const file = join(m.root, 'doc.xml');
  writeFileSync(file, xml, 'utf8');
  const c14n = execFileSync('xmllint', ['--c14n', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  // C14N writes every attribute as name="value" with exactly these six escapes (W3C xml-c14n §2.3)
  const unescape = (v: string): string =>
    v.replace(/&(amp|lt|quot|#x9|#xA|#xD);/g, (_, e: string) => ({ amp: '&', lt: '<', quot: '"', '#x9': '\t', '#xA': '\n', '#xD': '\r' })[e]!);
  const out: [string, string, string][] = [];
  for (const el of c14n.matchAll(/<([A-Za-z_]+)((?:\s+[A-Za-z_:]+="[^"]*")*)\s*>/g)) {
    for (const a of el[2]!.matchAll(/([A-Za-z_:]+)="([^"]*)"/g)) out.push([el[1]!, a[1]!, unescape(a[2]!)]);
  }
  return out;
}

/** Code units a writer might pass: every C0 control, XML's markup characters, whitespace, our escape's own syntax, non-characters, surrogates. */
const NASTY = [
  'plain',
  'a\u0001b',
  '\u0000\u0008\u000b\u000c\u000e\u001f',
  'line1\nline2\r\nend\ttab',
  '  two  spaces  ',
  `&<>"'`,
  '&amp; already escaped &#10;',
  '_x0041_ looks escaped',
  '__x0041_',
  '_x12\u0001',
  '_x1234\u0001',
  '_x005F_',
  '_xZZZZ_',
  '\ud83d\ude00 emoji, lone \ud800 and \udc00',
  '\ufffe\uffff\ufffd',
  '\u0085\u2028',
];

describe('SaveAsXML', () => {
  it('a writer metadata document with control characters in file specs is well-formed and reads back exactly', async () => {
    const w = await TestWriter.create(m.vss, 'Writer \u0001 "quoted"\n');
    w.identify = (md) => {
      md.AddComponent(VSS_CT_FILEGROUP, null, 'g\u0002', 'caption');
      NASTY.forEach((s, i) => md.AddFilesToFileGroup(null, 'g\u0002', `C:\\dir${i}\\${s}`, s, i % 2 === 0));
      md.AddExcludeFiles('C:\\tmp\n', '*.tmp\u0007', false);
    };
    const bc = await gathered(m.vss);
    const { ppMetadata } = await bc.GetWriterMetadata(0);
    const attrs = parse(await ppMetadata.SaveAsXML());
    const values = (el: string, name: string): string[] => attrs.filter(([e, a]) => e === el && a === name).map(([, , v]) => decodeXmlString(v));
    expect(values('FILE_LIST', 'filespec')).toEqual(NASTY);
    expect(values('FILE_LIST', 'path')).toEqual(NASTY.map((s, i) => `C:\\dir${i}\\${s}`));
    expect(values('EXCLUDE', 'filespec')).toEqual(['*.tmp\u0007']);
    expect(values('EXCLUDE', 'path')).toEqual(['C:\\tmp\n']);
    expect(values('IDENTIFICATION', 'friendlyName')).toEqual(['Writer \u0001 "quoted"\n']);
    expect(values('FILE_GROUP', 'componentName')).toEqual(['g\u0002']);
    // the metadata object itself still returns the strings as given
    expect(await (await (await ppMetadata.GetComponent(0)).GetFile(1)).GetFilespec()).toBe(NASTY[1]);

    // the Backup Components Document carries the component name the same way
    await bc.SetBackupState(true, false, VSS_BT_FULL);
    const { pidInstance } = await bc.GetWriterMetadata(0);
    await bc.AddComponent(pidInstance, '11111111-2222-3333-4444-555555555555', VSS_CT_FILEGROUP, 'C:\\logical\t\u0003', 'g\u0002');
    const bcd = parse(await bc.SaveAsXML());
    expect(bcd.filter(([e]) => e === 'COMPONENT').map(([, a, v]) => [a, decodeXmlString(v)])).toEqual([
      ['backupSucceeded', 'no'],
      ['componentName', 'g\u0002'],
      ['componentType', 'filegroup'],
      ['logicalPath', 'C:\\logical\t\u0003'],
    ]);
    await bc.Release();
  });

  it('the encoding round-trips every single code unit and pairs of the tricky ones through a real parser', () => {
    const singles = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c));
    const tricky = ['_', 'x', '0', 'F', '\u0001', '\n', '&', '\ud800', '\udc00', 'a'];
    const pairs: string[] = [];
    for (const a of tricky) for (const b of tricky) for (const c of tricky) pairs.push(`${a}${b}${c}_x00${b}${c}_`, `_x${a}${b}${c}0${a}_`);
    const all = [...singles, ...pairs];
    const doc = `<r>${all.map((s) => `<a v="${encodeXmlString(s)}"/>`).join('')}</r>`;
    const back = parse(doc).map(([, , v]) => decodeXmlString(v));
    expect(back.length).toBe(all.length);
    const wrong = all.filter((s, i) => back[i] !== s);
    expect(wrong).toEqual([]);
    // values without anything to escape are written as they are
    expect(encodeXmlString('C:\\data\\*.edb _x_ x0041')).toBe('C:\\data\\*.edb _x_ x0041');
  });
});
