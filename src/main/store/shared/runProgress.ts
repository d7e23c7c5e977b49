/**
 * A distributed run's progress in the shared database (#19), so that it can be watched from any machine
 * (`cascade watch RUNKEY`): the coordinator records the run's jobs when it queues them (cascade_run_jobs, one
 * row each, and the totals in cascade_run_progress); a worker that finishes a job — done, or failed with its
 * retries used up — marks it, and the same statement adds it to the counts and NOTIFYs the run's channel
 * with them. A job is counted once: only a job still queued is marked (a job that expired on a slow worker
 * and was done again by another, or that the coordinator also saw end, does not count twice).
 * Every change is also NOTIFYed on one channel for all runs (RUNS_CHANNEL), which the app follows.
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import type { WorkersRun, WorkersRunProgress } from "../../../shared/workersContract";

/** A run's counts (the contract's type: the app gets them as they are). */
export type RunProgress = WorkersRunProgress;

/** The run's NOTIFY channel: `cascade_run_<run key>` (a run id; a longer or odd key goes by its hash). */
export function progressChannel(runKey: string): string {
  return /^[0-9a-z-]{1,40}$/.test(runKey) ? `cascade_run_${runKey}` : `cascade_run_${createHash("sha256").update(runKey).digest("hex").slice(0, 40)}`;
}

/** The channel of every run's changes (a run queued, a job ended): the app's list of distributed runs follows it. */
export const RUNS_CHANNEL = "cascade_runs";

/** Whether every job of the run is done or failed. */
export function finished(p: RunProgress): boolean {
  return p.done + p.failed >= p.jobs;
}

const counts = (t: string) => `${t}.run_key AS run, ${t}.jobs, ${t}.items, ${t}.done_jobs AS done, ${t}.failed_jobs AS failed, ${t}.done_items AS "doneItems", ${t}.failed_items AS "failedItems"`;
const ROWS_PER_INSERT = 5000;

/** Records a run's jobs as queued (the coordinator, before the workers can take them). */
export async function recordJobs(pool: pg.Pool, runKey: string, jobs: { id: string; items: number }[]): Promise<void> {
  const items = jobs.reduce((n, j) => n + j.items, 0);
  await pool.query("INSERT INTO cascade_run_progress (run_key, jobs, items, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (run_key) DO NOTHING", [runKey, jobs.length, items, Date.now()]);
  for (let i = 0; i < jobs.length; i += ROWS_PER_INSERT) {
    const part = jobs.slice(i, i + ROWS_PER_INSERT);
    await pool.query("INSERT INTO cascade_run_jobs (run_key, job_id, items) SELECT $1, * FROM unnest($2::text[], $3::int[]) ON CONFLICT DO NOTHING", [runKey, part.map((j) => j.id), part.map((j) => j.items)]);
  }
  await pool.query(`SELECT pg_notify($2, row_to_json(p)::text) FROM (SELECT ${counts("cascade_run_progress")} FROM cascade_run_progress WHERE run_key = $1) p`, [runKey, RUNS_CHANNEL]);
}

/** Marks a queued job done or failed, counts it and notifies the run's channel; false when it was not queued. */
export async function finishJob(pool: pg.Pool, runKey: string, jobId: string, state: "done" | "failed"): Promise<boolean> {
  const done = state === "done" ? 1 : 0;
  const { rows } = await pool.query(
    `WITH job AS (
       UPDATE cascade_run_jobs SET state = $3 WHERE run_key = $1 AND job_id = $2 AND state = 'queued' RETURNING items
     ), counted AS (
       UPDATE cascade_run_progress p SET done_jobs = done_jobs + $4, failed_jobs = failed_jobs + 1 - $4,
         done_items = done_items + $4 * job.items, failed_items = failed_items + (1 - $4) * job.items
       FROM job WHERE p.run_key = $1 RETURNING ${counts("p")}
     )
     SELECT pg_notify($5, row_to_json(counted)::text), pg_notify($6, row_to_json(counted)::text) FROM counted`,
    [runKey, jobId, state, done, progressChannel(runKey), RUNS_CHANNEL],
  );
  return rows.length > 0;
}

/** The run's counts now; undefined for a run key the database has no distributed run of. */
export async function readProgress(pool: pg.Pool, runKey: string): Promise<RunProgress | undefined> {
  return (await pool.query<RunProgress>(`SELECT ${counts("p")} FROM cascade_run_progress p WHERE p.run_key = $1`, [runKey])).rows[0];
}

/** Up to `limit` of the run's jobs not counted yet (for looking up whether the queue ended them). */
export async function uncountedJobIds(pool: pg.Pool, runKey: string, limit: number): Promise<string[]> {
  const { rows } = await pool.query<{ job_id: string }>("SELECT job_id FROM cascade_run_jobs WHERE run_key = $1 AND state = 'queued' ORDER BY job_id LIMIT $2", [runKey, limit]);
  return rows.map((r) => r.job_id);
}

/** The newest distributed runs first (the app's list; `limit` of them). */
export async function listProgress(pool: pg.Pool, limit: number): Promise<WorkersRun[]> {
  const { rows } = await pool.query<Omit<WorkersRun, "createdAt"> & { createdAt: string }>(
    `SELECT ${counts("p")}, p.created_at AS "createdAt", (d.payload::json -> 'doc' ->> 'name') AS "pipelineName"
       FROM cascade_run_progress p LEFT JOIN cascade_run_docs d ON d.run_key = p.run_key
      ORDER BY p.created_at DESC, p.run_key LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ ...r, createdAt: Number(r.createdAt) })); // BIGINT arrives as text
}

/** A NOTIFY payload of finishJob, or undefined when it is not one. */
export function parseProgress(payload: string): RunProgress | undefined {
  try {
    const p = JSON.parse(payload) as Partial<RunProgress>;
    return typeof p.run === "string" && [p.jobs, p.items, p.done, p.failed, p.doneItems, p.failedItems].every((n) => typeof n === "number") ? (p as RunProgress) : undefined;
  } catch {
    return undefined;
  }
}
