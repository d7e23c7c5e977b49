/**
 * `cascade worker`: takes jobs from the queue (jobQueue.ts), a few at once (so one job's last items and its
 * run's start and end overlap another's calls), and runs the pipeline on each job's items with the shared cache
 * (so every answer is there for the coordinator and the other workers), in this machine's database. The jobs
 * share the worker's endpoint limiters: `concurrency` is the worker's calls per model server, whatever the
 * jobs; with `sharedLimits`, a model's own `concurrency` also holds over every worker together
 * (sharedEndpointLimits.ts). A job whose run does not end done and without errors fails, and pg-boss retries
 * it (on this or another worker). Each job that ends for good (done, or failed on its last try) is counted in
 * the run's progress and notified to its watchers (store/shared/runProgress.ts). Stops when the signal
 * aborts: the job in hand is cancelled and left to expire, so another worker takes it.
 */
import type PgBoss from "pg-boss";
import { startRun } from "../engine/startRun";
import { EndpointLimiters } from "../providers/limiter";
import { finishJob } from "../store/shared/runProgress";
import type { SharedCallCache } from "../store/shared/sharedCallCache";
import type { SharedEndpointLimits } from "./sharedEndpointLimits";
import type { Store } from "../store/store";
import { ITEMS_QUEUE, type ItemsJob, type RunDoc } from "./jobQueue";

export interface WorkerOptions {
  store: Store;
  sharedCache: SharedCallCache;
  /** Calls per model server at once, over all the worker's jobs (default 8). */
  concurrency?: number;
  /** Endpoint limits kept in the shared database (a model's `concurrency` over all workers); none: this worker's only. */
  sharedLimits?: SharedEndpointLimits;
  /** Jobs taken at once (default 4). */
  jobsAtOnce?: number;
  signal: AbortSignal;
  pollingIntervalSeconds?: number;
  onLine?: (line: string) => void;
}

export async function runWorker(boss: PgBoss, o: WorkerOptions): Promise<void> {
  const say = o.onLine ?? (() => {});
  const limiters = new EndpointLimiters(o.sharedLimits?.gate);
  const runDocs = new Map<string, Promise<RunDoc>>();
  const runDocOf = (runKey: string) => {
    let found = runDocs.get(runKey);
    if (!found) {
      found = o.sharedCache.getRunDoc(runKey).then((payload) => {
        if (payload === undefined) throw new Error(`run ${runKey}'s pipeline is not in the shared cache's database (cascade_run_docs)`);
        return JSON.parse(payload) as RunDoc;
      });
      found.catch(() => runDocs.delete(runKey)); // asked again by the job's retry
      runDocs.set(runKey, found);
    }
    return found;
  };
  const pool = o.sharedCache.postgres.pool;
  const handle = async ([job]: PgBoss.JobWithMetadata<ItemsJob>[]) => {
    const { runKey, itemIds } = job.data;
    const { doc, baseDir } = await runDocOf(runKey);
    say(`worker: job ${job.id} of run ${runKey}: ${itemIds.length} items`);
    const run = startRun({ doc, baseDir, store: o.store, itemIds, sharedCache: o.sharedCache, concurrency: o.concurrency, limiters, signal: o.signal, label: `worker for ${runKey}`, origin: "cli", commandLine: ["cascade", "worker"] });
    const summary = await run.done;
    if (summary.status !== "done" || summary.totals.errors > 0) {
      const why = summary.status === "cancelled" ? "the worker stopped" : `${summary.totals.errors} item(s) failed (run ${run.runId} in the worker's database)`;
      say(`worker: job ${job.id} failed: ${why}`);
      if (job.retryCount >= job.retryLimit) await finishJob(pool, runKey, job.id, "failed");
      throw new Error(`job ${job.id} of run ${runKey}: ${why}`);
    }
    await finishJob(pool, runKey, job.id, "done");
    say(`worker: job ${job.id} done (${summary.totals.calls} calls, ${summary.totals.cacheHits} cache hits)`);
  };
  for (let i = 0; i < (o.jobsAtOnce ?? 4); i++) await boss.work<ItemsJob>(ITEMS_QUEUE, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: o.pollingIntervalSeconds ?? 0.5 }, handle);
  await new Promise<void>((resolve) => (o.signal.aborted ? resolve() : o.signal.addEventListener("abort", () => resolve(), { once: true })));
}
