/**
 * Batched writes. Result rows are buffered and written in one transaction every `intervalMs` (default 50 ms)
 * or every `maxRows` rows. Cache rows (completed model calls) do not wait for the interval: they are committed
 * as soon as the batch being written is done (group commit), and `putCache` returns a promise that settles on
 * the commit, so the engine makes a received answer durable before anything depends on it. A process killed
 * with SIGKILL thus loses at most the replies received during the last commit (a few ms), never one whose
 * item went on; results lost with the last interval are rebuilt from the cache by the next run.
 * Rows not yet committed stay visible through `pendingCache`; `flush()` returns once everything buffered so
 * far is committed (readers call it before reading). A failed batch (e.g. the disk is full) is retried as
 * cache rows first, then row by row, to keep what still fits; it is reported to `onFailure` listeners and by
 * the next `flush()`, never thrown from a timer.
 *
 * Two implementations: in this thread (in-memory databases, and the fallback), or in a worker thread with
 * its own connection (file databases; see ./threadWriter.ts), which takes the SQLite work off the engine's
 * thread.
 */
import type { Database } from "better-sqlite3";
import type { CacheRecord, ResultRecord } from "./types";
import { shareEqualRows } from "./rowSharing";
import { batchWriter } from "./writeBatch";

export interface WriterOptions {
  intervalMs?: number;
  maxRows?: number;
  /** Write from a worker thread (file databases only). Default true. */
  thread?: boolean;
}

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
    r.dropReason === undefined ? null : JSON.stringify(r.dropReason),
    r.trace === undefined ? null : JSON.stringify(r.trace),
  ];
}

export function cacheParams(c: CacheRecord): unknown[] {
  return [c.key, c.reply, c.inputTokens ?? null, c.outputTokens ?? null, c.model ?? null, c.createdAt, c.latencyMs ?? null];
}

/** Why a batch could not be written: "disk full while writing <path>" for SQLITE_FULL, else the SQLite message. */
export function writeFailure(path: string, message: string, code?: string): Error {
  const full = code === "SQLITE_FULL" || /disk is full|ENOSPC|no space left/i.test(message);
  const err = new Error(full ? `disk full while writing ${path} (${message})` : `writing results to ${path} failed: ${message}`);
  (err as Error & { diskFull?: boolean }).diskFull = full;
  return err;
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // a caller that does not wait for durability must not cause an unhandled rejection
  return { promise, resolve, reject };
}

export abstract class ResultWriter {
  private results: ResultRecord[] = [];
  private cache = new Map<string, CacheRecord>();
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  /** Settles when the rows buffered now are committed; created by the first putCache of a batch. */
  private durable: Deferred | null = null;
  /** Cache rows wait in the buffer until the batch being committed is done (group commit). */
  private urgent = false;
  private readonly committingBatches = new Map<number, Deferred>();
  private nextSeq = 0;
  private closed = false;
  private readonly failureListeners = new Set<(e: Error) => void>();
  private readonly intervalMs: number;
  private readonly maxRows: number;

  constructor(
    protected readonly path: string,
    opts: WriterOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 50;
    this.maxRows = opts.maxRows ?? 500;
  }

  /** Starts writing batch `seq` (synchronously or not); the subclass then calls `committed(seq, error?)`. */
  protected abstract commit(seq: number, results: unknown[][], cache: unknown[][], cacheRows: Map<string, CacheRecord>): void;
  /** Waits until every batch started so far is committed; throws a failure not yet reported by a flush. */
  protected abstract settle(): void;
  /** A cache row whose batch is being written. */
  protected abstract committing(key: string): CacheRecord | undefined;
  /** Whether a batch is being committed now (cache rows then wait for it and go in the next one). */
  protected abstract busy(): boolean;
  protected abstract shutdown(): void;
  /** Starts task `seq`, sharing run `runId`'s rows (shareRows); the subclass then calls `committed(seq)`. */
  protected abstract share(seq: number, runId: string): void;
  /** Somebody began or stopped waiting for a commit (see `awaited`). */
  protected awaitedChanged(): void {}

  putResult(row: ResultRecord): void {
    this.assertOpen();
    this.results.push(row);
    this.schedule();
  }

