// Types of scripts/wine-driver.mjs for the TypeScript drivers that use it.
export interface WineCaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}
export interface WineResults {
  readonly platform: string;
  readonly arch: string;
  readonly node: string;
  readonly results: readonly WineCaseResult[];
}
export declare function runCases<C>(options: {
  cases: readonly { readonly name: string; run(context: C): Promise<void> }[];
  context: C;
  before: () => void;
  outFile: string;
}): Promise<void>;
export declare function readFakeLog(fakeLog: (buf: Buffer | null, cb: number) => unknown): unknown[];
