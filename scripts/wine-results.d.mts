// Types of scripts/wine-results.mjs for the TypeScript tests that use it.
export declare function wineCaseTests(options: { name: string; driver: string; dll: () => string; cases: readonly { readonly name: string }[] }): void;
