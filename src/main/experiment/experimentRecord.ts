/**
 * What is known of a running experiment (the app's or `cascade sweep`'s): per cell its status, run and
 * progress, folded from the sweep's callbacks and the cells' run events, each change pushed as an
 * `experiment-event` (the app's; the CLI pushes nowhere); and each change but progress handed to `save`, which
 * experimentSaver keeps in the store (store/experimentsRepo.ts), so the app lists the experiment after a restart.
 */
import type { ExperimentCellInfo, ExperimentCellState, ExperimentEvent, ExperimentState, ExperimentStatus } from "../../shared/contract";
import type { RunEvent } from "../../shared/events";
import { cellName, type Cell } from "../../shared/experiment/cells";
import type { Store } from "../store/store";
import type { CellOutcome, SweepOptions } from "./runSweep";

/** A cell as the app shows it: its name and the label of each axis value. */
export const cellInfo = (c: Cell): ExperimentCellInfo => ({ cell: c.index, name: cellName(c.index), values: c.values });

/**
 * Saves an experiment's state in the store; a store that fails (disk full) stops the saving, not the
 * experiment, and the state says so.
 */
export function experimentSaver(store: Store, pipelineId: string | undefined, name: string): (state: Omit<ExperimentState, "matrix">) => void {
  let failed = false;
  return (state) => {
    if (failed) return;
    try {
      store.experiments.save({ experimentId: state.experimentId, pipelineId: pipelineId ?? null, name, state });
    } catch (e) {
      failed = true;
      Object.assign(state, { error: `the experiment could not be saved in the database (it will not be listed after a restart): ${e instanceof Error ? e.message : String(e)}` });
    }
  };
}

export class ExperimentRecord {
  readonly state: Omit<ExperimentState, "matrix">;
  readonly controller = new AbortController();
  done: Promise<void> = Promise.resolve();
  private byRun = new Map<string, ExperimentCellState>();

  constructor(
    experimentId: string,
    cells: readonly ExperimentCellInfo[],
    order: string[],
    private readonly emit: (e: ExperimentEvent) => void,
    private readonly save: (state: Omit<ExperimentState, "matrix">) => void,
  ) {
    this.state = { experimentId, status: "running", startedAt: Date.now(), cells: cells.map((c) => ({ ...c, status: "waiting", itemsDone: 0, items: 0 })), order, capReached: null };
    this.save(this.state);
  }

  private cell(index: number): ExperimentCellState {
    return this.state.cells.find((c) => c.cell === index)!;
  }

  cellStarted(index: number, position: number, runId: string): void {
    const c = this.cell(index);
    Object.assign(c, { status: "running", runId });
    this.byRun.set(runId, c);
    this.save(this.state);
    this.emit({ type: "cell-started", experimentId: this.state.experimentId, cell: index, runId, position });
  }

  /** A run event of one of the cells: its progress (at most every 100 ms per run, the engine's interval). */
  runEvent(e: RunEvent): void {
    if (e.type !== "progress") return;
    const c = this.byRun.get(e.runId);
    if (!c) return;
    c.itemsDone = e.totals.itemsDone; // failed items included: they are finished
    c.items = Math.max(e.totals.items, e.totals.itemsDone);
    this.emit({ type: "cell-progress", experimentId: this.state.experimentId, cell: c.cell, runId: e.runId, itemsDone: c.itemsDone, items: c.items });
  }

  cellEnded(o: CellOutcome): void {
    const c = this.cell(o.cell);
    const status = !o.report ? "left-out" : o.leftOut ? "cancelled" : o.report.status === "done" ? "done" : "failed";
    Object.assign(c, { status, ...(o.leftOut ? { leftOut: o.leftOut } : {}) });
    if (o.report && !o.leftOut) c.itemsDone = c.items = o.report.items;
    this.save(this.state);
    this.emit({ type: "cell-finished", experimentId: this.state.experimentId, cell: o.cell, runId: c.runId, status, ...(o.leftOut ? { leftOut: o.leftOut } : {}) });
  }

  /** The sweep's callbacks that fold its cells' starts and ends into this record. */
  sweepCallbacks(): Pick<SweepOptions, "onCellStart" | "onCellEnd"> {
    return { onCellStart: (cell, position, runId) => this.cellStarted(cell.index, position, runId), onCellEnd: (o) => this.cellEnded(o) };
  }

  /** Records how the sweep ended (done, stopped at a cap, cancelled, failed) and passes its result or error on. */
  async settle<T extends { capReached: string | null }>(sweep: Promise<T>, signal: AbortSignal): Promise<T> {
    try {
      const result = await sweep;
      this.finished(signal.aborted ? "cancelled" : result.capReached ? "stopped" : "done", result.capReached);
      return result;
    } catch (e) {
      this.finished("failed", null, e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  finished(status: Exclude<ExperimentStatus, "running">, capReached: string | null, error?: string): void {
    Object.assign(this.state, { status, capReached, finishedAt: Date.now(), ...(error ? { error } : {}) });
    this.save(this.state);
    this.emit({ type: "experiment-finished", experimentId: this.state.experimentId, status, capReached, ...(error ? { error } : {}) });
  }
}
