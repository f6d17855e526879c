import { isAbsolute, normalize, relative, sep } from 'node:path';

/**
 * True when a path.relative() result leaves its base: its first segment is `..` (or it is on
 * another drive). A name that merely starts with dots (`..notes`, `...`, `.. y`) stays inside.
 */
function leaves(rel: string): boolean {
  return rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel);
}

/** True when `child` is `parent` or lies below it (both absolute, normalised). */
export function isSameOrInside(child: string, parent: string): boolean {
  return !leaves(relative(parent, child));
}

/** True when `child` lies strictly below `parent`. */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !leaves(rel);
}

/** An absolute, normalised path without a trailing separator (except the root). */
export function canonical(p: string): string {
  const n = normalize(p);
  return n.length > 1 && n.endsWith(sep) ? n.slice(0, -1) : n;
}
