/**
 * One baseline-vs-other comparison over paired items: accuracies, difference, exact McNemar (sign test for
 * fractional scores), paired bootstrap interval, discordance counts, and a verdict in words; plus the Holm
 * adjustment across several such comparisons.
 */
import { pairedBootstrap, type BootstrapOptions } from "./bootstrap";
import { mcnemarExact } from "./mcnemar";
import { isBinary } from "./nodeMetrics";
import { pairScores, type PairingOptions } from "./pairing";
import type { PairComparison, PairCounts, RunForCompare, Verdict } from "./types";

/** Compares run B against baseline A; pAdjusted equals the raw p and the verdict uses it (see holmAdjust). */
export function comparePair(a: RunForCompare, b: RunForCompare, opts: PairingOptions & BootstrapOptions & { alpha?: number } = {}): PairComparison {
  const paired = pairScores(a.items, b.items, opts, [`${a.label} (${a.id})`, `${b.label} (${b.id})`]);
  const n = paired.itemIds.length;
  const binary = isBinary(paired.a) && isBinary(paired.b);
  let sumA = 0, sumB = 0, aBetter = 0, bBetter = 0, bothRight = 0, bothWrong = 0, answersDiffer = 0;
  let anyAnswer = false;
  for (let i = 0; i < n; i++) {
    const x = paired.a[i];
    const y = paired.b[i];
    sumA += x;
    sumB += y;
    if (x > y) aBetter++;
    else if (y > x) bBetter++;
    else if (x === 1) bothRight++;
    else if (x === 0) bothWrong++;
    const ansA = paired.answersA[i];
    const ansB = paired.answersB[i];
    if (ansA !== null || ansB !== null) anyAnswer = true;
    if (ansA !== ansB) answersDiffer++;
  }
  const counts: PairCounts = {
    aBetter,
    bBetter,
    ties: n - aBetter - bBetter,
    bothRight: binary ? bothRight : null,
    bothWrong: binary ? bothWrong : null,
    answersDiffer: anyAnswer ? answersDiffer : null,
  };
  const mcnemar = mcnemarExact(aBetter, bBetter);
  const accuracyA = n > 0 ? sumA / n : null;
  const accuracyB = n > 0 ? sumB / n : null;
  const result: PairComparison = {
    baselineId: a.id,
    otherId: b.id,
    baselineLabel: a.label,
    otherLabel: b.label,
    n,
    accuracyA,
    accuracyB,
    difference: n > 0 ? (sumB - sumA) / n : null,
    binary,
    test: binary ? "mcnemar-exact" : "sign-test-exact",
    mcnemar,
    pAdjusted: mcnemar.p,
    bootstrap: pairedBootstrap(paired.a, paired.b, opts),
    counts,
    onlyInA: paired.onlyInA,
    onlyInB: paired.onlyInB,
    excluded: paired.excluded,
    zeroedA: paired.zeroedA,
    zeroedB: paired.zeroedB,
    verdict: { significant: false, better: null, text: "" },
  };
  result.verdict = verdictOf(result, opts.alpha ?? 0.05, false);
  return result;
}

/** Verdict from the (adjusted) p-value and the direction of the discordant counts. */
export function verdictOf(c: PairComparison, alpha: number, adjusted: boolean): Verdict {
  if (c.n === 0) return { significant: false, better: null, text: "no paired items to compare" };
  const p = c.pAdjusted;
  const pText = formatP(p, alpha) + (adjusted ? ", Holm-adjusted" : "");
  const significant = p < alpha && c.counts.aBetter !== c.counts.bBetter;
  if (!significant) return { significant: false, better: null, text: `no significant difference (${pText})` };
  const better = c.counts.bBetter > c.counts.aBetter ? "b" : "a";
  const [winner, loser] = better === "b" ? [c.otherLabel, c.baselineLabel] : [c.baselineLabel, c.otherLabel];
  return { significant: true, better, text: `${winner} is better than ${loser} (${pText})` };
}

/** "p = 0.003", "p = 0.41", "p < 0.0001"; three significant digits near alpha so that rounding never crosses it. */
export function formatP(p: number, alpha = 0.05): string {
  if (p < 1e-4) return "p < 0.0001";
  const digits = Math.abs(p - alpha) < 0.1 * alpha ? 3 : 2;
  return `p = ${Number(p.toPrecision(digits))}`;
}

/** Holm step-down adjusted p-values, in the order given (controls the family-wise error rate). */
export function holmAdjust(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
