import { describe, expect, it } from "vitest";
import { mcnemarExact } from "../../../src/shared/compare/mcnemar";
import { logBinomLowerTail, logBinomPmf } from "../../../src/shared/compare/binomial";

/** Exact two-sided McNemar p by big-integer binomial sums: min(1, 2·Σ_{j≤k} C(n, j) / 2^n), as a double. */
function exactPBig(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  let coef = 1n;
  let sum = 1n;
  for (let j = 0; j < k; j++) {
    coef = (coef * BigInt(n - j)) / BigInt(j + 1);
    sum += coef;
  }
  const num = 2n * sum;
  const bits = num.toString(2).length;
  const shift = Math.max(0, bits - 64);
  const p = Number(num >> BigInt(shift)) * 2 ** (shift - n);
  return Math.min(1, p);
}

function expectRelClose(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe("mcnemarExact", () => {
  it("matches known small values", () => {
    expectRelClose(mcnemarExact(10, 2).p, 0.03857421875);
    expectRelClose(mcnemarExact(2, 10).p, 0.03857421875);
    expect(mcnemarExact(5, 5).p).toBe(1);
    expectRelClose(mcnemarExact(0, 6).p, 0.03125);
    expectRelClose(mcnemarExact(1, 0).p, 1);
  });

  it("gives p = 1 and mid-p = 1 without discordant pairs", () => {
    expect(mcnemarExact(0, 0)).toEqual({ b: 0, c: 0, discordant: 0, p: 1, midP: 1, log10P: 0 });
  });

  it("computes mid-p as the exact p minus the point probability", () => {
    // b=10, c=2: P(X=2) = 66/4096, exact p = 2·79/4096 → mid-p = (158 − 66)/4096
    expectRelClose(mcnemarExact(10, 2).midP, 92 / 4096);
    // b=0, c=6: P(X=0) = 1/64 → mid-p = 2/64 − 1/64
    expectRelClose(mcnemarExact(0, 6).midP, 1 / 64);
    expect(mcnemarExact(7, 7).midP).toBe(1);
    expect(mcnemarExact(3, 9).midP).toBeLessThan(mcnemarExact(3, 9).p);
  });

  it.each([
    [40, 60],
    [300, 360],
    [4900, 5100],
    [9800, 10200],
  ])("agrees with an exact big-integer sum for b=%i, c=%i", (b, c) => {
    expectRelClose(mcnemarExact(b, c).p, exactPBig(b, c), 1e-11);
  });

  it("agrees with the big-integer sum at n = 100,000", () => {
    const expected = exactPBig(49700, 50300);
    expect(expected).toBeGreaterThan(0.01);
    expectRelClose(mcnemarExact(49700, 50300).p, expected, 1e-10);
    expectRelClose(mcnemarExact(50300, 49700).p, expected, 1e-10);
  });

  it("keeps log10 p finite where p underflows", () => {
    const r = mcnemarExact(0, 100000);
    expect(r.p).toBe(0);
    // p = 2 · 2^-100000 → log10 p = (1 − 100000)·log10 2
    expect(r.log10P).toBeCloseTo(-99999 * Math.log10(2), 6);
  });

  it("rejects counts that are not non-negative integers", () => {
    expect(() => mcnemarExact(-1, 2)).toThrow(/b must be a non-negative integer/);
    expect(() => mcnemarExact(1, 2.5)).toThrow(/c must be a non-negative integer/);
  });
});

describe("binomial helpers", () => {
  it("log pmf sums to 1 and matches direct products for moderate n", () => {
    let total = 0;
    for (let k = 0; k <= 50; k++) total += Math.exp(logBinomPmf(k, 50, 0.3));
    expect(total).toBeCloseTo(1, 12);
    // C(20, 7)·0.3^7·0.7^13
    expectRelClose(Math.exp(logBinomPmf(7, 20, 0.3)), 77520 * 0.3 ** 7 * 0.7 ** 13, 1e-12);
  });

  it("lower tail refuses k above the mean", () => {
    expect(() => logBinomLowerTail(8, 10, 0.5)).toThrow(/above the mean/);
    expect(logBinomLowerTail(10, 10, 0.5)).toBe(0);
  });
});
