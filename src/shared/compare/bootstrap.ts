/**
 * Paired bootstrap percentile interval for a difference of means over the same items (e.g. accuracy of run B
 * minus accuracy of run A). Resampling items with replacement and averaging their differences d_i = B_i − A_i.
 *
 * Fast path: when the differences take few distinct values (d ∈ {−1, 0, 1} for binary scores), a resample is
 * fully described by how many times each value is drawn, a Multinomial(n, counts/n) draw, made here as a chain of
 * exact binomial draws: O(k·√n) per resample instead of O(n). It has the same distribution as index resampling.
 * General path: index resampling over a Float64Array, no allocation per resample.
 */
import { sampleBinomial } from "./binomial";
import { createRng, type Rng } from "../random";
import { quantileSorted } from "./quantile";

export interface BootstrapOptions {
  /** Number of resamples (default 2,000). */
  resamples?: number;
  /** Confidence level of the two-sided percentile interval (default 0.95). */
  level?: number;
  /** PRNG seed; the same seed and data give the same interval (default 1). */
  seed?: number;
  /** Use the multinomial path when the differences take at most this many distinct values (default 16; 0 = never). */
  maxDistinctForMultinomial?: number;
}

export interface BootstrapInterval {
  /** Observed mean difference on the original items. */
  estimate: number;
  /** Percentile interval bounds (type-7 quantiles of the resampled means at (1 − level)/2 and (1 + level)/2). */
  low: number;
  high: number;
  level: number;
  /** Bootstrap standard error: the standard deviation of the resampled means. */
  se: number;
  n: number;
  resamples: number;
  seed: number;
  method: "multinomial" | "resample";
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_LEVEL = 0.95;
export const DEFAULT_SEED = 1;

/** Bootstrap interval of mean(b) − mean(a) for paired scores a[i], b[i] of the same item i. */
export function pairedBootstrap(a: ArrayLike<number>, b: ArrayLike<number>, opts: BootstrapOptions = {}): BootstrapInterval | null {
  if (a.length !== b.length) throw new RangeError(`pairedBootstrap: a has ${a.length} scores but b has ${b.length}; they must be paired`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = b[i] - a[i];
  return bootstrapMean(d, opts);
}

/** Bootstrap percentile interval of the mean of d; null when d is empty. */
export function bootstrapMean(d: ArrayLike<number>, opts: BootstrapOptions = {}): BootstrapInterval | null {
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const level = opts.level ?? DEFAULT_LEVEL;
  const seed = opts.seed ?? DEFAULT_SEED;
  const maxDistinct = opts.maxDistinctForMultinomial ?? 16;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`bootstrap: resamples must be a positive integer, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrap: level must be in (0, 1), got ${level}`);
  const n = d.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(d[i])) throw new RangeError(`bootstrap: difference ${i} is not a finite number (${d[i]})`);
    sum += d[i];
  }
  const rng = createRng(seed);
  const means = new Float64Array(resamples);
  const levels = distinctCounts(d, maxDistinct);
  if (levels) fillMultinomial(means, levels.values, levels.counts, n, rng);
  else fillResample(means, d, rng);

  let m = 0;
  for (let r = 0; r < resamples; r++) m += means[r];
  m /= resamples;
  let ss = 0;
  for (let r = 0; r < resamples; r++) ss += (means[r] - m) ** 2;
  means.sort();
  const alpha = 1 - level;
  return {
    estimate: sum / n,
    low: quantileSorted(means, alpha / 2),
    high: quantileSorted(means, 1 - alpha / 2),
    level,
    se: resamples > 1 ? Math.sqrt(ss / (resamples - 1)) : 0,
    n,
    resamples,
    seed,
    method: levels ? "multinomial" : "resample",
  };
}

/** Distinct values and their counts, or null when there are more than maxDistinct. */
function distinctCounts(d: ArrayLike<number>, maxDistinct: number): { values: number[]; counts: number[] } | null {
  if (maxDistinct <= 0) return null;
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < d.length; i++) {
    const j = values.indexOf(d[i]);
    if (j >= 0) counts[j]++;
    else {
      if (values.length === maxDistinct) return null;
      values.push(d[i]);
      counts.push(1);
    }
  }
  return { values, counts };
}

/** Each resample: Multinomial(n; counts/n) by conditional binomials, mean = Σ x_j·v_j / n. */
function fillMultinomial(means: Float64Array, values: number[], counts: number[], n: number, rng: Rng): void {
  const k = values.length;
  for (let r = 0; r < means.length; r++) {
    let left = n; // draws not yet assigned
    let pool = n; // original items in categories not yet visited
    let s = 0;
    for (let j = 0; j < k - 1 && left > 0; j++) {
      const x = sampleBinomial(left, counts[j] / pool, rng);
      s += x * values[j];
      left -= x;
      pool -= counts[j];
    }
    if (left > 0) s += left * values[k - 1];
    means[r] = s / n;
  }
}

/** Each resample: n indices drawn uniformly with replacement. */
function fillResample(means: Float64Array, d: ArrayLike<number>, rng: Rng): void {
  const n = d.length;
  const data = d instanceof Float64Array ? d : Float64Array.from(d);
  for (let r = 0; r < means.length; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[(rng.next() * n) | 0];
    means[r] = s / n;
  }
}
