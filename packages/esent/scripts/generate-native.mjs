#!/usr/bin/env node
// Generates the koffi declarations of the native backend (src/native/generated/esentDeclarations.ts)
// and the export list of the fake esent.dll the Wine tier builds (test/native/fake/*.generated.*)
// from mingw-w64's esent.h (Debian: mingw-w64-common). Offsets are never written by hand: koffi
// lays the structs out from these field lists, and the fake is compiled against the header itself.
// `--check` compares instead of writing (test/native/generated.test.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const headerPath = process.env.ESENT_H ?? '/usr/share/mingw-w64/include/esent.h';
if (!existsSync(headerPath)) {
  console.error(`${headerPath} is missing: install Debian's mingw-w64-common (scripts/system-packages.txt)`);
  process.exit(1);
}

// Declarations mingw-w64's esent.h lacks, as the engine's published header declares them
// (microsoft/Extensible-Storage-Engine dev/ese/published/inc/jethdr.w). JET_DBINFOMISC2 is what
// JetGetDatabaseFileInfo fills when cbMax is its size: it adds the log generations a restore needs.
const SUPPLEMENT = `
typedef struct _JET_DBINFOMISC2 {
  JET_DBINFOMISC_FIELDS;
  unsigned __LONG32 genMinRequired;
  unsigned __LONG32 genMaxRequired;
  JET_LOGTIME logtimeGenMaxCreate;
  unsigned __LONG32 ulRepairCount;
  JET_LOGTIME logtimeRepair;
  unsigned __LONG32 ulRepairCountOld;
  unsigned __LONG32 ulECCFixSuccess;
  JET_LOGTIME logtimeECCFixSuccess;
  unsigned __LONG32 ulECCFixSuccessOld;
  unsigned __LONG32 ulECCFixFail;
  JET_LOGTIME logtimeECCFixFail;
  unsigned __LONG32 ulECCFixFailOld;
  unsigned __LONG32 ulBadChecksum;
  JET_LOGTIME logtimeBadChecksum;
  unsigned __LONG32 ulBadChecksumOld;
} JET_DBINFOMISC2;

JET_ERR JET_API JetStopServiceInstance2(
  JET_INSTANCE instance,
  const JET_GRBIT grbit
);
`;

