/**
 * Provider batches (migration 11): a batch and its requests' cache keys are recorded before the batch is
 * submitted, so a run that is killed, cancelled or closed while it waits finds them again: the next run polls
 * the same batch for those keys instead of submitting the calls again (engine/batch/batchCollector.ts).
 */
import type { Database } from "better-sqlite3";

export interface BatchJobRow {
  id: string;
  provider: string;
  endpoint: string;
  model: string;
  remoteId: string | null;
  state: string;
  requestCount: number;
  counts: { total: number; succeeded: number; failed: number } | null;
  error: string | null;
  runId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewBatchJob {
  id: string;
  provider: string;
  endpoint: string;
  model: string;
  runId?: string;
  /** The requests in submission order: custom id and cache key. */
  requests: readonly { customId: string; cacheKey: string }[];
}

interface JobRecord {
  id: string;
  provider: string;
  endpoint: string;
  model: string;
  remote_id: string | null;
  state: string;
  request_count: number;
  counts: string | null;
  error: string | null;
  run_id: string | null;
  created_at: number;
  updated_at: number;
}

function jobOf(r: JobRecord): BatchJobRow {
  return {
    id: r.id,
    provider: r.provider,
    endpoint: r.endpoint,
    model: r.model,
    remoteId: r.remote_id,
    state: r.state,
    requestCount: r.request_count,
    counts: r.counts ? (JSON.parse(r.counts) as BatchJobRow["counts"]) : null,
    error: r.error,
    runId: r.run_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** States in which a batch may still answer (or has answered and not yet been read). */
const OPEN = "state NOT IN ('collected', 'failed', 'cancelled', 'preparing')";

export class BatchesRepo {
  constructor(private readonly db: Database) {}

  /** Records a batch (state "preparing") and its requests in one transaction, before it is submitted. */
  create(job: NewBatchJob, now = Date.now()): void {
    const insertJob = this.db.prepare(
      "INSERT INTO batch_jobs (id, provider, endpoint, model, remote_id, state, request_count, run_id, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, 'preparing', ?, ?, ?, ?)",
    );
    const insertRequest = this.db.prepare("INSERT INTO batch_requests (job_id, seq, custom_id, cache_key) VALUES (?, ?, ?, ?)");
    this.db.transaction(() => {
      insertJob.run(job.id, job.provider, job.endpoint, job.model, job.requests.length, job.runId ?? null, now, now);
      job.requests.forEach((r, i) => insertRequest.run(job.id, i, r.customId, r.cacheKey));
    })();
  }

  /** The provider accepted the batch: its id there. */
  submitted(id: string, remoteId: string, state: string, now = Date.now()): void {
    this.db.prepare("UPDATE batch_jobs SET remote_id = ?, state = ?, updated_at = ? WHERE id = ?").run(remoteId, state, now, id);
  }

  update(id: string, state: string, counts: BatchJobRow["counts"], error?: string, now = Date.now()): void {
    this.db.prepare("UPDATE batch_jobs SET state = ?, counts = ?, error = COALESCE(?, error), updated_at = ? WHERE id = ?").run(state, counts ? JSON.stringify(counts) : null, error ?? null, now, id);
  }

  /** A batch that was never submitted (the process stopped before the provider answered): forgotten. */
  drop(id: string): void {
    this.db.prepare("DELETE FROM batch_jobs WHERE id = ?").run(id);
  }

  get(id: string): BatchJobRow | undefined {
    const r = this.db.prepare("SELECT * FROM batch_jobs WHERE id = ?").get(id) as JobRecord | undefined;
    return r ? jobOf(r) : undefined;
  }

  /** The submitted, not yet collected batch of this endpoint and model holding a request with this cache key. */
  openJobFor(cacheKey: string, endpoint: string, model: string): BatchJobRow | undefined {
    const r = this.db
      .prepare(
        `SELECT j.* FROM batch_requests q JOIN batch_jobs j ON j.id = q.job_id
         WHERE q.cache_key = ? AND j.endpoint = ? AND j.model = ? AND j.remote_id IS NOT NULL AND j.${OPEN}
         ORDER BY j.created_at DESC LIMIT 1`,
      )
      .get(cacheKey, endpoint, model) as JobRecord | undefined;
    return r ? jobOf(r) : undefined;
  }

  /** A batch's requests in submission order. */
  requests(id: string): { customId: string; cacheKey: string }[] {
    return (this.db.prepare("SELECT custom_id, cache_key FROM batch_requests WHERE job_id = ? ORDER BY seq").all(id) as { custom_id: string; cache_key: string }[]).map((r) => ({
      customId: r.custom_id,
      cacheKey: r.cache_key,
    }));
  }

  /** Batches not yet collected, newest first (`cascade runs` and the app show what a run waits on). */
  open(): BatchJobRow[] {
    return (this.db.prepare(`SELECT * FROM batch_jobs WHERE ${OPEN} ORDER BY created_at DESC`).all() as JobRecord[]).map(jobOf);
  }

  /** Every batch a run submitted or polled, oldest first. */
  forRun(runId: string): BatchJobRow[] {
    return (this.db.prepare("SELECT * FROM batch_jobs WHERE run_id = ? ORDER BY created_at").all(runId) as JobRecord[]).map(jobOf);
  }
}
