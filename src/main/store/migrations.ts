/**
 * Schema migrations, applied in order by `PRAGMA user_version`. Never edit a released migration: append one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "pipelines, versions, runs, results, call cache, settings",
    sql: `
      CREATE TABLE pipelines (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE pipeline_versions (
        pipeline_id TEXT NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        saved_at INTEGER NOT NULL,
        hash TEXT NOT NULL,
        autosave INTEGER NOT NULL DEFAULT 0,
        doc TEXT NOT NULL,
        PRIMARY KEY (pipeline_id, version)
      );
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        pipeline_hash TEXT NOT NULL,
        pipeline_name TEXT NOT NULL,
        doc TEXT NOT NULL,
        pipeline_id TEXT REFERENCES pipelines(id) ON DELETE SET NULL,
        dataset_fingerprint TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        totals TEXT NOT NULL DEFAULT '{}',
        metrics TEXT NOT NULL DEFAULT '{}',
        node_counts TEXT NOT NULL DEFAULT '{}',
        error TEXT
      );
      CREATE INDEX runs_started ON runs(started_at);
      CREATE TABLE results (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
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
        PRIMARY KEY (run_id, node_id, item_id)
      ) WITHOUT ROWID;
      CREATE INDEX results_order ON results(run_id, node_id, seq);
      CREATE TABLE call_cache (
        key TEXT PRIMARY KEY,
        reply TEXT NOT NULL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        model TEXT,
        created_at INTEGER NOT NULL,
        latency_ms REAL
      ) WITHOUT ROWID;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "human review decisions; the folder a run's relative paths resolve against",
    // IF NOT EXISTS: stores written by a build whose reviews repository created the table itself keep their decisions.
    sql: `
      CREATE TABLE IF NOT EXISTS review_decisions (
        node_key TEXT NOT NULL,
        item_id TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'edit')),
        edited_json TEXT,
        note TEXT,
        inputs_hash TEXT NOT NULL,
        decided_at INTEGER NOT NULL,
        PRIMARY KEY (node_key, item_id)
      );
      ALTER TABLE runs ADD COLUMN base_dir TEXT;
    `,
  },
];

/** The highest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
