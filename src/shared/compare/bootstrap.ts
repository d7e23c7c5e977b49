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
  /**
   * Monte Carlo standard error of each bound (how much it moves with the seed), from the order statistics
   * around it: (x[j + s] − x[j − s]) / 2 with j = q·R and s = √(R·q·(1 − q)), the ±1 sd spread of the rank.
   */
  mcError: { low: number; high: number };
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
    mcError: { low: quantileMcError(means, alpha / 2), high: quantileMcError(means, 1 - alpha / 2) },
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

/** Monte Carlo standard error of the q-quantile of sorted resamples (distribution-free, from order statistics). */
export function quantileMcError(sorted: ArrayLike<number>, q: number): number {
  const r = sorted.length;
  if (r < 2) return 0;
  const j = (r - 1) * q;
  const s = Math.sqrt(r * q * (1 - q));
  const lo = quantileSorted(sorted, Math.max(0, (j - s) / (r - 1)));
  const hi = quantileSorted(sorted, Math.min(1, (j + s) / (r - 1)));
  return (hi - lo) / 2;
}

/** The Monte Carlo standard error aimed at by `resamples: "auto"`: 0.05 pt, so that each bound is within 0.1 pt of its limit (R → ∞) about 95 % of the time. */
export const AUTO_MC_TARGET = 0.0005;
/** The first number of resamples tried by "auto", and its most. */
export const AUTO_MIN_RESAMPLES = 2000;
export const AUTO_MAX_RESAMPLES = 1_024_000;
/** At most this many draws in all (resamples × n) on the index-resampling path, whose cost grows with n. */
export const AUTO_MAX_DRAWS = 400_000_000;

/**
 * The bootstrap with as many resamples as it takes: 2,000, then four times as many until the Monte Carlo error
 * of both bounds (mcError) is at most AUTO_MC_TARGET, up to 1,024,000 resamples (fewer when each resample draws
 * n items: at most 4·10^8 draws). Deterministic for a seed. The interval reports the error it reached.
 */
export function bootstrapMeanAuto(d: ArrayLike<number>, opts: Omit<BootstrapOptions, "resamples"> = {}): BootstrapInterval | null {
  const fast = distinctCounts(d, opts.maxDistinctForMultinomial ?? 16) !== null;
  const cap = fast ? AUTO_MAX_RESAMPLES : Math.max(AUTO_MIN_RESAMPLES, Math.min(AUTO_MAX_RESAMPLES, Math.floor(AUTO_MAX_DRAWS / Math.max(1, d.length))));
  let resamples = AUTO_MIN_RESAMPLES;
  for (;;) {
    const r = bootstrapMean(d, { ...opts, resamples });
    if (!r || Math.max(r.mcError.low, r.mcError.high) <= AUTO_MC_TARGET || resamples >= cap) return r;
    resamples = Math.min(cap, resamples * 4);
  }
}

/** pairedBootstrap with resamples chosen by bootstrapMeanAuto. */
export function pairedBootstrapAuto(a: ArrayLike<number>, b: ArrayLike<number>, opts: Omit<BootstrapOptions, "resamples"> = {}): BootstrapInterval | null {
  if (a.length !== b.length) throw new RangeError(`pairedBootstrap: a has ${a.length} scores but b has ${b.length}; they must be paired`);
  const d = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = b[i] - a[i];
  return bootstrapMeanAuto(d, opts);
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
