/** The port menu's list (canvas/connectionOptions.ts): exactly the connections refuseConnection accepts, minus those already drawn. */
import { describe, expect, it } from "vitest";
import { connectionOptions, filterOptions } from "../../../src/renderer/src/canvas/connectionOptions";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { refuseConnection } from "../../../src/renderer/src/store/graphOps";
import { portsOf } from "../../../src/renderer/src/store/ports";

function doc(edges: PipelineDoc["edges"] = []): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "t",
    models: { m: { provider: "openai", model: "x", baseUrl: "http://127.0.0.1:1/v1" } },
    nodes: [
      { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { columns: [{ name: "question", type: "text" }, { name: "image", type: "image" }, { name: "answer", type: "text" }], source: { type: "inline", rows: [{ question: "q", answer: "a" }] } } },
      { id: "ask", kind: "prompt", label: "Ask", position: { x: 300, y: 0 }, config: { model: "m", template: "{{question}}" } },
      { id: "score", kind: "score", position: { x: 600, y: 0 }, config: { method: "normalized" } },
    ],
    edges,
    settings: {},
  } as PipelineDoc;
}

const keys = (d: PipelineDoc, id: string) => connectionOptions(d, id).map((o) => o.key);

describe("connection options of a node", () => {
  it("offers every accepted connection in both directions and nothing refused", () => {
    const d = doc();
    const offered = keys(d, "ask");
    expect(offered).toContain("data.question>ask.question");
    expect(offered).toContain("ask.text>score.prediction");
    // An image cannot feed a text input; nothing goes from a node into itself.
    expect(offered).not.toContain("data.image>ask.question");
    expect(offered.some((k) => k.startsWith("ask.") && k.includes(">ask."))).toBe(false);
    // The same set, counted by brute force over refuseConnection.
    let accepted = 0;
    for (const other of d.nodes) {
      if (other.id === "ask") continue;
      for (const o of portsOf(other).outputs) for (const i of portsOf(d.nodes[1]).inputs) if (refuseConnection(d, { source: other.id, sourcePort: o.name, target: "ask", targetPort: i.name }) === null) accepted++;
      for (const o of portsOf(d.nodes[1]).outputs) for (const i of portsOf(other).inputs) if (refuseConnection(d, { source: "ask", sourcePort: o.name, target: other.id, targetPort: i.name }) === null) accepted++;
    }
    expect(offered).toHaveLength(accepted);
  });

  it("leaves out an edge already drawn, says which edge a choice replaces, and refuses a cycle", () => {
    const d = doc([
      { id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" },
      { id: "e2", source: "ask", sourcePort: "text", target: "score", targetPort: "prediction" },
    ]);
    const options = connectionOptions(d, "ask");
    expect(options.map((o) => o.key)).not.toContain("data.question>ask.question");
    expect(options.find((o) => o.key === "data.answer>ask.question")?.replaces).toBe("data.question");
    // score is downstream of ask: its outputs cannot come back into ask.
    expect(options.some((o) => o.spec.source === "score")).toBe(false);
    expect(connectionOptions(d, "nope")).toEqual([]);
  });

  it("filters on every word and puts same-name ports first", () => {
    const d = doc();
    const all = connectionOptions(d, "score");
    const truth = filterOptions(all, "truth data");
    expect(truth.map((o) => o.key)).toEqual(["data.question>score.truth", "data.answer>score.truth"]);
    expect(filterOptions(all, "")).toHaveLength(all.length);
    expect(filterOptions(all, "no-such-port")).toEqual([]);
    expect(filterOptions(connectionOptions(d, "ask"), "question")[0].key).toBe("data.question>ask.question");
  });
});
