/**
 * What is recorded about a run beside its results and summary: the folder its paths resolve against, its
 * repeat, its run record, its error, its document, and its heartbeat with the engine's running totals
 * (runLiveness.ts). The engine, the service and the CLI reach these only through this repository.
 */
import type { Database } from "better-sqlite3";
import type { RepeatStats } from "../../shared/repeats";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import type { DatasetRecord, RunRecord } from "../../shared/runRecord";
import { runBaseDir, setRunBaseDir } from "./runBaseDir";
import { beatRun, type RunningTotals } from "./runLiveness";
import { getRunRecord, setRunRecord, setRunRecordDataset } from "./runRecords";
import { groupRunIds, setRunRepeat, storeRepeatStats } from "./runRepeats";
import type { RunStatus } from "./runsRepo";

export interface RunState {
  status: RunStatus;
  finishedAt: number | null;
}

export class RunMetaRepo {
  constructor(private readonly db: Database) {}

  /** False once the store is closed (a heartbeat left behind then stops). */
  get open(): boolean {
    return this.db.open;
  }

  setBaseDir(runId: string, dir: string): void {
    setRunBaseDir(this.db, runId, dir);
  }

  /** The folder recorded when the run started, or undefined for runs recorded before it was kept. */
  baseDir(runId: string): string | undefined {
    return runBaseDir(this.db, runId);
  }

  /** Marks a run as repeat `index` of the group `group` (the id of repeat 0). */
  setRepeat(runId: string, group: string, index: number): void {
    setRunRepeat(this.db, runId, group, index);
  }

  /** The runs of a repeat group in repeat order. */
  groupRunIds(group: string): string[] {
    return groupRunIds(this.db, group);
  }

  setRepeatStats(group: string, stats: RepeatStats): void {
    storeRepeatStats(this.db, group, stats);
  }

  setRecord(runId: string, record: RunRecord): void {
    setRunRecord(this.db, runId, record);
  }

  setRecordDataset(runId: string, dataset: DatasetRecord): void {
    setRunRecordDataset(this.db, runId, dataset);
  }

  /** The run's record; undefined for a run made before records were kept. Throws for an unknown run. */
  record(runId: string): RunRecord | undefined {
    return getRunRecord(this.db, runId);
  }

  /** Why the run failed, if it did; undefined for an unknown run too. */
  error(runId: string): string | undefined {
    return (this.db.prepare("SELECT error FROM runs WHERE id = ?").pluck().get(runId) as string | null | undefined) ?? undefined;
  }

  /** The run's document and pipeline id, or undefined for an unknown run (no liveness check: a cheap read). */
  docOf(runId: string): { doc: PipelineDoc; pipelineId?: string } | undefined {
    const row = this.db.prepare("SELECT doc, pipeline_id FROM runs WHERE id = ?").get(runId) as { doc: string; pipeline_id: string | null } | undefined;
    return row && { doc: JSON.parse(row.doc) as PipelineDoc, ...(row.pipeline_id ? { pipelineId: row.pipeline_id } : {}) };
  }

  /** Status and end time of a run as stored (no liveness check), or undefined for an unknown run. */
  state(runId: string): RunState | undefined {
    const row = this.db.prepare("SELECT status, finished_at FROM runs WHERE id = ?").get(runId) as { status: RunStatus; finished_at: number | null } | undefined;
    return row && { status: row.status, finishedAt: row.finished_at };
  }

  /** Records that the run's process is alive, with its running totals when given (see runLiveness.ts). */
  beat(runId: string, totals?: RunningTotals): void {
    beatRun(this.db, runId, Date.now(), totals);
  }
}
