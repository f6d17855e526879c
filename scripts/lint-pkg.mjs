#!/usr/bin/env node
// Packs the package in the current directory and checks the tarball the way a consumer sees it:
// publint --strict, then @arethetypeswrong/cli in every resolution mode; then that the package
// ships the repository's LICENSE and that its declarations cite no file it does not ship (the
// spec pages live outside the package: declarations link to Microsoft Learn instead).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = mkdtempSync(join(tmpdir(), 'lint-pkg-'));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
const problems = [];
try {
  const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir]));
  const tarball = join(dir, packed.filename);
  process.stdout.write(run('npx', ['--no-install', 'publint', '--strict', tarball]));
  process.stdout.write(run('npx', ['--no-install', 'attw', '--profile', 'strict', '--format', 'table-flipped', tarball]));

  const shipped = new Set(packed.files.map((f) => f.path));
  const license = readFileSync(fileURLToPath(new URL('../LICENSE', import.meta.url)), 'utf8');
  if (!shipped.has('LICENSE')) problems.push('LICENSE is not in the tarball (add it to "files")');
  else if (readFileSync('LICENSE', 'utf8') !== license) problems.push('LICENSE differs from the repository LICENSE');

  const shippedNames = new Set([...shipped].map((f) => basename(f)));
  for (const f of shipped) {
    if (!/\.d\.[cm]?ts$/.test(f)) continue;
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      for (const [ref] of line.matchAll(/[\w./§-]*\.md\b/g)) {
        if (!shippedNames.has(basename(ref))) problems.push(`${f}:${i + 1}: cites ${ref}, which the package does not ship`);
      }
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
