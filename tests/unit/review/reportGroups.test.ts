/** Drops grouped by failing clause (with example values) next to older text-only reasons, and the CLI's report lines. */
import { describe, expect, it } from "vitest";
import { reportLines } from "../../../src/main/cli/reportLines";
import { groupReasons } from "../../../src/main/review/reports";
import type { NodeReport } from "../../../src/shared/contract";

describe("run report: drops grouped by failing clause", () => {
  const rows = [
    { itemId: "a1", reason: 'label == "sound"', values: { label: "flawed" } },
    { itemId: "a2", reason: "correct == true", values: { correct: false } },
    { itemId: "a3", reason: 'label == "sound"', values: { label: "unsure" } },
    // written by an older run: only its text, shown as it is
    { itemId: "a4", reason: 'correct == true && label == "sound" was false' },
    { itemId: "a5", reason: 'label == "sound"', values: { label: "flawed" } },
    { itemId: "a6", reason: 'label == "sound"' },
  ];

  it("counts per clause, most first, with the values of the first items; text reasons stay apart", () => {
    expect(groupReasons(rows)).toEqual([
      { reason: 'label == "sound"', count: 3, items: ["a1", "a3", "a5"], values: [{ label: "flawed" }, { label: "unsure" }, { label: "flawed" }] },
      { reason: "correct == true", count: 1, items: ["a2"], values: [{ correct: false }] },
      { reason: 'correct == true && label == "sound" was false', count: 1, items: ["a4"] },
      { reason: 'label == "sound"', count: 1, items: ["a6"] },
    ]);
  });

  it("keeps the values of five items per clause", () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ itemId: `i${i}`, reason: "score >= 4", values: { score: i } }));
    const [g] = groupReasons(many);
    expect(g).toMatchObject({ count: 8, items: ["i0", "i1", "i2", "i3", "i4"] });
    expect(g.values).toEqual([0, 1, 2, 3, 4].map((score) => ({ score })));
  });

  it("the CLI report names the clause, its count and example values; an older reason prints its text", () => {
    const report: NodeReport = {
      nodeId: "cot_filter",
      kind: "filter",
      in: 10,
      out: 5,
      dropped: 5,
      pending: 0,
      failed: 0,
      skipped: 0,
      dropReasons: groupReasons(rows.slice(0, 4)),
      failures: [],
    };
    expect(reportLines([report], "run-1", "db.sqlite")).toEqual([
      "  filter cot_filter: 10 in, 5 out, 5 dropped",
      '    dropped 2× label == "sound" (e.g. a1: label="flawed"; a3: label="unsure")',
      "    dropped 1× correct == true (e.g. a2: correct=false)",
      '    dropped 1× correct == true && label == "sound" was false',
    ]);
  });
});
