/**
 * The result writer's worker thread: batches are posted to a worker with its own connection to the same
 * database file, which commits each in one transaction and reports progress through shared memory, so
 * `flush()` can wait for it synchronously (Atomics.wait) and cache rows stay visible until committed.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { DELETE_TRACE_SQL, INSERT_CACHE_SQL, INSERT_RESULT_SQL, INSERT_TRACE_SQL, ResultWriter, writeFailure, type WriterOptions } from "./resultWriter";
import type { CacheRecord } from "./types";

const ERROR_BYTES = 2048;
const FLUSH_TIMEOUT_MS = 60_000;
/** Batches posted but not yet committed before the producer waits: bounds memory when writing is the bottleneck. */
const MAX_BATCHES_IN_FLIGHT = 4;

// Plain JavaScript, evaluated in the worker: no build step or loader needed (CLI, tests, Electron).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const state = new Int32Array(workerData.shared, 0, 2);
const errorBytes = new Uint8Array(workerData.shared, 8);
let db;
try {
  const Database = require(workerData.sqlite);
  db = new Database(workerData.path);
  db.pragma("busy_timeout = 30000");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
} catch (e) {
  fail(e);
}
const insertResult = db && db.prepare(workerData.insertResult);
const insertTrace = db && db.prepare(workerData.insertTrace);
const deleteTrace = db && db.prepare(workerData.deleteTrace);
const insertCache = db && db.prepare(workerData.insertCache);
// The same steps as InThreadWriter's (resultWriter.ts): each row ends with its trace (JSON or null).
const write = db && db.transaction((results, traces, cache) => {
  for (const c of cache) insertCache.run(c);
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    insertResult.run(r);
    if (traces[i] === null) deleteTrace.run(r[0], r[1], r[2]);
    else insertTrace.run(r[0], r[1], r[2], traces[i]);
  }
});
// After a failed batch (e.g. the disk is full), keep what still fits: the cache rows first, then row by row.
function salvage(results, traces, cache) {
  try {
    if (cache.length) write([], [], cache);
    for (let i = 0; i < results.length; i++) write([results[i]], [traces[i]], []);
  } catch {}
}
function fail(e) {
  const text = new TextEncoder().encode(String((e && e.message) || e)).slice(0, errorBytes.length - 1);
  errorBytes.fill(0);
  errorBytes.set(text);
  Atomics.store(state, 1, 1);
}
parentPort.on("message", (m) => {
  if (m.type === "close") {
    // Close the connection, then tell the producer: its close() returns only once the files are let go.
    try {
      if (db) db.close();
    } catch (e) {
      fail(e);
    }
    Atomics.store(state, 0, m.seq);
    Atomics.notify(state, 0);
    parentPort.close();
    return;
  }
  let error;
  const traces = m.results ? m.results.map((r) => r.pop()) : [];
  try {
    if (!db) throw new Error("the writer could not open the database");
    write(m.results, traces, m.cache);
  } catch (e) {
    fail(e);
    error = { message: String((e && e.message) || e), code: e && e.code };
    if (db) salvage(m.results, traces, m.cache);
  }
  Atomics.store(state, 0, m.seq);
  Atomics.notify(state, 0);
  parentPort.postMessage({ seq: m.seq, error });
});
`;

export class ThreadWriter extends ResultWriter {
  private readonly worker: Worker;
  private readonly state: Int32Array;
  private readonly errorBytes: Uint8Array;
  private sent = 0;
  private referenced = false;
  private crashed: string | null = null;
  private readonly inFlight: { seq: number; rows: Map<string, CacheRecord> }[] = [];

  constructor(path: string, opts: WriterOptions = {}) {
    super(path, opts);
    const shared = new SharedArrayBuffer(8 + ERROR_BYTES);
    this.state = new Int32Array(shared, 0, 2);
    this.errorBytes = new Uint8Array(shared, 8);
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        path,
        shared,
        sqlite,
        insertResult: INSERT_RESULT_SQL,
        insertTrace: INSERT_TRACE_SQL,
        deleteTrace: DELETE_TRACE_SQL,
        insertCache: INSERT_CACHE_SQL,
      },
    });
    this.worker.unref();
    this.worker.on("message", (m: { seq: number; error?: { message: string; code?: string } }) => {
      this.prune();
      this.committed(m.seq, m.error ? writeFailure(this.path, m.error.message, m.error.code) : undefined);
    });
    // The worker reports its own failures through shared memory; this only keeps a crash from being fatal.
    this.worker.on("error", (e) => {
      this.crashed = e instanceof Error ? e.message : String(e);
    });
  }

  protected commit(seq: number, results: unknown[][], cache: unknown[][], cacheRows: Map<string, CacheRecord>): void {
    if (this.crashed) {
      this.committed(seq, new Error(`the result writer thread stopped: ${this.crashed}`));
      return;
    }
    if (this.sent - Atomics.load(this.state, 0) >= MAX_BATCHES_IN_FLIGHT) this.waitFor(this.sent - MAX_BATCHES_IN_FLIGHT + 1);
    this.sent = seq;
    if (cacheRows.size) this.inFlight.push({ seq, rows: cacheRows });
    this.worker.postMessage({ type: "write", seq, results, cache });
    this.awaitedChanged();
  }

  /** While somebody awaits a commit, the worker's answer must keep the process alive; otherwise it never does. */
  protected override awaitedChanged(): void {
    const hold = this.awaited;
    if (hold === this.referenced) return;
    this.referenced = hold;
    if (hold) this.worker.ref();
    else this.worker.unref();
  }

  protected busy(): boolean {
    return this.sent > Atomics.load(this.state, 0);
  }

  protected settle(): void {
    this.waitFor(this.sent);
    this.prune();
    this.throwIfFailed();
  }

  /** Blocks until batch `seq` is committed. */
  private waitFor(seq: number): void {
    const deadline = Date.now() + FLUSH_TIMEOUT_MS;
    for (;;) {
      const done = Atomics.load(this.state, 0);
      if (done >= seq) break;
      if (Date.now() > deadline) throw new Error("writing results timed out (the writer thread did not answer in 60 s)");
      Atomics.wait(this.state, 0, done, 1000);
    }
  }

  protected committing(key: string): CacheRecord | undefined {
    this.prune();
    for (let i = this.inFlight.length - 1; i >= 0; i--) {
      const row = this.inFlight[i].rows.get(key);
      if (row) return row;
    }
    return undefined;
  }

  /** Closes the worker's connection and waits for it, so the database files are released when close() returns. */
  protected shutdown(): void {
    if (this.crashed) return;
    const seq = ++this.sent;
    this.worker.postMessage({ type: "close", seq });
    try {
      this.waitFor(seq);
    } catch {
      // A worker that does not answer is left to exit with the process; closing must not throw.
    }
    this.worker.unref();
  }

  private prune(): void {
    const done = Atomics.load(this.state, 0);
    while (this.inFlight.length && this.inFlight[0].seq <= done) this.inFlight.shift();
  }

  private throwIfFailed(): void {
    if (this.crashed) throw new Error(`the result writer thread stopped: ${this.crashed}`);
    if (Atomics.load(this.state, 1) === 0) return;
    Atomics.store(this.state, 1, 0);
    const end = this.errorBytes.indexOf(0);
    throw writeFailure(this.path, new TextDecoder().decode(this.errorBytes.slice(0, end < 0 ? undefined : end)));
  }
}
