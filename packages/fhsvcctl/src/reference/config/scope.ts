// Resolves the configuration's rules to folders on disk. Rules name folders by full path, known
// folders and libraries by `*` + KNOWNFOLDERID, custom libraries by name
// (spec: IFhConfigMgr-AddRemoveExcludeRule.md). Exclusions win over inclusions.
import { isAbsolute, join } from 'node:path';
import { FH_FOLDER, FH_LIBRARY } from '../../api/enums.js';
import {
  FOLDERID_Contacts,
  FOLDERID_Desktop,
  FOLDERID_DocumentsLibrary,
  FOLDERID_Favorites,
  FOLDERID_MusicLibrary,
  FOLDERID_PicturesLibrary,
  FOLDERID_VideosLibrary,
} from '../../api/guids.js';
import { canonical, isSameOrInside } from '../util/paths.js';
import type { FhConfiguration, ScopeRules } from './Configuration.js';

/** The machine's shell namespace: where known folders are and which folders each library holds. */
export interface ShellNamespace {
  readonly knownFolders: ReadonlyMap<string, string>;
  /** Library rule text (`*guid` or a custom name), lower-cased, to its folders. */
  readonly libraries: ReadonlyMap<string, readonly string[]>;
}

export function createShellNamespace(profileDir: string, libraries: Readonly<Record<string, readonly string[]>> = {}): ShellNamespace {
  const knownFolders = new Map<string, string>([
    [`*${FOLDERID_Desktop}`, join(profileDir, 'Desktop')],
    [`*${FOLDERID_Contacts}`, join(profileDir, 'Contacts')],
    [`*${FOLDERID_Favorites}`, join(profileDir, 'Favorites')],
  ]);
  const libs = new Map<string, readonly string[]>([
    [`*${FOLDERID_DocumentsLibrary}`, [join(profileDir, 'Documents')]],
    [`*${FOLDERID_MusicLibrary}`, [join(profileDir, 'Music')]],
    [`*${FOLDERID_PicturesLibrary}`, [join(profileDir, 'Pictures')]],
    [`*${FOLDERID_VideosLibrary}`, [join(profileDir, 'Videos')]],
  ]);
  for (const [name, folders] of Object.entries(libraries)) {
    libs.set(name.toLowerCase(), folders.map((f) => canonical(f)));
  }
  return { knownFolders, libraries: libs };
}

function foldersOf(rules: ScopeRules, shell: ShellNamespace): string[] {
  const out: string[] = [];
  for (const item of rules[FH_FOLDER]) {
    const known = shell.knownFolders.get(item.toLowerCase());
    if (known !== undefined) out.push(canonical(known));
    else if (isAbsolute(item)) out.push(canonical(item));
  }
  for (const item of rules[FH_LIBRARY]) {
    for (const f of shell.libraries.get(item.toLowerCase()) ?? []) out.push(canonical(f));
  }
  return [...new Set(out)];
}

export interface ResolvedScope {
  /** Included roots, without roots nested in another. */
  readonly roots: readonly string[];
  readonly excluded: readonly string[];
  contains(path: string): boolean;
  isExcluded(path: string): boolean;
}

export function resolveScope(config: FhConfiguration, shell: ShellNamespace): ResolvedScope {
  const inc = foldersOf(config.include, shell).sort();
  const excluded = foldersOf(config.exclude, shell);
  const roots = inc.filter((r) => !inc.some((o) => o !== r && isSameOrInside(r, o)));
  const isExcluded = (p: string): boolean => excluded.some((e) => isSameOrInside(p, e));
  return {
    roots,
    excluded,
    isExcluded,
    contains: (p: string) => roots.some((r) => isSameOrInside(p, r)) && !isExcluded(p),
  };
}
