import { describe, expect, it } from "vitest";
import { linear, niceTicks } from "../../../src/renderer/src/charts/scale";
import { wordDiff } from "../../../src/renderer/src/compare/wordDiff";
import { runAccuracy } from "../../../src/renderer/src/runs/runAccuracy";
import { fmtCost, fmtDuration, fmtPct } from "../../../src/renderer/src/run/format";

describe("chart scales", () => {
  it("maps a domain onto a range and picks round ticks", () => {
    const x = linear([0, 1], [100, 300]);
    expect(x(0.5)).toBe(200);
    expect(niceTicks(0.2, 1, 5)).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1000, 4)).toEqual([0, 250, 500, 750, 1000]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe("wordDiff", () => {
  it("marks removed and added words against the baseline", () => {
    const parts = wordDiff("Final answer: B", "Final answer: D");
    expect(parts.filter((p) => p.kind === "removed").map((p) => p.text)).toEqual(["B"]);
    expect(parts.filter((p) => p.kind === "added").map((p) => p.text)).toEqual(["D"]);
    expect(parts.filter((p) => p.kind === "same").map((p) => p.text).join("")).toBe("Final answer: ");
  });

  it("caps long texts and says so", () => {
    const parts = wordDiff("a ".repeat(5000), "b ".repeat(5000), 100);
    expect(parts[parts.length - 1].text).toMatch(/first 4,000 characters/);
  });
});

describe("runAccuracy and formats", () => {
  it("prefers the score node's accuracy", () => {
    const m = { x: [{ name: "accuracy", value: 0.1, n: 5 }], score: [{ name: "accuracy", value: 0.7, n: 10 }] };
    expect(runAccuracy({ metrics: m })).toMatchObject({ nodeId: "score", value: 0.7 });
    expect(runAccuracy({ metrics: {} })).toBeNull();
  });

  it("formats durations, money and percentages", () => {
    expect(fmtDuration(450)).toBe("450 ms");
    expect(fmtDuration(4500)).toBe("4.5 s");
    expect(fmtDuration(125_000)).toBe("2 min 5 s");
    expect(fmtDuration(null)).toBe("—");
    expect(fmtCost(0.004)).toBe("$0.0040");
    expect(fmtCost(null)).toBe("—");
    expect(fmtPct(0.5)).toBe("50.0%");
  });
});