/** The EsentApi functions, each bound to the W entry point when esent.h has one. */
const API = [
  'JetCreateInstance', 'JetCreateInstance2', 'JetEnableMultiInstance', 'JetSetSystemParameter', 'JetGetSystemParameter',
  'JetInit', 'JetInit2', 'JetInit3', 'JetTerm', 'JetTerm2', 'JetStopService', 'JetStopServiceInstance', 'JetStopServiceInstance2',
  'JetGetInstanceInfo', 'JetBeginSession', 'JetEndSession', 'JetCreateDatabase', 'JetCreateDatabase2', 'JetAttachDatabase',
  'JetAttachDatabase2', 'JetDetachDatabase', 'JetDetachDatabase2', 'JetOpenDatabase', 'JetCloseDatabase', 'JetGetDatabaseFileInfo',
  'JetCreateTable', 'JetCreateTableColumnIndex', 'JetAddColumn', 'JetCreateIndex', 'JetDeleteTable', 'JetGetTableColumnInfo',
  'JetOpenTable', 'JetCloseTable', 'JetSetCurrentIndex', 'JetSetCurrentIndex2', 'JetBeginTransaction', 'JetBeginTransaction2',
  'JetCommitTransaction', 'JetRollback', 'JetPrepareUpdate', 'JetSetColumn', 'JetUpdate', 'JetDelete', 'JetRetrieveColumn', 'JetMove',
  'JetMakeKey', 'JetSeek', 'JetSetIndexRange', 'JetIndexRecordCount', 'JetRetrieveKey', 'JetGetCurrentIndex', 'JetGetBookmark',
  'JetGotoBookmark', 'JetBeginExternalBackupInstance', 'JetBeginExternalBackup', 'JetGetAttachInfoInstance', 'JetGetAttachInfo',
  'JetOpenFileInstance', 'JetOpenFile', 'JetReadFileInstance', 'JetReadFile', 'JetCloseFileInstance', 'JetCloseFile',
  'JetGetLogInfoInstance', 'JetGetLogInfo', 'JetGetLogInfoInstance2', 'JetGetTruncateLogInfoInstance', 'JetTruncateLogInstance',
  'JetTruncateLog', 'JetEndExternalBackupInstance', 'JetEndExternalBackupInstance2', 'JetEndExternalBackup', 'JetStopBackupInstance',
  'JetStopBackup', 'JetBackupInstance', 'JetBackup', 'JetRestoreInstance', 'JetRestore', 'JetRestore2', 'JetExternalRestore',
  'JetExternalRestore2', 'JetOSSnapshotPrepare', 'JetOSSnapshotPrepareInstance', 'JetOSSnapshotFreeze', 'JetOSSnapshotThaw',
  'JetOSSnapshotAbort', 'JetOSSnapshotTruncateLog', 'JetOSSnapshotTruncateLogInstance', 'JetOSSnapshotGetFreezeInfo', 'JetOSSnapshotEnd',
];
/** Entry points the binding needs beyond EsentApi. */
const EXTRA_EXPORTS = ['JetFreeBuffer'];
const STRUCTS = [
  'JET_LOGTIME', 'JET_BKLOGTIME', 'JET_LGPOS', 'JET_SIGNATURE', 'JET_BKINFO', 'JET_DBINFOMISC', 'JET_DBINFOMISC2', 'JET_SNPROG',
  'JET_LOGINFO_W', 'JET_INSTANCE_INFO_W', 'JET_RSTMAP_W', 'JET_SETSYSPARAM_W', 'JET_COLUMNDEF', 'JET_COLUMNCREATE_W',
  'JET_INDEXCREATE_W', 'JET_TABLECREATE_W', 'JET_RETINFO', 'JET_SETINFO',
];

