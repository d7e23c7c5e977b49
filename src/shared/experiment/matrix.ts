/**
 * The results matrix of an experiment: per cell its accuracy with interval, calls, cache hits, tokens, cost,
 * errors and latency; accuracy by category; every pair of cells compared with the exact paired test of
 * `cascade compare` (comparePair), the p-values Holm-adjusted over all pairs; and the best cell with how sure
 * that is. The statistics are those of ../compare (accuracyOf, comparePair, holmAdjust, verdictOf): nothing
 * is computed a second way here.
 */
import { DEFAULT_LEVEL, DEFAULT_SEED } from "../compare/bootstrap";
import { categoryBreakdown } from "../compare/categories";
import { accuracyOf } from "../compare/nodeMetrics";
import { comparePair, holmAdjust } from "../compare/pairComparison";
import { summarizeLatencies } from "../compare/latency";
import type { AccuracyEstimate, CategoryBreakdown, PairComparison, RunForCompare } from "../compare/types";
import { formatP, verdictOf } from "../compare/verdict";
import { cellName } from "./cells";

export interface MatrixCellInput {
  index: number;
  run: RunForCompare;
}

export interface MatrixRow {
  cell: number;
  name: string;
  runId: string;
  accuracy: AccuracyEstimate;
  /** Model calls made, and calls answered from the cache, summed over the cell's nodes. */
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  /** USD of the calls made; null when a node's cost is unknown. */
  costUsd: number | null;
  /** Items that failed, summed over nodes. */
  errors: number;
  /** Per model node, the median latency of its calls made (cache hits excluded), summed over the nodes; null without calls. */
  latencyMs: number | null;
}

export interface MatrixPair {
  cells: [number, number];
  names: [string, string];
  /** The comparison of the second cell against the first, as `cascade compare` makes it (pAdjusted: Holm over all pairs). */
  comparison: PairComparison;
}

export interface BestCell {
  /** The cell with the highest accuracy (the first defined on a tie), or null when no cell has one. */
  cell: number | null;
  name: string | null;
  /** True when it is significantly better than every other cell (Holm-adjusted). */
  sure: boolean;
  /** The other cells it is not shown to be better than. */
  notBetterThan: string[];
  text: string;
}

export interface ExperimentMatrix {
  rows: MatrixRow[];
  pairs: MatrixPair[];
  categories: CategoryBreakdown[];
  best: BestCell;
  level: number;
  alpha: number;
}

export interface MatrixOptions {
  level?: number;
  seed?: number;
  resamples?: number | "auto";
  /** Dataset columns to break accuracy down by (the runs' items carry them in `categories`). */
  by?: readonly string[];
}

function rowOf(input: MatrixCellInput, level: number): MatrixRow {
  const { run } = input;
  let calls = 0, cacheHits = 0, inputTokens = 0, outputTokens = 0, errors = 0, latency = 0, timed = 0;
  let costUsd: number | null = 0;
  for (const n of run.nodes) {
    calls += n.calls;
    cacheHits += n.cacheHits ?? 0;
    inputTokens += n.inputTokens;
    outputTokens += n.outputTokens;
    errors += n.errors;
    if (costUsd !== null) costUsd = n.costUsd === null ? null : costUsd + n.costUsd;
    if (n.calls > 0 && n.latenciesMs?.length) {
      latency += summarizeLatencies(n.latenciesMs).median ?? 0;
      timed++;
    }
  }
  return {
    cell: input.index,
    name: cellName(input.index),
    runId: run.id,
    accuracy: accuracyOf(run.id, run.items, {}, level),
    calls,
    cacheHits,
    inputTokens,
    outputTokens,
    costUsd,
    errors,
    latencyMs: timed ? latency : null,
  };
}

function bestOf(rows: readonly MatrixRow[], pairs: readonly MatrixPair[], alpha: number): BestCell {
  let best: MatrixRow | null = null;
  for (const r of rows) if (r.accuracy.value !== null && (best === null || r.accuracy.value > (best.accuracy.value ?? -1))) best = r;
  if (!best) return { cell: null, name: null, sure: false, notBetterThan: [], text: "no cell has a scored item: no best cell" };
  const b = best;
  const notBetterThan: string[] = [];
  let worstP = 0;
  for (const p of pairs) {
    const side = p.cells[0] === b.cell ? "a" : p.cells[1] === b.cell ? "b" : null;
    if (!side) continue;
    const other = side === "a" ? p.names[1] : p.names[0];
    const v = p.comparison.verdict;
    if (!(v.significant && v.better === side)) notBetterThan.push(`${other} (${formatP(p.comparison.pAdjusted, alpha)})`);
    worstP = Math.max(worstP, p.comparison.pAdjusted);
  }
  const acc = (b.accuracy.value ?? 0).toFixed(3);
  const tied = rows.filter((r) => r !== b && r.accuracy.value === b.accuracy.value).map((r) => r.name);
  if (rows.length === 1) return { cell: b.cell, name: b.name, sure: false, notBetterThan, text: `${b.name} is the only cell (accuracy ${acc}): nothing to compare it with` };
  if (notBetterThan.length === 0)
    return { cell: b.cell, name: b.name, sure: true, notBetterThan, text: `${b.name} is best (accuracy ${acc}): significantly better than every other cell (largest Holm-adjusted ${formatP(worstP, alpha)} < α = ${alpha})` };
  const tie = tied.length ? ` (tied with ${tied.join(", ")})` : "";
  return {
    cell: b.cell,
    name: b.name,
    sure: false,
    notBetterThan,
    text: `${b.name} has the highest accuracy (${acc})${tie}, but it is not significantly better than ${notBetterThan.join(", ")}, Holm-adjusted at α = ${alpha}: the data do not single out one best cell`,
  };
}

export function experimentMatrix(cells: readonly MatrixCellInput[], opts: MatrixOptions = {}): ExperimentMatrix {
  const level = opts.level ?? DEFAULT_LEVEL;
  const alpha = Number((1 - level).toPrecision(12));
  const sorted = [...cells].sort((x, y) => x.index - y.index);
  const rows = sorted.map((c) => rowOf(c, level));
  const pairs: MatrixPair[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const names: [string, string] = [cellName(sorted[i].index), cellName(sorted[j].index)];
      const comparison = comparePair(sorted[i].run, sorted[j].run, { level, alpha, seed: opts.seed ?? DEFAULT_SEED, resamples: opts.resamples, keys: names });
      pairs.push({ cells: [sorted[i].index, sorted[j].index], names, comparison });
    }
  }
  const adjusted = holmAdjust(pairs.map((p) => p.comparison.mcnemar.p));
  pairs.forEach((p, k) => {
    p.comparison.pAdjusted = adjusted[k];
    p.comparison.verdict = verdictOf(p.comparison, alpha, pairs.length, p.comparison.refusal);
  });
  const runs = sorted.map((c) => c.run);
  const categories = (opts.by ?? []).map((column) => categoryBreakdown(runs, column, {}, level));
  return { rows, pairs, categories, best: bestOf(rows, pairs, alpha), level, alpha };
}
