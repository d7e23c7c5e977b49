/**
 * The coordinator's half of a distributed run: the run's items go into jobs of `chunk` items on the queue
 * (jobQueue.ts), and it waits until every job is completed or has failed for good (its retries used up),
 * saying how many are done as they finish. The jobs are recorded in the run's progress first (watchers on other
 * machines follow it: store/shared/runProgress.ts), and a job the queue ended without a worker counting it
 * (it expired on its last try) is counted here. Then `cascade run` runs the pipeline here as usual: every call the
 * workers answered is a hit in the shared cache, so this pass makes no call for them and writes the run's
 * results to this machine's database; the items of jobs that failed are run here.
 */
import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { finishJob, recordJobs } from "../store/shared/runProgress";
import type { SharedCallCache } from "../store/shared/sharedCallCache";
import { jobEnd } from "./jobEnds";
import { ITEMS_QUEUE, type ItemsJob, type RunDoc } from "./jobQueue";

export interface DispatchOptions {
  runKey: string;
  doc: PipelineDoc;
  baseDir: string;
  itemIds: string[];
  /** Items per job (default 8). */
  chunk?: number;
  /** A job not completed this long after a worker took it expires and is retried (default 900 s). */
  jobTimeoutSeconds?: number;
  /** Tries after the first (default 2). */
  retryLimit?: number;
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
}

export interface DispatchOutcome {
  jobs: number;
  completed: number;
  /** Jobs whose retries were used up, with the last error each gave. */
  failed: { jobId: string; items: number; error: string }[];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });

/** Jobs inserted per query, and looked up per poll (the oldest open ones first): bounded work at any size. */
const INSERT_BATCH = 1000;
const CHECKS_PER_POLL = 200;

export async function dispatchItems(boss: PgBoss, shared: SharedCallCache, o: DispatchOptions): Promise<DispatchOutcome> {
  const chunk = o.chunk ?? 8;
  const runDoc: RunDoc = { doc: o.doc, baseDir: o.baseDir };
  await shared.putRunDoc(o.runKey, JSON.stringify(runDoc));
  const jobs: { id: string; items: number }[] = [];
  const inserts: PgBoss.JobInsert<ItemsJob>[] = [];
  for (let i = 0; i < o.itemIds.length; i += chunk) {
    const itemIds = o.itemIds.slice(i, i + chunk);
    const id = randomUUID();
    jobs.push({ id, items: itemIds.length });
    inserts.push({ id, name: ITEMS_QUEUE, data: { runKey: o.runKey, itemIds }, expireInSeconds: o.jobTimeoutSeconds ?? 900, retryLimit: o.retryLimit ?? 2, retryDelay: 1 });
  }
  await recordJobs(shared.postgres.pool, o.runKey, jobs);
  for (let i = 0; i < inserts.length; i += INSERT_BATCH) await boss.insert(inserts.slice(i, i + INSERT_BATCH));
  o.onProgress?.(`distributed: ${o.itemIds.length} items in ${jobs.length} jobs of up to ${chunk} on the queue; waiting for workers (cascade worker); follow it from any machine: cascade watch ${o.runKey} --shared-cache URL`);
  const open = new Map(jobs.map((j) => [j.id, j]));
  const failed: DispatchOutcome["failed"] = [];
  let completed = 0;
  let said = -1;
  while (open.size && !o.signal?.aborted) {
    for (const job of [...open.values()].slice(0, CHECKS_PER_POLL)) {
      const end = await jobEnd(boss, job.id);
      if (end.state === "done") {
        await finishJob(shared.postgres.pool, o.runKey, job.id, "done");
        completed++;
        open.delete(job.id);
      } else if (end.state !== "open") {
        // The coordinator queued it: a job not in the queue any more has ended without an answer.
        await finishJob(shared.postgres.pool, o.runKey, job.id, "failed");
        failed.push({ jobId: job.id, items: job.items, error: end.state === "failed" ? end.error : "the job is gone from the queue" });
        open.delete(job.id);
      }
    }
    if (completed + failed.length !== said) {
      said = completed + failed.length;
      o.onProgress?.(`distributed: ${completed}/${jobs.length} jobs done${failed.length ? `, ${failed.length} failed` : ""}`);
    }
    if (open.size) await sleep(o.pollMs ?? 500, o.signal);
  }
  if (o.signal?.aborted && open.size) {
    await boss.cancel(ITEMS_QUEUE, [...open.keys()]).catch(() => {});
    // Watchers end too: the cancelled jobs count as failed.
    for (const id of open.keys()) await finishJob(shared.postgres.pool, o.runKey, id, "failed").catch(() => {});
  }
  return { jobs: jobs.length, completed, failed };
}
