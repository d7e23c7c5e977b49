/**
 * Summary statistics and histogram bins of a latency distribution (milliseconds), for tables and charts.
 * Quantiles are type-7 (linear interpolation), as in R and NumPy.
 */
import { quantileSorted, sortedCopy } from "./quantile";

export interface LatencySummary {
  count: number;
  /** null when count is 0 (JSON has no NaN). */
  mean: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

export interface HistogramBin {
  /** Inclusive lower edge. */
  from: number;
  /** Exclusive upper edge, except for the last bin which includes it. */
  to: number;
  count: number;
}

export interface HistogramOptions {
  /** Number of equal-width bins; default: Freedman–Diaconis rule, clamped to 5..50 (1 bin when all values are equal). */
  bins?: number;
  /** Range of the bins; default min..max of the values (values outside are left out and counted in `outside`). */
  min?: number;
  max?: number;
}

export interface Histogram {
  bins: HistogramBin[];
  /** Values outside [min, max] of an explicit range. */
  outside: number;
}

/** Summary of latencies; non-finite values are ignored. */
export function summarizeLatencies(values: ArrayLike<number>): LatencySummary {
  const s = sortedCopy(finite(values));
  const n = s.length;
  if (n === 0) return { count: 0, mean: null, median: null, p90: null, p95: null, min: null, max: null };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i];
  return {
    count: n,
    mean: sum / n,
    median: quantileSorted(s, 0.5),
    p90: quantileSorted(s, 0.9),
    p95: quantileSorted(s, 0.95),
    min: s[0],
    max: s[n - 1],
  };
}

/** Equal-width histogram of one distribution. */
export function latencyHistogram(values: ArrayLike<number>, opts: HistogramOptions = {}): Histogram {
  return latencyHistograms([values], opts)[0];
}

/**
 * Histograms of several distributions on the same bin edges (so that runs can be overlaid in one chart).
 * The default range spans all values of all distributions; the default bin count uses them pooled.
 */
export function latencyHistograms(lists: ArrayLike<number>[], opts: HistogramOptions = {}): Histogram[] {
  const sorted = lists.map((l) => sortedCopy(finite(l)));
  const pooled = sortedCopy(sorted.flatMap((s) => Array.from(s)));
  if (pooled.length === 0 && (opts.min === undefined || opts.max === undefined)) return sorted.map(() => ({ bins: [], outside: 0 }));
  const lo = opts.min ?? pooled[0];
  const hi = opts.max ?? pooled[pooled.length - 1];
  if (!(hi >= lo)) throw new RangeError(`latencyHistograms: max (${hi}) is below min (${lo})`);
  const k = hi === lo ? 1 : Math.max(1, Math.round(opts.bins ?? freedmanDiaconisBins(pooled, lo, hi)));
  const width = (hi - lo) / k;
  return sorted.map((s) => {
    const counts = new Array<number>(k).fill(0);
    let outside = 0;
    for (let i = 0; i < s.length; i++) {
      const v = s[i];
      if (v < lo || v > hi) outside++;
      else counts[width === 0 ? 0 : Math.min(k - 1, Math.floor((v - lo) / width))]++;
    }
    const bins = counts.map((count, i) => ({ from: lo + i * width, to: i === k - 1 ? hi : lo + (i + 1) * width, count }));
    return { bins, outside };
  });
}

/** Freedman–Diaconis: width 2·IQR·n^(−1/3); clamped to 5..50 bins (Sturges when the IQR is 0). */
function freedmanDiaconisBins(sorted: Float64Array, lo: number, hi: number): number {
  const n = sorted.length;
  const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
  const raw = iqr > 0 ? ((hi - lo) * Math.cbrt(n)) / (2 * iqr) : Math.log2(Math.max(1, n)) + 1;
  return Math.min(50, Math.max(5, Math.ceil(raw)));
}

function finite(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return out;
}