  /**
   * Buffers a cache row and commits it as soon as the batch being written (if any) is done: rows that arrive
   * meanwhile share the next transaction. The promise settles when the row is committed (or its batch failed),
   * so a caller can make a received answer durable before anything depends on it.
   */
  putCache(row: CacheRecord): Promise<void> {
    this.assertOpen();
    this.cache.set(row.key, row);
    if (!this.durable) {
      this.durable = deferred();
      this.awaitedChanged();
    }
    const { promise } = this.durable;
    if (this.pending >= this.maxRows) this.send();
    else this.hurry();
    return promise;
  }

  /** Called with each write failure (e.g. the disk is full); the run that writes stops on it. */
  onFailure(listener: (e: Error) => void): () => void {
    this.failureListeners.add(listener);
    return () => this.failureListeners.delete(listener);
  }

  /** A cache row buffered but not yet committed. */
  pendingCache(key: string): CacheRecord | undefined {
    return this.cache.get(key) ?? this.committing(key);
  }

  get pending(): number {
    return this.results.length + this.cache.size;
  }

  /** Whether rows wait for a commit somebody awaits. */
  protected get awaited(): boolean {
    return this.committingBatches.size > 0 || this.durable !== null;
  }

  /**
   * After everything buffered: on the writer's connection (off the main thread where the writer has its own),
   * the rows of the finished run `runId` that equal an earlier run's become a reference to those
   * (rowSharing.ts). `flush()` waits for it like for a batch. Sharing only saves space: where it fails, the run
   * keeps its own rows and the reason is printed to stderr.
   */
  shareRows(runId: string): void {
    this.assertOpen();
    this.send();
    this.share(++this.nextSeq, runId);
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

  /** Batch `seq` is committed (or failed with `error`): its waiters are told, waiting cache rows go next. */
  protected committed(seq: number, error?: Error): void {
    const waiting = this.committingBatches.get(seq);
    this.committingBatches.delete(seq);
    if (error) {
      waiting?.reject(error);
      for (const listener of this.failureListeners) {
        try {
          listener(error);
        } catch {
          /* a listener's failure never stops the writer */
        }
      }
    } else waiting?.resolve();
    if (this.urgent && !this.busy()) this.hurry();
    this.awaitedChanged();
  }

  private hurry(): void {
    this.urgent = true;
    if (this.immediate || this.busy()) return;
    // After this turn of the event loop: the replies that arrived in it share one transaction.
    this.immediate = setImmediate(() => {
      this.immediate = null;
      if (!this.busy()) this.send();
    });
  }

  private send(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.immediate) {
      clearImmediate(this.immediate);
      this.immediate = null;
    }
    this.urgent = false;
    if (this.results.length === 0 && this.cache.size === 0) return;
    const results = this.results.map(resultParams);
    const cacheRows = this.cache;
    const seq = ++this.nextSeq;
    if (this.durable) this.committingBatches.set(seq, this.durable);
    this.results = [];
    this.cache = new Map();
    this.durable = null;
    this.commit(seq, results, [...cacheRows.values()].map(cacheParams), cacheRows);
  }

  private schedule(): void {
    if (this.pending >= this.maxRows) {
      this.send();
      return;
    }
    if (this.timer || this.urgent) return;
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

/** Writes on the calling thread, synchronously (the same batch writer as the worker thread's). */
export class InThreadWriter extends ResultWriter {
  private readonly writeBatch: ReturnType<typeof batchWriter>;
  private unreported: Error | null = null;

  constructor(
    private readonly db: Database,
    opts: WriterOptions = {},
  ) {
    super(db.name, opts);
    this.writeBatch = batchWriter(db);
  }

  protected share(seq: number, runId: string): void {
    shareRowsOrSay(this.db, runId);
    this.committed(seq);
  }

  protected commit(seq: number, results: unknown[][], cache: unknown[][]): void {
    const error = this.writeBatch(results, cache);
    const err = error && writeFailure(this.path, error.message, error.code);
    if (err) this.unreported = err;
    this.committed(seq, err);
  }

  protected settle(): void {
    const err = this.unreported;
    this.unreported = null;
    if (err) throw err;
  }

  protected committing(): CacheRecord | undefined {
    return undefined;
  }

  protected busy(): boolean {
    return false;
  }

  protected shutdown(): void {}
}

/** rowSharing.ts shareEqualRows, where a failure is said on stderr and changes nothing (the run keeps its rows). */
export function shareRowsOrSay(db: Database, runId: string): void {
  try {
    shareEqualRows(db, runId);
  } catch (e) {
    process.stderr.write(`cascade: the rows of run ${runId} were not shared with earlier runs (${e instanceof Error ? e.message : String(e)}); it keeps its own\n`);
  }
}
