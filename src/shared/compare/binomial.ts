/**
 * Binomial probabilities that stay accurate for large n (Loader's saddle-point form of the density, as in R's
 * dbinom), a lower-tail sum, and an exact sampler. Everything works in log space where values could underflow.
 */
import type { Rng } from "../random";

const LN_SQRT_2PI = 0.9189385332046728; // log(sqrt(2π))
const LN_2PI = 1.8378770664093453;

/** log(k!) for k = 0..15, summed exactly enough for stirlerr's small-n branch. */
const LOG_FACTORIAL_SMALL: number[] = (() => {
  const t = [0];
  for (let k = 1; k <= 15; k++) t.push(t[k - 1] + Math.log(k));
  return t;
})();

/** Error of Stirling's formula: log(n!) − [(n + ½)·log(n) − n + log√(2π)], for integer n ≥ 1. */
export function stirlerr(n: number): number {
  if (n <= 15) return LOG_FACTORIAL_SMALL[n] - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  const S0 = 1 / 12, S1 = 1 / 360, S2 = 1 / 1260, S3 = 1 / 1680, S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term x·log(x/np) + np − x, computed without cancellation when x ≈ np. */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / np) + np - x;
}

/** log P(X = k) for X ~ Binomial(n, p); −Infinity outside 0..n. */
export function logBinomPmf(k: number, n: number, p: number): number {
  if (!Number.isInteger(k) || k < 0 || k > n) return -Infinity;
  const q = 1 - p;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (q === 0) return k === n ? 0 : -Infinity;
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  const lf = LN_2PI + Math.log(k) + Math.log1p(-k / n);
  return lc - 0.5 * lf;
}

/**
 * log P(X ≤ k) for X ~ Binomial(n, p), for k at or below the mean (k ≤ n·p), where the terms below k shrink
 * monotonically: sums pmf(j)/pmf(k) downward from j = k until the terms no longer change the sum.
 */
export function logBinomLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return -Infinity;
  if (k >= n) return 0;
  if (k > n * p) throw new RangeError(`logBinomLowerTail: k = ${k} is above the mean ${n * p}; use the other tail`);
  const odds = (1 - p) / p; // pmf(j−1)/pmf(j) = j/(n−j+1) · q/p
  let term = 1;
  let sum = 1;
  for (let j = k; j > 0; j--) {
    term *= (j / (n - j + 1)) * odds;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return logBinomPmf(k, n, p) + Math.log(sum);
}

/**
 * One draw from Binomial(n, p), exact up to floating point: inversion by "chop-down" search that starts at the
 * mode and alternates outward, so its expected cost is O(√(n·p·q)) steps rather than O(n).
 */
export function sampleBinomial(n: number, p: number, rng: Rng): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const pMode = Math.exp(logBinomPmf(mode, n, p));
  let u = rng.next53() - pMode;
  if (u < 0) return mode;
  const up = p / q; // pmf(j+1)/pmf(j) = (n−j)/(j+1) · p/q
  let lo = mode, hi = mode;
  let pLo = pMode, pHi = pMode;
  while (lo > 0 || hi < n) {
    if (hi < n) {
      pHi *= ((n - hi) / (hi + 1)) * up;
      hi++;
      u -= pHi;
      if (u < 0) return hi;
    }
    if (lo > 0) {
      pLo *= (lo / (n - lo + 1)) / up;
      lo--;
      u -= pLo;
      if (u < 0) return lo;
    }
    if (pHi < 1e-300 && pLo < 1e-300) break; // the rest cannot absorb the remaining u (rounding): give the mode
  }
  return mode;
}

/** P(X ≤ k) for X ~ Binomial(n, p), from whichever tail is the smaller sum (accurate to ~1e-15 absolute). */
export function binomCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  if (k <= n * p) return Math.exp(logBinomLowerTail(k, n, p));
  // P(X ≤ k) = 1 − P(X ≥ k + 1) = 1 − P(n − X ≤ n − k − 1), n − X ~ Binomial(n, 1 − p), and n − k − 1 < n(1 − p).
  return 1 - Math.exp(logBinomLowerTail(n - k - 1, n, 1 - p));
}
