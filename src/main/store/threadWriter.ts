/**
 * The result writer's worker thread: batches are posted to a worker with its own connection to the same
 * database file, which commits each in one transaction and reports progress through shared memory, so
 * `flush()` can wait for it synchronously (Atomics.wait) and cache rows stay visible until committed.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { DELETE_TRACE_SQL, INSERT_CACHE_SQL, INSERT_RESULT_SQL, INSERT_TRACE_SQL, ResultWriter, type WriterOptions } from "./resultWriter";
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
const write = db && db.transaction((results, cache) => {
  for (const c of cache) insertCache.run(c);
  for (const r of results) {
    const trace = r.pop();
    insertResult.run(r);
    if (trace === null) deleteTrace.run(r[0], r[1], r[2]);
    else insertTrace.run(r[0], r[1], r[2], trace);
  }
});
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
  try {
    if (!db) throw new Error("the writer could not open the database");
    write(m.results, m.cache);
  } catch (e) {
    fail(e);
  }
  Atomics.store(state, 0, m.seq);
  Atomics.notify(state, 0);
});
`;

export class ThreadWriter extends ResultWriter {
  private readonly worker: Worker;
  private readonly state: Int32Array;
  private readonly errorBytes: Uint8Array;
  private sent = 0;
  private readonly inFlight: { seq: number; rows: Map<string, CacheRecord> }[] = [];

  constructor(path: string, opts: WriterOptions = {}) {
    super(opts);
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
    // The worker reports its own failures through shared memory; this only keeps a crash from being fatal.
    this.worker.on("error", (e) => {
      this.crashed = e instanceof Error ? e.message : String(e);
    });
  }

  private crashed: string | null = null;

  protected commit(results: unknown[][], cache: unknown[][], cacheRows: Map<string, CacheRecord>): void {
    this.throwIfFailed();
    if (this.sent - Atomics.load(this.state, 0) >= MAX_BATCHES_IN_FLIGHT) this.waitFor(this.sent - MAX_BATCHES_IN_FLIGHT + 1);
    const seq = ++this.sent;
    if (cacheRows.size) this.inFlight.push({ seq, rows: cacheRows });
    this.worker.postMessage({ type: "write", seq, results, cache });
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
    const message = new TextDecoder().decode(this.errorBytes.slice(0, end < 0 ? undefined : end));
    throw new Error(`writing results failed: ${message}`);
  }
}
