/**
 * The storage part of the contract (re-exported by contract.ts; #21): what the database holds, garbage
 * collection and pinned runs — the same numbers as `cascade db`, `cascade gc` and `cascade runs`
 * (src/main/store/storageSizes.ts and gc.ts say how each is counted).
 */

/** A table's or index's size as SQLite measures it (dbstat: pages × page size). */
export interface StorageTableSize {
  name: string;
  /** The table this is an index of (its own name for a table). */
  table: string;
  bytes: number;
}

/** A run's payload counted from its rows: its rows, the contents only it refers to, those it shares. */
export interface StorageRunSize {
  runId: string;
  rows: number;
  own: number;
  shared: number;
}

export interface StorageDatabaseSize {
  path: string;
  fileBytes: number;
  walBytes: number;
  pageSize: number;
  pages: number;
  /** Pages free inside the file (a gc's vacuum returns them). */
  freePages: number;
  /** By table and index, largest first; null when this SQLite has no dbstat. */
  tables: StorageTableSize[] | null;
}

export interface StorageSummary {
  database: StorageDatabaseSize;
  /** Every run's size, by run id (a run with no rows is absent). */
  runSizes: Record<string, StorageRunSize>;
  /** Ids of the pinned runs (gc keeps them). */
  pinned: string[];
}

export interface StorageGcReport {
  dryRun: boolean;
  /** The runs deleted (or that a dry run would delete). */
  runs: { id: string; pipelineName: string; startedAt: number }[];
  runsKept: number;
  results: number;
  traces: number;
  contents: number;
  cacheRows: number;
  /** Database pages freed × page size: what the vacuum returns to the file system. */
  freedBytes: number;
  /** The database file plus its -wal file, before and after (the same on a dry run). */
  fileBytesBefore: number;
  fileBytesAfter: number;
  vacuum: "incremental" | "full" | "none";
}

export interface StorageResults {
  /** The database's size by table, every run's size, the pinned runs. */
  "storage.summary": StorageSummary;
  /** cascade gc: deletes what no policy keeps and returns the space (dryRun: says what it would, changes nothing). */
  "storage.gc": StorageGcReport;
  /** Pins or unpins a run: gc keeps pinned runs. */
  "runs.pin": void;
}
