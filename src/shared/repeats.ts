/**
 * Repeats of a run (`settings.repeats`, `cascade run --repeats k`): k independent runs of one pipeline, each its
 * own run record (results, traces, inspect and compare as for any run), grouped by the id of repeat 0. Every
 * model call of repeat r carries r in its cache key and, when a seed is configured, a seed derived from it
 * (callSeed.ts), so the k repeats draw k independent samples per call. The spread of a score over the repeats is
 * the sampling variance of the whole cascade: this file says what is reported (pure, no I/O).
 */
import type { Metric } from "./events";

/** A metric over the repeats of a run: the mean and sample standard deviation of the per-repeat values. */
export interface RepeatMetric {
  /** The per-repeat metric's name ("accuracy"). */
  name: string;
  mean: number;
  /** Sample standard deviation (divides by k − 1); 0 when k = 1. */
  sd: number;
  /** Repeats that produced the metric (a repeat that failed before scoring anything has none). */
  k: number;
  /** The per-repeat values, in repeat order. */
  values: number[];
}

/** What the group of repeats found, stored with every run of the group once the last repeat has ended. */
export interface RepeatStats {
  /** Repeats asked for. */
  count: number;
  /** The runs of the group in repeat order (fewer than count when the group stopped early: cancelled or failed). */
  runIds: string[];
  /** By score node: each of its metrics over the repeats. */
  metrics: Record<string, RepeatMetric[]>;
}

/** Where a run sits in its group of repeats. */
export interface RunRepeat {
  /** The id of repeat 0 (the group's id). */
  group: string;
  /** 0-based. */
  index: number;
  /** Present once the group has ended. */
  stats?: RepeatStats;
}

/** The most repeats one run may ask for. */
export const MAX_REPEATS = 100;

/** Mean and sample standard deviation (k − 1 in the denominator; 0 for fewer than two values). */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const k = values.length;
  if (k === 0) return { mean: NaN, sd: NaN };
  const mean = values.reduce((s, v) => s + v, 0) / k;
  if (k < 2) return { mean, sd: 0 };
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (k - 1)) };
}

/** Per node and metric name, the mean ± sd over the repeats' metrics (runs in repeat order). */
export function repeatMetrics(runs: readonly { metrics: Record<string, Metric[]> }[]): Record<string, RepeatMetric[]> {
  const values = new Map<string, Map<string, number[]>>();
  for (const run of runs) {
    for (const [nodeId, metrics] of Object.entries(run.metrics)) {
      const byName = values.get(nodeId) ?? new Map<string, number[]>();
      values.set(nodeId, byName);
      for (const m of metrics) byName.set(m.name, [...(byName.get(m.name) ?? []), m.value]);
    }
  }
  const out: Record<string, RepeatMetric[]> = {};
  for (const [nodeId, byName] of values) {
    out[nodeId] = [...byName].map(([name, vs]) => ({ name, ...meanSd(vs), k: vs.length, values: vs }));
  }
  return out;
}

/** "0.667 ± 0.058 (mean ± sd over 3 repeats)". */
export function formatRepeatMetric(m: RepeatMetric, digits = 3): string {
  return `${m.mean.toFixed(digits)} ± ${m.sd.toFixed(digits)} (mean ± sd over ${m.k} repeat${m.k === 1 ? "" : "s"})`;
}
