/**
 * The queue of a distributed run's items (#19): pg-boss, a job queue kept in PostgreSQL (10.x runs on Node 20),
 * in the database of the shared cache. `cascade run --distributed` puts the items in jobs of a few each;
 * `cascade worker` on any machine takes jobs, runs the cascade on their items with the shared cache, and
 * completes them. A job a worker does not complete in time (the worker was killed) expires and is retried by
 * another worker: what it had answered is in the shared cache, so at most its calls in flight are sent again.
 *
 * pg-boss was picked over a queue of our own in the cache's table: it gives locking fetches (SKIP LOCKED),
 * expiry, retries and its own migrations, tested by its users.
 */
import pg from "pg";
import PgBoss from "pg-boss";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { redactedUrl } from "../store/shared/sharedCallCache";

/** One queue for every distributed run: a worker serves all of them. */
export const ITEMS_QUEUE = "cascade-items";

/** A job: some items of a run. The run's pipeline is stored once beside the cache (RunDoc), not in every job. */
export interface ItemsJob {
  /** The coordinator's run id: the key of its RunDoc; the worker's runs are labelled with it. */
  runKey: string;
  itemIds: string[];
}

/** What every job of a run shares (SharedCallCache.putRunDoc). */
export interface RunDoc {
  doc: PipelineDoc;
  /** The pipeline file's folder on the coordinator's machine: workers need the same paths (a shared folder). */
  baseDir: string;
}

export interface JobQueueOptions {
  /** How often expired jobs are found (default 60 s; tests use 1). */
  maintenanceIntervalSeconds?: number;
  /**
   * Only to read jobs' states (`cascade watch`): no maintenance, no schedules, no migration, no queue made —
   * a database whose queue was never made fails to open.
   */
  lookOnly?: boolean;
}

export async function openJobQueue(url: string, o: JobQueueOptions = {}): Promise<PgBoss> {
  const looking = o.lookOnly ? { supervise: false, schedule: false, migrate: false, max: 2 } : {};
  const boss = new PgBoss({ connectionString: url, max: 4, maintenanceIntervalSeconds: o.maintenanceIntervalSeconds ?? 60, ...looking });
  boss.on("error", () => {}); // a failed maintenance pass is tried again on the next; queries the caller awaits fail on their own
  try {
    await boss.start();
    if (!o.lookOnly) await createQueueOnce(url, boss);
  } catch (e) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    throw new Error(`cannot open the job queue in ${redactedUrl(url)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return boss;
}

/**
 * pg-boss's createQueue takes no lock: machines creating the queue at the same moment deadlock in PostgreSQL
 * (its partition is attached to the job table while another's insert waits), and all but one fail. Ours take
 * one advisory lock for it, held by a connection of its own for as long as the queue is being created.
 */
async function createQueueOnce(url: string, boss: PgBoss): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => {}); // a lost connection fails the query awaited on it
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('cascade_job_queue'))");
    await boss.createQueue(ITEMS_QUEUE);
  } finally {
    await client.end(); // ending the session frees its lock, also when createQueue failed
  }
}
