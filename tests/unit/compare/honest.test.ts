/** Honest comparisons: never-scored items, the explicit baseline, refusals, the verdict's explanation, categories, configuration differences, Monte Carlo error. */
import { describe, expect, it } from "vitest";
import { compareRuns, type ItemOutcome, type RunForCompare } from "../../../src/shared/compare/compareRuns";
import { bootstrapMean, bootstrapMeanAuto, AUTO_MC_TARGET } from "../../../src/shared/compare/bootstrap";
import { configDiff, runConfig } from "../../../src/shared/compare/configDiff";
import { createRng } from "../../../src/shared/random";
import { wilsonInterval } from "../../../src/shared/stats";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";

const scored = (itemId: string, score: number, type = "integer"): ItemOutcome => ({ itemId, status: "done", score, categories: { answer_type: type } });
const run = (id: string, label: string, items: ItemOutcome[], startedAt?: number): RunForCompare => ({ id, label, scoreNodeId: "score", nodes: [], items, ...(startedAt === undefined ? {} : { startedAt }) });

/** n items: b only A right, c only B right, t both right. */
function pairRuns(b: number, c: number, t: number): [ItemOutcome[], ItemOutcome[]] {
  const a: ItemOutcome[] = [];
  const o: ItemOutcome[] = [];
  let i = 0;
  for (const [x, y, k] of [[1, 0, b], [0, 1, c], [1, 1, t]] as const) for (let j = 0; j < k; j++, i++) {
    a.push(scored(`i${i}`, x));
    o.push(scored(`i${i}`, y));
  }
  return [a, o];
}

describe("never-scored items", () => {
  const ok = Array.from({ length: 18 }, (_, i) => scored(`q${i}`, i % 2));
  const failed: ItemOutcome[] = ok.map((o) => ({ itemId: o.itemId, status: "failed" }));

  it("refuses a verdict when a run scored none of its items, and says so", () => {
    const r = compareRuns([run("a", "SEAT", ok, 1), { ...run("b", "No key", failed, 2), status: "done" }]);
    expect(r.accuracy[1]).toMatchObject({ n: 0, value: null, excluded: 18, unscored: { total: 18, failed: 18 } });
    expect(r.pairs[0].verdict).toMatchObject({ refused: true, significant: false, better: null });
    expect(r.pairs[0].verdict.text).toBe("no verdict: B (No key) scored none of its 18 items (18 failed)");
    expect(r.warnings).toContain("B (No key): 18 of 18 items were never scored (18 failed); they are left out of its accuracy and of the paired tests.");
  });

  it("refuses even when never-scored items are counted as wrong", () => {
    const r = compareRuns([run("a", "SEAT", ok, 1), run("b", "No key", failed, 2)], { unscored: "wrong" });
    expect(r.accuracy[1]).toMatchObject({ n: 18, value: 0, zeroed: 18 });
    expect(r.pairs[0].verdict.refused).toBe(true);
    expect(r.warnings[0]).toContain("they count as wrong (--unscored wrong)");
  });

  it("leaves pending items out and names them", () => {
    const some = ok.map((o, i) => (i < 3 ? { itemId: o.itemId, status: "pending" as const } : o));
    const r = compareRuns([run("a", "A", ok, 1), run("b", "B", some, 2)]);
    expect(r.pairs[0].n).toBe(15);
    expect(r.warnings[0]).toBe("B (B): 3 of 18 items were never scored (3 pending review); they are left out of its accuracy and of the paired tests.");
    expect(r.pairs[0].verdict.refused).toBe(false);
  });
});

describe("the baseline", () => {
  const [a, b] = pairRuns(2, 10, 30);
  it("is the run that started first, whatever the order given", () => {
    const r = compareRuns([run("new", "Cas-SEAT", b, 2000), run("old", "SEAT", a, 1000)]);
    expect(r.runs.map((x) => [x.key, x.id])).toEqual([["A", "old"], ["B", "new"]]);
    expect(r.runs[0].baselineBy).toBe("older");
    expect(r.pairs[0].difference).toBeGreaterThan(0); // B − A, the newer minus the older
    expect(r.accuracy.map((x) => x.runId)).toEqual(["old", "new"]);
  });

  it("is the one named, when named; others follow by start time", () => {
    const r = compareRuns([run("x", "X", a, 1), run("y", "Y", b, 3), run("z", "Z", a, 2)], { baseline: "y" });
    expect(r.runs.map((x) => x.id)).toEqual(["y", "x", "z"]);
    expect(r.runs[0].baselineBy).toBe("named");
    expect(() => compareRuns([run("x", "X", a, 1), run("y", "Y", b, 3)], { baseline: "q" })).toThrow(/baseline "q" is not one of the compared runs/);
  });
});

