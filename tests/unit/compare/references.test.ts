/**
 * The numbers compare prints against references computed independently here: exact McNemar by big-integer
 * binomial sums, Wilson bounds as roots of the score equation found by bisection, Holm from its definition,
 * Clopper–Pearson bounds checked by direct binomial sums and against R, Connor's formula inverted.
 */
import { describe, expect, it } from "vitest";
import { mcnemarExact } from "../../../src/shared/compare/mcnemar";
import { holmAdjust } from "../../../src/shared/compare/pairComparison";
import { clopperPearson, discordantOddsRatio } from "../../../src/shared/compare/oddsRatio";
import { connorSampleSize, minimumDetectableDifference, powerNote } from "../../../src/shared/compare/power";
import { normalQuantileTwoSided } from "../../../src/shared/compare/normal";
import { createRng } from "../../../src/shared/random";
import { wilsonInterval } from "../../../src/shared/stats";

const rng = createRng(20261202);
const int = (lo: number, hi: number) => lo + Math.floor(rng.next53() * (hi - lo + 1));

/** min(1, 2·Σ_{j≤min(b,c)} C(b+c, j) / 2^(b+c)) with BigInt numerators, rounded once to a double. */
function mcnemarBig(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  let coef = 1n;
  let sum = 1n;
  for (let j = 0; j < k; j++) {
    coef = (coef * BigInt(n - j)) / BigInt(j + 1);
    sum += coef;
  }
  const num = 2n * sum;
  const den = 1n << BigInt(n);
  if (num >= den) return 1;
  // 64 significant bits of num/den by one big-integer division, then scaled back.
  const shift = n - num.toString(2).length + 64;
  return Number((num << BigInt(shift)) / den) * 2 ** -shift;
}

/** Wilson bounds as the two roots of n(p̂ − p)² = z²·p(1 − p), found by bisection on each side of p̂. */
function wilsonByBisection(x: number, n: number, z: number): { low: number; high: number } {
  const ph = x / n;
  const f = (p: number) => n * (ph - p) ** 2 - z * z * p * (1 - p);
  // f > 0 outside the interval, f < 0 strictly inside; sLo is the sign just above lo.
  const root = (lo: number, hi: number, sLo: number) => {
    for (let i = 0; i < 200; i++) {
      const mid = (lo + hi) / 2;
      if (Math.sign(f(mid)) === sLo) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  return { low: x === 0 ? 0 : root(0, ph, 1), high: x === n ? 1 : root(ph, 1, -1) };
}

/** P(X ≤ k), X ~ Binomial(m, p), summed term by term in double (m ≤ 300). */
function cdfDirect(k: number, m: number, p: number): number {
  let s = 0;
  for (let j = 0; j <= k; j++) {
    let logC = 0;
    for (let i = 1; i <= j; i++) logC += Math.log(m - j + i) - Math.log(i);
    s += Math.exp(logC + j * Math.log(p) + (m - j) * Math.log1p(-p));
  }
  return s;
}

/** Holm by its definition: p_(i) adjusted = max over j ≤ i of min(1, (m − j + 1)·p_(j)), in sorted order. */
function holmByDefinition(ps: number[]): number[] {
  const m = ps.length;
  const idx = ps.map((_, i) => i).sort((a, b) => ps[a] - ps[b] || a - b);
  const out = new Array<number>(m);
  idx.forEach((orig, i) => {
    let best = 0;
    for (let j = 0; j <= i; j++) best = Math.max(best, Math.min(1, (m - j) * ps[idx[j]]));
    out[orig] = best;
  });
  return out;
}

describe("exact McNemar against big-integer sums", () => {
  it("agrees on 150 random tables (b, c up to 400)", () => {
    for (let t = 0; t < 150; t++) {
      const b = int(0, t < 50 ? 20 : 400);
      const c = int(0, t < 50 ? 20 : 400);
      const ref = mcnemarBig(b, c);
      const got = mcnemarExact(b, c).p;
      if (b + c === 0) expect(got).toBe(1);
      else expect(Math.abs(got - ref)).toBeLessThanOrEqual(1e-12 * Math.max(ref, 1e-300));
    }
  });
});

describe("Wilson interval against the roots of the score equation", () => {
  it("agrees on 150 random (x, n, level)", () => {
    for (let t = 0; t < 150; t++) {
      const n = int(1, t < 50 ? 30 : 5000);
      const x = int(0, n);
      const level = [0.8, 0.9, 0.95, 0.99, 0.999][int(0, 4)];
      const z = normalQuantileTwoSided(level);
      const ref = wilsonByBisection(x, n, z);
      const got = wilsonInterval(x, n, z);
      expect(Math.abs(got.low - ref.low)).toBeLessThan(1e-12);
      expect(Math.abs(got.high - ref.high)).toBeLessThan(1e-12);
    }
  });

  it("matches published values (Newcombe 1998, table I: 81/263 → 0.2553–0.3662)", () => {
    const w = wilsonInterval(81, 263);
    expect(w.low).toBeCloseTo(0.2553, 4);
    expect(w.high).toBeCloseTo(0.3662, 4);
  });
});

describe("Holm adjustment", () => {
  it("matches R's p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), 'holm')", () => {
    const got = holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]);
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((v, i) => expect(got[i]).toBeCloseTo(v, 14));
  });

  it("equals its definition on 200 random vectors, ties included", () => {
    for (let t = 0; t < 200; t++) {
      const ps = Array.from({ length: int(1, 9) }, () => (rng.next53() < 0.2 ? 0.05 : rng.next53() ** 3));
      const got = holmAdjust(ps);
      holmByDefinition(ps).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 14));
    }
  });
});

