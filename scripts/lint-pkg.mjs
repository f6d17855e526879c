#!/usr/bin/env node
// Packs the package in the current directory and checks the tarball the way a consumer sees it:
// publint --strict, then @arethetypeswrong/cli in every resolution mode.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'lint-pkg-'));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
try {
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir]));
  const tarball = join(dir, packed[0].filename);
  process.stdout.write(run('npx', ['--no-install', 'publint', '--strict', tarball]));
  process.stdout.write(run('npx', ['--no-install', 'attw', '--profile', 'strict', '--format', 'table-flipped', tarball]));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
