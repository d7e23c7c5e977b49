import { describe, expect, it } from "vitest";
import { bootstrapMean, pairedBootstrap } from "../../../src/shared/compare/bootstrap";
import { sampleBinomial } from "../../../src/shared/compare/binomial";
import { createRng } from "../../../src/shared/random";

/** Paired 0/1 scores with given cell counts: bothRight, onlyA (A right, B wrong), onlyB, bothWrong. */
function binaryPairs(bothRight: number, onlyA: number, onlyB: number, bothWrong: number): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  const push = (count: number, x: number, y: number) => {
    for (let i = 0; i < count; i++) {
      a.push(x);
      b.push(y);
    }
  };
  push(bothRight, 1, 1);
  push(onlyA, 1, 0);
  push(onlyB, 0, 1);
  push(bothWrong, 0, 0);
  return { a, b };
}

describe("createRng", () => {
  it("is deterministic per seed and differs between seeds", () => {
    const r1 = createRng(42), r2 = createRng(42), r3 = createRng(43);
    const s1 = Array.from({ length: 5 }, () => r1.nextU32());
    const s2 = Array.from({ length: 5 }, () => r2.nextU32());
    const s3 = Array.from({ length: 5 }, () => r3.nextU32());
    expect(s1).toEqual(s2);
    expect(s1).not.toEqual(s3);
  });

  it("gives uniform numbers in [0, 1)", () => {
    const r = createRng(7);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 100000; i++) {
      const u = i % 2 ? r.next53() : r.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
    }
    expect(outside).toBe(0);
    expect(sum / 100000).toBeCloseTo(0.5, 2);
  });
});

describe("sampleBinomial", () => {
  it.each([
    [20, 0.3],
    [1000, 0.02],
    [100000, 0.5],
  ])("has the binomial mean and variance for n=%i, p=%f", (n, p) => {
    const rng = createRng(3);
    const draws = 20000;
    let s = 0, ss = 0, invalid = 0;
    for (let i = 0; i < draws; i++) {
      const x = sampleBinomial(n, p, rng);
      if (!(Number.isInteger(x) && x >= 0 && x <= n)) invalid++;
      s += x;
      ss += x * x;
    }
    expect(invalid).toBe(0);
    const mean = s / draws;
    const variance = ss / draws - mean * mean;
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((5 * sd) / Math.sqrt(draws));
    expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.93);
    expect(variance / (n * p * (1 - p))).toBeLessThan(1.07);
  });

  it("handles the edges", () => {
    const rng = createRng(1);
    expect(sampleBinomial(0, 0.5, rng)).toBe(0);
    expect(sampleBinomial(10, 0, rng)).toBe(0);
    expect(sampleBinomial(10, 1, rng)).toBe(10);
  });
});

describe("pairedBootstrap", () => {
  const { a, b } = binaryPairs(500, 40, 70, 390);

  it("is deterministic for a seed and changes with the seed", () => {
    const x = pairedBootstrap(a, b, { seed: 11 });
    const y = pairedBootstrap(a, b, { seed: 11 });
    const z = pairedBootstrap(a, b, { seed: 12 });
    expect(x).toEqual(y);
    expect(z!.low === x!.low && z!.high === x!.high && z!.se === x!.se).toBe(false);
  });

  it("reports the observed difference and defaults", () => {
    const r = pairedBootstrap(a, b)!;
    expect(r.estimate).toBeCloseTo(30 / 1000, 15);
    expect(r).toMatchObject({ n: 1000, resamples: 2000, level: 0.95, seed: 1, method: "multinomial" });
    expect(r.low).toBeLessThan(r.estimate);
    expect(r.high).toBeGreaterThan(r.estimate);
  });

  it("gives [0, 0] for identical runs", () => {
    const r = pairedBootstrap(a, a)!;
    expect(r.low).toBe(0);
    expect(r.high).toBe(0);
    expect(r.se).toBe(0);
    const real = [0.2, 0.5, 0.9, 0.1];
    const s = pairedBootstrap(real, real, { maxDistinctForMultinomial: 0 })!;
    expect([s.low, s.high, s.method]).toEqual([0, 0, "resample"]);
  });

  it("matches the analytic standard error of a mean difference", () => {
    // Var(d) = p10 + p01 − (p01 − p10)² for d ∈ {−1, 0, 1}; SE = sqrt(Var/n).
    const n = 1000, p10 = 0.04, p01 = 0.07;
    const se = Math.sqrt((p10 + p01 - (p01 - p10) ** 2) / n);
    for (const maxDistinct of [16, 0]) {
      const r = pairedBootstrap(a, b, { maxDistinctForMultinomial: maxDistinct, resamples: 4000 })!;
      expect(r.se / se).toBeGreaterThan(0.93);
      expect(r.se / se).toBeLessThan(1.07);
      // the percentile interval is close to estimate ± 1.96·SE
      expect(r.high - r.low).toBeGreaterThan(2 * 1.96 * se * 0.9);
      expect(r.high - r.low).toBeLessThan(2 * 1.96 * se * 1.1);
    }
  });

  it("shrinks the interval as n grows", () => {
    const widths = [1, 4, 16].map((k) => {
      const d = binaryPairs(500 * k, 40 * k, 70 * k, 390 * k);
      const r = pairedBootstrap(d.a, d.b)!;
      return r.high - r.low;
    });
    expect(widths[1]).toBeLessThan(widths[0] * 0.6);
    expect(widths[2]).toBeLessThan(widths[1] * 0.6);
  });

  it("takes the general path for real-valued scores and keeps coverage of the truth plausible", () => {
    const rng = createRng(5);
    const n = 3000;
    const x = Array.from({ length: n }, () => rng.next());
    const y = x.map((v) => v + 0.05 + (rng.next() - 0.5) * 0.2);
    const r = pairedBootstrap(x, y)!;
    expect(r.method).toBe("resample");
    expect(r.low).toBeLessThan(0.05);
    expect(r.high).toBeGreaterThan(0.05);
  });

  it("returns null for no items and rejects bad input", () => {
    expect(pairedBootstrap([], [])).toBeNull();
    expect(() => pairedBootstrap([1], [1, 0])).toThrow(/paired/);
    expect(() => bootstrapMean([0, NaN])).toThrow(/difference 1/);
    expect(() => bootstrapMean([0, 1], { level: 1 })).toThrow(/level/);
    expect(() => bootstrapMean([0, 1], { resamples: 0 })).toThrow(/resamples/);
  });

  it("completes on 100,000 items with both paths", () => {
    const rng = createRng(9);
    const n = 100000;
    const a1 = new Float64Array(n), b1 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a1[i] = rng.next() < 0.7 ? 1 : 0;
      b1[i] = rng.next() < 0.72 ? 1 : 0;
    }
    const fast = pairedBootstrap(a1, b1)!;
    expect(fast.method).toBe("multinomial");
    expect(fast.low).toBeLessThan(fast.estimate);
    const general = pairedBootstrap(a1, b1, { maxDistinctForMultinomial: 0, resamples: 200 })!;
    expect(general.method).toBe("resample");
    expect(Math.abs(general.se - fast.se) / fast.se).toBeLessThan(0.25);
  });
});
