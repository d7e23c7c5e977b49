/**
 * One batch of the result writer, written in one transaction: the one implementation of it, run by the
 * in-thread writer (./resultWriter.ts InThreadWriter) and by the writer's worker thread (./writerWorker.ts).
 *
 * A result row and its trace are written by plain statements into the tables of migration 9 (result_rows,
 * trace_rows, contents), not through the `results`/`result_traces` views: an INSTEAD OF trigger makes every
 * insert cost about twice as much. A row written again without a trace loses the old trace.
 */
import type { Database } from "better-sqlite3";
import { INLINE_MAX } from "./contents";
import { contentWriter } from "./contentWriter";
import { splitTrace } from "./traceFacts";

export const INSERT_RESULT_SQL = `INSERT OR REPLACE INTO result_rows (run_id, node_id, item_id, seq, status, output, output_hash, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd, drop_reason)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const INSERT_TRACE_SQL = "INSERT OR REPLACE INTO trace_rows (run_id, node_id, item_id, trace_hash, calls) VALUES (?, ?, ?, ?, ?)";
/** A run's node, owning its rows (migration 14): written once per run and node before its first row. */
export const INSERT_RUN_NODE_SQL = "INSERT OR IGNORE INTO run_nodes (run_id, node_id, rows_of) VALUES (?, ?, ?)";
export const DELETE_TRACE_SQL = "DELETE FROM trace_rows WHERE run_id = ? AND node_id = ? AND item_id = ?";
export const INSERT_CACHE_SQL = `INSERT OR REPLACE INTO call_cache (key, reply, input_tokens, output_tokens, model, created_at, latency_ms)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** A cache key of 64 lowercase hex digits (a SHA-256: engine/cacheKey.ts), stored as its 32 bytes (migration 12). */
const HEX_KEY = /^[0-9a-f]{64}$/;

/**
 * Writes one result row (resultWriter.ts resultParams, its trace last) to the tables of migration 9: an output
 * longer than INLINE_MAX and the trace's content go to `contents` (once: a text already there is only looked
 * up; a new one packed against its node's base, contentWriter.ts), the row refers to them by hash; the trace's
 * per-run call facts stay in its row; a hex cache key is stored as bytes (the `results` view gives it back as
 * text); a run's node gets its `run_nodes` row (migration 14) with its first row in each transaction. Call
 * inside a transaction, and `begin()` at the start of each: the nodes it remembers as written are that
 * transaction's, as a run (and its `run_nodes` rows) may be deleted between two batches and its id used again,
 * and a rolled-back transaction takes its `run_nodes` rows with it.
 */
export function resultRowWriter(db: Database): RowWriter {
  const stored = contentWriter(db);
  const insertResult = db.prepare(INSERT_RESULT_SQL);
  const insertTrace = db.prepare(INSERT_TRACE_SQL);
  const deleteTrace = db.prepare(DELETE_TRACE_SQL);
  const insertRunNode = db.prepare(INSERT_RUN_NODE_SQL);
  const runNodes = new Set<string>();
  const write = (params: unknown[]) => {
    const [runId, nodeId, itemId, seq, status, output, error, cacheKey, ...rest] = params;
    const trace = rest.pop() as string | null;
    const long = typeof output === "string" && output.length > INLINE_MAX;
    const key = typeof cacheKey === "string" && HEX_KEY.test(cacheKey) ? Buffer.from(cacheKey, "hex") : cacheKey;
    insertResult.run(runId, nodeId, itemId, seq, status, long ? null : output, long ? stored(output, `${runId}\0${nodeId}\0output`) : null, error, key, ...rest);
    const runNode = `${String(runId)}\0${String(nodeId)}`;
    if (!runNodes.has(runNode)) {
      insertRunNode.run(runId, nodeId, runId);
      runNodes.add(runNode);
    }
    if (trace === null) {
      deleteTrace.run(runId, nodeId, itemId);
      return;
    }
    const { content, facts } = splitTrace(trace);
    insertTrace.run(runId, nodeId, itemId, stored(content, `${runId}\0${nodeId}\0trace`), facts);
  };
  return Object.assign(write, { begin: () => runNodes.clear() });
}

/** Writes one row; `begin` at the start of each transaction (the `run_nodes` rows it wrote are that transaction's). */
export interface RowWriter {
  (params: unknown[]): void;
  begin(): void;
}

/** Why a batch failed: SQLite's message and code (SQLITE_FULL for a full disk). */
export interface BatchError {
  message: string;
  code?: string;
}

/**
 * Writes batches to `db`. A batch is the positional bind values of its result rows, each ending with its trace
 * (JSON text or null: resultWriter.ts resultParams), and of its cache rows (cacheParams). The rows' last
 * element is written as the trace. Returns undefined when the batch is committed; on failure (e.g. the disk is full) it
 * keeps what still fits — the cache rows (completed calls) first, then row by row — and returns the error.
 */
export function batchWriter(db: Database): (results: unknown[][], cache: unknown[][]) => BatchError | undefined {
  const writeRow = resultRowWriter(db);
  const insertCache = db.prepare(INSERT_CACHE_SQL);
  const write = db.transaction((results: unknown[][], cache: unknown[][]) => {
    writeRow.begin();
    for (const c of cache) insertCache.run(c);
    for (const r of results) writeRow(r);
  });
  // BEGIN IMMEDIATE: the write lock is taken (waiting the busy timeout) before the first statement. Deferred, a
  // batch whose first statement reads (a packed content's look-up of its base) holds a read snapshot, and when
  // another connection commits meanwhile (this process's heartbeat, another process's run) its first write
  // fails at once with "database is locked": the busy timeout does not apply to that upgrade.
  return (results, cache) => {
    try {
      write.immediate(results, cache);
      return undefined;
    } catch (e) {
      try {
        if (cache.length) write.immediate([], cache);
        for (const r of results) write.immediate([r], []);
      } catch {
        /* the rest does not fit either */
      }
      return { message: e instanceof Error ? e.message : String(e), code: (e as { code?: string }).code };
    }
  };
}