describe("odds ratio b/c with its exact conditional interval", () => {
  it("matches R's binom.test(3, 10)$conf.int mapped to odds", () => {
    const cp = clopperPearson(3, 10, 0.95);
    expect(cp.low).toBeCloseTo(0.06673951, 7);
    expect(cp.high).toBeCloseTo(0.65245285, 7);
    const or = discordantOddsRatio(3, 7, 0.95);
    expect(or.value).toBeCloseTo(3 / 7, 14);
    expect(or.low).toBeCloseTo(0.06673951 / (1 - 0.06673951), 6);
    expect(or.high).toBeCloseTo(0.65245285 / (1 - 0.65245285), 6);
  });

  it("has closed forms at the edges: 0 of m and m of m", () => {
    expect(clopperPearson(0, 12, 0.95)).toEqual({ low: 0, high: expect.closeTo(1 - 0.025 ** (1 / 12), 12) });
    expect(clopperPearson(12, 12, 0.95)).toEqual({ low: expect.closeTo(0.025 ** (1 / 12), 12), high: 1 });
    expect(discordantOddsRatio(5, 0, 0.95)).toMatchObject({ value: null, high: null });
    expect(discordantOddsRatio(0, 5, 0.95)).toMatchObject({ value: 0, low: 0 });
    expect(discordantOddsRatio(0, 0, 0.95)).toEqual({ value: null, low: null, high: null, level: 0.95 });
  });

  it("puts exactly (1 − level)/2 in each tail, by direct binomial sums, on 100 random (b, m)", () => {
    for (let t = 0; t < 100; t++) {
      const m = int(1, 300);
      const b = int(0, m);
      const level = [0.9, 0.95, 0.99][int(0, 2)];
      const { low, high } = clopperPearson(b, m, level);
      const half = (1 - level) / 2;
      if (b > 0) expect(1 - cdfDirect(b - 1, m, low)).toBeCloseTo(half, 9);
      if (b < m) expect(cdfDirect(b, m, high)).toBeCloseTo(half, 9);
    }
  });
});

describe("minimum detectable difference (Connor 1987)", () => {
  it("inverts the sample size formula", () => {
    // ψ = 0.2, δ = 0.1, α = 0.05, 80 % power: n = (1.96·√0.2 + 0.8416·√0.19)² / 0.01 ≈ 154.6
    expect(connorSampleSize(0.1, 0.2)).toBeCloseTo(154.6, 1);
    expect(minimumDetectableDifference(154.6, 0.2)).toBeCloseTo(0.1, 4);
    for (let t = 0; t < 50; t++) {
      const psi = 0.02 + 0.9 * rng.next53();
      const n = int(20, 20000);
      const d = minimumDetectableDifference(n, psi);
      if (d !== null) expect(connorSampleSize(d, psi)).toBeCloseTo(n, 6);
    }
  });

  it("says when the sample is small and when nothing can be estimated", () => {
    expect(powerNote(18, 6, 0.05).small).toBe(true);
    expect(powerNote(18, 6, 0.05).text).toMatch(/^small sample: /);
    expect(powerNote(2000, 300, 0.05)).toMatchObject({ small: false, mdd: expect.closeTo(minimumDetectableDifference(2000, 0.15)!, 12) });
    expect(powerNote(50, 0, 0.05)).toMatchObject({ mdd: null });
    expect(powerNote(50, 0, 0.05).text).toContain("agree on all 50 items");
  });
});
