/**
 * Compares runs of (usually) the same pipeline family on the same items: per-node metrics side by side, each
 * run's accuracy with its interval, and the baseline against each other run with an exact paired test and a
 * paired bootstrap interval of the accuracy difference.
 *
 * The baseline is explicit: the run named by `baseline`, else the run that started first (never the order
 * the runs were picked in); the others follow in the order they started. Runs are lettered A (baseline), B, …
 *
 * Reading the result: `pairs[i].verdict` is decided by the exact McNemar p-value (Holm-adjusted across pairs
 * when more than two runs are compared); `bootstrap` gives the size of the difference with its uncertainty.
 * Items never scored (failed, pending review, no score) are counted apart and left out unless
 * `unscored: "wrong"`; a run that scored none of its items gets no verdict.
 */
import { DEFAULT_LEVEL, DEFAULT_SEED } from "./bootstrap";
import { categoryBreakdown } from "./categories";
import { configDiff } from "./configDiff";
import { accuracyOf, nodeRows, unscoredText } from "./nodeMetrics";
import { comparePair, holmAdjust } from "./pairComparison";
import type { CompareOptions, CompareResult, ComparedRun, RunForCompare } from "./types";
import { runName, verdictOf } from "./verdict";

export type {
  AccuracyEstimate,
  CategoryBreakdown,
  CompareOptions,
  CompareResult,
  ComparedRun,
  Disagreement,
  NodeAggregate,
  NodeMetricCell,
  NodeMetricRow,
  OddsRatio,
  PairComparison,
  PairCounts,
  PowerNote,
  RunConfig,
  RunForCompare,
  UnscoredCounts,
  Verdict,
} from "./types";
export type { ConfigDifference } from "./configDiff";
export type { ExcludedItem, ItemOutcome, OutcomeStatus, PairingOptions, UnscoredPolicy } from "./pairing";
export { UNSCORED_POLICIES } from "./pairing";
export { disagreements } from "./disagreements";

/** "A", "B", … "Z", "AA", … */
export function runKey(i: number): string {
  return i < 26 ? String.fromCharCode(65 + i) : runKey(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26));
}

/** The runs in compare order: the baseline first (named, else the oldest), then the others by start time. */
export function orderRuns(runs: readonly RunForCompare[], baseline?: string): { ordered: RunForCompare[]; by: "named" | "older" | "given" } {
  const byStart = runs
    .map((r, i) => [r, i] as const)
    .sort(([x, i], [y, j]) => (x.startedAt ?? Infinity) - (y.startedAt ?? Infinity) || i - j)
    .map(([r]) => r);
  if (baseline !== undefined) {
    const named = runs.find((r) => r.id === baseline);
    if (!named) throw new Error(`compareRuns: the baseline "${baseline}" is not one of the compared runs`);
    return { ordered: [named, ...byStart.filter((r) => r !== named)], by: "named" };
  }
  return { ordered: byStart, by: runs.every((r) => r.startedAt !== undefined) ? "older" : "given" };
}

/** Compares the baseline with every other run. Throws on repeated run ids or repeated item ids. */
export function compareRuns(input: readonly RunForCompare[], opts: CompareOptions = {}): CompareResult {
  const level = opts.level ?? DEFAULT_LEVEL;
  if (!(level > 0 && level < 1)) throw new RangeError(`compareRuns: level must be in (0, 1), got ${level}`);
  const settings: CompareResult["settings"] = {
    level,
    alpha: opts.alpha ?? Number((1 - level).toPrecision(12)),
    resamples: opts.resamples ?? "auto",
    seed: opts.seed ?? DEFAULT_SEED,
    adjust: opts.adjust ?? "holm",
    unscored: opts.unscored ?? "exclude",
    baseline: opts.baseline ?? null,
    by: opts.by ?? [],
  };
  if (!(settings.alpha > 0 && settings.alpha < 1)) throw new RangeError(`compareRuns: alpha must be in (0, 1), got ${settings.alpha}`);
  const ids = new Set<string>();
  for (const r of input) {
    if (ids.has(r.id)) throw new Error(`compareRuns: run id "${r.id}" is given more than once`);
    ids.add(r.id);
  }
  const { ordered: runs, by } = orderRuns(input, opts.baseline);
  const keys = runs.map((_, i) => runKey(i));
  const pairOpts = { ...settings, baseline: undefined };
  const accuracy = runs.map((r) => accuracyOf(r.id, r.items, settings, level));
  const pairs = runs.slice(1).map((other, i) => comparePair(runs[0], other, { ...pairOpts, keys: [keys[0], keys[i + 1]] }));
  if (settings.adjust === "holm" && pairs.length > 1) {
    const adjusted = holmAdjust(pairs.map((p) => p.mcnemar.p));
    pairs.forEach((p, i) => {
      p.pAdjusted = adjusted[i];
      p.verdict = verdictOf(p, settings.alpha, pairs.length, p.refusal);
    });
  }
  const warnings: string[] = [];
  runs.forEach((r, i) => {
    if (r.status && r.status !== "done") warnings.push(`${runName(keys[i], r.label)} ended "${r.status}".`);
    const u = accuracy[i].unscored;
    if (u.total === 0) return;
    const what = `${runName(keys[i], r.label)}: ${u.total} of ${r.items.length} items were never scored (${unscoredText(u)})`;
    const policy = settings.unscored === "wrong" ? "they count as wrong (--unscored wrong)" : "they are left out of its accuracy and of the paired tests";
    warnings.push(`${what}; ${u.pending && settings.unscored === "wrong" ? "pending ones are left out, the others count as wrong" : policy}.`);
  });
  const runsOut: ComparedRun[] = runs.map((r, i) => ({
    id: r.id,
    key: keys[i],
    label: r.label,
    startedAt: r.startedAt ?? null,
    models: r.models ?? [],
    status: r.status ?? null,
    scoreNodeId: r.scoreNodeId,
    ...(i === 0 ? { baselineBy: by } : {}),
  }));
  return {
    runs: runsOut,
    accuracy,
    nodes: nodeRows(runs, accuracy),
    pairs,
    categories: settings.by.map((column) => categoryBreakdown(runs, column, settings, level)),
    configDiff: configDiff(runs.map((r) => r.config)),
    warnings,
    settings,
  };
}
