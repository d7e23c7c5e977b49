import { describe, expect, it } from "vitest";
import { outcomeScore, pairScores, scoreFromValue, type ItemOutcome } from "../../../src/shared/compare/pairing";

const done = (itemId: string, score: ItemOutcome["score"], answer?: string): ItemOutcome => ({ itemId, status: "done", score, answer });

describe("scoreFromValue", () => {
  it("reads numbers, booleans, lists, samples and score records", () => {
    expect(scoreFromValue(1)).toBe(1);
    expect(scoreFromValue(true)).toBe(1);
    expect(scoreFromValue(false)).toBe(0);
    expect(scoreFromValue([1, 0, 1, 1])).toBe(0.75);
    expect(scoreFromValue({ kind: "samples", values: [true, false] })).toBe(0.5);
    expect(scoreFromValue({ score: 1, correct: true })).toBe(1);
    expect(scoreFromValue({ correct: false })).toBe(0);
  });

  it("gives null when there is no number", () => {
    expect(scoreFromValue(undefined)).toBeNull();
    expect(scoreFromValue(null)).toBeNull();
    expect(scoreFromValue("1")).toBeNull();
    expect(scoreFromValue([])).toBeNull();
    expect(scoreFromValue(NaN)).toBeNull();
    expect(scoreFromValue({ kind: "image", source: "a.png" })).toBeNull();
  });

  it("treats failed, skipped and dropped items as unscored and pending as pending", () => {
    expect(outcomeScore({ itemId: "x", status: "failed", score: 1 })).toBe("unscored");
    expect(outcomeScore({ itemId: "x", status: "skipped" })).toBe("unscored");
    expect(outcomeScore({ itemId: "x", status: "cached", score: 1 })).toBe(1);
    expect(outcomeScore({ itemId: "x", status: "pending" })).toBe("pending");
  });
});

describe("pairScores", () => {
  const a: ItemOutcome[] = [
    done("q1", 1, "A"),
    done("q2", 0, "B"),
    { itemId: "q3", status: "failed" },
    done("q4", [1, 0], "C"),
    done("q5", 1),
    { itemId: "q6", status: "pending" },
  ];
  const b: ItemOutcome[] = [done("q0", 1), done("q2", 1, "C"), done("q1", 1, "A"), done("q3", 1), { itemId: "q4", status: "skipped" }, done("q6", 1)];

  it("pairs by id in the order of run A and reports items only in one run (never-scored counted as wrong on request)", () => {
    const p = pairScores(a, b, { unscored: "wrong" });
    expect(p.itemIds).toEqual(["q1", "q2", "q3", "q4"]);
    expect(p.a).toEqual([1, 0, 0, 0.5]);
    expect(p.b).toEqual([1, 1, 1, 0]);
    expect(p.answersA).toEqual(["A", "B", null, "C"]);
    expect(p.answersB).toEqual(["A", "C", null, null]);
    expect(p.onlyInA).toEqual(["q5"]);
    expect(p.onlyInB).toEqual(["q0"]);
    expect(p.excluded).toEqual([{ itemId: "q6", side: "a", reason: "pending" }]);
    expect([p.zeroedA, p.zeroedB]).toEqual([1, 1]);
  });

  it("leaves never-scored items out by default", () => {
    expect(pairScores(a, b)).toEqual(pairScores(a, b, { unscored: "exclude" }));
    const p = pairScores(a, b);
    expect(p.itemIds).toEqual(["q1", "q2"]);
    expect(p.excluded).toEqual([
      { itemId: "q3", side: "a", reason: "unscored" },
      { itemId: "q4", side: "b", reason: "unscored" },
      { itemId: "q6", side: "a", reason: "pending" },
    ]);
    expect([p.zeroedA, p.zeroedB]).toEqual([0, 0]);
  });

  it("rejects a repeated item id, naming the run and the item", () => {
    expect(() => pairScores([done("q1", 1), done("q1", 0)], [], {}, ["SEAT", "Cas-SEAT"])).toThrow(/run SEAT: item id "q1" occurs more than once/);
  });
});
