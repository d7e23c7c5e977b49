import { describe, expect, it } from "vitest";
import { compareRuns, disagreements, type ItemOutcome, type RunForCompare } from "../../../src/shared/compare/compareRuns";
import { formatP, holmAdjust } from "../../../src/shared/compare/pairComparison";
import { nodeAggregateFromCounts } from "../../../src/shared/compare/nodeMetrics";
import { emptyCounts } from "../../../src/shared/events";

const done = (itemId: string, score: number, answer: string): ItemOutcome => ({ itemId, status: "done", score, answer });

/** Baseline: 10 items, q7 failed; score sum 5 (q7 counted as 0). */
const seatItems: ItemOutcome[] = [
  done("q1", 1, "A"), done("q2", 1, "B"), done("q3", 1, "C"), done("q4", 0, "A"), done("q5", 0, "B"),
  done("q6", 0, "C"), { itemId: "q7", status: "failed" }, done("q8", 1, "D"), done("q9", 0, "A"), done("q10", 1, "B"),
];
/** Cascade: q1..q9 and q11 (q10 missing); score sum 8. */
const casItems: ItemOutcome[] = [
  done("q1", 1, "A"), done("q2", 1, "B"), done("q3", 0, "D"), done("q4", 1, "B"), done("q5", 1, "C"),
  done("q6", 1, "D"), done("q7", 1, "A"), done("q8", 1, "D"), done("q9", 0, "C"), done("q11", 1, "A"),
];