describe("the verdict", () => {
  it("says the exact test decides and why the bootstrap disagrees with few discordant items", () => {
    // b = 0, c = 5, 3 ties: exact p = 2/32 = 0.0625, but the percentile bootstrap CI excludes 0.
    const [a, b] = pairRuns(0, 5, 3);
    const p = compareRuns([run("a", "A", a, 1), run("b", "B", b, 2)], { seed: 7 }).pairs[0];
    expect(p.mcnemar.p).toBeCloseTo(0.0625, 14);
    expect(p.bootstrap!.low).toBeGreaterThan(0);
    expect(p.verdict.significant).toBe(false);
    expect(p.verdict.bootstrapAgrees).toBe(false);
    expect(p.verdict.explanation).toMatch(/^The exact McNemar test decides: p = 0.063 ≥ α = 0.05; the 95 % bootstrap CI .* excludes 0 all the same\..* 5 discordant items .* The test decides: the difference is not shown\.$/);
    expect(p.oddsRatio).toMatchObject({ value: 0, low: 0 });
    expect(p.power.small).toBe(true);
  });

  it("agrees with the bootstrap on a clear difference", () => {
    const [a, b] = pairRuns(5, 40, 100);
    const p = compareRuns([run("a", "A", a, 1), run("b", "B", b, 2)]).pairs[0];
    expect(p.verdict).toMatchObject({ significant: true, better: "b", bootstrapAgrees: true });
    expect(p.verdict.explanation).toContain("excludes 0, in agreement");
    expect(p.oddsRatio.value).toBeCloseTo(5 / 40, 14);
  });

  it("uses the seed, resamples and level it is given", () => {
    const [a, b] = pairRuns(8, 15, 40);
    const runs = [run("a", "A", a, 1), run("b", "B", b, 2)];
    const p = compareRuns(runs, { seed: 3, resamples: 5000, level: 0.9 }).pairs[0];
    expect(p.bootstrap).toMatchObject({ seed: 3, resamples: 5000, level: 0.9 });
    expect(compareRuns(runs, { seed: 3, resamples: 5000, level: 0.9 }).pairs[0].bootstrap).toEqual(p.bootstrap);
    expect(compareRuns(runs, { level: 0.9 }).settings.alpha).toBe(0.1);
  });
});

describe("Monte Carlo error of the bootstrap bounds", () => {
  it("reports an error close to the spread of the bounds over seeds", () => {
    const rng = createRng(5);
    const d = Array.from({ length: 300 }, () => rng.next53() * 2 - 1 + 0.1); // continuous: the index-resampling path
    const lows: number[] = [];
    let reported = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = bootstrapMean(d, { seed, resamples: 2000 })!;
      lows.push(r.low);
      reported += r.mcError.low / 40;
    }
    const mean = lows.reduce((s, x) => s + x, 0) / lows.length;
    const sd = Math.sqrt(lows.reduce((s, x) => s + (x - mean) ** 2, 0) / (lows.length - 1));
    expect(reported).toBeGreaterThan(sd / 2);
    expect(reported).toBeLessThan(sd * 2);
  });

  it("takes as many resamples as the 0.05-pt target needs by default", () => {
    const rng = createRng(9);
    const d = Array.from({ length: 3000 }, () => (rng.next() < 0.2 ? 1 : rng.next() < 0.15 ? -1 : 0));
    const r = bootstrapMeanAuto(d)!;
    expect(r.resamples).toBeGreaterThan(2000);
    expect(Math.max(r.mcError.low, r.mcError.high)).toBeLessThanOrEqual(AUTO_MC_TARGET);
  });
});

describe("accuracy by a dataset column", () => {
  it("gives each run's accuracy per value with Wilson intervals", () => {
    const a = [scored("1", 1, "integer"), scored("2", 0, "integer"), scored("3", 1, "multi_choice"), { itemId: "4", status: "failed" as const, categories: { answer_type: "float" } }];
    const b = [scored("1", 1, "integer"), scored("2", 1, "integer"), scored("3", 0, "multi_choice"), scored("4", 1, "float")];
    const r = compareRuns([run("a", "A", a, 1), run("b", "B", b, 2)], { by: ["answer_type"] });
    const cat = r.categories[0];
    expect(cat.column).toBe("answer_type");
    expect(cat.rows.map((x) => x.value)).toEqual(["float", "integer", "multi_choice"]);
    const integer = cat.rows[1].accuracy;
    expect(integer.map((x) => [x.sum, x.n])).toEqual([[1, 2], [2, 2]]);
    expect(integer[0].low).toBeCloseTo(wilsonInterval(1, 2).low, 9); // z from the level (Acklam, rel. error < 1.2e-9)
    expect(cat.rows[0].accuracy[0]).toMatchObject({ n: 0, value: null, unscored: { failed: 1 } });
  });
});

describe("configuration differences", () => {
  const doc = (model: string, template: string): PipelineDoc => ({
    format: "cascade-studio/pipeline",
    version: 1,
    name: "p",
    models: { solver: { provider: "openai", model, baseUrl: "http://127.0.0.1:1/v1", params: { temperature: 0 } } },
    nodes: [
      { id: "reason", kind: "prompt", label: "Reason", position: { x: 0, y: 0 }, config: { model: "solver", template } },
      { id: "n", kind: "note", position: { x: 9, y: 9 }, config: { text: "anything" } },
    ],
    edges: [],
  }) as unknown as PipelineDoc;

  it("lists models, prompts and params that differ, in words", () => {
    const d = configDiff([runConfig(doc("gpt-4o-mini", "Solve {{q}}")), runConfig(doc("qwen2.5vl", "Solve carefully {{q}}"))]);
    expect(d).toEqual([
      { path: "models.solver.model", label: "model solver · model", values: ["gpt-4o-mini", "qwen2.5vl"] },
      { path: "nodes.reason.config.template", label: "Reason (reason) · template", values: ["Solve {{q}}", "Solve carefully {{q}}"] },
    ]);
    expect(configDiff([runConfig(doc("m", "t")), runConfig(doc("m", "t"))])).toEqual([]);
  });
});
