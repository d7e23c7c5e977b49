/**
 * Schema migrations, applied in order by `PRAGMA user_version`. Never edit a released migration: append one.
 */
import { PACKED_CONTENTS_MIGRATION } from "./packedContentsMigration";
import { SHARED_ROWS_MIGRATION } from "./sharedRowsMigration";

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
  {
    version: 3,
    description: "traces of results (inputs, model calls with their exact messages), written through the result_writes view",
    // Traces live in their own table so that scans of `results` (paging, compare) stay on small rows. The
    // writer inserts into the `result_writes` view: its trigger writes the result and, when given, its trace
    // (a result re-written without a trace loses the old one) — one statement per result on every writer.
    sql: `
      CREATE TABLE result_traces (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        node_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        trace TEXT NOT NULL,
        PRIMARY KEY (run_id, node_id, item_id)
      ) WITHOUT ROWID;
      CREATE VIEW result_writes AS
        SELECT r.run_id, r.node_id, r.item_id, r.seq, r.status, r.output, r.error, r.cache_key, r.latency_ms, r.input_tokens,
               r.output_tokens, r.cost_usd, t.trace
        FROM results r LEFT JOIN result_traces t USING (run_id, node_id, item_id);
      CREATE TRIGGER result_writes_insert INSTEAD OF INSERT ON result_writes BEGIN
        INSERT OR REPLACE INTO results (run_id, node_id, item_id, seq, status, output, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd)
          VALUES (NEW.run_id, NEW.node_id, NEW.item_id, NEW.seq, NEW.status, NEW.output, NEW.error, NEW.cache_key, NEW.latency_ms,
                  NEW.input_tokens, NEW.output_tokens, NEW.cost_usd);
        INSERT OR REPLACE INTO result_traces (run_id, node_id, item_id, trace)
          SELECT NEW.run_id, NEW.node_id, NEW.item_id, NEW.trace WHERE NEW.trace IS NOT NULL;
        DELETE FROM result_traces WHERE NEW.trace IS NULL AND run_id = NEW.run_id AND node_id = NEW.node_id AND item_id = NEW.item_id;
      END;
    `,
  },
  {
    version: 4,
    description: "run heartbeats: a run whose process stopped beating is reported as interrupted",
    // The process executing a run writes heartbeat_at every few seconds (store/runLiveness.ts). The partial
    // index keeps the check for stale running runs, done on every listing, off the rest of the table.
    sql: `
      ALTER TABLE runs ADD COLUMN heartbeat_at INTEGER;
      CREATE INDEX runs_running ON runs(id) WHERE status = 'running';
    `,
  },
  {
    version: 5,
    description: "one covering index of results in item order with status and latency, in place of results_order",
    // Item order and status filters walk it; status order walks it per status; latency order sorts its entries
    // (see resultsPage.ts); compare reads latencies from it: none of them reads the outputs. Every index on
    // results slows the writer: two more (by status, by latency) made a warm re-run ~1.5x as slow, so one.
    sql: `
      DROP INDEX results_order;
      CREATE INDEX results_items ON results(run_id, node_id, seq, item_id, status, latency_ms);
    `,
  },
  {
    version: 6,
    description: "repeats of a run (group, index, the group's mean ± sd) and the run record (versions, command line, dataset fingerprint)",
    // A repeat is a run of its own; repeat_group is the id of repeat 0 (store/runRepeats.ts). repeat_stats is
    // the group's RepeatStats JSON, written to every run of the group when the last repeat ends. record is the
    // RunRecord JSON of store/runRecord.ts (what reproduces the run).
    sql: `
      ALTER TABLE runs ADD COLUMN repeat_group TEXT;
      ALTER TABLE runs ADD COLUMN repeat_index INTEGER;
      ALTER TABLE runs ADD COLUMN repeat_stats TEXT;
      ALTER TABLE runs ADD COLUMN record TEXT;
      CREATE INDEX runs_repeat_group ON runs(repeat_group) WHERE repeat_group IS NOT NULL;
    `,
  },
  {
    version: 7,
    description: "a dropped item's failing filter clause and the values it read (JSON), for the run report",
    // Older rows keep only their text reason in error; the report shows that text as it is.
    sql: `ALTER TABLE results ADD COLUMN drop_clause TEXT;`,
  },
  {
    version: 8,
    description: "a running run's totals as of its last heartbeat; a dropped item's structured reason",
    // live_totals: the engine's RunningTotals JSON (totals and accuracy), written with each heartbeat; an
    // interrupted run takes its totals from it (runLiveness.ts). drop_reason: the DropReason JSON
    // (shared/dropReason.ts) of a dropped item; rows of schema 7 hold a filter's {clause, values} there, rows
    // before it NULL (their text reason in error is shown as it is).
    sql: `
      ALTER TABLE runs ADD COLUMN live_totals TEXT;
      ALTER TABLE results RENAME COLUMN drop_clause TO drop_reason;
    `,
  },
  {
    version: 9,
    description: "each output and trace content stored once (contents, by hash); results and result_traces become views over the rows that refer to it",
    // Outputs longer than 64 characters (contents.ts INLINE_MAX) move to `contents`, keyed by the first 16
    // bytes of their SHA-256; shorter ones stay in their row (output). A trace is split into its content (in
    // `contents`) and its calls' facts of this run (cached, latency, retries: traceFacts.ts). The views keep
    // the names and columns every reader uses; their INSTEAD OF triggers let bundle imports and seed scripts
    // insert as before, while the writer writes the tables directly (writeBatch.ts). cascade_hash and the
    // cascade_trace* functions are registered on every connection (contents.ts). The views read a content by
    // a scalar subquery, not a join: one table each, so SQLite flattens them anywhere (also on the right of a
    // LEFT JOIN) and a query that reads no output walks the covering index as on the table.
    sql: `
      DROP VIEW result_writes;
      CREATE TABLE contents (
        hash BLOB PRIMARY KEY,
        body TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE result_rows (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        node_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        status TEXT NOT NULL,
        output TEXT,
        output_hash BLOB,
        error TEXT,
        cache_key TEXT,
        latency_ms REAL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        drop_reason TEXT,
        PRIMARY KEY (run_id, node_id, item_id)
      ) WITHOUT ROWID;
      CREATE TABLE trace_rows (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        node_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        trace_hash BLOB NOT NULL,
        calls TEXT,
        PRIMARY KEY (run_id, node_id, item_id)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO contents (hash, body)
        SELECT cascade_hash(output), output FROM results WHERE length(output) > 64;
      INSERT INTO result_rows (run_id, node_id, item_id, seq, status, output, output_hash, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason)
        SELECT run_id, node_id, item_id, seq, status,
               CASE WHEN length(output) > 64 THEN NULL ELSE output END, CASE WHEN length(output) > 64 THEN cascade_hash(output) END,
               error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason
        FROM results;
      INSERT OR IGNORE INTO contents (hash, body)
        SELECT cascade_hash(cascade_trace_content(trace)), cascade_trace_content(trace) FROM result_traces;
      INSERT INTO trace_rows (run_id, node_id, item_id, trace_hash, calls)
        SELECT run_id, node_id, item_id, cascade_hash(cascade_trace_content(trace)), cascade_trace_facts(trace) FROM result_traces;
      DROP TABLE result_traces;
      DROP TABLE results;
      CREATE INDEX results_items ON result_rows(run_id, node_id, seq, item_id, status, latency_ms);
      CREATE VIEW results AS
        SELECT run_id, node_id, item_id, seq, status, coalesce(output, (SELECT body FROM contents WHERE hash = output_hash)) AS output, error, cache_key,
               latency_ms, input_tokens, output_tokens, cost_usd, drop_reason
        FROM result_rows;
      CREATE VIEW result_traces AS
        SELECT run_id, node_id, item_id, cascade_trace((SELECT body FROM contents WHERE hash = trace_hash), calls) AS trace
        FROM trace_rows;
      CREATE TRIGGER results_insert INSTEAD OF INSERT ON results BEGIN
        INSERT OR IGNORE INTO contents (hash, body) SELECT cascade_hash(NEW.output), NEW.output WHERE length(NEW.output) > 64;
        INSERT OR REPLACE INTO result_rows (run_id, node_id, item_id, seq, status, output, output_hash, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason)
          VALUES (NEW.run_id, NEW.node_id, NEW.item_id, NEW.seq, NEW.status,
                  CASE WHEN length(NEW.output) > 64 THEN NULL ELSE NEW.output END, CASE WHEN length(NEW.output) > 64 THEN cascade_hash(NEW.output) END,
                  NEW.error, NEW.cache_key, NEW.latency_ms, NEW.input_tokens, NEW.output_tokens, NEW.cost_usd, NEW.drop_reason);
      END;
      CREATE TRIGGER result_traces_insert INSTEAD OF INSERT ON result_traces BEGIN
        INSERT OR IGNORE INTO contents (hash, body) VALUES (cascade_hash(cascade_trace_content(NEW.trace)), cascade_trace_content(NEW.trace));
        INSERT OR REPLACE INTO trace_rows (run_id, node_id, item_id, trace_hash, calls)
          VALUES (NEW.run_id, NEW.node_id, NEW.item_id, cascade_hash(cascade_trace_content(NEW.trace)), cascade_trace_facts(NEW.trace));
      END;
    `,
  },
  {
    version: 10,
    description: "pinned runs: cascade gc never deletes them",
    // auto_vacuum = INCREMENTAL (so that gc returns freed pages to the file system) cannot be switched inside a
    // migration: an existing database needs a VACUUM outside any transaction, which gc does once (gc.ts); a new
    // database gets it before its first table (store.ts).
    sql: `ALTER TABLE runs ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 11,
    description: "provider batches (batch: true models): each batch and the cache key of each of its requests",
    // A batch row is written, with its requests, before it is submitted (remote_id NULL); submission fills
    // remote_id. A later run asking for one of the keys polls that batch instead of submitting the call again.
    // state: the BatchState of providers/batch/batchTypes.ts, "preparing" before submission, "collected" once
    // its results are in the call cache.
    sql: `
      CREATE TABLE batch_jobs (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        endpoint TEXT NOT NULL,
        model TEXT NOT NULL,
        remote_id TEXT,
        state TEXT NOT NULL,
        request_count INTEGER NOT NULL,
        counts TEXT,
        error TEXT,
        run_id TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE batch_requests (
        job_id TEXT NOT NULL REFERENCES batch_jobs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        custom_id TEXT NOT NULL,
        cache_key TEXT NOT NULL,
        PRIMARY KEY (job_id, seq)
      );
      CREATE INDEX batch_requests_key ON batch_requests(cache_key);
      CREATE INDEX batch_jobs_open ON batch_jobs(state) WHERE state NOT IN ('collected', 'failed', 'cancelled');
    `,
  },
  PACKED_CONTENTS_MIGRATION,
  {
    version: 13,
    description: "experiments started in the app: their cells and runs, kept across restarts",
    // state: the ExperimentState of shared/experimentsContract.ts without the matrix (which experiments.get
    // computes from the cells' runs), as JSON; written when a cell starts or ends and when the experiment ends.
    sql: `
      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        pipeline_id TEXT,
        name TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX experiments_started ON experiments(started_at);
    `,
  },
  SHARED_ROWS_MIGRATION,
];

/** The highest schema version this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
