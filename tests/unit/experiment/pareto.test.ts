import { describe, expect, it } from "vitest";
import { paretoFront } from "../../../src/shared/experiment/pareto";

describe("paretoFront", () => {
  it("keeps the cells no other beats on accuracy without costing more, by increasing cost", () => {
    const front = paretoFront([
      { cell: 0, accuracy: 0.6, costUsd: 1 },
      { cell: 1, accuracy: 0.7, costUsd: 2 },
      { cell: 2, accuracy: 0.65, costUsd: 3 }, // dominated by 1
      { cell: 3, accuracy: 0.9, costUsd: 5 },
      { cell: 4, accuracy: 0.5, costUsd: 1 }, // dominated by 0 (same cost, lower accuracy)
    ]);
    expect(front).toEqual([0, 1, 3]);
  });

  it("keeps equal points both, and leaves out cells without an accuracy or a known cost", () => {
    expect(paretoFront([{ cell: 0, accuracy: 0.5, costUsd: 0 }, { cell: 1, accuracy: 0.5, costUsd: 0 }, { cell: 2, accuracy: null, costUsd: 0 }, { cell: 3, accuracy: 0.9, costUsd: null }])).toEqual([0, 1]);
    expect(paretoFront([])).toEqual([]);
  });
});
