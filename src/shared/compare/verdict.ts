/**
 * The one verdict of a pair: decided by the exact McNemar test (the exact sign test for fractional scores),
 * Holm-adjusted when several pairs are compared; the paired bootstrap interval gives the size of the
 * difference. When the interval's exclusion of 0 disagrees with the test, the explanation says why.
 */
import type { PairComparison, Verdict } from "./types";

const pts = (v: number) => `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)}`;

/** "p = 0.003", "p = 0.41", "p < 0.0001"; three significant digits near alpha so that rounding never crosses it. */
export function formatP(p: number, alpha = 0.05): string {
  if (p < 1e-4) return "p < 0.0001";
  const digits = Math.abs(p - alpha) < 0.1 * alpha ? 3 : 2;
  return `p = ${Number(p.toPrecision(digits))}`;
}

/** "B (Cas-SEAT)". */
export const runName = (key: string, label: string): string => `${key} (${label})`;

/**
 * Verdict from the (adjusted) p-value and the direction of the discordant counts. `pairs`: how many pairs the
 * p-values were Holm-adjusted over (1 = not adjusted); `refusal`: why no verdict may be given, or null.
 */
export function verdictOf(c: PairComparison, alpha: number, pairs: number, refusal: string | null): Verdict {
  const adjusted = pairs > 1;
  if (refusal !== null) return { significant: false, better: null, refused: true, text: `no verdict: ${refusal}`, explanation: "A test on items never scored would compare failures, not answers.", bootstrapAgrees: null };
  if (c.n === 0) return { significant: false, better: null, refused: true, text: "no verdict: no paired items to compare", explanation: "The runs share no scored item.", bootstrapAgrees: null };
  const p = c.pAdjusted;
  const testName = c.test === "mcnemar-exact" ? "exact McNemar test" : "exact sign test";
  const decides = `The ${testName}${adjusted ? `, Holm-adjusted over the ${pairs} pairs,` : ""} decides: ${formatP(p, alpha)} ${p < alpha ? "<" : "≥"} α = ${alpha}`;
  const significant = p < alpha && c.counts.aBetter !== c.counts.bBetter;
  const a = runName(c.baselineKey, c.baselineLabel);
  const b = runName(c.otherKey, c.otherLabel);
  const better: "a" | "b" | null = significant ? (c.counts.bBetter > c.counts.aBetter ? "b" : "a") : null;
  const text = significant
    ? `${better === "b" ? b : a} is better than ${better === "b" ? a : b} (${formatP(p, alpha)}${adjusted ? ", Holm-adjusted" : ""})`
    : `no significant difference between ${b} and ${a} (${formatP(p, alpha)}${adjusted ? ", Holm-adjusted" : ""})`;
  const ci = c.bootstrap;
  if (!ci) return { significant, better, refused: false, text, explanation: `${decides}.`, bootstrapAgrees: null };
  const excludes0 = ci.low > 0 || ci.high < 0;
  const ciText = `the ${Math.round(ci.level * 100)} % bootstrap CI of the difference, ${pts(ci.low)} to ${pts(ci.high)} pts,`;
  const m = c.counts.aBetter + c.counts.bBetter;
  let explanation: string;
  if (excludes0 === significant) explanation = `${decides}; ${ciText} ${excludes0 ? "excludes" : "includes"} 0, in agreement.`;
  else if (excludes0)
    explanation =
      `${decides}; ${ciText} excludes 0 all the same. The two are different procedures: the exact test holds its error rate at any size, ` +
      `while the percentile bootstrap resamples the observed split of the ${m} discordant items as if it were the truth and is too narrow when they are few` +
      `${adjusted ? ", and it is not adjusted for the other pairs" : ""}. The test decides: the difference is not shown.`;
  else
    explanation =
      `${decides}; ${ciText} reaches 0 all the same. Near the threshold two different procedures can fall on either side; the test decides, ` +
      `and the interval says the difference may be small.`;
  return { significant, better, refused: false, text, explanation, bootstrapAgrees: excludes0 === significant };
}
