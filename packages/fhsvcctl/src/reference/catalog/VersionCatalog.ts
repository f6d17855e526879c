// The version catalog's logical model: one row per physical copy on the target (Windows' `file`
// table in Catalog1.edb, SEMANTICS.md §4 "Catalog"). Implementations keep every row in memory for
// queries and make each add/remove durable before resolving.

export interface VersionRecord {
  /** Unique among the rows present; assigned by the catalog (one above the highest on disk). */
  readonly id: number;
  /** Absolute path of the source file the version was copied from. */
  readonly sourcePath: string;
  /** '/'-separated path of the version file under the namespace's Data folder. */
  readonly storedPath: string;
  /** The backup set's time, whole seconds, ms since 1970 UTC: the stamp in the file name. */
  readonly versionTime: number;
  readonly size: number;
  /** The source's modification time when it was copied (the copy keeps it). */
  readonly mtimeMs: number;
}

export type NewVersionRecord = Omit<VersionRecord, 'id'>;

export interface VersionCatalog {
  /** Where the catalog is stored (a file or a database path). */
  readonly path: string;
  list(): readonly VersionRecord[];
  /** The newest row of each source path, kept up to date by add/remove. */
  latest(): ReadonlyMap<string, VersionRecord>;
  /** Durably adds rows; resolves with them carrying their ids. */
  add(records: readonly NewVersionRecord[]): Promise<readonly VersionRecord[]>;
  /** Durably removes rows by id; unknown ids are ignored. */
  remove(ids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}
