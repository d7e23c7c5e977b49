/**
 * One batch of the result writer, written in one transaction: the one implementation of it, run by the
 * in-thread writer (./resultWriter.ts InThreadWriter) and by the writer's worker thread (./writerWorker.ts).
 *
 * A result row and its trace (result_traces, migration 3) are written by plain statements, not through the
 * `result_writes` view: its INSTEAD OF trigger made every insert cost about twice as much. A row written again
 * without a trace loses the old trace (what the view's trigger did).
 */
import type { Database } from "better-sqlite3";

export const INSERT_RESULT_SQL = `INSERT OR REPLACE INTO results (run_id, node_id, item_id, seq, status, output, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const INSERT_TRACE_SQL = "INSERT OR REPLACE INTO result_traces (run_id, node_id, item_id, trace) VALUES (?, ?, ?, ?)";
export const DELETE_TRACE_SQL = "DELETE FROM result_traces WHERE run_id = ? AND node_id = ? AND item_id = ?";
export const INSERT_CACHE_SQL = `INSERT OR REPLACE INTO call_cache (key, reply, input_tokens, output_tokens, model, created_at, latency_ms)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** Why a batch failed: SQLite's message and code (SQLITE_FULL for a full disk). */
export interface BatchError {
  message: string;
  code?: string;
}

/**
 * Writes batches to `db`. A batch is the positional bind values of its result rows, each ending with its trace
 * (JSON text or null: resultWriter.ts resultParams), and of its cache rows (cacheParams). The rows' last
 * element is taken off. Returns undefined when the batch is committed; on failure (e.g. the disk is full) it
 * keeps what still fits — the cache rows (completed calls) first, then row by row — and returns the error.
 */
export function batchWriter(db: Database): (results: unknown[][], cache: unknown[][]) => BatchError | undefined {
  const insertResult = db.prepare(INSERT_RESULT_SQL);
  const insertTrace = db.prepare(INSERT_TRACE_SQL);
  const deleteTrace = db.prepare(DELETE_TRACE_SQL);
  const insertCache = db.prepare(INSERT_CACHE_SQL);
  const write = db.transaction((results: unknown[][], traces: unknown[], cache: unknown[][]) => {
    for (const c of cache) insertCache.run(c);
    results.forEach((r, i) => {
      insertResult.run(r);
      if (traces[i] === null) deleteTrace.run(r[0], r[1], r[2]);
      else insertTrace.run(r[0], r[1], r[2], traces[i]);
    });
  });
  return (results, cache) => {
    const traces = results.map((r) => r.pop());
    try {
      write(results, traces, cache);
      return undefined;
    } catch (e) {
      try {
        if (cache.length) write([], [], cache);
        results.forEach((r, i) => write([r], [traces[i]], []));
      } catch {
        /* the rest does not fit either */
      }
      return { message: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code };
    }
  };
}
