import { describe, expect, it } from "vitest";
import type { RunForCompare } from "../../../src/shared/compare";
import { experimentMatrix } from "../../../src/shared/experiment/matrix";

/** A run scoring 1 on the items listed as right, 0 on the others (20 items). */
function run(id: string, right: (i: number) => boolean): RunForCompare {
  return {
    id,
    label: id,
    nodes: [{ nodeId: "m", items: 20, calls: 20, cacheHits: 0, errors: 0, latenciesMs: [10, 30, 20], inputTokens: 100, outputTokens: 50, costUsd: 0.5 }],
    scoreNodeId: "score",
    items: Array.from({ length: 20 }, (_, i) => ({ itemId: `i${i}`, status: "done" as const, score: right(i) ? 1 : 0 })),
  };
}

describe("experimentMatrix", () => {
  // c1 right on items 8..19, c2 on 0..5 and 8..19, c3 on all: every discordant item favours the later cell.
  const cells = [
    { index: 0, run: run("r1", (i) => i >= 8) },
    { index: 1, run: run("r2", (i) => i < 6 || i >= 8) },
    { index: 2, run: run("r3", () => true) },
  ];
  const m = experimentMatrix(cells, { resamples: 200 });

  it("compares every pair with the exact McNemar test and Holm-adjusts over all pairs (hand-computed)", () => {
    expect(m.pairs.map((p) => p.names)).toEqual([["c1", "c2"], ["c1", "c3"], ["c2", "c3"]]);
    expect(m.pairs.map((p) => [p.comparison.counts.aBetter, p.comparison.counts.bBetter])).toEqual([[0, 6], [0, 8], [0, 2]]);
    // Exact two-sided McNemar with b = 0: p = 2 · 0.5^c → 2/64, 2/256, 2/4.
    const raw = m.pairs.map((p) => p.comparison.mcnemar.p);
    expect(raw[0]).toBeCloseTo(0.03125, 12);
    expect(raw[1]).toBeCloseTo(0.0078125, 12);
    expect(raw[2]).toBeCloseTo(0.5, 12);
    // Holm over 3: sorted 0.0078125·3 = 0.0234375; max(that, 0.03125·2) = 0.0625; max(that, 0.5·1) = 0.5.
    const adjusted = m.pairs.map((p) => p.comparison.pAdjusted);
    expect(adjusted[0]).toBeCloseTo(0.0625, 12);
    expect(adjusted[1]).toBeCloseTo(0.0234375, 12);
    expect(adjusted[2]).toBeCloseTo(0.5, 12);
    expect(m.pairs.map((p) => p.comparison.verdict.significant)).toEqual([false, true, false]);
    expect(m.pairs[1].comparison.verdict.text).toContain("Holm-adjusted");
  });

  it("gives each cell its accuracy with the Wilson interval, its sums, and names the best cell with how sure", () => {
    expect(m.rows.map((r) => r.accuracy.value)).toEqual([0.6, 0.9, 1]);
    // Wilson 95% for 12/20 (z = 1.959964): 0.386582… to 0.781193…
    expect(m.rows[0].accuracy.low).toBeCloseTo(0.38658, 4);
    expect(m.rows[0].accuracy.high).toBeCloseTo(0.78119, 4);
    expect(m.rows[0]).toMatchObject({ calls: 20, cacheHits: 0, inputTokens: 100, outputTokens: 50, costUsd: 0.5, errors: 0, latencyMs: 20 });
    expect(m.best).toMatchObject({ cell: 2, name: "c3", sure: false, notBetterThan: ["c2 (p = 0.5)"] });
    expect(m.best.text).toContain("not significantly better than c2");
  });

  it("is sure of a best cell only when it beats every other", () => {
    const two = experimentMatrix([cells[0], cells[2]], { resamples: 200 });
    expect(two.pairs[0].comparison.pAdjusted).toBeCloseTo(0.0078125, 12); // one pair: not adjusted
    expect(two.best).toMatchObject({ name: "c3", sure: true, notBetterThan: [] });
  });
});
