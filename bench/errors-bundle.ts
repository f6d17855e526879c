// What @winbackup/errors costs in a consumer's bundle (esbuild, minified, and gzip'd), against the
// peer of shipping the raw JSON facts the tables come from.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { report, type ResultRow } from './lib.js';

const pkg = join(import.meta.dirname, '..', 'packages', 'errors');
const entry = join(pkg, 'dist', 'index.js');

async function bundle(code: string): Promise<Buffer> {
  const result = await build({
    stdin: { contents: code, resolveDir: pkg, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    alias: { '@winbackup/errors': entry },
  });
  return Buffer.from(result.outputFiles[0]!.contents);
}

const kib = (n: number) => (n < 1024 ? `${n} B` : (n / 1024).toFixed(1) + ' KiB');
const rawJson = (names: string[]) => Buffer.concat(names.map((n) => readFileSync(join(pkg, 'data', n))));

const cases: Array<[string, string, Buffer | undefined]> = [
  ['one constant (JET_errBackupAbortByServer)', `import { JET_errBackupAbortByServer as x } from '@winbackup/errors'; console.log(x);`, undefined],
  ['HRESULT macros (SUCCEEDED, HRESULT_FROM_WIN32)', `import { SUCCEEDED, HRESULT_FROM_WIN32 } from '@winbackup/errors'; console.log(SUCCEEDED(HRESULT_FROM_WIN32(5)));`, undefined],
  ['ESE decoder (jetError + lookupJetError)', `import { jetError, lookupJetError } from '@winbackup/errors'; console.log(jetError(-801), lookupJetError(-1));`, rawJson(['esent-errors.json', 'descriptions/esent.json'])],
  ['whole HRESULT/winerror decoder (describeHResult)', `import { describeHResult } from '@winbackup/errors'; console.log(describeHResult(5));`, rawJson(['winerror.json', 'vss-errors.json', 'filehistory-codes.json', 'descriptions/vss.json', 'descriptions/filehistory.json'])],
  ['everything (import *)', `import * as e from '@winbackup/errors'; console.log(e);`, undefined],
];

const rows: ResultRow[] = [];
for (const [label, code, peer] of cases) {
  const out = await bundle(code);
  const gz = gzipSync(out).length;
  const peerGz = peer ? gzipSync(peer).length : undefined;
  rows.push({
    metric: label,
    ours: `${kib(out.length)} (${kib(gz)} gz)`,
    peer: peerGz === undefined ? 'n/a' : `raw JSON facts ${kib(peer!.length)} (${kib(peerGz)} gz)`,
    ratio: peerGz === undefined ? '' : (gz / peerGz).toFixed(2) + 'x gz',
    ...(label.startsWith('one constant') ? { target: '< 2 KiB', met: out.length < 2048 } : {}),
  });
}
report('errors-bundle', '@winbackup/errors bundle cost', rows, [
  'esbuild, --bundle --minify, ESM, platform neutral; the peer is the JSON the tables are generated from.',
]);
