/**
 * Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7, the default of R
 * and NumPy): for sorted x of length n, q(p) = x[h] interpolated at h = (n − 1)·p.
 */

/** Quantile of an ascending-sorted array; NaN for an empty array. p is clamped to [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** An ascending copy as a Float64Array (numeric sort, not the default string sort). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  out.sort();
  return out;
}