const rawHeader = readFileSync(headerPath, 'utf8');
const defines = new Map([...rawHeader.matchAll(/^#define\s+(\w+)\s+(\d+)\s*$/gm)].map((m) => [m[1], Number(m[2])]));
const header = rawHeader + SUPPLEMENT.replace('JET_DBINFOMISC_FIELDS;', structBody(rawHeader, 'JET_DBINFOMISC'));

function structBody(text, name) {
  const m = new RegExp(`typedef struct\\s*\\w*\\s*\\{([\\s\\S]*?)\\n\\}\\s*${name};`).exec(text);
  if (!m) throw new Error(`esent.h has no struct ${name}`);
  // the last struct before the name: the lazy match may have started at an earlier typedef
  const body = m[1];
  const i = body.lastIndexOf('typedef struct');
  return i < 0 ? body : body.slice(body.indexOf('{', i) + 1);
}

// ---- C types -> koffi types
const TYPEDEFS = [
  ['JET_API_PTR', 'uint64_t'],
  ['JET_ERR', 'int32_t'],
  ['JET_GRBIT', 'uint32_t'],
  ['JET_COLUMNID', 'uint32_t'],
  ['JET_DBID', 'uint32_t'],
  ['JET_COLTYP', 'int32_t'],
  ['JET_SNP', 'int32_t'],
  ['JET_SNT', 'int32_t'],
  ['JET_HANDLE', 'JET_API_PTR'],
  ['JET_INSTANCE', 'JET_API_PTR'],
  ['JET_SESID', 'JET_API_PTR'],
  ['JET_TABLEID', 'JET_API_PTR'],
  ['JET_OSSNAPID', 'JET_API_PTR'],
];
const BASE = new Map([
  ['unsigned __LONG32', 'uint32_t'],
  ['__LONG32', 'int32_t'],
  ['unsigned long', 'uint32_t'],
  ['long', 'int32_t'],
  ['unsigned short', 'uint16_t'],
  ['unsigned char', 'uint8_t'],
  // JET_LOGTIME's bytes are `char`; they are counts (0..255) to a caller
  ['char', 'uint8_t'],
  ['WCHAR', 'char16_t'],
  ['void', 'void'],
  ['JET_PCWSTR', 'const char16_t *'],
  ['JET_PWSTR', 'char16_t *'],
  ['JET_PFNSTATUS', 'JET_PFNSTATUS *'],
  // mingw-w64 names the A/W-neutral macro inside JET_TABLECREATE_W; the W struct holds W columns
  ['JET_COLUMNCREATE', 'JET_COLUMNCREATE_W'],
  ['JET_RSTINFO_W', 'void'],
  ['JET_UNICODEINDEX', 'void'],
  ['JET_TUPLELIMITS', 'void'],
  ['JET_CONDITIONALCOLUMN', 'void'],
  ...TYPEDEFS.map(([n]) => [n, n]),
  ...STRUCTS.map((n) => [n, n]),
]);

/** Parses `const T * * name` into { type, name, stars, isConst }. */
function parseDecl(decl) {
  const clean = decl.replace(/\bxRPC_STRING\b/g, '').replace(/\s+/g, ' ').trim();
  const m = /^(const )?([\w ]+?)\s*((?:\*\s*)*)\s*(\w+)(\[[^\]]+\])?$/.exec(clean);
  if (!m) throw new Error(`cannot parse declaration "${decl}"`);
  const base = m[2].trim();
  const stars = (m[3].match(/\*/g) ?? []).length;
  let arrayLen = null;
  if (m[5]) arrayLen = m[5].slice(1, -1).split('+').reduce((n, t) => n + (/^\d+$/.test(t.trim()) ? Number(t) : defines.get(t.trim())), 0);
  return { isConst: Boolean(m[1]), base, stars, name: m[4], arrayLen };
}

function koffiType({ isConst, base, stars }) {
  const k = BASE.get(base);
  if (!k) throw new Error(`no koffi type for "${base}"`);
  // a pointer at an opaque or unused struct is a void pointer
  const pointee = k === 'void' && base !== 'void' ? 'void' : k;
  return `${isConst && stars > 0 ? 'const ' : ''}${pointee}${stars ? ' ' + '*'.repeat(stars) : ''}`;
}

// ---- functions
// mingw-w64 declares JetDetachDatabaseW's file name as `const char *`; esent.dll takes a wide
// string (spec: JetDetachDatabase.md; jethdr.w: JET_PCWSTR szFilename).
const FIXES = { JetDetachDatabaseW: { szFilename: 'WCHAR' } };
function prototype(name) {
  const m = new RegExp(`JET_ERR JET_API ${name}\\(([^)]*)\\);`).exec(header);
  if (!m) return null;
  const inner = m[1].trim();
  const params = inner === 'void' || inner === '' ? [] : inner.split(',').map((p) => parseDecl(p));
  for (const p of params) if (FIXES[name]?.[p.name]) p.base = FIXES[name][p.name];
  return { name, params };
}
const functions = [];
for (const api of API) {
  const fn = prototype(`${api}W`) ?? prototype(api);
  if (!fn) throw new Error(`esent.h declares neither ${api}W nor ${api}`);
  functions.push({ api, ...fn });
}
for (const name of EXTRA_EXPORTS) functions.push({ api: null, ...prototype(name) });
const pfn = /typedef JET_ERR \(JET_API \*JET_PFNSTATUS\)\(([^)]*)\);/.exec(header);
const pfnParams = pfn[1].split(',').map((p) => parseDecl(p));

// ---- structs: nameless unions keep one member: the pointer-sized one if any (it sets the
// union's size and alignment on Win64), else the last (JET_BKINFO: bklogtimeMark); nameless
// bit-field structs are skipped (JET_BKLOGTIME's fOSSnapshot lives in bFiller2).
function structFields(name) {
  const body = structBody(header, name);
  const fields = [];
  const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^__C89_NAMELESS union \{$/.test(line)) {
      const members = [];
      let depth = 1;
      for (i++; depth > 0; i++) {
        const l = lines[i];
        if (l.endsWith('{')) depth++;
        else if (l.startsWith('}')) depth--;
        else if (depth === 1) members.push(parseDecl(l.replace(/;$/, '')));
      }
      i--;
      fields.push(members.find((d) => d.stars > 0) ?? members[members.length - 1]);
      continue;
    }
    fields.push(parseDecl(line.replace(/;$/, '')));
  }
  // a char array is a string (JET_SIGNATURE.szComputerName); other chars are byte counts
  return fields.map((d) => [d.name, d.arrayLen === null ? koffiType(d) : `${d.base === 'char' ? 'char' : koffiType(d)}[${d.arrayLen}]`, d]);
}
const structs = STRUCTS.map((name) => ({ name, fields: structFields(name) }));

