/**
 * `cascade worker`: takes jobs from the queue (jobQueue.ts), one at a time per worker slot, and runs the
 * pipeline on each job's items with the shared cache (so every answer is there for the coordinator and the
 * other workers), in this machine's database. A job whose run does not end done and without errors fails, and
 * pg-boss retries it (on this or another worker). Stops when the signal aborts: the job in hand is cancelled
 * and left to expire, so another worker takes it.
 */
import type PgBoss from "pg-boss";
import { startRun } from "../engine/startRun";
import type { SharedCallCache } from "../store/shared/sharedCallCache";
import type { Store } from "../store/store";
import { ITEMS_QUEUE, type ItemsJob } from "./jobQueue";

export interface WorkerOptions {
  store: Store;
  sharedCache: SharedCallCache;
  /** Calls per model at once in each job's run (default 8). */
  concurrency?: number;
  signal: AbortSignal;
  pollingIntervalSeconds?: number;
  onLine?: (line: string) => void;
}

export async function runWorker(boss: PgBoss, o: WorkerOptions): Promise<void> {
  const say = o.onLine ?? (() => {});
  await boss.work<ItemsJob>(ITEMS_QUEUE, { batchSize: 1, pollingIntervalSeconds: o.pollingIntervalSeconds ?? 0.5 }, async ([job]) => {
    const { runKey, doc, baseDir, itemIds } = job.data;
    say(`worker: job ${job.id} of run ${runKey}: ${itemIds.length} items`);
    const handle = startRun({ doc, baseDir, store: o.store, itemIds, sharedCache: o.sharedCache, concurrency: o.concurrency, signal: o.signal, label: `worker for ${runKey}`, origin: "cli", commandLine: ["cascade", "worker"] });
    const summary = await handle.done;
    if (summary.status !== "done" || summary.totals.errors > 0) {
      const why = summary.status === "cancelled" ? "the worker stopped" : `${summary.totals.errors} item(s) failed (run ${handle.runId} in the worker's database)`;
      say(`worker: job ${job.id} failed: ${why}`);
      throw new Error(`job ${job.id} of run ${runKey}: ${why}`);
    }
    say(`worker: job ${job.id} done (${summary.totals.calls} calls, ${summary.totals.cacheHits} cache hits)`);
  });
  await new Promise<void>((resolve) => (o.signal.aborted ? resolve() : o.signal.addEventListener("abort", () => resolve(), { once: true })));
}
