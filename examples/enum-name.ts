// The tour prints Windows numbers with their names: the name of the constant a package exports for
// a value, among the constants of one enum (picked by name prefix or by a list of names).
export function enumName(constants: Readonly<Record<string, unknown>>, members: string | readonly string[], value: number): string {
  const inEnum = typeof members === 'string' ? (n: string) => n.startsWith(members) : (n: string) => members.includes(n);
  const name = Object.keys(constants).find((n) => inEnum(n) && constants[n] === value);
  return `${value} (${name ?? 'no name'})`;
}
