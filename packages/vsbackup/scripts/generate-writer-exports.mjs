#!/usr/bin/env node
// Generates the native CVssWriter's tables from facts:
//  - src/native/generated/cvsswriter.ts: every CVssWriter member vssapi.dll exports, by its MSVC
//    decorated name (Win64) as mingw-w64's import library libvssapi.a lists it, with the signature
//    decoded from that name; and the virtual functions in vtable order (scripts/cvsswriter-virtuals.json,
//    the Windows SDK's declaration order: mingw-w64's vswriter.h has no CVssWriter), checked
//    against the exported default implementations of the non-pure ones.
//  - test/native/fake/cvsswriter.def: the same decorated names mapped to the fake vssapi.dll's C
//    functions (fake_CVssWriter_<member>), so the fake exports exactly what vssapi.dll does; and
//    test/native/fake/cvsswriter-slots.h: the vtable slots, for the fake's writer host.
//
//   node scripts/generate-writer-exports.mjs           write both files
//   node scripts/generate-writer-exports.mjs --check   exit 1 when a committed file is stale
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LIB = process.env.MINGW_VSSAPI_LIB ?? '/usr/x86_64-w64-mingw32/lib/libvssapi.a';
const NM = process.env.MINGW_NM ?? 'x86_64-w64-mingw32-nm';
const here = dirname(fileURLToPath(import.meta.url));
const tsFile = join(here, '..', 'src', 'native', 'generated', 'cvsswriter.ts');
const defFile = join(here, '..', 'test', 'native', 'fake', 'cvsswriter.def');
const slotsFile = join(here, '..', 'test', 'native', 'fake', 'cvsswriter-slots.h');
const facts = JSON.parse(readFileSync(join(here, 'cvsswriter-virtuals.json'), 'utf8'));

