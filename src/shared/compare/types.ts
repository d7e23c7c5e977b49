/**
 * Input and output types of comparing runs (re-exported by compareRuns.ts). Everything here is plain JSON:
 * numbers are finite, and "unknown" is null, never NaN or undefined-in-arrays.
 */
import type { BootstrapInterval } from "./bootstrap";
import type { LatencySummary } from "./latency";
import type { McNemarResult } from "./mcnemar";
import type { ConfigDifference } from "./configDiff";
import type { ExcludedItem, ItemOutcome, PairingOptions } from "./pairing";

/** What one run reports about one node. */
export interface NodeAggregate {
  nodeId: string;
  /** The node's label in the pipeline (shown instead of the id when present). */
  label?: string;
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
  /** The run's name: its label, else its pipeline's name. */
  label: string;
  /** Start time (ms since the epoch): the older run is the baseline unless one is named. */
  startedAt?: number;
  /** The models the run called ("gpt-4o-mini", "qwen2.5vl:7b"), to tell runs apart. */
  models?: string[];
  /** The run's status ("done", "failed", …). */
  status?: string;
  /** Node labels by id, for nodes without an aggregate. */
  nodeLabels?: Record<string, string>;
  /** What the run was configured with (models, node configs, settings), for the configuration difference. */
  config?: RunConfig;
  nodes: NodeAggregate[];
  /** The node whose per-item outcomes are in `items`; its row gets the accuracy. */
  scoreNodeId: string | null;
  items: ItemOutcome[];
}

/** A run's configuration as the comparison shows its differences: flat "path → value text" entries. */
export interface RunConfig {
  /** e.g. "models.reasoner.model" → "gpt-4o-mini", "nodes.reason.template" → "Question: …". */
  entries: Record<string, string>;
  /** Display names of the paths' heads (a node's label for "nodes.<id>"). */
  names?: Record<string, string>;
}

export interface CompareOptions extends PairingOptions {
  /** Confidence level of accuracy intervals and bootstrap intervals (default 0.95). */
  level?: number;
  /** Significance threshold of the verdicts (default 1 − level). */
  alpha?: number;
  /**
   * Bootstrap resamples (default "auto": enough that the Monte Carlo standard error of each CI bound is about
   * 0.05 pt, at least 2,000) and seed (default 1).
   */
  resamples?: number | "auto";
  seed?: number;
  /** Multiple-comparison adjustment of the p-values across the pairs (default "holm"; one pair is unaffected). */
  adjust?: "holm" | "none";
  /** The run to compare the others against (its id); default the run that started first. */
  baseline?: string;
  /** Dataset columns to break accuracy down by (each item's value is in ItemOutcome.categories). */
  by?: string[];
}

/** Why items were never scored, counted per run. */
export interface UnscoredCounts {
  total: number;
  failed: number;
  skipped: number;
  dropped: number;
  /** Finished, but the score node's output holds no number. */
  noScore: number;
  /** Waiting for a review decision. */
  pending: number;
}

/** Accuracy (mean score) of one run at its score node. */
export interface AccuracyEstimate {
  runId: string;
  /** Items counted (with unscored = "wrong", never-scored items counted as 0 included). */
  n: number;
  /** All the run's items at the score node. */
  items: number;
  /** Items never scored, by reason (counted apart whatever the policy). */
  unscored: UnscoredCounts;
  /** Sum of scores (number correct when scores are 0/1). */
  sum: number;
  value: number | null;
  low: number | null;
  high: number | null;
  level: number;
  /** "wilson" for 0/1 scores; "normal" (mean ± z·s/√n) when scores are fractional, e.g. means of samples. */
  method: "wilson" | "normal";
  /** Never-scored items (failed, skipped, dropped, no score) counted as 0 (unscored = "wrong"). */
  zeroed: number;
  /** Items left out: pending, or never scored with unscored = "exclude". */
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
  /** The node's label (its id when it has none). */
  label: string;
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
  /** True when no verdict is given: a run has no scored item, or no item is paired. */
  refused: boolean;
  /** e.g. "B is better than A (exact McNemar, p = 0.003 < 0.05)" or "no significant difference (…)". */
  text: string;
  /** Which test decides and, when the bootstrap interval points the other way, why they may disagree. */
  explanation: string;
  /** Whether the bootstrap CI's exclusion of 0 agrees with the test's decision (null without an interval). */
  bootstrapAgrees: boolean | null;
}

/** Odds ratio b/c of the discordant items with its exact conditional interval (Clopper–Pearson on b of b + c). */
export interface OddsRatio {
  /** b/c; null when c = 0 (then it is +∞ if b > 0) or b + c = 0 (undefined). */
  value: number | null;
  low: number | null;
  /** null means +∞ (c = 0) or undefined (b + c = 0). */
  high: number | null;
  level: number;
}

/** How large a difference the pair could detect: the small-n note. */
export interface PowerNote {
  /** Smallest accuracy difference detected with 80 % power at alpha (Connor 1987), from the observed discordance; null when it cannot be estimated (no discordant item) or exceeds the discordance. */
  mdd: number | null;
  power: number;
  alpha: number;
  /** (b + c) / n, the observed share of discordant items. */
  discordantRate: number | null;
  /** True when there are few items or few discordant ones (n < 100 or b + c < 25). */
  small: boolean;
  text: string;
}

/** Baseline (A) against one other run (B), over the items both have. */
export interface PairComparison {
  baselineId: string;
  otherId: string;
  baselineLabel: string;
  otherLabel: string;
  /** The runs' letters ("A", "B", …) as in CompareResult.runs. */
  baselineKey: string;
  otherKey: string;
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
  oddsRatio: OddsRatio;
  power: PowerNote;
  onlyInA: string[];
  onlyInB: string[];
  excluded: ExcludedItem[];
  zeroedA: number;
  zeroedB: number;
  /** Why no verdict is given (a run scored none of its items), or null. */
  refusal: string | null;
  verdict: Verdict;
}

/** A compared run: runs[0] is the baseline; the others follow in the order they started. */
export interface ComparedRun {
  id: string;
  /** "A" (the baseline), "B", "C", … */
  key: string;
  label: string;
  startedAt: number | null;
  models: string[];
  status: string | null;
  scoreNodeId: string | null;
  /** Why this run is the baseline ("named" or "older") — only on runs[0]. */
  baselineBy?: "named" | "older" | "given";
}

/** Accuracy per value of one dataset column; accuracy[i] belongs to runs[i]. */
export interface CategoryBreakdown {
  column: string;
  rows: { value: string; accuracy: AccuracyEstimate[] }[];
}

export interface CompareResult {
  runs: ComparedRun[];
  /** Per run, in the order of runs. */
  accuracy: AccuracyEstimate[];
  nodes: NodeMetricRow[];
  /** runs[0] (the baseline) against each other run, in order. */
  pairs: PairComparison[];
  /** One per `by` column. */
  categories: CategoryBreakdown[];
  /** Where the runs' configurations differ (models, params, prompts, settings). */
  configDiff: ConfigDifference[];
  /** Things a reader must know before trusting the numbers (never-scored items, failed runs). */
  warnings: string[];
  settings: Required<Omit<CompareOptions, "baseline" | "resamples">> & { baseline: string | null; resamples: number | "auto" };
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
