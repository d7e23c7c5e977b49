import type { PipelineDoc } from "../../../src/shared/pipeline/schema";

export function tinyDoc(name = "tiny", template = "{{question}}"): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name,
    models: { m: { provider: "openai", model: "fake-model", baseUrl: "http://127.0.0.1:9/v1" } },
    nodes: [
      { id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { source: { type: "inline", rows: [{ question: "q" }] }, columns: [{ name: "question", type: "text" }] } },
      { id: "ask", kind: "prompt", position: { x: 200, y: 0 }, config: { model: "m", template } },
    ],
    edges: [{ id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" }],
  };
}
