/**
 * Input and output types of comparing runs (re-exported by compareRuns.ts). Everything here is plain JSON:
 * numbers are finite, and "unknown" is null, never NaN or undefined-in-arrays.
 */
import type { BootstrapInterval } from "./bootstrap";
import type { LatencySummary } from "./latency";
import type { McNemarResult } from "./mcnemar";
import type { ExcludedItem, ItemOutcome, PairingOptions } from "./pairing";

/** What one run reports about one node. */
export interface NodeAggregate {
  nodeId: string;
  /** Items that the node processed or tried (done + cached + failed): the denominator of the error rate. */
  items: number;
  /** Model calls made (cache hits excluded). */
  calls: number;
  cacheHits?: number;
  /** Items that failed at the node. */
  errors: number;
  /** Latencies in ms (preferred; gives the full summary). */
  latenciesMs?: number[];
  /** A ready summary, used when latenciesMs is absent. */
  latency?: LatencySummary;
  /** Total latency in ms, used when neither is given: yields the mean over `calls` only. */
  latencyMsTotal?: number;
  inputTokens: number;
  outputTokens: number;
  /** null when a model's price is unknown. */
  costUsd: number | null;
}

/** One run as the comparison needs it. */
export interface RunForCompare {
  id: string;
  label: string;
  nodes: NodeAggregate[];
  /** The node whose per-item outcomes are in `items`; its row gets the accuracy. */
  scoreNodeId: string | null;
  items: ItemOutcome[];
}

export interface CompareOptions extends PairingOptions {
  /** Confidence level of accuracy intervals and bootstrap intervals (default 0.95). */
  level?: number;
  /** Significance threshold of the verdicts (default 0.05). */
  alpha?: number;
  /** Bootstrap resamples (default 2,000) and seed (default 1). */
  resamples?: number;
  seed?: number;
  /** Multiple-comparison adjustment of the p-values across the pairs (default "holm"; one pair is unaffected). */
  adjust?: "holm" | "none";
}

/** Accuracy (mean score) of one run at its score node. */
export interface AccuracyEstimate {
  runId: string;
  /** Items counted (unscored items counted as 0 included). */
  n: number;
  /** Sum of scores (number correct when scores are 0/1). */
  sum: number;
  value: number | null;
  low: number | null;
  high: number | null;
  level: number;
  /** "wilson" for 0/1 scores; "normal" (mean ± z·s/√n) when scores are fractional, e.g. means of samples. */
  method: "wilson" | "normal";
  /** Unscored items (failed, skipped, dropped, no score) counted as 0. */
  zeroed: number;
  /** Items left out: pending, or unscored with unscored = "exclude". */
  excluded: number;
}

/** One run's numbers for one node. */
export interface NodeMetricCell {
  runId: string;
  items: number;
  calls: number;
  cacheHits: number | null;
  errors: number;
  /** errors / items; null when items is 0. */
  errorRate: number | null;
  latency: LatencySummary;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  costUsd: number | null;
  /** Only on the run's score node. */
  accuracy: AccuracyEstimate | null;
}

/** A node's numbers side by side; cells[i] belongs to runs[i] (null when that run has no such node). */
export interface NodeMetricRow {
  nodeId: string;
  cells: (NodeMetricCell | null)[];
}

/** How paired items split between the runs. */
export interface PairCounts {
  /** Items where A scored higher (A right, B wrong for 0/1 scores): McNemar's b. */
  aBetter: number;
  /** Items where B scored higher: McNemar's c. */
  bBetter: number;
  /** Equal scores. */
  ties: number;
  /** For 0/1 scores: both right / both wrong; null otherwise. */
  bothRight: number | null;
  bothWrong: number | null;
  /** Paired items whose extracted answers differ; null when the runs gave no answers. */
  answersDiffer: number | null;
}

export interface Verdict {
  significant: boolean;
  /** Which run is better when significant: "a" = the baseline, "b" = the other run. */
  better: "a" | "b" | null;
  /** e.g. "Cas-SEAT is better than SEAT (p = 0.003)" or "no significant difference (p = 0.41)". */
  text: string;
}

/** Baseline (A) against one other run (B), over the items both have. */
export interface PairComparison {
  baselineId: string;
  otherId: string;
  baselineLabel: string;
  otherLabel: string;
  /** Paired items. */
  n: number;
  accuracyA: number | null;
  accuracyB: number | null;
  /** accuracyB − accuracyA. */
  difference: number | null;
  /** True when every paired score is 0 or 1. */
  binary: boolean;
  /** Exact McNemar for 0/1 scores; for fractional scores the same exact test on who scored higher (sign test). */
  test: "mcnemar-exact" | "sign-test-exact";
  mcnemar: McNemarResult;
  /** p after the adjustment across pairs (equals mcnemar.p with one pair or adjust = "none"). */
  pAdjusted: number;
  /** Paired bootstrap percentile interval of the difference; null when n is 0. */
  bootstrap: BootstrapInterval | null;
  counts: PairCounts;
  onlyInA: string[];
  onlyInB: string[];
  excluded: ExcludedItem[];
  zeroedA: number;
  zeroedB: number;
  verdict: Verdict;
}

export interface CompareResult {
  runs: { id: string; label: string; scoreNodeId: string | null }[];
  /** Per run, in the order of runs. */
  accuracy: AccuracyEstimate[];
  nodes: NodeMetricRow[];
  /** runs[0] (the baseline) against each other run, in order. */
  pairs: PairComparison[];
  settings: Required<CompareOptions>;
}

/** An item whose answer or score differs between two runs. */
export interface Disagreement {
  itemId: string;
  answerA: string | null;
  answerB: string | null;
  /** null when the item has no usable score in that run (failed, skipped, pending, no score). */
  scoreA: number | null;
  scoreB: number | null;
  answersDiffer: boolean;
  scoresDiffer: boolean;
}
