/**
 * Exact McNemar test for paired binary outcomes (equivalently, the exact two-sided sign test on the discordant
 * pairs). Under H0 "A and B are equally accurate", each discordant item is equally likely to favour either run,
 * so the smaller discordant count X ~ Binomial(b + c, ½).
 */
import { logBinomLowerTail, logBinomPmf } from "./binomial";

export interface McNemarResult {
  /** Items A got right and B got wrong (or, for real-valued scores, items where A scored higher). */
  b: number;
  /** Items A got wrong and B got right (or where B scored higher). */
  c: number;
  /** Discordant items, b + c. */
  discordant: number;
  /** Two-sided exact p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½). 1 when b + c = 0. */
  p: number;
  /** Two-sided mid-p: the exact p minus P(X = min(b, c)); less conservative, close to nominal size. */
  midP: number;
  /** log10 of the exact p, finite even where p underflows to 0 (for "p < 1e-300"-style display). */
  log10P: number;
}

/** Exact McNemar test from the two discordant counts (non-negative integers; n up to millions is fine). */
export function mcnemarExact(b: number, c: number): McNemarResult {
  for (const [name, v] of [["b", b], ["c", c]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`mcnemarExact: ${name} must be a non-negative integer, got ${v}`);
  }
  const n = b + c;
  if (n === 0) return { b, c, discordant: 0, p: 1, midP: 1, log10P: 0 };
  const k = Math.min(b, c);
  const logTail = logBinomLowerTail(k, n, 0.5); // log P(X ≤ k)
  const logPmf = logBinomPmf(k, n, 0.5);
  const logTwoSided = Math.LN2 + logTail;
  const p = Math.min(1, Math.exp(logTwoSided));
  // mid-p = 2·P(X < k) + P(X = k) = 2·P(X ≤ k) − P(X = k); it is exactly 1 when b = c.
  // Written as pmf·(2·tail/pmf − 1) so that it neither cancels nor underflows early.
  const midP = b === c ? 1 : Math.min(1, Math.exp(logPmf + Math.log(2 * Math.exp(logTail - logPmf) - 1)));
  const log10P = Math.min(0, logTwoSided / Math.LN10);
  return { b, c, discordant: n, p, midP, log10P };
}