// ---- src/native/generated/esentDeclarations.ts
const tsHeader = `// Generated by scripts/generate-native.mjs from mingw-w64's esent.h: do not edit.\n`;
const q = (s) => `'${s}'`;
let ts = tsHeader;
ts += `\n/** esent.h typedefs as koffi aliases, in declaration order. */\n`;
ts += `export const TYPEDEFS: readonly (readonly [string, string])[] = [\n${TYPEDEFS.map(([a, b]) => `  [${q(a)}, ${q(b)}],`).join('\n')}\n];\n`;
ts += `\n/** esent.h structs (Win64 layout comes from koffi's C rules over these fields), in dependency order. */\n`;
ts += `export const STRUCTS: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [\n`;
for (const s of structs) ts += `  [${q(s.name)}, [${s.fields.map(([f, t]) => `[${q(f)}, ${q(t)}]`).join(', ')}]],\n`;
ts += `];\n`;
ts += `\n/** JET_PFNSTATUS as a koffi prototype. */\n`;
ts += `export const JET_PFNSTATUS = ${q(`JET_ERR __stdcall JET_PFNSTATUS(${pfnParams.map((d) => `${koffiType(d)} ${d.name}`).join(', ')})`)};\n`;
ts += `\n/** The esent.dll entry point each EsentApi function calls. */\n`;
ts += `export const ENTRY_POINTS = {\n${functions.filter((f) => f.api).map((f) => `  ${f.api}: ${q(f.name)},`).join('\n')}\n} as const;\n`;
ts += `\n/** koffi prototypes of the entry points (JET_API is __stdcall; Win64 has one convention). */\n`;
ts += `export const PROTOTYPES: Readonly<Record<string, string>> = {\n`;
for (const f of functions) {
  ts += `  ${f.name}: ${q(`JET_ERR __stdcall ${f.name}(${f.params.map((d) => `${koffiType(d)} ${d.name}`).join(', ')})`)},\n`;
}
ts += `};\n`;

