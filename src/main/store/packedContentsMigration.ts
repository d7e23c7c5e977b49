/**
 * Migration 12 (in its own file: migrations.ts holds 1-11): contents packed against their node's base text
 * (contentPacking.ts, contentWriter.ts). `content_bases` holds the bases (always plain text), each once by its
 * hash; a content whose `base` (a base's id: 1-3 bytes where a hash would take 16) is not NULL holds its
 * packed form (text: contentPacking.ts) in `body`. Ids are never used again (AUTOINCREMENT), so a base's text never changes under
 * its id: each connection keeps the bases it read (contents.ts), and a content whose base it knows is unpacked
 * without reading the base again (coalesce evaluates its second argument only when the first is NULL); the
 * content unpacked last is kept too, as a query that names `output` twice (`output IS NULL`, `output ->> ?`)
 * evaluates the view's expression twice for the same row. Contents written before stay plain: nothing is
 * rewritten, so every run reads as before. The views and their insert triggers of migration 9 are made again
 * (dropping a view drops its triggers) with two changes: a content is unpacked where it is packed, and a cache
 * key the writer stored as 32 bytes reads as its 64 hex digits. The triggers (bundle imports, seed scripts) keep
 * writing plain contents and text keys.
 */
import type { Migration } from "./migrations";

/** The text of the content whose key is `hash` (an SQL expression), packed or not. */
const body = (hash: string) =>
  `(SELECT CASE WHEN contents.base IS NULL THEN contents.body
           ELSE coalesce(cascade_unpack_known(contents.body, contents.base),
                         cascade_unpack(contents.body, contents.base, (SELECT content_bases.body FROM content_bases WHERE content_bases.id = contents.base))) END
   FROM contents WHERE contents.hash = ${hash})`;

/** A row's cache key as text: the writer stores a key of 64 hex digits as its 32 bytes (a BLOB), others as they are. */
const CACHE_KEY_SQL = "CASE WHEN typeof(cache_key) = 'blob' THEN lower(hex(cache_key)) ELSE cache_key END";

export const PACKED_CONTENTS_MIGRATION: Migration = {
  version: 12,
  description: "contents packed against a base text of their node and run (content_bases): a run's outputs and traces are stored as their differences",
  sql: `
    CREATE TABLE content_bases (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      hash BLOB NOT NULL UNIQUE,
      body TEXT NOT NULL
    );
    ALTER TABLE contents ADD COLUMN base INTEGER;
    DROP VIEW results;
    DROP VIEW result_traces;
    CREATE VIEW results AS
      SELECT run_id, node_id, item_id, seq, status, coalesce(output, ${body("output_hash")}) AS output, error, ${CACHE_KEY_SQL} AS cache_key,
             latency_ms, input_tokens, output_tokens, cost_usd, drop_reason
      FROM result_rows;
    CREATE VIEW result_traces AS
      SELECT run_id, node_id, item_id, cascade_trace(${body("trace_hash")}, calls) AS trace
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
};

/** The SQL text of the content whose key is `hash`, for queries in this folder that read `contents` themselves (gc.ts). */
export const CONTENT_BODY_SQL = body;
/** `result_rows.cache_key` as text (gc.ts). */
export const ROW_CACHE_KEY_SQL = CACHE_KEY_SQL;
