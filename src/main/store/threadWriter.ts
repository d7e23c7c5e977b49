/**
 * The result writer's worker thread: batches are posted to a worker (./writerWorker.ts) with its own
 * connection to the same database file, which commits each in one transaction and reports progress through
 * shared memory, so `flush()` can wait for it synchronously (Atomics.wait) and cache rows stay visible until
 * committed.
 */
import type { Worker } from "node:worker_threads";
import { startWorkerThread } from "../workerFile";
import { ResultWriter, writeFailure, type WriterOptions } from "./resultWriter";
import type { CacheRecord } from "./types";
import type { WriterMessage, WriterReply, WriterWorkerData } from "./writerWorker";

const ERROR_BYTES = 2048;
const FLUSH_TIMEOUT_MS = 60_000;
/** Batches posted but not yet committed before the producer waits: bounds memory when writing is the bottleneck. */
const MAX_BATCHES_IN_FLIGHT = 4;

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
    this.worker = startWorkerThread(import.meta.url, "writerWorker", { workerData: { path, shared } satisfies WriterWorkerData });
    this.worker.unref();
    this.worker.on("message", (m: WriterReply) => {
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
    this.worker.postMessage({ type: "write", seq, results, cache } satisfies WriterMessage);
    this.awaitedChanged();
  }

  protected share(seq: number, runId: string): void {
    if (this.crashed) {
      this.committed(seq);
      return;
    }
    if (this.sent - Atomics.load(this.state, 0) >= MAX_BATCHES_IN_FLIGHT) this.waitFor(this.sent - MAX_BATCHES_IN_FLIGHT + 1);
    this.sent = seq;
    this.worker.postMessage({ type: "share", seq, runId } satisfies WriterMessage);
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
    this.worker.postMessage({ type: "close", seq } satisfies WriterMessage);
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