// ---- the fake's exports: each records its arguments by their C types and returns what the
// test scripted (fake.c implements the rec_* helpers).
let c = `/* Generated by scripts/generate-native.mjs from mingw-w64's esent.h: do not edit. */\n#include "fake.h"\n`;
for (const f of functions) {
  const params = f.params.map((d) => {
    const t = d.base === 'JET_PFNSTATUS' ? 'JET_PFNSTATUS' : `${d.isConst ? 'const ' : ''}${d.base}${d.stars ? ' ' + '*'.repeat(d.stars) : ''}`;
    return `${t} ${d.name}`;
  });
  c += `\n__declspec(dllexport) JET_ERR JET_API ${f.name}(${params.join(', ') || 'void'}) {\n  rec_begin("${f.name}");\n`;
  for (const d of f.params) c += `  ${recorder(f, d)}\n`;
  c += `  return rec_end_${f.name}(${f.params.map((d) => d.name).join(', ')});\n}\n`;
}
/** How the fake records one argument: by value, as a UTF-16 string, or as a struct it points at. */
function recorder(f, d) {
  const n = JSON.stringify(d.name);
  if (d.base === 'JET_PFNSTATUS') return `rec_ptr(${n}, (const void *)${d.name});`;
  if (d.stars === 0) {
    const k = koffiType(d);
    if (/JET_API_PTR|JET_INSTANCE|JET_SESID|JET_TABLEID|JET_HANDLE|JET_OSSNAPID|uint64/.test(d.base)) return `rec_u64(${n}, (unsigned long long)${d.name});`;
    if (k === 'int32_t' || d.base === 'JET_ERR' || d.base === 'JET_COLTYP') return `rec_i32(${n}, (long)${d.name});`;
    if (k === 'const char16_t *' || k === 'char16_t *') return `rec_wstr(${n}, ${d.name});`;
    return `rec_u32(${n}, (unsigned long)${d.name});`;
  }
  if (d.stars === 1 && d.base === 'WCHAR' && d.isConst) return `rec_wstr(${n}, ${d.name});`;
  if (d.stars === 1 && STRUCTS.includes(d.base)) return `rec_struct_${d.base}(${n}, ${d.name});`;
  return `rec_ptr(${n}, (const void *)${d.name});`;
}
// struct recorders: every field by name, so the compiler places them at their Win64 offsets
for (const s of structs) {
  c += `\nvoid rec_struct_${s.name}(const char *name, const ${s.name} *p) {\n  if (!rec_struct_open(name, p, sizeof(${s.name}))) return;\n`;
  for (const [field, type, d] of s.fields) {
    const fn = JSON.stringify(field);
    if (d.arrayLen !== null) c += d.base === 'WCHAR' ? `  rec_wstr_n(${fn}, p->${field}, ${d.arrayLen});\n` : `  rec_bytes(${fn}, p->${field}, sizeof p->${field});\n`;
    else if (d.stars === 0 && STRUCTS.includes(d.base)) c += `  rec_struct_${d.base}(${fn}, &p->${field});\n`;
    else if (d.stars === 1 && d.base === 'WCHAR') c += `  rec_wstr(${fn}, p->${field});\n`;
    else if (d.stars > 0) c += `  rec_ptr(${fn}, (const void *)p->${field});\n`;
    else if (type === 'uint64_t' || /JET_API_PTR|JET_INSTANCE|JET_TABLEID|JET_SESID/.test(d.base)) c += `  rec_u64(${fn}, (unsigned long long)p->${field});\n`;
    else if (type === 'int32_t' || d.base === 'JET_ERR') c += `  rec_i32(${fn}, (long)p->${field});\n`;
    else c += `  rec_u32(${fn}, (unsigned long)p->${field});\n`;
  }
  c += `  rec_struct_close();\n}\n`;
}
let h = `/* Generated by scripts/generate-native.mjs: declarations mingw-w64's esent.h lacks, and the\n   recorders and scripted endings of every export. Do not edit. */\n#pragma once\n${SUPPLEMENT.replace('JET_DBINFOMISC_FIELDS;', structBody(rawHeader, 'JET_DBINFOMISC').trim())}\n`;
for (const s of structs) h += `void rec_struct_${s.name}(const char *name, const ${s.name} *p);\n`;
for (const f of functions) {
  const params = f.params.map((d) => `${d.base === 'JET_PFNSTATUS' ? 'JET_PFNSTATUS' : `${d.isConst ? 'const ' : ''}${d.base}${d.stars ? ' ' + '*'.repeat(d.stars) : ''}`} ${d.name}`);
  h += `JET_ERR rec_end_${f.name}(${params.join(', ') || 'void'});\n`;
}

// ---- write or check
const outputs = [
  [join(pkg, 'src/native/generated/esentDeclarations.ts'), ts],
  [join(pkg, 'test/native/fake/exports.generated.c'), c],
  [join(pkg, 'test/native/fake/exports.generated.h'), h],
];
if (process.argv.includes('--check')) {
  const stale = outputs.filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text).map(([f]) => f);
  if (stale.length) {
    console.error(`stale (run npm run generate -w @winbackup/esent): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log('generated files are up to date');
} else {
  for (const [file, text] of outputs) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  console.log(`wrote ${outputs.length} files: ${functions.length} entry points, ${structs.length} structs`);
}
