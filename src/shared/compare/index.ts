/** Comparing runs: exact paired tests, paired bootstrap, pairing by item id, latency summaries. */
export * from "./compareRuns";
export { mcnemarExact, type McNemarResult } from "./mcnemar";
export { bootstrapMean, pairedBootstrap, type BootstrapInterval, type BootstrapOptions } from "./bootstrap";
export { pairScores, scoreFromValue, outcomeScore, type PairedScores } from "./pairing";
export { latencyHistogram, latencyHistograms, summarizeLatencies, type Histogram, type HistogramBin, type HistogramOptions, type LatencySummary } from "./latency";
export { accuracyOf, nodeAggregateFromCounts } from "./nodeMetrics";
export { comparePair, formatP, holmAdjust } from "./pairComparison";
export { normalQuantile, normalQuantileTwoSided } from "./normal";
export { createRng, type Rng } from "../random";
