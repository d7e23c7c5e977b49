/**
 * An experiment as the store has it, as experiments.get and experiments.list say it: one recorded as running
 * that this service is not running was interrupted (the app or its service stopped), and its unfinished cells are
 * left out; a finished cell whose run was deleted since (cascade gc, the Runs tab) is left out too, named.
 */
import type { ExperimentCellState, ExperimentSummary } from "../../shared/contract";
import type { ExperimentRow, StoredExperiment } from "../store/experimentsRepo";

export const INTERRUPTED_CELL = "not finished: the app stopped while the experiment ran";
export const RUN_DELETED = (runId: string) => `its run ${runId} was deleted`;

function cellAsFound(c: ExperimentCellState, interrupted: boolean, hasRun: (runId: string) => boolean): ExperimentCellState {
  if (interrupted && (c.status === "running" || c.status === "waiting")) return { ...c, status: "left-out", leftOut: INTERRUPTED_CELL };
  if (c.runId && (c.status === "done" || c.status === "failed") && !hasRun(c.runId)) return { ...c, status: "left-out", leftOut: RUN_DELETED(c.runId) };
  return { ...c };
}

/** A stored experiment that is not running in this service, as it stands now. */
export function storedExperiment(state: StoredExperiment, hasRun: (runId: string) => boolean): StoredExperiment {
  const interrupted = state.status === "running";
  return { ...state, ...(interrupted ? { status: "interrupted" as const } : {}), cells: state.cells.map((c) => cellAsFound(c, interrupted, hasRun)) };
}

export function experimentSummary(row: ExperimentRow, state: StoredExperiment): ExperimentSummary {
  return {
    experimentId: row.experimentId,
    name: row.name,
    ...(row.pipelineId ? { pipelineId: row.pipelineId } : {}),
    status: state.status,
    startedAt: state.startedAt,
    ...(state.finishedAt !== undefined ? { finishedAt: state.finishedAt } : {}),
    cells: state.cells.length,
    cellsFinished: state.cells.filter((c) => c.status === "done" || c.status === "failed").length,
  };
}
