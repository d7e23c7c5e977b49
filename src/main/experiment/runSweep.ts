/**
 * Runs the cells of an experiment, each a normal run started the way `cascade run` starts one (inspect, trace,
 * compare work on it), all sharing the store's call cache, one set of endpoint limiters and the calls in
 * flight. Cells that call a local model (shared/experiment/schedule.ts localModelsOf) run one after another in
 * schedule order, so a local server loads each model once; cells that call only remote endpoints run
 * alongside, up to `cellConcurrency` at a time, their calls within each endpoint's limit (the shared
 * limiters). A call a running cell makes is awaited by a cell that makes it too (a cache hit there), so each
 * distinct call is made once either way. A BudgetGate caps calls and cost over the whole sweep: at the cap the
 * running cells are cancelled at their next call and no cell starts; finished cells are kept.
 */
import type { Cell } from "../../shared/experiment/cells";
import { cellText } from "../../shared/experiment/cells";
import type { PriceOverrides } from "../../shared/pricing";
import { runReport, type RunReport } from "../engine/summary";
import { startRun } from "../engine/startRun";
import type { RunOptions } from "../engine/types";
import type { InFlightCalls } from "../engine/modelCalls";
import { localModelsOf } from "../../shared/experiment/schedule";
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
  run?: Pick<RunOptions, "onEvent" | "resolveApiKey" | "env" | "origin" | "outputDir" | "pipelineId" | "sharedCache">;
  /** A cell's run was started (its id is known from here on). */
  onCellStart?: (cell: Cell, position: number, runId: string) => void;
  /** A cell ended, or was left out without starting. */
  onCellEnd?: (outcome: CellOutcome) => void;
  /** Cells without a local model that run at once (default DEFAULT_CELL_CONCURRENCY; 1: one after another). */
  cellConcurrency?: number;
}

/** Remote cells running at once, at most (each is a whole run; the endpoints' limiters cap their calls). */
export const DEFAULT_CELL_CONCURRENCY = 4;

export async function runSweep(cells: readonly Cell[], order: readonly number[], o: SweepOptions): Promise<{ outcomes: CellOutcome[]; capReached: string | null }> {
  const gate = new BudgetGate(o.maxCalls, o.maxCostUsd, o.priceOverrides);
  const limiters = new EndpointLimiters();
  // A call two cells running at the same time make identically is made once: the other awaits it (a cache hit).
  const sharedCalls: InFlightCalls = new Map();
  const byPosition = new Map<number, CellOutcome>();

  const runCell = async (position: number): Promise<void> => {
    const cell = cells[order[position]];
    const end = (outcome: CellOutcome) => {
      byPosition.set(position, outcome);
      o.onCellEnd?.(outcome);
    };
    if (gate.reached || o.signal?.aborted) return end({ cell: cell.index, leftOut: gate.reached ? `not started: ${gate.reached}` : "not started: cancelled" });
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
        sharedCalls,
        providerFactory: (_name, config, ctx) => gate.wrap(createProvider(config, { defaultConcurrency: config.concurrency, limiters: ctx.limiters }), config, onAbort),
      });
      o.onCellStart?.(cell, position, handle.runId);
      const summary = await handle.done;
      const report = runReport(o.store, handle.runId);
      const leftOut = summary.status === "cancelled" ? (gate.reached ? `stopped part-way: ${gate.reached} (run ${handle.runId} kept; re-running it resumes from the cache)` : "cancelled") : null;
      end({ cell: cell.index, report, leftOut });
    } finally {
      o.signal?.removeEventListener("abort", onAbort);
    }
  };

  // Cells that call a local model run one after another in schedule order (the server loads each model once);
  // the others, alongside, up to cellConcurrency at a time.
  const positions = order.map((_, position) => position);
  const local = positions.filter((p) => localModelsOf(cells[order[p]].doc).length > 0);
  const remote = positions.filter((p) => localModelsOf(cells[order[p]].doc).length === 0);
  let next = 0;
  const workers = Array.from({ length: Math.min(Math.max(1, o.cellConcurrency ?? DEFAULT_CELL_CONCURRENCY), remote.length) }, async () => {
    while (next < remote.length) await runCell(remote[next++]);
  });
  const chain = (async () => {
    for (const p of local) await runCell(p);
  })();
  await Promise.all([chain, ...workers]);
  return { outcomes: positions.map((p) => byPosition.get(p)!), capReached: gate.reached };
}
