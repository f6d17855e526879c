// Picks the catalog implementation for a namespace's Configuration folder.
import { join } from 'node:path';
import { LogCatalog } from './LogCatalog.js';
import type { VersionCatalog } from './VersionCatalog.js';

export async function openCatalog(configurationDir: string): Promise<VersionCatalog> {
  return LogCatalog.open(join(configurationDir, 'Catalog1.fhlog'));
}
