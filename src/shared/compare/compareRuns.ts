/**
 * Compares runs of (usually) the same pipeline family on the same items: per-node metrics side by side, each
 * run's accuracy with its interval, and the first run (the baseline) against each other run with an exact
 * paired test and a paired bootstrap interval of the accuracy difference.
 *
 * Reading the result: `pairs[i].verdict` is decided by the exact McNemar p-value (Holm-adjusted across pairs by
 * default); `bootstrap` gives the size of the difference with its uncertainty. The two usually agree; near the
 * threshold they may not, because they are different procedures.
 */
import { DEFAULT_LEVEL, DEFAULT_RESAMPLES, DEFAULT_SEED } from "./bootstrap";
import { accuracyOf, nodeRows } from "./nodeMetrics";
import { comparePair, holmAdjust, verdictOf } from "./pairComparison";
import type { CompareOptions, CompareResult, RunForCompare } from "./types";

export type {
  AccuracyEstimate,
  CompareOptions,
  CompareResult,
  Disagreement,
  NodeAggregate,
  NodeMetricCell,
  NodeMetricRow,
  PairComparison,
  PairCounts,
  RunForCompare,
  Verdict,
} from "./types";
export type { ExcludedItem, ItemOutcome, OutcomeStatus, PairingOptions } from "./pairing";
export { disagreements } from "./disagreements";

/** Compares runs[0] (baseline) with every other run. Throws on repeated run ids or repeated item ids. */
export function compareRuns(runs: readonly RunForCompare[], opts: CompareOptions = {}): CompareResult {
  const settings: Required<CompareOptions> = {
    level: opts.level ?? DEFAULT_LEVEL,
    alpha: opts.alpha ?? 0.05,
    resamples: opts.resamples ?? DEFAULT_RESAMPLES,
    seed: opts.seed ?? DEFAULT_SEED,
    adjust: opts.adjust ?? "holm",
    unscored: opts.unscored ?? "zero",
  };
  if (!(settings.alpha > 0 && settings.alpha < 1)) throw new RangeError(`compareRuns: alpha must be in (0, 1), got ${settings.alpha}`);
  const ids = new Set<string>();
  for (const r of runs) {
    if (ids.has(r.id)) throw new Error(`compareRuns: run id "${r.id}" is given more than once`);
    ids.add(r.id);
  }
  const accuracy = runs.map((r) => accuracyOf(r.id, r.items, settings, settings.level));
  const pairs = runs.slice(1).map((other) => comparePair(runs[0], other, settings));
  if (settings.adjust === "holm" && pairs.length > 1) {
    const adjusted = holmAdjust(pairs.map((p) => p.mcnemar.p));
    pairs.forEach((p, i) => {
      p.pAdjusted = adjusted[i];
      p.verdict = verdictOf(p, settings.alpha, true);
    });
  }
  return {
    runs: runs.map((r) => ({ id: r.id, label: r.label, scoreNodeId: r.scoreNodeId })),
    accuracy,
    nodes: nodeRows(runs, accuracy),
    pairs,
    settings,
  };
}
