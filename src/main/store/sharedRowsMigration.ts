/**
 * Migration 14: a run's rows of a node may be another run's (rowSharing.ts). `run_nodes` says, for every node a
 * run has rows of, whose rows they are (`rows_of`: the run itself, or the earlier run whose rows of that node
 * were equal when this run finished) and, for a run that shares them, its `share`: the key of its own facts in
 * `shared_facts` — status, latency and trace call facts, kept only for the rows where they differ from the
 * owner's (a warm re-run's "cached", its look-up times). The views read every run through `run_nodes`, so each
 * run still reads as all of its rows; `result_heads` is `results` without the output. `own_results` is the
 * `results` of migration 12: the rows as their own run's, for the hot reads of rows a run owns (rowTables.ts). Existing rows each get their own run as owner: nothing is
 * rewritten. A run whose rows other runs share cannot be deleted before they are handed over (rowSharing.ts
 * handOverRows): the trigger runs_delete_shared refuses, so no run loses its rows by a delete that forgot them.
 */
import type { Migration } from "./migrations";
import { CONTENT_BODY_SQL, ROW_CACHE_KEY_SQL } from "./packedContentsMigration";

/** The run's own fact where it has one, else the owner's row's. */
const fact = (column: string, row: string) => `CASE WHEN f.item_id IS NULL THEN ${row}.${column} ELSE f.${column} END`;

/** A row's cache key as text (the writer stores 64 hex digits as their 32 bytes: migration 12). */
const ROW_KEY = ROW_CACHE_KEY_SQL.replace(/cache_key/g, "r.cache_key");

const FROM_ROWS = `FROM run_nodes n JOIN result_rows r ON r.run_id = n.rows_of AND r.node_id = n.node_id
    LEFT JOIN shared_facts f ON f.share = n.share AND f.item_id = r.item_id`;

export const SHARED_ROWS_MIGRATION: Migration = {
  version: 14,
  description: "runs share equal rows: run_nodes names whose rows a run's node reads, shared_facts keeps the sharing run's own facts",
  sql: `
    CREATE TABLE run_nodes (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      node_id TEXT NOT NULL,
      rows_of TEXT NOT NULL,
      share INTEGER UNIQUE,
      PRIMARY KEY (run_id, node_id)
    ) WITHOUT ROWID;
    CREATE INDEX run_nodes_rows_of ON run_nodes(rows_of, node_id);
    CREATE TABLE shared_facts (
      share INTEGER NOT NULL,
      item_id TEXT NOT NULL,
      status TEXT NOT NULL,
      latency_ms REAL,
      calls TEXT,
      PRIMARY KEY (share, item_id)
    ) WITHOUT ROWID;
    INSERT INTO run_nodes (run_id, node_id, rows_of)
      SELECT run_id, node_id, run_id FROM result_rows GROUP BY run_id, node_id
      UNION SELECT run_id, node_id, run_id FROM trace_rows GROUP BY run_id, node_id;
    CREATE TRIGGER run_nodes_delete AFTER DELETE ON run_nodes WHEN OLD.share IS NOT NULL BEGIN
      DELETE FROM shared_facts WHERE share = OLD.share;
    END;
    CREATE TRIGGER runs_delete_shared BEFORE DELETE ON runs
      WHEN EXISTS (SELECT 1 FROM run_nodes WHERE rows_of = OLD.id AND run_id != OLD.id) BEGIN
      SELECT RAISE(ABORT, 'this run''s rows are shared by later runs: hand them over first (rowSharing.ts)');
    END;
    DROP VIEW results;
    DROP VIEW result_traces;
    CREATE VIEW results AS
      SELECT n.run_id, r.node_id, r.item_id, r.seq, ${fact("status", "r")} AS status,
             coalesce(r.output, ${CONTENT_BODY_SQL("r.output_hash")}) AS output, r.error, ${ROW_KEY} AS cache_key,
             ${fact("latency_ms", "r")} AS latency_ms, r.input_tokens, r.output_tokens, r.cost_usd, r.drop_reason
      ${FROM_ROWS};
    CREATE VIEW own_results AS
      SELECT run_id, node_id, item_id, seq, status, coalesce(output, ${CONTENT_BODY_SQL("output_hash")}) AS output, error, ${ROW_CACHE_KEY_SQL} AS cache_key,
             latency_ms, input_tokens, output_tokens, cost_usd, drop_reason
      FROM result_rows;
    CREATE VIEW result_heads AS
      SELECT n.run_id, r.node_id, r.item_id, r.seq, ${fact("status", "r")} AS status, r.output_hash, r.error,
             ${ROW_KEY} AS cache_key, ${fact("latency_ms", "r")} AS latency_ms, r.input_tokens, r.output_tokens, r.cost_usd, r.drop_reason
      ${FROM_ROWS};
    CREATE VIEW result_traces AS
      SELECT n.run_id, t.node_id, t.item_id, cascade_trace(${CONTENT_BODY_SQL("t.trace_hash")}, ${fact("calls", "t")}) AS trace
      FROM run_nodes n JOIN trace_rows t ON t.run_id = n.rows_of AND t.node_id = n.node_id
      LEFT JOIN shared_facts f ON f.share = n.share AND f.item_id = t.item_id;
    CREATE TRIGGER results_insert INSTEAD OF INSERT ON results BEGIN
      INSERT OR IGNORE INTO run_nodes (run_id, node_id, rows_of) VALUES (NEW.run_id, NEW.node_id, NEW.run_id);
      INSERT OR IGNORE INTO contents (hash, body) SELECT cascade_hash(NEW.output), NEW.output WHERE length(NEW.output) > 64;
      INSERT OR REPLACE INTO result_rows (run_id, node_id, item_id, seq, status, output, output_hash, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason)
        VALUES (NEW.run_id, NEW.node_id, NEW.item_id, NEW.seq, NEW.status,
                CASE WHEN length(NEW.output) > 64 THEN NULL ELSE NEW.output END, CASE WHEN length(NEW.output) > 64 THEN cascade_hash(NEW.output) END,
                NEW.error, NEW.cache_key, NEW.latency_ms, NEW.input_tokens, NEW.output_tokens, NEW.cost_usd, NEW.drop_reason);
    END;
    CREATE TRIGGER result_traces_insert INSTEAD OF INSERT ON result_traces BEGIN
      INSERT OR IGNORE INTO run_nodes (run_id, node_id, rows_of) VALUES (NEW.run_id, NEW.node_id, NEW.run_id);
      INSERT OR IGNORE INTO contents (hash, body) VALUES (cascade_hash(cascade_trace_content(NEW.trace)), cascade_trace_content(NEW.trace));
      INSERT OR REPLACE INTO trace_rows (run_id, node_id, item_id, trace_hash, calls)
        VALUES (NEW.run_id, NEW.node_id, NEW.item_id, cascade_hash(cascade_trace_content(NEW.trace)), cascade_trace_facts(NEW.trace));
    END;
  `,
};
