/**
 * Runs the cells of an experiment one after another, in schedule order (shared/experiment/schedule.ts), each
 * a normal run started the way `cascade run` starts one (inspect, trace, compare work on it), all sharing the
 * store's call cache and one set of endpoint limiters. A BudgetGate caps calls and cost over the whole sweep:
 * at the cap the running cell is cancelled and the later cells are not started; finished cells are kept.
 */
import type { Cell } from "../../shared/experiment/cells";
import { cellText } from "../../shared/experiment/cells";
import type { PriceOverrides } from "../../shared/pricing";
import { runReport, type RunReport } from "../engine/summary";
import { startRun } from "../engine/startRun";
import type { RunOptions } from "../engine/types";
import { EndpointLimiters } from "../providers/limiter";
import { createProvider } from "../providers/registry";
import type { Store } from "../store/store";
import { BudgetGate } from "./budgetGate";

export interface CellOutcome {
  cell: number;
  /** The cell's run: done or failed; cancelled when the cap (or a SIGINT) stopped it. Absent when never started. */
  report?: RunReport;
  /** Why the cell is not in the matrix (left out by the cap, stopped, cancelled), or null when it finished. */
  leftOut: string | null;
}

export interface SweepOptions {
  experimentId: string;
  baseDir: string;
  store: Store;
  limit?: number;
  maxCalls?: number;
  maxCostUsd?: number;
  priceOverrides?: PriceOverrides;
  commandLine?: string[];
  signal?: AbortSignal;
  /** What the app adds to each cell's run: its events, stored API keys, where outputs go, who started it. */
  run?: Pick<RunOptions, "onEvent" | "resolveApiKey" | "env" | "origin" | "outputDir" | "pipelineId">;
  /** A cell's run was started (its id is known from here on). */
  onCellStart?: (cell: Cell, position: number, runId: string) => void;
  /** A cell ended, or was left out without starting. */
  onCellEnd?: (outcome: CellOutcome) => void;
}

export async function runSweep(cells: readonly Cell[], order: readonly number[], o: SweepOptions): Promise<{ outcomes: CellOutcome[]; capReached: string | null }> {
  const gate = new BudgetGate(o.maxCalls, o.maxCostUsd, o.priceOverrides);
  const limiters = new EndpointLimiters();
  const outcomes: CellOutcome[] = [];
  for (const [position, pos] of order.entries()) {
    const cell = cells[pos];
    if (gate.reached || o.signal?.aborted) {
      const outcome = { cell: cell.index, leftOut: gate.reached ? `not started: ${gate.reached}` : "not started: cancelled" };
      outcomes.push(outcome);
      o.onCellEnd?.(outcome);
      continue;
    }
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    o.signal?.addEventListener("abort", onAbort);
    try {
      const handle = startRun({
        ...o.run,
        doc: cell.doc,
        baseDir: o.baseDir,
        store: o.store,
        label: `sweep ${o.experimentId} c${cell.index + 1}: ${cellText(cell)}`,
        limit: o.limit,
        commandLine: o.commandLine,
        priceOverrides: o.priceOverrides,
        signal: controller.signal,
        limiters,
        providerFactory: (_name, config, ctx) => gate.wrap(createProvider(config, { defaultConcurrency: config.concurrency, limiters: ctx.limiters }), config, onAbort),
      });
      o.onCellStart?.(cell, position, handle.runId);
      const summary = await handle.done;
      const report = runReport(o.store, handle.runId);
      const leftOut = summary.status === "cancelled" ? (gate.reached ? `stopped part-way: ${gate.reached} (run ${handle.runId} kept; re-running it resumes from the cache)` : "cancelled") : null;
      outcomes.push({ cell: cell.index, report, leftOut });
      o.onCellEnd?.(outcomes[outcomes.length - 1]);
    } finally {
      o.signal?.removeEventListener("abort", onAbort);
    }
  }
  return { outcomes, capReached: gate.reached };
}
