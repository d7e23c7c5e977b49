/**
 * What the service knows of an experiment it runs: per cell its status, run and progress, folded from the
 * sweep's callbacks and the cells' run events, each change pushed as an `experiment-event`; and each change
 * but progress handed to `save` (the store keeps it across restarts: experimentsRepo.ts).
 */
import type { ExperimentCellInfo, ExperimentCellState, ExperimentEvent, ExperimentState, ExperimentStatus } from "../../shared/contract";
import type { RunEvent } from "../../shared/events";
import type { CellOutcome } from "../experiment/runSweep";

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

  finished(status: Exclude<ExperimentStatus, "running">, capReached: string | null, error?: string): void {
    Object.assign(this.state, { status, capReached, finishedAt: Date.now(), ...(error ? { error } : {}) });
    this.save(this.state);
    this.emit({ type: "experiment-finished", experimentId: this.state.experimentId, status, capReached, ...(error ? { error } : {}) });
  }
}
