/**
 * How the queue ended a distributed run's jobs, and counting those it ended in the run's progress: the
 * coordinator does it for every job while it waits (dispatchItems.ts), and `cascade watch` for the jobs no one
 * counted (a job that expired on its last try while no coordinator waited: its worker was killed), so a watch
 * ends when the run has, whoever stopped.
 */
import type PgBoss from "pg-boss";
import { finishJob } from "../store/shared/runProgress";
import type pg from "pg";
import { ITEMS_QUEUE, type ItemsJob } from "./jobQueue";

/** A job's end as the queue tells it: done, failed for good (retries used up, or cancelled), not ended, or not in the queue. */
export type JobEnd = { state: "done" } | { state: "failed"; error: string } | { state: "open" } | { state: "missing" };

function errorOf(output: unknown): string {
  const o = output as { message?: unknown; value?: unknown } | null;
  return typeof o?.message === "string" ? o.message : o ? JSON.stringify(o) : "no error given";
}

export async function jobEnd(boss: PgBoss, jobId: string): Promise<JobEnd> {
  const found = await boss.getJobById<ItemsJob>(ITEMS_QUEUE, jobId, { includeArchive: true });
  if (!found) return { state: "missing" };
  if (found.state === "completed") return { state: "done" };
  if (found.state === "failed" || found.state === "cancelled") return { state: "failed", error: errorOf(found.output) };
  return { state: "open" };
}

/**
 * Counts the jobs among `jobIds` the queue has ended (a job counted already is not counted again: finishJob);
 * a job not in the queue is left open (the coordinator records a run's jobs before it queues them).
 * Returns how many it counted.
 */
export async function countEndedJobs(boss: PgBoss, pool: pg.Pool, runKey: string, jobIds: readonly string[]): Promise<number> {
  let counted = 0;
  for (const id of jobIds) {
    const end = await jobEnd(boss, id);
    if (end.state === "done" || end.state === "failed") counted += (await finishJob(pool, runKey, id, end.state)) ? 1 : 0;
  }
  return counted;
}
