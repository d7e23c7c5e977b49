import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ExperimentError, parseAxisArgument, valueLabel, type ResolvedAxis } from "../../../src/shared/experiment/axes";
import { cellIndices, expandCells } from "../../../src/shared/experiment/cells";
import { scheduleCells } from "../../../src/shared/experiment/schedule";

const base = JSON.parse(readFileSync("templates/cas-seat.json", "utf8"));
const axis = (path: string, values: unknown[]): ResolvedAxis => ({ path, origin: `--axis ${path}`, values: values.map((value) => ({ label: valueLabel(value), value })) });

describe("experiment cells", () => {
  it("expands the cross product, the first axis slowest, or the listed combinations", () => {
    expect(cellIndices([2, 3])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    expect(cellIndices([2, 3], [[1, 2], [0, 0]])).toEqual([[1, 2], [0, 0]]);
    expect(() => cellIndices([2, 3], [[2, 0]])).toThrow("experiment.combinations[0][0]: index 2, but axis 1 has 2 values (0 to 1)");
  });

  it("sets each cell's values in a validated document without the experiment section", () => {
    const withExperiment = { ...base, experiment: { axes: [{ path: "models.reasoner.model", values: ["x"] }] } };
    const cells = expandCells(withExperiment, [axis("models.reasoner.model", ["A", "B"]), axis("models.reasoner.params.temperature", [0, 0.7])]);
    expect(cells.map((c) => [c.doc.models.reasoner.model, c.doc.models.reasoner.params?.temperature])).toEqual([["A", 0], ["A", 0.7], ["B", 0], ["B", 0.7]]);
    expect(cells[0].doc.experiment).toBeUndefined();
    expect(cells[3].values).toEqual([{ path: "models.reasoner.model", label: "B" }, { path: "models.reasoner.params.temperature", label: "0.7" }]);
  });

  it("creates optional fields that are absent (settings, a node's params) but not models or nodes", () => {
    const cells = expandCells(base, [axis("settings.limit", [3]), axis("nodes.selfeval.config.params.maxTokens", [64])]);
    expect(cells[0].doc.settings?.limit).toBe(3);
    expect(cells[0].doc.nodes.find((n) => n.id === "selfeval")?.config.params).toEqual({ maxTokens: 64 });
    expect(() => expandCells(base, [axis("models.judge.model", ["x"])])).toThrow("--axis models.judge.model: the pipeline has no models.judge (there are: extractor, reasoner)");
    expect(() => expandCells(base, [axis("nodes[20].config.template", ["x"])])).toThrow("--axis nodes[20].config.template: the pipeline has no nodes[20]");
  });

  it("names the axis of a value that makes the pipeline invalid, or of a repeated path", () => {
    expect(() => expandCells(base, [axis("models.reasoner.params.temperature", [0.2, 5])])).toThrow(/--axis models.reasoner.params.temperature: the value 5 makes the pipeline invalid:\n {2}models.reasoner.params.temperature/);
    expect(() => expandCells(base, [axis("models.reasoner.model", ["A"]), axis("models.reasoner.model", ["B"])])).toThrow("the path is also the axis --axis models.reasoner.model");
    expect(() => parseAxisArgument("models.reasoner.model")).toThrow(ExperimentError);
  });

  it("schedules cells with the same local models together and keeps the order of remote ones", () => {
    const local = (model: string) => ({ ...base, models: { ...base.models, reasoner: { provider: "ollama", model } } });
    const docs = expandCells(base, [axis("models.reasoner.model", ["r1", "r2", "r3"])]).map((c) => c.doc);
    expect(scheduleCells(docs)).toEqual([0, 1, 2]); // three different local models (127.0.0.1): definition order
    const mixed = ["a", "b", "a", "b"].map((m) => expandCells(local(m), [axis("settings.limit", [1])])[0].doc);
    expect(scheduleCells(mixed)).toEqual([0, 2, 1, 3]);
  });
});
