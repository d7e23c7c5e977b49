/** The compact summary of a finished run (the CLI's --json output), read from the store. */
import type { Metric } from "../../shared/events";
import type { RunRepeat } from "../../shared/repeats";
import type { Store } from "../store/store";

export interface NodeSummary {
  calls: number;
  cacheHits: number;
  errors: number;
  meanLatencyMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Results whose reply was cut off by a token limit (absent when none was). */
  truncated?: number;
}

export interface RunReport {
  runId: string;
  status: string;
  items: number;
  /** Items that failed at some node (the run is "failed" when all did, "done with errors" when most did). */
  itemsFailed: number;
  errors: number;
  calls: number;
  cacheHits: number;
  /** Node results whose reply was cut off by a token limit (absent when none was). */
  truncated?: number;
  /** USD of the calls whose model has a known price; unpricedCalls had none (their cost is unknown, not 0). */
  costUsd: number;
  unpricedCalls: number;
  durationMs: number | null;
  nodes: Record<string, NodeSummary>;
  metrics: Record<string, Metric[]>;
  /** Which repeat this run is, with the group's mean ± sd once the group has ended (shared/repeats.ts). */
  repeat?: RunRepeat;
  error?: string;
}

export function runReport(store: Store, runId: string): RunReport {
  const run = store.runs.get(runId);
  const nodes: Record<string, NodeSummary> = {};
  for (const [id, c] of Object.entries(run.nodes)) {
    const finished = c.done + c.cached;
    nodes[id] = {
      calls: c.calls,
      cacheHits: c.cacheHits,
      errors: c.failed,
      meanLatencyMs: finished ? Math.round((c.latencyMsTotal / finished) * 10) / 10 : 0,
      inputTokens: c.inputTokens,
      outputTokens: c.outputTokens,
      ...(c.truncated ? { truncated: c.truncated } : {}),
    };
  }
  const error = store.runMeta.error(runId);
  return {
    runId,
    status: run.status,
    items: run.totals.items,
    itemsFailed: run.totals.itemsFailed,
    errors: run.totals.errors,
    calls: run.totals.calls,
    cacheHits: run.totals.cacheHits,
    ...(run.totals.truncated ? { truncated: run.totals.truncated } : {}),
    costUsd: run.totals.costUsd,
    unpricedCalls: run.totals.unpricedCalls ?? 0,
    durationMs: run.finishedAt ? run.finishedAt - run.startedAt : null,
    nodes,
    metrics: run.metrics,
    ...(run.repeat ? { repeat: run.repeat } : {}),
    ...(error ? { error } : {}),
  };
}
