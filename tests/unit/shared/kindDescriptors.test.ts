import { describe, expect, it } from "vitest";
import { EXECUTORS, type ExecutorRegistry } from "../../../src/main/engine/nodes/registry";
import type { PerItemExecutor } from "../../../src/main/engine/nodes/types";
import { datasetFilesOf } from "../../../src/shared/nodes/datasetFiles";
import { getKind, kindNames, NODE_KINDS, summaryOf } from "../../../src/shared/nodes/registry";

describe("node-kind descriptors", () => {
  it("every kind has exactly one executor", () => {
    expect(Object.keys(EXECUTORS).sort()).toEqual(kindNames().sort());
  });

  it("the type checker refuses a registry without a kind's executor, or with one of another mode (npm run typecheck)", () => {
    const { note: _note, ...withoutNote } = EXECUTORS;
    // @ts-expect-error a kind without an executor
    const missing: ExecutorRegistry = withoutNote;
    const perItem: PerItemExecutor<any> = { run: async () => ({ output: {} }) };
    // @ts-expect-error a per-item executor for an aggregate kind
    const wrongMode: ExecutorRegistry = { ...EXECUTORS, mix: perItem };
    expect(Object.keys(missing)).not.toContain("note");
    expect(wrongMode.mix).toBe(perItem);
  });

  it("canvas summaries come from the descriptors, also for half-typed configs", () => {
    expect(summaryOf({ kind: "note", config: { text: "" } })).toBe("Empty note");
    expect(summaryOf({ kind: "note", config: { text: "check the units" } })).toBe("check the units");
    expect(summaryOf({ kind: "prompt", config: { model: "", template: "Answer: {{question}}" } })).toBe("Answer: {{question}}");
    expect(summaryOf({ kind: "extract", config: { method: "choice" } })).toBe("method: choice");
    expect(summaryOf({ kind: "score", config: { method: "mathvista" } })).toBe("method: mathvista");
    expect(summaryOf({ kind: "text", config: { mode: "list", values: ["a", "b", "c"] } })).toBe("3 values");
    expect(summaryOf({ kind: "text", config: { mode: "constant", value: "hi" } })).toBe("hi");
    expect(summaryOf({ kind: "dataset", config: { source: { type: "file", path: "data/q.jsonl" } } })).toBe("data/q.jsonl");
    expect(summaryOf({ kind: "dataset", config: { source: { type: "inline", rows: [{}, {}] } } })).toBe("2 inline rows");
    expect(summaryOf({ kind: "dataset", config: {} })).toBe("0 inline rows");
    expect(summaryOf({ kind: "judge", config: {} })).toBeNull();
    expect(summaryOf({ kind: "no-such-kind", config: {} })).toBeNull();
  });

  it("what is reported, and which kinds have a form of their own, is said by each kind", () => {
    const reported = Object.fromEntries(NODE_KINDS.filter((k) => k.report).map((k) => [k.kind, k.report]));
    expect(reported).toEqual({ filter: "items", review: "items", judge: "labels", mix: "samples", export: "samples" });
    expect(NODE_KINDS.filter((k) => k.form === "custom").map((k) => k.kind).sort()).toEqual(["dataset", "extract", "note", "prompt", "score", "text"]);
  });

  it("calls per item: a prompt's samples, a judge's one call, none without a model", () => {
    const prompt = getKind("prompt")!;
    expect(prompt.callsPerItem({ model: "m", template: "x", samples: 4 })).toBe(4);
    expect(prompt.callsPerItem({ model: "", template: "x" })).toBe(0);
    expect(getKind("judge")!.callsPerItem(getKind("judge")!.defaultConfig())).toBe(0);
    expect(getKind("judge")!.callsPerItem({ ...getKind("judge")!.defaultConfig(), model: "m" })).toBe(1);
    expect(getKind("filter")!.callsPerItem(getKind("filter")!.defaultConfig())).toBe(0);
  });

  it("dataset files are named by the descriptors, with where in the config; invalid configs name none", () => {
    const doc = {
      nodes: [
        { id: "d", kind: "dataset", config: { source: { type: "file", path: "q.jsonl" }, columns: [{ name: "q", type: "text" }] } },
        { id: "inline", kind: "dataset", config: getKind("dataset")!.defaultConfig() },
        { id: "broken", kind: "dataset", config: { source: { type: "file", path: "x.csv" } } },
        { id: "p", kind: "prompt", config: { model: "m", template: "{{q}}" } },
      ],
    };
    expect(datasetFilesOf(doc)).toEqual([{ nodeId: "d", index: 0, path: "q.jsonl", field: "source.path" }]);
  });
});
