/**
 * The workers part of the contract (re-exported by contract.ts; #19): distributed runs as the shared database
 * knows them (`cascade run --distributed`, `cascade worker`), so that the app follows a run started on any
 * machine — the counts `cascade watch` prints (src/main/store/shared/runProgress.ts says how they are kept).
 */

/** A distributed run's jobs and items: queued, done, failed for good (retries used up). */
export interface WorkersRunProgress {
  /** The run key: the coordinator's run id. */
  run: string;
  jobs: number;
  items: number;
  /** Jobs done and failed for good; the others are queued or with a worker. */
  done: number;
  failed: number;
  doneItems: number;
  failedItems: number;
}

export interface WorkersRun extends WorkersRunProgress {
  /** When the coordinator queued it (ms since the epoch). */
  createdAt: number;
  /** The pipeline's name, from the document the coordinator stored for its workers. */
  pipelineName: string | null;
}

/** What the app knows of the shared database's distributed runs. */
export type WorkersRuns =
  /** No shared database: CASCADE_SHARED_CACHE was not set where the app started. */
  | { state: "off" }
  /** `where` is the URL without its password; `live` says whether changes are pushed (LISTEN) or must be asked for. */
  | { state: "on"; where: string; runs: WorkersRun[]; live: boolean }
  /** The database could not be read: the error names it. */
  | { state: "error"; where: string; error: string };

export interface WorkersResults {
  /** The newest distributed runs of the shared database (up to `limit`, 50 by default), newest first. */
  "workers.runs": WorkersRuns;
}
