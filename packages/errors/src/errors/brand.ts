// Errors are recognised by a brand stored under a registry symbol, not by `instanceof` alone:
// `Symbol.for` returns the same symbol in every copy of this package (ESM and CJS builds, or two
// versions in one node_modules tree), so guards and `instanceof` agree across copies.
export const ERROR_BRAND: unique symbol = Symbol.for('@winbackup/errors/brand') as never;

export type ErrorBrand = 'jet' | 'hresult';

export function brandOf(value: unknown): ErrorBrand | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const brand = (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
  return brand === 'jet' || brand === 'hresult' ? brand : undefined;
}
