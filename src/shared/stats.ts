/** Small statistics for run metrics, pure. */

export interface Interval {
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion (successes out of n); successes may be fractional (a mean score × n).
 * n = 0 gives [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z: number = Z95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = Math.min(1, Math.max(0, successes / n));
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At p = 0 or 1 the bound is exactly 0 or 1 (avoid 0.9999999999999999).
  return { low: p === 0 ? 0 : Math.max(0, centre - half), high: p === 1 ? 1 : Math.min(1, centre + half) };
}

export interface AccuracyMetric {
  name: "accuracy";
  value: number;
  n: number;
  low: number;
  high: number;
}

/** Mean of 0..1 scores with its 95% Wilson interval. */
export function accuracy(sum: number, n: number): AccuracyMetric {
  const { low, high } = wilsonInterval(sum, n);
  return { name: "accuracy", value: n > 0 ? sum / n : 0, n, low, high };
}
