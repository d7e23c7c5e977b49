/**
 * Batched writes: results and cache rows are buffered and written in one transaction every `intervalMs`
 * (default 50 ms) or every `maxRows` rows, whichever comes first. A process killed with SIGKILL loses at
 * most the rows of the last interval. Rows not yet written stay visible through `pendingCache`.
 */
import type { Database, Statement } from "better-sqlite3";
import type { CacheRecord, ResultRecord } from "./types";

export interface WriterOptions {
  intervalMs?: number;
  maxRows?: number;
}

export class ResultWriter {
  private results: ResultRecord[] = [];
  private cache = new Map<string, CacheRecord>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly intervalMs: number;
  private readonly maxRows: number;
  private readonly insertResult: Statement;
  private readonly insertCache: Statement;
  private readonly writeAll: (results: ResultRecord[], cache: CacheRecord[]) => void;

  constructor(db: Database, opts: WriterOptions = {}) {
    this.intervalMs = opts.intervalMs ?? 50;
    this.maxRows = opts.maxRows ?? 500;
    this.insertResult = db.prepare(
      `INSERT OR REPLACE INTO results (run_id, node_id, item_id, seq, status, output, error, cache_key, latency_ms, input_tokens, output_tokens, cost_usd)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertCache = db.prepare(
      `INSERT OR REPLACE INTO call_cache (key, reply, input_tokens, output_tokens, model, created_at, latency_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    // Positional binding: measurably cheaper than named parameters on large batches.
    this.writeAll = db.transaction((results: ResultRecord[], cache: CacheRecord[]) => {
      for (const c of cache) {
        this.insertCache.run(c.key, c.reply, c.inputTokens ?? null, c.outputTokens ?? null, c.model ?? null, c.createdAt, c.latencyMs ?? null);
      }
      for (const r of results) {
        this.insertResult.run(
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
        );
      }
    });
  }

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

  /** A cache row buffered but not yet written. */
  pendingCache(key: string): CacheRecord | undefined {
    return this.cache.get(key);
  }

  get pending(): number {
    return this.results.length + this.cache.size;
  }

  /** Writes everything buffered now, in one transaction. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.results.length === 0 && this.cache.size === 0) return;
    const results = this.results;
    const cache = [...this.cache.values()];
    this.results = [];
    this.cache = new Map();
    this.writeAll(results, cache);
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.pending >= this.maxRows) {
      this.flush();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.intervalMs);
    this.timer.unref?.();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("the store is closed: cannot write results");
  }
}