const seat: RunForCompare = {
  id: "r1",
  label: "SEAT",
  scoreNodeId: "score",
  items: seatItems,
  nodes: [
    { nodeId: "prompt", items: 10, calls: 10, errors: 1, latenciesMs: [400, 100, 300, 200], inputTokens: 1000, outputTokens: 200, costUsd: 0.01 },
    { nodeId: "score", items: 9, calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  ],
};
const cas: RunForCompare = {
  id: "r2",
  label: "Cas-SEAT",
  scoreNodeId: "score",
  items: casItems,
  nodes: [
    { nodeId: "prompt", items: 10, calls: 10, errors: 0, latencyMsTotal: 3000, inputTokens: 800, outputTokens: 100, costUsd: null },
    { nodeId: "verify", items: 10, calls: 8, cacheHits: 2, errors: 0, latency: { count: 8, mean: 50, median: 40, p90: 90, p95: 95, min: 10, max: 99 }, inputTokens: 400, outputTokens: 40, costUsd: 0.002 },
    { nodeId: "score", items: 10, calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  ],
};

describe("compareRuns on a hand-checked example (never-scored items counted as wrong)", () => {
  const result = compareRuns([seat, cas], { unscored: "wrong" });
  const pair = result.pairs[0];

  it("pairs the items both runs have and counts the discordant ones", () => {
    // paired q1..q9; A = 1,1,1,0,0,0,0(failed),1,0 (4/9); B = 1,1,0,1,1,1,1,1,0 (7/9)
    expect(pair.n).toBe(9);
    expect(pair.accuracyA).toBeCloseTo(4 / 9, 15);
    expect(pair.accuracyB).toBeCloseTo(7 / 9, 15);
    expect(pair.difference).toBeCloseTo(3 / 9, 15);
    expect(pair.counts).toEqual({ aBetter: 1, bBetter: 4, ties: 4, bothRight: 3, bothWrong: 1, answersDiffer: 6 });
    expect(pair.onlyInA).toEqual(["q10"]);
    expect(pair.onlyInB).toEqual(["q11"]);
    expect([pair.zeroedA, pair.zeroedB]).toEqual([1, 0]);
    expect(pair.binary).toBe(true);
    expect(pair.test).toBe("mcnemar-exact");
  });

  it("computes the exact McNemar test and a verdict", () => {
    // b = 1, c = 4: p = 2·(1 + 5)/32 = 0.375; mid-p = 0.375 − 5/32 = 0.21875
    expect(pair.mcnemar.p).toBeCloseTo(0.375, 14);
    expect(pair.mcnemar.midP).toBeCloseTo(0.21875, 14);
    expect(pair.pAdjusted).toBe(pair.mcnemar.p);
    expect(pair.verdict).toMatchObject({ significant: false, better: null, refused: false, text: "no significant difference between B (Cas-SEAT) and A (SEAT) (p = 0.38)" });
    expect(pair.verdict.explanation).toMatch(/^The exact McNemar test decides: p = 0.38 ≥ α = 0.05; the 95 % bootstrap CI of the difference, .* pts, /);
  });

  it("gives a bootstrap interval around the observed difference", () => {
    const bs = pair.bootstrap!;
    expect(bs.estimate).toBeCloseTo(1 / 3, 15);
    expect(bs.n).toBe(9);
    expect(bs.low).toBeLessThan(1 / 3);
    expect(bs.high).toBeGreaterThan(1 / 3);
    expect(bs.low).toBeGreaterThanOrEqual(-1);
    expect(bs.high).toBeLessThanOrEqual(1);
  });

  it("reports each run's accuracy over all its items with a Wilson interval", () => {
    const [a, b] = result.accuracy;
    expect(a).toMatchObject({ runId: "r1", n: 10, sum: 5, value: 0.5, method: "wilson", zeroed: 1, excluded: 0, level: 0.95, items: 10 });
    expect(a.unscored).toEqual({ total: 1, failed: 1, skipped: 0, dropped: 0, noScore: 0, pending: 0 });
    expect(a.low).toBeCloseTo(0.236593, 5);
    expect(a.high).toBeCloseTo(0.763407, 5);
    expect(b).toMatchObject({ runId: "r2", n: 10, sum: 8, value: 0.8 });
    expect(b.low).toBeCloseTo(0.490162, 5);
    expect(b.high).toBeCloseTo(0.943318, 5);
  });

  it("lays node metrics side by side", () => {
    expect(result.nodes.map((r) => r.nodeId)).toEqual(["prompt", "score", "verify"]);
    const [prompt, score, verify] = result.nodes;
    expect(prompt.cells[0]).toEqual({
      runId: "r1", items: 10, calls: 10, cacheHits: null, errors: 1, errorRate: 0.1,
      latency: { count: 4, mean: 250, median: 250, p90: 370, p95: 385, min: 100, max: 400 },
      inputTokens: 1000, outputTokens: 200, totalTokens: 1200, costUsd: 0.01, accuracy: null,
    });
    expect(prompt.cells[1]!.latency).toEqual({ count: 10, mean: 300, median: null, p90: null, p95: null, min: null, max: null });
    expect(prompt.cells[1]!.costUsd).toBeNull();
    expect(verify.cells[0]).toBeNull();
    expect(verify.cells[1]!.latency.p95).toBe(95);
    expect(score.cells[0]!.accuracy).toEqual(result.accuracy[0]);
    expect(score.cells[1]!.accuracy).toEqual(result.accuracy[1]);
  });

  it("is JSON-serialisable", () => {
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(result.settings).toEqual({ level: 0.95, alpha: 0.05, resamples: "auto", seed: 1, adjust: "holm", unscored: "wrong", baseline: null, by: [] });
  });

  it("leaves never-scored items out by default, counted apart with a warning", () => {
    const r = compareRuns([seat, cas]);
    expect(r.settings.unscored).toBe("exclude");
    expect(r.warnings).toEqual(["A (SEAT): 1 of 10 items were never scored (1 failed); they are left out of its accuracy and of the paired tests."]);
    expect(r.pairs[0].n).toBe(8);
    expect(r.pairs[0].excluded).toEqual([{ itemId: "q7", side: "a", reason: "unscored" }]);
    expect(r.accuracy[0]).toMatchObject({ n: 9, sum: 5, excluded: 1, zeroed: 0 });
  });
});

describe("verdicts", () => {
  /** n items: b where only A is right, c where only B is right, the rest both right. */
  function runsWith(b: number, c: number, ties: number): [RunForCompare, RunForCompare] {
    const a: ItemOutcome[] = [];
    const bb: ItemOutcome[] = [];
    let i = 0;
    const add = (x: number, y: number, count: number) => {
      for (let k = 0; k < count; k++, i++) {
        a.push({ itemId: `i${i}`, status: "done", score: x });
        bb.push({ itemId: `i${i}`, status: "done", score: y });
      }
    };
    add(1, 0, b);
    add(0, 1, c);
    add(1, 1, ties);
    return [
      { id: "a", label: "SEAT", scoreNodeId: "s", nodes: [], items: a },
      { id: "b", label: "Cas-SEAT", scoreNodeId: "s", nodes: [], items: bb },
    ];
  }

  it("names the better run when significant", () => {
    const r = compareRuns(runsWith(2, 10, 30));
    expect(r.pairs[0].verdict).toMatchObject({ significant: true, better: "b", refused: false, text: "B (Cas-SEAT) is better than A (SEAT) (p = 0.039)" });
    const s = compareRuns(runsWith(10, 2, 30));
    expect(s.pairs[0].verdict.text).toBe("A (SEAT) is better than B (Cas-SEAT) (p = 0.039)");
  });

  it("adjusts p-values across several comparisons (Holm)", () => {
    const [a, b] = runsWith(2, 10, 30);
    const same: RunForCompare = { ...a, id: "c", label: "SEAT again" };
    const r = compareRuns([a, b, same]);
    expect(r.pairs.map((p) => p.mcnemar.p)).toEqual([expect.closeTo(0.03857421875, 12), 1]);
    expect(r.pairs[0].pAdjusted).toBeCloseTo(2 * 0.03857421875, 12);
    expect(r.pairs[0].verdict.text).toBe("no significant difference between B (Cas-SEAT) and A (SEAT) (p = 0.077, Holm-adjusted)");
    expect(r.pairs[1].verdict.text).toBe("no significant difference between C (SEAT again) and A (SEAT) (p = 1, Holm-adjusted)");
    expect(r.pairs[0].verdict.explanation).toContain("Holm-adjusted over the 2 pairs");
    expect(compareRuns([a, b, same], { adjust: "none" }).pairs[0].verdict.significant).toBe(true);
  });

  it("uses the exact sign test for fractional scores", () => {
    const a: RunForCompare = { id: "a", label: "A", scoreNodeId: "s", nodes: [], items: [done("x", 0.5, "")].map((o) => ({ ...o, score: [1, 0] })) };
    const b: RunForCompare = { id: "b", label: "B", scoreNodeId: "s", nodes: [], items: [{ itemId: "x", status: "done", score: [1, 1] }] };
    const r = compareRuns([a, b]);
    expect(r.pairs[0].test).toBe("sign-test-exact");
    expect(r.pairs[0].counts).toMatchObject({ aBetter: 0, bBetter: 1, bothRight: null, bothWrong: null });
    expect(r.accuracy[0]).toMatchObject({ method: "normal", value: 0.5, low: null });
  });

  it("handles runs with no common items", () => {
    const r = compareRuns([
      { id: "a", label: "A", scoreNodeId: null, nodes: [], items: [done("x", 1, "A")] },
      { id: "b", label: "B", scoreNodeId: null, nodes: [], items: [done("y", 1, "A")] },
    ]);
    expect(r.pairs[0]).toMatchObject({ n: 0, accuracyA: null, difference: null, bootstrap: null, onlyInA: ["x"], onlyInB: ["y"] });
    expect(r.pairs[0].verdict).toMatchObject({ refused: true, text: "no verdict: no paired items to compare" });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("rejects repeated run ids", () => {
    expect(() => compareRuns([seat, seat])).toThrow(/run id "r1" is given more than once/);
  });
});

describe("helpers", () => {
  it("formats p-values", () => {
    expect(formatP(0.41)).toBe("p = 0.41");
    expect(formatP(0.003)).toBe("p = 0.003");
    expect(formatP(0.0499)).toBe("p = 0.0499");
    expect(formatP(0.00001)).toBe("p < 0.0001");
  });

  it("Holm-adjusts in the given order", () => {
    expect(holmAdjust([0.04, 0.01, 0.03])).toEqual([0.06, 0.03, 0.06]);
    expect(holmAdjust([])).toEqual([]);
  });

  it("builds a node aggregate from engine counts", () => {
    const c = { ...emptyCounts(), done: 7, cached: 2, failed: 1, calls: 8, cacheHits: 2, latencyMsTotal: 800, inputTokens: 5, outputTokens: 6, costUsd: 0.5 };
    expect(nodeAggregateFromCounts("n1", c)).toStrictEqual({ nodeId: "n1", items: 10, calls: 8, cacheHits: 2, errors: 1, latenciesMs: undefined, latencyMsTotal: 800, inputTokens: 5, outputTokens: 6, costUsd: 0.5 });
  });
});

describe("disagreements", () => {
  it("lists items whose answers or scores differ", () => {
    const d = disagreements(seat, cas);
    expect(d.map((x) => x.itemId)).toEqual(["q3", "q4", "q5", "q6", "q7", "q9"]);
    expect(d.find((x) => x.itemId === "q7")).toEqual({ itemId: "q7", answerA: null, answerB: "A", scoreA: null, scoreB: 1, answersDiffer: true, scoresDiffer: true });
    expect(d.find((x) => x.itemId === "q9")).toMatchObject({ answersDiffer: true, scoresDiffer: false });
    expect(disagreements(seatItems, seatItems)).toEqual([]);
  });
});

describe("performance sanity", () => {
  it("compares two runs of 100,000 items", () => {
    const n = 100000;
    let s = 12345;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const mk = (id: string, acc: number): RunForCompare => ({
      id,
      label: id,
      scoreNodeId: "score",
      nodes: [{ nodeId: "prompt", items: n, calls: n, errors: 0, latenciesMs: Array.from({ length: n }, () => 100 + 900 * rand()), inputTokens: n, outputTokens: n, costUsd: 1 }],
      items: Array.from({ length: n }, (_, i) => ({ itemId: `item-${i}`, status: "done" as const, score: rand() < acc ? 1 : 0, answer: rand() < 0.5 ? "A" : "B" })),
    });
    const r = compareRuns([mk("A", 0.7), mk("B", 0.75)]);
    expect(r.pairs[0].n).toBe(n);
    expect(r.pairs[0].verdict.better).toBe("b");
    expect(r.pairs[0].bootstrap!.low).toBeGreaterThan(0);
    expect(r.nodes[0].cells[0]!.latency.count).toBe(n);
  });
});
