// Pulls the fenced ```ts blocks out of a README and turns each into a program to run. A block opts
// into setup with comment lines a reader sees too (documented in test/readme/README.md):
//   // continues the example above   -> runs after the previous ts block of the same file
//   // placeholders: app, backup()   -> these names come from test/readme/prelude.ts
//   // Windows only ...              -> elsewhere the block must fail, naming this platform
import { readFileSync } from 'node:fs';

export interface Snippet {
  /** `README.md#2` (the second ts block of that file), stable across edits elsewhere in the file. */
  readonly id: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly code: string;
  /** The block this one continues, if any. */
  readonly previous: Snippet | undefined;
  /** Names imported from the prelude for this block and every block it continues. */
  readonly placeholders: readonly string[];
  /** The block calls the real DLLs: off Windows it must stop with an error naming the platform. */
  readonly windowsOnly: boolean;
}

const CONTINUES = /^\s*\/\/\s*continues the example above\b/m;
const PLACEHOLDERS = /^\s*\/\/\s*placeholders:\s*(.+)$/gm;
const WINDOWS_ONLY = /^\s*\/\/\s*Windows only\b/m;

export function extractSnippets(file: string, label: string): Snippet[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i]!)) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (i === lines.length) throw new Error(`${label}:${start + 1}: unterminated code fence`);
    const code = body.join('\n');
    const previous = CONTINUES.test(code) ? out.at(-1) : undefined;
    if (CONTINUES.test(code) && !previous) throw new Error(`${label}:${start + 1}: continues an example, but no ts block precedes it`);
    const own = [...code.matchAll(PLACEHOLDERS)].flatMap((m) => m[1]!.split(',').map((s) => s.trim().replace(/\(.*$/, '').replace(/\..*$/, '')));
    out.push({
      id: `${label}#${out.length + 1}`,
      line: start + 1,
      code,
      previous,
      placeholders: [...new Set([...(previous?.placeholders ?? []), ...own.filter(Boolean)])],
      windowsOnly: WINDOWS_ONLY.test(code) || (previous?.windowsOnly ?? false),
    });
  }
  return out;
}

/** The whole program of a block: the blocks it continues, then itself, with the prelude imports. */
export function programOf(s: Snippet): string {
  const chain: Snippet[] = [];
  for (let c: Snippet | undefined = s; c; c = c.previous) chain.unshift(c);
  const head = s.placeholders.length ? `import { ${s.placeholders.join(', ')} } from './prelude.ts';\n` : '';
  return head + chain.map((c) => `// ---- ${c.id} (line ${c.line})\n${c.code}\n`).join('');
}

/** What the program prints: `console.log(x); // text` says `text` is a line of the output. */
export function expectedOutputOf(s: Snippet): string[] {
  return programOf(s)
    .split('\n')
    .flatMap((line) => /^\s*console\.log\(.*\);\s*\/\/\s*(\S.*?)\s*$/.exec(line)?.[1] ?? []);
}