function version() {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'mingw-w64-x86-64-dev'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The CVssWriter symbols of the import library (the `T` thunks; `__imp_` pointers skipped). */
function exportedNames() {
  if (!existsSync(LIB)) {
    console.error(`missing ${LIB}: install Debian's mingw-w64-x86-64-dev (or set MINGW_VSSAPI_LIB)`);
    process.exit(2);
  }
  const out = execFileSync(NM, [LIB], { encoding: 'utf8' });
  const names = new Set();
  for (const line of out.split('\n')) {
    const m = /^[0-9a-f]+ T (\?\S*CVssWriter@@\S*)$/.exec(line.trim());
    if (m) names.add(m[1]);
  }
  return [...names].sort();
}

// ---- an MSVC name decoder for the subset CVssWriter's members use (Win64)
const SIMPLE = { X: 'void', G: 'unsigned short', H: 'int', I: 'unsigned int', J: 'long', K: 'unsigned long', D: 'char', E: 'unsigned char' };
const ACCESS = { Q: ['public', false], I: ['protected', false], U: ['public', true], M: ['protected', true], A: ['private', false] };

function decode(sym) {
  let i = 0;
  const backrefs = [];
  const fail = (why) => {
    throw new Error(`cannot decode ${sym} at ${i}: ${why}`);
  };
  const nameTo = () => {
    const j = sym.indexOf('@@', i);
    if (j < 0) fail('unterminated name');
    const n = sym.slice(i, j);
    i = j + 2;
    return n;
  };
  const type = () => {
    const c = sym[i];
    if (/[0-9]/.test(c)) {
      i++;
      return backrefs[Number(c)] ?? fail('bad back-reference');
    }
    if (c === '_' && sym[i + 1] === 'N') return (i += 2), 'bool';
    if (SIMPLE[c]) return i++, SIMPLE[c];
    if (c === 'P') {
      // P, __ptr64 (E), then the pointee's cv: A none, B const
      if (sym[i + 1] !== 'E') fail('pointer without __ptr64');
      const cv = sym[i + 2];
      i += 3;
      const pointee = type();
      return `${cv === 'B' ? 'const ' : ''}${pointee} *`;
    }
    if (c === 'U' || c === 'V') return i++, `${c === 'U' ? 'struct' : 'class'} ${nameTo()}`;
    if (c === 'W' && sym[i + 1] === '4') return (i += 2), `enum ${nameTo()}`;
    if (c === '?' && sym[i + 1] === 'A') return (i += 2), type(); // a by-value return's cv (none)
    return fail(`type code ${c}`);
  };
  const param = () => {
    const start = i;
    const t = type();
    if (i - start > 1 && backrefs.length < 10) backrefs.push(t);
    return t;
  };
  if (!sym.startsWith('?')) fail('not a decorated C++ name');
  i = 1;
  let member;
  if (sym.startsWith('??0CVssWriter@@')) (member = 'CVssWriter'), (i = '??0CVssWriter@@'.length);
  else if (sym.startsWith('??1CVssWriter@@')) (member = '~CVssWriter'), (i = '??1CVssWriter@@'.length);
  else (member = sym.slice(1, sym.indexOf('@'))), (i = sym.indexOf('@CVssWriter@@') + '@CVssWriter@@'.length);
  const [access, isVirtual] = ACCESS[sym[i]] ?? fail(`access code ${sym[i]}`);
  if (sym[i + 1] !== 'E') fail('this is not __ptr64');
  const isConst = sym[i + 2] === 'B';
  if (sym[i + 3] !== 'A') fail('calling convention is not __cdecl');
  i += 4;
  let returns;
  if (sym[i] === '@') (returns = null), i++;
  else returns = type();
  const params = [];
  if (sym[i] === 'X') i++;
  else {
    while (sym[i] !== '@') params.push(param());
    i++;
  }
  if (sym[i] !== 'Z' || i !== sym.length - 1) fail('trailing characters');
  return { member, decorated: sym, access, virtual: isVirtual, const: isConst, returns, params };
}

// ---- the header's names for the decoded types, to compare with the virtuals' facts
const HEADER_TYPE = {
  'class IVssCreateWriterMetadata *': 'IVssCreateWriterMetadata *',
  'class IVssWriterComponents *': 'IVssWriterComponents *',
  'struct _GUID': 'VSS_ID',
  'unsigned short *': 'VSS_PWSZ',
};

function build() {
  const members = exportedNames().map(decode);
  const byMember = new Map(members.map((m) => [m.member, m]));
  const virtuals = facts.virtuals.map((v, slot) => {
    const exp = byMember.get(v.name) ?? null;
    if (!v.pure && !exp) throw new Error(`${v.name} is not pure but libvssapi.a exports no default for it`);
    if (exp) {
      if (!exp.virtual) throw new Error(`${exp.decorated} is not virtual, yet the facts list ${v.name} as a virtual`);
      // slot 0 holds MSVC's scalar deleting destructor (this, unsigned int flags), which calls the
      // exported ~CVssWriter: only the virtual event handlers are compared
      const got = v.name === '~CVssWriter' ? v.params : exp.params.map((p) => HEADER_TYPE[p] ?? p);
      if (JSON.stringify(got) !== JSON.stringify(v.params)) throw new Error(`${v.name}: the facts say (${v.params}), the decorated name (${got})`);
    }
    return { slot, name: v.name, pure: v.pure === true, returns: v.returns, params: v.params, defaultExport: exp ? exp.decorated : null };
  });
  for (const m of members) {
    if (m.virtual && !virtuals.some((v) => v.name === m.member)) throw new Error(`${m.decorated} is virtual but missing from cvsswriter-virtuals.json`);
  }
  const ts = [
    '// Generated by scripts/generate-writer-exports.mjs from mingw-w64\'s libvssapi.a',
    `// (mingw-w64-x86-64-dev ${version()}) and scripts/cvsswriter-virtuals.json. Do not edit.`,
    '',
    '/** One CVssWriter member exported by vssapi.dll, its signature decoded from its decorated name. */',
    'export interface CVssWriterExport {',
    '  readonly member: string;',
    '  readonly decorated: string;',
    "  readonly access: 'public' | 'protected' | 'private';",
    '  readonly virtual: boolean;',
    '  readonly const: boolean;',
    '  /** null for the constructor and the destructor. */',
    '  readonly returns: string | null;',
    '  /** The C++ parameters after `this`. */',
    '  readonly params: readonly string[];',
    '}',
    '',
    '/** A virtual function of CVssWriter at its MSVC vtable slot (slot 0: the scalar deleting destructor). */',
    'export interface CVssWriterVirtual {',
    '  readonly slot: number;',
    '  readonly name: string;',
    '  readonly pure: boolean;',
    '  readonly returns: string;',
    '  readonly params: readonly string[];',
    "  /** vssapi.dll's default implementation (null for a pure virtual). */",
    '  readonly defaultExport: string | null;',
    '}',
    '',
    `/** sizeof(CVssWriter) on Win64: ${facts.objectSizeSource}. */`,
    `export const CVSSWRITER_OBJECT_SIZE = ${facts.objectSize};`,
    '',
    'export const CVSSWRITER_EXPORTS = {',
    ...members.map((m) => `  ${JSON.stringify(m.member)}: ${JSON.stringify(m)},`),
    '} as const satisfies Record<string, CVssWriterExport>;',
    '',
    'export const CVSSWRITER_VIRTUALS = [',
    ...virtuals.map((v) => `  ${JSON.stringify(v)},`),
    '] as const satisfies readonly CVssWriterVirtual[];',
    '',
  ].join('\n');
  const cName = (m) => (m === 'CVssWriter' ? 'ctor' : m === '~CVssWriter' ? 'dtor' : m);
  const def = [
    '; Generated by scripts/generate-writer-exports.mjs from mingw-w64\'s libvssapi.a. Do not edit.',
    '; The CVssWriter members vssapi.dll exports, mapped to the fake\'s C functions.',
    'EXPORTS',
    ...members.map((m) => `  "${m.decorated}" = fake_CVssWriter_${cName(m.member)}`),
    '',
  ].join('\n');
  const slots = [
    '/* Generated by scripts/generate-writer-exports.mjs from scripts/cvsswriter-virtuals.json. Do not edit.',
    '   The MSVC vtable slots of CVssWriter, for the fake vssapi.dll\'s writer host. */',
    '#ifndef CVSSWRITER_SLOTS_H',
    '#define CVSSWRITER_SLOTS_H',
    ...virtuals.map((v) => `#define CVSSWRITER_SLOT_${v.name === '~CVssWriter' ? 'dtor' : v.name} ${v.slot}`),
    `#define CVSSWRITER_SLOT_COUNT ${virtuals.length}`,
    `#define CVSSWRITER_OBJECT_SIZE ${facts.objectSize}`,
    '#endif',
    '',
  ].join('\n');
  return { ts, def, slots };
}

const { ts, def, slots } = build();
if (process.argv.includes('--check')) {
  const stale = [
    [tsFile, ts],
    [defFile, def],
    [slotsFile, slots],
  ].filter(([f, text]) => !existsSync(f) || readFileSync(f, 'utf8') !== text);
  if (stale.length) {
    console.error(`stale: ${stale.map(([f]) => f).join(', ')}: run npm run generate -w @winbackup/vsbackup`);
    process.exit(1);
  }
  console.log('writer exports up to date');
} else {
  for (const [f, text] of [
    [tsFile, ts],
    [defFile, def],
    [slotsFile, slots],
  ]) {
    mkdirSync(dirname(f), { recursive: true });
    writeFileSync(f, text);
    console.log(`wrote ${f}`);
  }
}
