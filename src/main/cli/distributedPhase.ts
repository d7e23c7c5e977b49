/**
 * `cascade run --distributed`'s first phase: the run's items go to the workers through the queue
 * (distributed/dispatchItems.ts) and the command waits for them, printing progress on stderr. The caller then
 * runs the pipeline here with the shared cache, which finds the workers' answers (and runs what failed there).
 */
import { dispatchItems, type DispatchOutcome } from "../distributed/dispatchItems";
import { itemIdsOf } from "../distributed/itemIds";
import { openJobQueue } from "../distributed/jobQueue";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import type { SharedCallCache } from "../store/shared/sharedCallCache";
import type { CliIO } from "./command";

export interface DistributedPhaseOptions {
  url: string;
  sharedCache: SharedCallCache;
  runKey: string;
  doc: PipelineDoc;
  baseDir: string;
  limit?: number;
  chunk?: number;
  jobTimeoutSeconds?: number;
  signal: AbortSignal;
  io: CliIO;
}

export async function distributedPhase(o: DistributedPhaseOptions): Promise<DispatchOutcome> {
  const itemIds = await itemIdsOf(o.doc, o.baseDir, o.limit);
  const timeout = o.jobTimeoutSeconds ?? 900;
  // Expired jobs are found at this interval: well under the job timeout, so a killed worker's job moves on soon.
  const boss = await openJobQueue(o.url, { maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(timeout / 4))) });
  try {
    const outcome = await dispatchItems(boss, o.sharedCache, { runKey: o.runKey, doc: o.doc, baseDir: o.baseDir, itemIds, chunk: o.chunk, jobTimeoutSeconds: timeout, signal: o.signal, onProgress: (line) => o.io.err(line) });
    for (const f of outcome.failed.slice(0, 5)) o.io.err(`distributed: job ${f.jobId} (${f.items} items) failed on the workers: ${f.error}`);
    if (outcome.failed.length) o.io.err(`distributed: ${outcome.failed.length} of ${outcome.jobs} jobs failed on the workers; their items run here now`);
    return outcome;
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => {});
  }
}
