/**
 * Per-run accuracy and per-node metric rows (latency, tokens, cost, error rate) laid out side by side.
 */
import type { NodeCounts } from "../events";
import { summarizeLatencies, type LatencySummary } from "./latency";
import { outcomeScore, type ItemOutcome, type PairingOptions } from "./pairing";
import type { AccuracyEstimate, NodeAggregate, NodeMetricCell, NodeMetricRow, RunForCompare, UnscoredCounts } from "./types";
import { wilsonInterval } from "../stats";
import { normalQuantileTwoSided } from "./normal";

/** A NodeAggregate from the engine's NodeCounts (errors = failed; items = done + cached + failed). */
export function nodeAggregateFromCounts(nodeId: string, counts: NodeCounts, latenciesMs?: number[], label?: string): NodeAggregate {
  return {
    nodeId,
    ...(label ? { label } : {}),
    items: counts.done + counts.cached + counts.failed,
    calls: counts.calls,
    cacheHits: counts.cacheHits,
    errors: counts.failed,
    latenciesMs,
    latencyMsTotal: counts.latencyMsTotal,
    inputTokens: counts.inputTokens,
    outputTokens: counts.outputTokens,
    costUsd: counts.costUsd,
  };
}

/** True when every value is exactly 0 or 1. */
export function isBinary(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0 && values[i] !== 1) return false;
  return true;
}

/** How many of a run's items were never scored, and why (see ItemOutcome.status and outcomeScore). */
export function unscoredCounts(items: readonly ItemOutcome[]): UnscoredCounts {
  const c: UnscoredCounts = { total: 0, failed: 0, skipped: 0, dropped: 0, noScore: 0, pending: 0 };
  for (const o of items) {
    if (typeof outcomeScore(o) === "number") continue;
    c.total++;
    if (o.status === "failed" || o.status === "skipped" || o.status === "dropped" || o.status === "pending") c[o.status]++;
    else c.noScore++;
  }
  return c;
}

/** "18 failed, 2 pending review" — the reasons of never-scored items, for warnings. */
export function unscoredText(c: UnscoredCounts): string {
  const parts: string[] = [];
  if (c.failed) parts.push(`${c.failed} failed`);
  if (c.skipped) parts.push(`${c.skipped} skipped because an earlier node failed`);
  if (c.dropped) parts.push(`${c.dropped} dropped`);
  if (c.noScore) parts.push(`${c.noScore} without a score`);
  if (c.pending) parts.push(`${c.pending} pending review`);
  return parts.join(", ");
}

/** Accuracy of one run over all its items (not only those paired with another run). */
export function accuracyOf(runId: string, items: readonly ItemOutcome[], opts: PairingOptions = {}, level = 0.95): AccuracyEstimate {
  const unscored = opts.unscored ?? "exclude";
  const scores: number[] = [];
  let zeroed = 0;
  let excluded = 0;
  for (const o of items) {
    const s = outcomeScore(o);
    if (typeof s === "number") scores.push(s);
    else if (s === "pending" || unscored === "exclude") excluded++;
    else {
      scores.push(0);
      zeroed++;
    }
  }
  const n = scores.length;
  let sum = 0;
  for (const s of scores) sum += s;
  const base = { runId, n, sum, level, zeroed, excluded, items: items.length, unscored: unscoredCounts(items) };
  if (n === 0) return { ...base, value: null, low: null, high: null, method: "wilson" };
  const z = normalQuantileTwoSided(level);
  if (isBinary(scores)) {
    const w = wilsonInterval(sum, n, z);
    return { ...base, value: sum / n, low: w.low, high: w.high, method: "wilson" };
  }
  const mean = sum / n;
  let ss = 0;
  for (const s of scores) ss += (s - mean) ** 2;
  const half = n > 1 ? z * Math.sqrt(ss / (n - 1) / n) : null;
  return { ...base, value: mean, low: half === null ? null : mean - half, high: half === null ? null : mean + half, method: "normal" };
}

function latencyOf(agg: NodeAggregate): LatencySummary {
  if (agg.latenciesMs) return summarizeLatencies(agg.latenciesMs);
  if (agg.latency) return agg.latency;
  const mean = agg.latencyMsTotal !== undefined && agg.calls > 0 ? agg.latencyMsTotal / agg.calls : null;
  return { count: mean === null ? 0 : agg.calls, mean, median: null, p90: null, p95: null, min: null, max: null };
}

/** One run's cell for one node. */
export function nodeCell(runId: string, agg: NodeAggregate, accuracy: AccuracyEstimate | null): NodeMetricCell {
  return {
    runId,
    items: agg.items,
    calls: agg.calls,
    cacheHits: agg.cacheHits ?? null,
    errors: agg.errors,
    errorRate: agg.items > 0 ? agg.errors / agg.items : null,
    latency: latencyOf(agg),
    inputTokens: agg.inputTokens,
    outputTokens: agg.outputTokens,
    totalTokens: agg.inputTokens + agg.outputTokens,
    costUsd: agg.costUsd,
    accuracy,
  };
}

/**
 * Rows for every node of any run, in order of first appearance (run by run); cells align with `runs`.
 * A run's accuracy goes on its score node's cell (a score node with no aggregate still gets a row).
 */
export function nodeRows(runs: readonly RunForCompare[], accuracy: readonly AccuracyEstimate[]): NodeMetricRow[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const add = (id: string | null): void => {
    if (id !== null && !seen.has(id)) {
      seen.add(id);
      order.push(id);
    }
  };
  for (const run of runs) {
    const ids = new Set<string>();
    for (const agg of run.nodes) {
      if (ids.has(agg.nodeId)) throw new Error(`run ${run.label} (${run.id}): node "${agg.nodeId}" has more than one aggregate`);
      ids.add(agg.nodeId);
      add(agg.nodeId);
    }
    add(run.scoreNodeId);
  }
  const labelOf = (nodeId: string): string => {
    for (const run of runs) {
      const label = run.nodes.find((x) => x.nodeId === nodeId)?.label ?? run.nodeLabels?.[nodeId];
      if (label) return label;
    }
    return nodeId;
  };
  return order.map((nodeId) => ({
    nodeId,
    label: labelOf(nodeId),
    cells: runs.map((run, i) => {
      const agg = run.nodes.find((x) => x.nodeId === nodeId);
      const acc = run.scoreNodeId === nodeId ? accuracy[i] : null;
      if (agg) return nodeCell(run.id, agg, acc);
      if (acc) return nodeCell(run.id, { nodeId, items: 0, calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: null }, acc);
      return null;
    }),
  }));
}
