import { describe, expect, it } from "vitest";
import { latencyHistogram, latencyHistograms, summarizeLatencies } from "../../../src/shared/compare/latency";
import { quantileSorted } from "../../../src/shared/compare/quantile";
import { normalQuantile, normalQuantileTwoSided } from "../../../src/shared/compare/normal";

describe("summarizeLatencies", () => {
  it("gives type-7 quantiles", () => {
    expect(summarizeLatencies([400, 100, 300, 200])).toEqual({ count: 4, mean: 250, median: 250, p90: 370, p95: 385, min: 100, max: 400 });
    expect(summarizeLatencies([7])).toEqual({ count: 1, mean: 7, median: 7, p90: 7, p95: 7, min: 7, max: 7 });
  });

  it("ignores non-finite values and gives nulls when empty", () => {
    expect(summarizeLatencies([NaN, Infinity])).toEqual({ count: 0, mean: null, median: null, p90: null, p95: null, min: null, max: null });
    expect(summarizeLatencies([NaN, 10, 30]).mean).toBe(20);
  });

  it("sorts numerically, not as strings", () => {
    expect(summarizeLatencies([9, 10, 100]).median).toBe(10);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
});

describe("latency histograms", () => {
  it("puts every value in exactly one bin, the maximum in the last", () => {
    const h = latencyHistogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { bins: 5 });
    expect(h.bins.map((b) => b.count)).toEqual([2, 2, 2, 2, 3]);
    expect(h.bins[0]).toEqual({ from: 0, to: 2, count: 2 });
    expect(h.bins[4].to).toBe(10);
    expect(h.outside).toBe(0);
  });

  it("chooses a bin count by Freedman–Diaconis within 5..50", () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const h = latencyHistogram(values);
    // IQR = 499.5, width = 2·499.5/10 = 99.9 → ceil(999/99.9) = 10 bins
    expect(h.bins).toHaveLength(10);
    expect(h.bins.reduce((s, b) => s + b.count, 0)).toBe(1000);
  });

  it("uses one bin when all values are equal, and none when empty", () => {
    expect(latencyHistogram([5, 5, 5]).bins).toEqual([{ from: 5, to: 5, count: 3 }]);
    expect(latencyHistogram([]).bins).toEqual([]);
  });

  it("shares edges across runs and counts values outside an explicit range", () => {
    const [a, b] = latencyHistograms([[10, 20], [30, 40, 50]], { bins: 4 });
    expect(a.bins.map((x) => x.from)).toEqual(b.bins.map((x) => x.from));
    expect(a.bins.map((x) => x.count)).toEqual([1, 1, 0, 0]);
    expect(b.bins.map((x) => x.count)).toEqual([0, 0, 1, 2]);
    const c = latencyHistogram([1, 5, 50], { min: 0, max: 10, bins: 2 });
    expect(c.bins.map((x) => x.count)).toEqual([1, 1]);
    expect(c.outside).toBe(1);
    expect(() => latencyHistogram([1], { min: 5, max: 1 })).toThrow(/below min/);
  });
});

describe("normal quantiles", () => {
  it("matches known z values", () => {
    expect(normalQuantileTwoSided(0.95)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantileTwoSided(0.99)).toBeCloseTo(2.5758293035489, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167814, 8);
    expect(normalQuantile(0.5)).toBe(0);
    expect(() => normalQuantileTwoSided(1)).toThrow(/level/);
  });
});
