// What a consumer's bundler keeps: one constant must not drag the tables in.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = join(import.meta.dirname, '..', 'dist', 'index.js');

async function bundledBytes(code: string): Promise<number> {
  if (!existsSync(entry)) throw new Error('build @winbackup/errors first (npm test does)');
  const result = await build({
    stdin: { contents: code, resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    alias: { '@winbackup/errors': entry },
  });
  return result.outputFiles[0]!.contents.byteLength;
}

describe('bundle size (esbuild, minified)', () => {
  it('importing one constant costs under 2 KB', async () => {
    const bytes = await bundledBytes(`import { JET_errBackupAbortByServer } from '@winbackup/errors'; console.log(JET_errBackupAbortByServer);`);
    expect(bytes).toBeLessThan(2048);
  });

  it('the HRESULT helpers alone stay small', async () => {
    const bytes = await bundledBytes(`import { SUCCEEDED, HRESULT_FROM_WIN32 } from '@winbackup/errors'; console.log(SUCCEEDED(HRESULT_FROM_WIN32(5)));`);
    expect(bytes).toBeLessThan(2048);
  });

  it('the ESE decoder carries the ESE table but not winerror.h', async () => {
    const bytes = await bundledBytes(`import { jetError } from '@winbackup/errors'; console.log(jetError(-801).message);`);
    expect(bytes).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThan(120_000);
  });
});
