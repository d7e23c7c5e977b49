/** A small valid pipeline (dataset → prompt → extract → score, plus a note) that the tests mutate. */
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";

export function basePipeline(): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "base",
    models: { m: { provider: "openai", model: "gpt-test", baseUrl: "http://127.0.0.1:8000/v1", apiKeyEnv: "OPENAI_API_KEY" } },
    nodes: [
      {
        id: "data",
        kind: "dataset",
        position: { x: 0, y: 0 },
        config: {
          source: { type: "inline", rows: [{ question: "2 + 3?", answer: "5", picture: "a.png" }] },
          columns: [
            { name: "question", type: "text" },
            { name: "answer", type: "text" },
            { name: "picture", type: "image" },
          ],
        },
      },
      { id: "ask", kind: "prompt", position: { x: 320, y: 0 }, config: { model: "m", template: "Solve: {{question}}" } },
      { id: "pick", kind: "extract", position: { x: 640, y: 0 }, config: { method: "number" } },
      { id: "score", kind: "score", position: { x: 960, y: 0 }, config: { method: "numeric" } },
      { id: "note", kind: "note", position: { x: 0, y: 180 }, config: { text: "a note" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" },
      { id: "e2", source: "ask", sourcePort: "text", target: "pick", targetPort: "text" },
      { id: "e3", source: "pick", sourcePort: "value", target: "score", targetPort: "prediction" },
      { id: "e4", source: "data", sourcePort: "answer", target: "score", targetPort: "truth" },
    ],
  };
}

/** A loosely typed copy to break: tests write fields the types forbid. */
export type Loose = any;

export function looseBase(): Loose {
  return structuredClone(basePipeline());
}

/** A prompt node for tests that add nodes. */
export function promptNode(id: string, template: string, extra: Record<string, unknown> = {}): Loose {
  return { id, kind: "prompt", position: { x: 0, y: 360 }, config: { model: "m", template, ...extra } };
}

export function edge(id: string, source: string, sourcePort: string, target: string, targetPort: string): Loose {
  return { id, source, sourcePort, target, targetPort };
}
