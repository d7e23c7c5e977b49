/** The results grid's pass rates and verdicts. */
import { describe, expect, it } from "vitest";
import type { CompareItemRow, ResultRow } from "../../../src/shared/contract";
import { gridNode, passRates, verdict } from "../../../src/renderer/src/results/gridData";

const cell = (itemId: string): ResultRow => ({ itemId, nodeId: "answer", status: "done", output: {} });

describe("results grid data", () => {
  it("pass rate: mean score over a run's items, an unscored item counting 0; items a run lacks do not count", () => {
    const rows: CompareItemRow[] = [
      { itemId: "a", cells: [cell("a"), cell("a")], disagree: false, scores: [1, 0] },
      { itemId: "b", cells: [cell("b"), null], disagree: true, scores: [0.5, null] },
      { itemId: "c", cells: [cell("c"), cell("c")], disagree: true, scores: [null, 1] },
    ];
    expect(passRates(rows, 2)).toEqual([
      { passRate: 1.5 / 3, scored: 3, passed: 1 },
      { passRate: 1 / 2, scored: 2, passed: 1 },
    ]);
    expect(passRates([], 1)).toEqual([{ passRate: null, scored: 0, passed: 0 }]);
  });
  it("verdicts and the scored node", () => {
    expect([1, 0, 0.5, null, undefined].map(verdict)).toEqual(["right", "wrong", "partial", "none", "none"]);
    const doc = { nodes: [{ id: "s", kind: "score" }], edges: [{ source: "ans", sourcePort: "value", target: "s", targetPort: "prediction" }] };
    expect(gridNode(doc as never)).toBe("ans");
    expect(gridNode({ nodes: [], edges: [] } as never)).toBe(null);
  });
});
