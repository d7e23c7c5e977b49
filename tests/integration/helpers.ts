/** Integration helpers: a 3-node cascade pipeline and its JSONL dataset written to a temp folder. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import type { RecordedRequest } from "../fakes/openaiServer";

export function tempDir(prefix = "cascade-it-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** dataset → reason → selfeval (continues the chat) → extract_llm → answer (extract) → score. */
export function cascadeDoc(baseUrl: string, dataPath = "data.jsonl", concurrency = 16): PipelineDoc {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "integration cascade",
    models: { m: { provider: "openai", model: "fake-model", baseUrl, concurrency, maxRetries: 8 } },
    nodes: [
      {
        id: "data",
        kind: "dataset",
        position: pos,
        config: { source: { type: "file", path: dataPath }, columns: [{ name: "question", type: "text" }, { name: "answer", type: "text" }], idColumn: "id" },
      },
      { id: "reason", kind: "prompt", position: pos, config: { model: "m", template: "Think step by step: {{question}}" } },
      { id: "selfeval", kind: "prompt", position: pos, config: { model: "m", template: "Check your work.", continueConversation: true } },
      { id: "extract_llm", kind: "prompt", position: pos, config: { model: "m", template: "Solution: {{solution}}\nReply with the final answer only." } },
      { id: "answer", kind: "extract", position: pos, config: { method: "trim" } },
      { id: "score", kind: "score", position: pos, config: { method: "normalized" } },
    ],
    edges: [
      { id: "e1", source: "data", sourcePort: "question", target: "reason", targetPort: "question" },
      { id: "e2", source: "reason", sourcePort: "conversation", target: "selfeval", targetPort: "conversation" },
      { id: "e3", source: "selfeval", sourcePort: "text", target: "extract_llm", targetPort: "solution" },
      { id: "e4", source: "extract_llm", sourcePort: "text", target: "answer", targetPort: "text" },
      { id: "e5", source: "answer", sourcePort: "value", target: "score", targetPort: "prediction" },
      { id: "e6", source: "data", sourcePort: "answer", target: "score", targetPort: "truth" },
    ],
  };
}

export function writeCascade(dir: string, baseUrl: string, items: number, concurrency = 16): string {
  const lines = Array.from({ length: items }, (_, i) => JSON.stringify({ id: `item-${i + 1}`, question: `What is ${i} + ${i}?`, answer: i % 2 ? "yes" : "no" }));
  writeFileSync(join(dir, "data.jsonl"), lines.join("\n") + "\n");
  const file = join(dir, "pipeline.json");
  writeFileSync(file, JSON.stringify(cascadeDoc(baseUrl, "data.jsonl", concurrency), null, 2));
  return file;
}

/** What identifies a chat call on the wire: model and messages. */
export function requestKey(r: RecordedRequest): string {
  const body = r.body as { model?: string; messages?: unknown } | undefined;
  return JSON.stringify([body?.model, body?.messages]);
}

export function chatRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => r.method === "POST" && r.path.startsWith("/v1/chat/completions"));
}
