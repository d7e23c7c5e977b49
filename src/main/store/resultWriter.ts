/**
 * Batched writes: results and cache rows are buffered and written in one transaction every `intervalMs`
 * (default 50 ms) or every `maxRows` rows, whichever comes first. A process killed with SIGKILL loses at
 * most the rows of the last interval. Rows not yet committed stay visible through `pendingCache`.
 * `flush()` returns once everything buffered so far is committed (readers call it before reading).
 *
 * Two implementations: in this thread (in-memory databases, and the fallback), or in a worker thread with
 * its own connection (file databases; see ./threadWriter.ts), which takes the SQLite work off the engine's
 * thread.
 */
import type { Database, Statement } from "better-sqlite3";
import type { CacheRecord, ResultRecord } from "./types";

export interface WriterOptions {
  intervalMs?: number;
  maxRows?: number;
  /** Write from a worker thread (file databases only). Default true. */
  thread?: boolean;
}

/**
 * A result row and its trace (result_traces, migration 3) are written by plain statements, not through the
 * `result_writes` view: its INSTEAD OF trigger made every insert cost about twice as much. A row written again
 * without a trace loses the old trace (what the view's trigger did).
 */
export const INSERT_RESULT_SQL = `INSERT OR REPLACE INTO results (run_id, node_id, item_id, seq, status, output, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const INSERT_TRACE_SQL = "INSERT OR REPLACE INTO result_traces (run_id, node_id, item_id, trace) VALUES (?, ?, ?, ?)";
export const DELETE_TRACE_SQL = "DELETE FROM result_traces WHERE run_id = ? AND node_id = ? AND item_id = ?";
export const INSERT_CACHE_SQL = `INSERT OR REPLACE INTO call_cache (key, reply, input_tokens, output_tokens, model, created_at, latency_ms)
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** Positional bind values of a result row (outputs as JSON text), then its trace as JSON text or null. */
export function resultParams(r: ResultRecord): unknown[] {
  return [
    r.runId,
    r.nodeId,
    r.itemId,
    r.seq,
    r.status,
    r.output === null ? null : JSON.stringify(r.output),
    r.error ?? null,
    r.cacheKey ?? null,
    r.latencyMs ?? null,
    r.inputTokens ?? null,
    r.outputTokens ?? null,
    r.costUsd ?? null,
    r.trace === undefined ? null : JSON.stringify(r.trace),
  ];
}

export function cacheParams(c: CacheRecord): unknown[] {
  return [c.key, c.reply, c.inputTokens ?? null, c.outputTokens ?? null, c.model ?? null, c.createdAt, c.latencyMs ?? null];
}

export abstract class ResultWriter {
  private results: ResultRecord[] = [];
  private cache = new Map<string, CacheRecord>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxRows: number;

  constructor(opts: WriterOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 50;
    this.maxRows = opts.maxRows ?? 500;
  }

  /** Starts writing a batch (synchronously or not). */
  protected abstract commit(results: unknown[][], cache: unknown[][], cacheRows: Map<string, CacheRecord>): void;
  /** Waits until every batch started so far is committed. */
  protected abstract settle(): void;
  /** A cache row whose batch is being written. */
  protected abstract committing(key: string): CacheRecord | undefined;
  protected abstract shutdown(): void;

  putResult(row: ResultRecord): void {
    this.assertOpen();
    this.results.push(row);
    this.schedule();
  }

  putCache(row: CacheRecord): void {
    this.assertOpen();
    this.cache.set(row.key, row);
    this.schedule();
  }

  /** A cache row buffered but not yet committed. */
  pendingCache(key: string): CacheRecord | undefined {
    return this.cache.get(key) ?? this.committing(key);
  }

  get pending(): number {
    return this.results.length + this.cache.size;
  }

  /** Writes everything buffered and returns once it is committed. */
  flush(): void {
    this.send();
    this.settle();
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.shutdown();
  }

  private send(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.results.length === 0 && this.cache.size === 0) return;
    const results = this.results.map(resultParams);
    const cacheRows = this.cache;
    this.results = [];
    this.cache = new Map();
    this.commit(results, [...cacheRows.values()].map(cacheParams), cacheRows);
  }

  private schedule(): void {
    if (this.pending >= this.maxRows) {
      this.send();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.send();
    }, this.intervalMs);
    this.timer.unref?.();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("the store is closed: cannot write results");
  }
}

/** Writes on the calling thread, synchronously. */
export class InThreadWriter extends ResultWriter {
  private readonly writeAll: (results: unknown[][], cache: unknown[][]) => void;

  constructor(db: Database, opts: WriterOptions = {}) {
    super(opts);
    const insertResult: Statement = db.prepare(INSERT_RESULT_SQL);
    const insertTrace: Statement = db.prepare(INSERT_TRACE_SQL);
    const deleteTrace: Statement = db.prepare(DELETE_TRACE_SQL);
    const insertCache: Statement = db.prepare(INSERT_CACHE_SQL);
    // The same steps as the worker thread's (threadWriter.ts WORKER_SOURCE).
    this.writeAll = db.transaction((results: unknown[][], cache: unknown[][]) => {
      for (const c of cache) insertCache.run(c);
      for (const r of results) {
        const trace = r.pop();
        insertResult.run(r);
        if (trace === null) deleteTrace.run(r[0], r[1], r[2]);
        else insertTrace.run(r[0], r[1], r[2], trace);
      }
    });
  }

  protected commit(results: unknown[][], cache: unknown[][]): void {
    this.writeAll(results, cache);
  }

  protected settle(): void {}

  protected committing(): CacheRecord | undefined {
    return undefined;
  }

  protected shutdown(): void {}
}
