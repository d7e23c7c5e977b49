/** A dataset → prompt → prompt (continuing the chat) pipeline over a JSONL file of questions, for browser tests of runs. */
import type { ModelConfig, PipelineDoc } from "../../src/shared/pipeline/schema";

export function twoPromptDoc(name: string, baseUrl: string, dataFile: string, model: Partial<ModelConfig> = {}): PipelineDoc {
  const at = (i: number) => ({ x: 40 + i * 300, y: 320 });
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name,
    models: { m: { provider: "openai", model: "fake-model", baseUrl, ...model } },
    nodes: [
      { id: "data", kind: "dataset", position: at(0), config: { source: { type: "file", path: dataFile }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "ask", kind: "prompt", position: at(1), config: { model: "m", template: "Think step by step: {{question}}" } },
      { id: "check", kind: "prompt", position: at(2), config: { model: "m", template: "Check each step.", continueConversation: true } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" },
      { id: "e2", source: "ask", sourcePort: "conversation", target: "check", targetPort: "conversation" },
    ],
  } as PipelineDoc;
}
