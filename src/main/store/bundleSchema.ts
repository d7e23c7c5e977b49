/**
 * The tables of a run bundle (`cascade bundle`): an SQLite file of its own, with its own format version
 * (`PRAGMA user_version`), independent of the store's schema version, so that a newer app reads older bundles.
 * `PRAGMA application_id` marks the file as a Cascade Studio bundle. Never edit a released format: add a version
 * and teach the reader (bundleReader.ts) the difference.
 */

/** "CASB" as a 32-bit integer: what `PRAGMA application_id` says of a bundle. */
export const BUNDLE_APPLICATION_ID = 0x43415342;

/** The bundle format this build writes; it reads every format from 1 to this. */
export const BUNDLE_FORMAT_VERSION = 1;

/** The CREATE statements of format 1, in the attached schema `s`. */
export function bundleTablesSql(s: string): string {
  return `
    CREATE TABLE ${s}.bundle_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE ${s}.runs (
      id TEXT PRIMARY KEY,
      pipeline_hash TEXT NOT NULL,
      pipeline_name TEXT NOT NULL,
      doc TEXT NOT NULL,
      dataset_fingerprint TEXT NOT NULL,
      label TEXT NOT NULL,
      status TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      finished_at INTEGER,
      totals TEXT NOT NULL,
      metrics TEXT NOT NULL,
      node_counts TEXT NOT NULL,
      error TEXT,
      repeat_group TEXT,
      repeat_index INTEGER,
      repeat_stats TEXT,
      record TEXT
    );
    CREATE TABLE ${s}.results (
      run_id TEXT NOT NULL,
      node_id TEXT NOT NULL,
      item_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      status TEXT NOT NULL,
      output TEXT,
      error TEXT,
      cache_key TEXT,
      latency_ms REAL,
      input_tokens INTEGER,
      output_tokens INTEGER,
      cost_usd REAL,
      drop_reason TEXT,
      PRIMARY KEY (run_id, node_id, item_id)
    ) WITHOUT ROWID;
    CREATE TABLE ${s}.result_traces (
      run_id TEXT NOT NULL,
      node_id TEXT NOT NULL,
      item_id TEXT NOT NULL,
      trace TEXT NOT NULL,
      PRIMARY KEY (run_id, node_id, item_id)
    ) WITHOUT ROWID;
    CREATE TABLE ${s}.call_cache (
      key TEXT PRIMARY KEY,
      reply TEXT NOT NULL,
      input_tokens INTEGER,
      output_tokens INTEGER,
      model TEXT,
      created_at INTEGER NOT NULL,
      latency_ms REAL
    ) WITHOUT ROWID;
    CREATE TABLE ${s}.images (sha256 TEXT PRIMARY KEY, mime TEXT, bytes BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE ${s}.image_sources (source TEXT PRIMARY KEY, sha256 TEXT NOT NULL) WITHOUT ROWID;
  `;
}

/** The tables every format so far has; a file without them is not a bundle (or a damaged one). */
export const BUNDLE_TABLES = ["bundle_meta", "runs", "results", "result_traces", "call_cache", "images", "image_sources"] as const;

/** The columns copied between a store and a bundle (the same names on both sides). */
export const RUN_COLUMNS =
  "id, pipeline_hash, pipeline_name, doc, dataset_fingerprint, label, status, started_at, finished_at, totals, metrics, node_counts, error, repeat_group, repeat_index, repeat_stats, record";
export const RESULT_COLUMNS = "run_id, node_id, item_id, seq, status, output, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason";
export const TRACE_COLUMNS = "run_id, node_id, item_id, trace";
export const CACHE_COLUMNS = "key, reply, input_tokens, output_tokens, model, created_at, latency_ms";
