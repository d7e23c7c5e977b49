/** Drops grouped by failing clause (with example values) next to older text-only reasons, and the CLI's report lines. */
import { describe, expect, it } from "vitest";
import { reportLines } from "../../../src/main/cli/reportLines";
import { aggregateReport } from "../../../src/main/review/aggregateReports";
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

describe("run report: mix and export nodes, in samples", () => {
  it("a mix's in is what its branches offered; drops are duplicates, rejected and not taken", () => {
    const output = {
      count: 6,
      samples: [],
      report: {
        counts: { branch_0: { available: 5, duplicates: 1, rejected: 2, wanted: 4, taken: 4 }, branch_1: { available: 3, duplicates: 0, rejected: 0, wanted: 2, taken: 2 } },
        rejected: [
          { branch: "branch_0", itemId: "x1", error: "no messages" },
          { branch: "branch_0", itemId: "x2", error: "no messages" },
        ],
        rejectedTotal: 2,
        warnings: [],
      },
    };
    expect(aggregateReport({ id: "mix", kind: "mix" }, { status: "done", output, error: null })).toEqual({
      nodeId: "mix",
      kind: "mix",
      unit: "samples",
      in: 6 + 1 + 2 + 2,
      out: 6,
      dropped: 5,
      pending: 0,
      failed: 0,
      skipped: 0,
      dropReasons: [
        { reason: "not taken (the mix's ratio or total)", count: 2, items: [] },
        { reason: "rejected: branch_0: no messages", count: 2, items: ["x1", "x2"] },
        { reason: "duplicate", count: 1, items: [] },
      ],
      failures: [],
    });
  });

  it("an export's drops are its skipped samples, those past the kept 100 in one group; a failed export says why", () => {
    const skipped = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, error: "no image file" }));
    const r = aggregateReport({ id: "out", kind: "export" }, { status: "done", output: { path: "a.jsonl", records: 40, report: { skipped, skippedTotal: 130 } }, error: null });
    expect(r).toMatchObject({ unit: "samples", in: 170, out: 40, dropped: 130 });
    expect(r.dropReasons).toEqual([
      { reason: "skipped: no image file", count: 100, items: ["s0", "s1", "s2", "s3", "s4"] },
      { reason: "skipped: more (reasons not kept)", count: 30, items: [] },
    ]);
    expect(reportLines([r], "run-1", "db")[0]).toBe("  export out: 170 samples in, 40 out, 130 dropped");
    const failed = aggregateReport({ id: "out", kind: "export" }, { status: "failed", output: null, error: "export out: disk full" });
    expect(failed).toMatchObject({ in: 0, out: 0, failures: [{ reason: "export out: disk full", count: 1, items: [] }] });
  });
});
