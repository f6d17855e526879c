// Every fenced ```ts block of README.md and packages/*/README.md runs as written: in a fresh
// temporary directory, against the built packages (resolved through their exports maps, as a user's
// project resolves them), in a child process that must exit by itself. The setup a block may ask
// for is described in test/readme/README.md; a line `console.log(x); // text` asserts that `text`
// is a line of the output.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedOutputOf, extractSnippets, programOf, type Snippet } from './readme/extract.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');


/** How long a block may run, and how long after its last statement it may take to exit. */
const RUN_BOUND_MS = 45_000;
const EXIT_BOUND_MS = 5_000;
const DONE = '[readme-snippet: last statement done]';

const readmes = ['README.md', ...readdirSync(join(repo, 'packages')).map((p) => `packages/${p}/README.md`)];
const snippets: Snippet[] = readmes.flatMap((f) => {
  try {
    return extractSnippets(join(repo, f), f);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
});

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly finished: boolean;
  readonly exitedAfterFinish: boolean;
  readonly output: string;
}

/** Runs `program` with tsx in a fresh directory; kills it if it outlives a bound. */
function run(program: string): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'readme-snippet-'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-snippet', private: true, type: 'module' }));
  copyFileSync(join(repo, 'test/readme/prelude.ts'), join(dir, 'prelude.ts'));
  writeFileSync(join(dir, 'snippet.ts'), `${program}\nprocess.stdout.write(${JSON.stringify(`\n${DONE}\n`)});\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'snippet.ts'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let finished = false;
    let exitTimer: NodeJS.Timeout | undefined;
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    const runTimer = setTimeout(kill, RUN_BOUND_MS);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (!finished && output.includes(DONE)) {
        finished = true;
        exitTimer = setTimeout(kill, EXIT_BOUND_MS);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(runTimer);
      clearTimeout(exitTimer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, signal, finished, exitedAfterFinish: finished && !killed, output });
    });
  });
}

describe('README examples run as written', () => {
  it('finds the examples', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(8);
  });

  it('the harness fails a block that throws, and one that never exits', { timeout: 30_000 }, async () => {
    const thrown = await run("throw new Error('boom');");
    expect([thrown.finished, thrown.code]).toEqual([false, 1]);
    const idle = await run('setInterval(() => {}, 1000);');
    expect([idle.finished, idle.exitedAfterFinish, idle.signal]).toEqual([true, false, 'SIGKILL']);
  });

  it('type-check against the built declarations (strict, as the packages themselves)', { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'readme-types-'));
    try {
      symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'readme-types', private: true, type: 'module' }));
      copyFileSync(join(repo, 'test/readme/prelude.ts'), join(dir, 'prelude.ts'));
      const files = snippets.map((s, i) => {
        const f = `snippet${i + 1}.ts`;
        writeFileSync(join(dir, f), `// ${s.id}\n${programOf(s)}`);
        return f;
      });
      const base = join(repo, 'tsconfig.base.json');
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        extends: base,
        compilerOptions: { noEmit: true, allowImportingTsExtensions: true, noUnusedLocals: false, types: ['node'], typeRoots: [join(repo, 'node_modules/@types')] },
        files: ['prelude.ts', ...files],
      }));
      let out = '';
      try {
        execFileSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.'], { encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? e);
      }
      expect(out.replace(/^snippet(\d+)\.ts/gm, (_, n: string) => snippets[Number(n) - 1]!.id)).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const s of snippets) {
    it(`${s.id} (line ${s.line})`, { timeout: RUN_BOUND_MS + EXIT_BOUND_MS + 10_000 }, async () => {
      const r = await run(programOf(s));
      const report = `${s.id} exit ${r.code ?? r.signal}:\n${r.output}`;
      if (s.windowsOnly && process.platform !== 'win32') {
        // The native backends refuse to start off Windows, saying which platform this is.
        expect([r.finished, r.code], report).toEqual([false, 1]);
        expect(r.output, report).toContain(`this is ${process.platform}`);
        return;
      }
      expect(r.finished, report).toBe(true);
      const lines = r.output.split('\n').map((l) => l.trim());
      for (const want of expectedOutputOf(s)) expect(lines, `${s.id} prints ${want}`).toContain(want);
      expect(r.exitedAfterFinish, `${s.id} did not exit within ${EXIT_BOUND_MS} ms of its last statement\n${report}`).toBe(true);
      expect(r.code, report).toBe(0);
    });
  }
});
