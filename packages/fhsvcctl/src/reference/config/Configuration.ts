// The per-user File History configuration (Windows keeps it as Config1.xml/Config2.xml under
// %LOCALAPPDATA%\Microsoft\Windows\FileHistory\Configuration; SEMANTICS.md §3-4). Here it is one
// JSON document replaced atomically, so a crash leaves the old or the new configuration.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hresultError, FHCFG_E_CORRUPT_CONFIG_FILE } from '@winbackup/errors';
import { FH_FOLDER, FH_LIBRARY, FH_RETENTION_DISABLED, FH_STATUS_DISABLED, MAX_BACKUP_STATUS, MAX_RETENTION_TYPE } from '../../api/enums.js';
import {
  FOLDERID_Contacts,
  FOLDERID_Desktop,
  FOLDERID_DocumentsLibrary,
  FOLDERID_Favorites,
  FOLDERID_MusicLibrary,
  FOLDERID_PicturesLibrary,
  FOLDERID_VideosLibrary,
} from '../../api/guids.js';
import { writeFileAtomicSync } from '../util/durable.js';

export interface ScopeRules {
  /** Indexed by FH_PROTECTED_ITEM_CATEGORY: [FH_FOLDER, FH_LIBRARY]. */
  readonly [FH_FOLDER]: string[];
  readonly [FH_LIBRARY]: string[];
}

export interface FhConfiguration {
  status: number;
  include: ScopeRules;
  exclude: ScopeRules;
  /** FH_FREQUENCY in seconds, FH_RETENTION_TYPE, FH_RETENTION_AGE in days. */
  policy: { frequency: number; retentionType: number; retentionAge: number };
  target: { url: string; name: string } | null;
  recommended: boolean;
}

/** SEMANTICS.md §3 "Defaults": hourly, retention disabled (keep forever), 365 days. */
export const DEFAULT_FREQUENCY_SECONDS = 3600;
export const DEFAULT_RETENTION_AGE_DAYS = 365;

/** Default scope: every library plus Contacts, Desktop and Favorites; spec: IFhConfigMgr-AddRemoveExcludeRule.md */
export function defaultConfiguration(): FhConfiguration {
  return {
    // Off until SetBackupStatus(FH_STATUS_ENABLED): the Control Panel's "Turn on" creates the default
    // configuration, provisions a target, then enables (inferred from the documented call order).
    status: FH_STATUS_DISABLED,
    include: {
      [FH_FOLDER]: [`*${FOLDERID_Contacts}`, `*${FOLDERID_Desktop}`, `*${FOLDERID_Favorites}`],
      [FH_LIBRARY]: [`*${FOLDERID_DocumentsLibrary}`, `*${FOLDERID_MusicLibrary}`, `*${FOLDERID_PicturesLibrary}`, `*${FOLDERID_VideosLibrary}`],
    },
    exclude: { [FH_FOLDER]: [], [FH_LIBRARY]: [] },
    policy: { frequency: DEFAULT_FREQUENCY_SECONDS, retentionType: FH_RETENTION_DISABLED, retentionAge: DEFAULT_RETENTION_AGE_DAYS },
    target: null,
    recommended: false,
  };
}

export function cloneConfiguration(c: FhConfiguration): FhConfiguration {
  return structuredClone(c);
}

export function configurationPath(stateDir: string, user: string): string {
  return join(stateDir, 'FileHistory', user, 'Configuration', 'Config1.json');
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function validate(v: unknown): FhConfiguration | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Record<string, any>;
  const okRules = (r: any): boolean => typeof r === 'object' && r !== null && isStringArray(r[FH_FOLDER]) && isStringArray(r[FH_LIBRARY]);
  const p = c.policy;
  const t = c.target;
  if (
    !Number.isInteger(c.status) || c.status < 0 || c.status >= MAX_BACKUP_STATUS ||
    !okRules(c.include) || !okRules(c.exclude) ||
    typeof p !== 'object' || p === null || !Number.isSafeInteger(p.frequency) || !Number.isInteger(p.retentionType) ||
    p.retentionType < 0 || p.retentionType >= MAX_RETENTION_TYPE || !Number.isSafeInteger(p.retentionAge) ||
    !(t === null || (typeof t === 'object' && typeof t.url === 'string' && typeof t.name === 'string')) ||
    typeof c.recommended !== 'boolean'
  ) {
    return undefined;
  }
  return c as FhConfiguration;
}

/** Reads the configuration: undefined when there is none; FHCFG_E_CORRUPT_CONFIG_FILE when unreadable. */
export function readConfiguration(path: string): FhConfiguration | undefined {
  if (!existsSync(path)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw hresultError(FHCFG_E_CORRUPT_CONFIG_FILE, { context: path });
  }
  const c = validate(parsed);
  if (!c) throw hresultError(FHCFG_E_CORRUPT_CONFIG_FILE, { context: path });
  return c;
}

export function writeConfiguration(path: string, c: FhConfiguration): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomicSync(path, JSON.stringify(c, null, 2) + '\n');
}
