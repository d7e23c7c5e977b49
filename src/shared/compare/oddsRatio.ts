/**
 * The odds ratio of the discordant items, b/c (A right and B wrong, against A wrong and B right), with its exact
 * conditional interval: given b + c = m discordant items, b ~ Binomial(m, π) with π/(1 − π) = b/c's true
 * value, so the Clopper–Pearson interval of π, mapped through π/(1 − π), is the exact interval of the ratio
 * (as R's mcnemar.exact and exact2x2 give it). Above 1: the baseline wins more discordant items.
 */
import { binomCdf } from "./binomial";
import type { OddsRatio } from "./types";

/** Solves f(π) = target on [0, 1] for f increasing in π, by bisection to double precision. */
function solveIncreasing(f: (p: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Clopper–Pearson interval of a binomial proportion: x successes of m at the given level. */
export function clopperPearson(x: number, m: number, level: number): { low: number; high: number } {
  if (!Number.isInteger(x) || !Number.isInteger(m) || x < 0 || x > m || m < 1) throw new RangeError(`clopperPearson: need 0 ≤ x ≤ m, m ≥ 1 integers, got x = ${x}, m = ${m}`);
  const half = (1 - level) / 2;
  // Lower: P(X ≥ x; π) = half, increasing in π. Upper: P(X ≤ x; π) = half, decreasing in π.
  const low = x === 0 ? 0 : solveIncreasing((p) => 1 - binomCdf(x - 1, m, p), half);
  const high = x === m ? 1 : solveIncreasing((p) => -binomCdf(x, m, p), -half);
  return { low, high };
}

const odds = (p: number): number | null => (p >= 1 ? null : p / (1 - p));

/** b/c with its exact conditional interval at `level`. */
export function discordantOddsRatio(b: number, c: number, level: number): OddsRatio {
  const m = b + c;
  if (m === 0) return { value: null, low: null, high: null, level };
  const { low, high } = clopperPearson(b, m, level);
  return { value: c === 0 ? null : b / c, low: odds(low), high: odds(high), level };
}
