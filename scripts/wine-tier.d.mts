// Types of scripts/wine-tier.mjs for the TypeScript tests that use it.
export declare const WINDOWS_NODE_VERSION: string;
export declare const cacheDir: string;
export interface WineTier {
  readonly cacheDir: string;
  readonly nodeExe: string;
  readonly nodeModules: string;
  readonly prefix: string;
  readonly fetched: readonly string[];
}
export declare function koffiVersion(): string;
export declare function ensureWineTier(): WineTier;
export declare function wineEnv(prefix: string): NodeJS.ProcessEnv;
export declare function buildDll(options: { name: string; sources: readonly string[]; includeDirs?: readonly string[]; flags?: readonly string[] }): string;
export declare function runWineNode(options: { nodeExe: string; prefix: string; script: string; args?: readonly string[]; timeoutMs?: number }): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}>;
export declare function winPath(p: string): string;
export declare function runWineDriver(options: { name: string; driver: string; dll: string; timeoutMs?: number }): Promise<import('./wine-driver.mjs').WineResults>;
