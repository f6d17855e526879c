// Opens the namespace's catalog: Catalog1.edb through @winbackup/esent's reference engine.
import { EseCatalog } from './EseCatalog.js';
import type { VersionCatalog } from './VersionCatalog.js';

export async function openCatalog(configurationDir: string): Promise<VersionCatalog> {
  return EseCatalog.open(configurationDir);
}
